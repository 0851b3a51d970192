"""The shared vocabulary of the YAML cases: an order-placement domain like the seed example.

Cases import what they need from here and define the wrong piece inline, next to the
``# E:`` comment that pins its error.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from typing_extensions import override

from denpo.messaging import CallNext, EventHandler, IEvent, IPipelineBehavior, IRequest, RequestHandler

T = TypeVar('T')
Q = TypeVar('Q')
R = TypeVar('R')


class OrderConfirmation: ...


class ExpressConfirmation(OrderConfirmation): ...


class NotAMessage: ...


# --- requests ---


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class PlaceExpressOrder(PlaceOrder): ...


@dataclass(frozen=True)
class CancelOrder(IRequest):
    order_id: str


@dataclass(frozen=True)
class FindOrder(IRequest[OrderConfirmation | None]):
    order_id: str


@dataclass(frozen=True)
class CountOrders(IRequest[int]): ...


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    id: int


# --- events ---


@dataclass(frozen=True)
class OrderEvent(IEvent):
    order_id: str


@dataclass(frozen=True)
class OrderPlaced(OrderEvent): ...


@dataclass(frozen=True)
class OrderShipped(OrderEvent): ...


@dataclass(frozen=True)
class UserRegistered(IEvent):
    user_id: str


# --- request handlers ---


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class PlaceExpressOrderHandler(RequestHandler[PlaceExpressOrder, ExpressConfirmation]):
    @override
    async def handle(self, request: PlaceExpressOrder, /) -> ExpressConfirmation:
        return ExpressConfirmation()


class CancelOrderHandler(RequestHandler[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /) -> None:
        return None


class FindOrderHandler(RequestHandler[FindOrder, OrderConfirmation | None]):
    @override
    async def handle(self, request: FindOrder, /) -> OrderConfirmation | None:
        return None


class CountOrdersHandler(RequestHandler[CountOrders, int]):
    @override
    async def handle(self, request: CountOrders, /) -> int:
        return 0


class GetByIdHandler(RequestHandler[GetById[T], T], Generic[T]):
    @override
    async def handle(self, request: GetById[T], /) -> T:
        raise NotImplementedError


# --- event handlers ---


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


class AuditOrders(EventHandler[OrderEvent]):
    @override
    async def handle(self, event: OrderEvent, /) -> None: ...


class NotifyCarrier(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None: ...


class WelcomeUser(EventHandler[UserRegistered]):
    @override
    async def handle(self, event: UserRegistered, /) -> None: ...


# --- pipeline behaviors ---


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Retry(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class AuditPlaceOrder(IPipelineBehavior[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(
        self, request: PlaceOrder, /, call_next: CallNext[OrderConfirmation]
    ) -> OrderConfirmation:
        return await call_next()
