"""The shared vocabulary of the YAML cases: an order-placement domain like the seed example.

Cases import what they need from here and define the wrong piece inline, next to the
``# E:`` comment that pins its error.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    IStreamPipelineBehavior,
    IStreamRequest,
    RequestExceptionHandler,
    RequestHandler,
    StreamNext,
    StreamRequestHandler,
)

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


# --- stream requests: their handlers yield items ---


class OrderLine: ...


class GiftLine(OrderLine): ...


@dataclass(frozen=True)
class ListOrderLines(IStreamRequest[OrderLine]):
    order_id: str


@dataclass(frozen=True)
class ListGiftLines(ListOrderLines): ...


@dataclass(frozen=True)
class TailOrderIds(IStreamRequest[str]): ...


@dataclass(frozen=True)
class StreamById(IStreamRequest[T], Generic[T]):
    id: int


class ListOrderLinesHandler(StreamRequestHandler[ListOrderLines, OrderLine]):
    @override
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[OrderLine]:
        yield OrderLine()


class ListGiftLinesHandler(StreamRequestHandler[ListGiftLines, GiftLine]):
    @override
    async def handle(self, request: ListGiftLines, /) -> AsyncIterator[GiftLine]:
        yield GiftLine()


class TailOrderIdsHandler(StreamRequestHandler[TailOrderIds, str]):
    @override
    async def handle(self, request: TailOrderIds, /) -> AsyncIterator[str]:
        yield 'ORD-1'


class StreamByIdHandler(StreamRequestHandler[StreamById[T], T], Generic[T]):
    @override
    async def handle(self, request: StreamById[T], /) -> AsyncIterator[T]:
        found: tuple[T, ...] = ()
        for item in found:
            yield item


# --- stream pipeline behaviors ---


class StreamLogging(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        async for item in call_next():
            yield item


class AuditOrderLines(IStreamPipelineBehavior[ListOrderLines, OrderLine]):
    @override
    async def handle(
        self, request: ListOrderLines, /, call_next: StreamNext[OrderLine]
    ) -> AsyncIterator[OrderLine]:
        async for item in call_next():
            yield item


# --- request exception handlers ---


class OutOfStockError(Exception): ...


class PlaceOrderOutOfStock(RequestExceptionHandler[PlaceOrder, OutOfStockError, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, error: OutOfStockError, /) -> OrderConfirmation:
        return OrderConfirmation()


class NotFoundAsNone(RequestExceptionHandler[FindOrder, LookupError, None]):
    @override
    async def handle(self, request: FindOrder, error: LookupError, /) -> None:
        return None


class CountOrdersFailed(RequestExceptionHandler[CountOrders, Exception, int]):
    @override
    async def handle(self, request: CountOrders, error: Exception, /) -> int:
        return 0


class Reraise(RequestExceptionHandler[Q, Exception, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, error: Exception, /) -> R:
        raise error
