"""Structural handlers: classes that only match `IRequestHandler` / `IEventHandler`.

A class that cannot inherit `RequestHandler` or `EventHandler` binds like one if its `handle`
has the right shape; `bind_request` and `bind_event` type their handler parameters by the
protocol twins, so both checkers compare the shapes.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from typing_extensions import override

from denpo.messaging import EventHandler, IEvent, IEventHandler, IRequest, IRequestHandler, MessagingExtension

T = TypeVar('T')


class OrderConfirmation: ...


class ExpressConfirmation(OrderConfirmation): ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class PlaceExpressOrder(PlaceOrder):
    pass


@dataclass(frozen=True)
class CancelOrder(IRequest):
    order_id: str


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    item_id: int


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str


@dataclass(frozen=True)
class UserRegistered(IEvent):
    user_id: str


class OrderRepository:
    async def save(self, order_id: str) -> None: ...


# --- structural handlers that fit ---


class PlaceOrderService:
    def __init__(self, repository: OrderRepository) -> None:
        self._repository = repository

    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        await self._repository.save(request.product_id)
        return OrderConfirmation()


class PlaceOrderKeyword:
    """Its parameter is not positional-only; it still accepts every positional call."""

    async def handle(self, request: PlaceOrder) -> ExpressConfirmation:
        return ExpressConfirmation()


class CancelOrderService:
    async def handle(self, request: CancelOrder, /) -> None:
        return None


class GetByIdService(Generic[T]):
    async def handle(self, request: GetById[T], /) -> T:
        raise NotImplementedError


class OrderPlacedListener:
    async def handle(self, event: OrderPlaced, /) -> None: ...


class EveryEventListener:
    async def handle(self, event: IEvent, /) -> None: ...


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


# --- structural classes that do not fit ---


class PlaceOrderReturnsInt:
    async def handle(self, request: PlaceOrder, /) -> int:
        return 1


class CancelOrderReturnsStr:
    async def handle(self, request: CancelOrder, /) -> str:
        return ''


class SynchronousPlaceOrder:
    """`handle` must be a coroutine function: the bus awaits it."""

    def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class UserRegisteredListener:
    async def handle(self, event: UserRegistered, /) -> None: ...


# --- the protocol twins describe nominal and structural handlers alike ---

place: IRequestHandler[PlaceOrder, OrderConfirmation] = PlaceOrderService(OrderRepository())
keyword: IRequestHandler[PlaceOrder, OrderConfirmation] = PlaceOrderKeyword()
derived: IRequestHandler[PlaceExpressOrder, OrderConfirmation] = PlaceOrderService(OrderRepository())
void: IRequestHandler[CancelOrder, None] = CancelOrderService()
by_id: IRequestHandler[GetById[int], int] = GetByIdService[int]()
listener: IEventHandler[OrderPlaced] = OrderPlacedListener()
catch_all: IEventHandler[OrderPlaced] = EveryEventListener()
nominal: IEventHandler[OrderPlaced] = SendConfirmationEmail()

wrong_response: IRequestHandler[PlaceOrder, OrderConfirmation] = PlaceOrderReturnsInt()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
wrong_request: IRequestHandler[CancelOrder, None] = PlaceOrderService(OrderRepository())  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
wrong_event: IEventHandler[OrderPlaced] = UserRegisteredListener()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

# --- structural handlers bind like nominal ones ---

ext = MessagingExtension()
ext.bind_request(PlaceOrder, PlaceOrderService)
ext.bind_request(PlaceOrder, PlaceOrderKeyword)
ext.bind_request(PlaceExpressOrder, PlaceOrderService)
ext.bind_request(CancelOrder, CancelOrderService)
ext.bind_request(GetById, GetByIdService)
ext.bind_event(OrderPlaced, [OrderPlacedListener, EveryEventListener, SendConfirmationEmail])

ext.bind_request(PlaceOrder, PlaceOrderReturnsInt)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(CancelOrder, CancelOrderReturnsStr)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(CancelOrder, PlaceOrderService)  # type: ignore[denpo-request-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_event(OrderPlaced, [OrderPlacedListener, UserRegisteredListener])  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, SynchronousPlaceOrder)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
