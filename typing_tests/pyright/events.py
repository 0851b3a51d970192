"""`bind_event`: every handler in the list must handle the event or one of its base classes.

`bind_event` takes a `Sequence` of handler classes, so a list or a tuple built beforehand binds
too (a `list` parameter would be invariant and reject a pre-built list in pyright). mypy runs
with the denpo plugin, which reports its own `denpo-` code for a bad binding.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import assert_type

from typing_extensions import override

from denpo.messaging import (
    EventHandler,
    IEvent,
    IEventHandler,
    IRequest,
    MessagingExtension,
    RequestHandler,
)


@dataclass(frozen=True)
class OrderEvent(IEvent):
    order_id: str


@dataclass(frozen=True)
class OrderPlaced(OrderEvent):
    customer_id: str


@dataclass(frozen=True)
class OrderShipped(OrderEvent):
    carrier: str


@dataclass(frozen=True)
class UserRegistered(IEvent):
    user_id: str


@dataclass(frozen=True)
class PlaceOrder(IRequest[str]):
    product_id: str


class AuditOrders(EventHandler[OrderEvent]):
    @override
    async def handle(self, event: OrderEvent, /) -> None: ...


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


class UpdateAnalytics(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


class NotifyCarrier(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None: ...


class WelcomeUser(EventHandler[UserRegistered]):
    @override
    async def handle(self, event: UserRegistered, /) -> None: ...


class AuditEverything(EventHandler[IEvent]):
    @override
    async def handle(self, event: IEvent, /) -> None: ...


class AbstractOrderHandler(EventHandler[OrderPlaced]):
    """Forgets to implement `handle`."""


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'ORD-1'


class NotAMessage: ...


class CountDeliveries:  # structural; what an event handler returns is ignored by the bus
    async def handle(self, event: OrderPlaced, /) -> bool:
        return True


# --- good bindings: no error in either checker ---

ext = MessagingExtension()
ext.bind_event(OrderPlaced, [SendConfirmationEmail])
ext.bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics])
ext.bind_event(OrderPlaced, [AuditOrders])  # a handler of a base event receives derived events
ext.bind_event(OrderPlaced, [SendConfirmationEmail, AuditOrders, AuditEverything])
ext.bind_event(OrderEvent, [AuditOrders, AuditEverything])
ext.bind_event(OrderShipped, (NotifyCarrier, AuditOrders))
ext.bind_event(OrderPlaced, [CountDeliveries, SendConfirmationEmail])

# Plain mypy infers `list[type[object]]` for this list (it joins the classes, where pyright
# keeps a union) and rejects it; the plugin accepts it, as pyright does.
placed_handlers = [SendConfirmationEmail, UpdateAnalytics, AuditOrders]
ext.bind_event(OrderPlaced, placed_handlers)  # a list built beforehand
shipped_handlers = (NotifyCarrier, AuditOrders)
ext.bind_event(OrderShipped, shipped_handlers)  # a tuple built beforehand
annotated: list[type[IEventHandler[OrderPlaced]]] = [SendConfirmationEmail, AuditOrders]
ext.bind_event(OrderPlaced, annotated)
sequence: Sequence[type[EventHandler[OrderPlaced]]] = (UpdateAnalytics,)
ext.bind_event(OrderPlaced, sequence)

chain = (
    MessagingExtension()
    .bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics])
    .bind_request(PlaceOrder, PlaceOrderHandler)
    .bind_event(UserRegistered, [WelcomeUser])
)
assert_type(chain, MessagingExtension)

# EventHandler is contravariant in the event.
of_base_event: EventHandler[OrderPlaced] = AuditOrders()
of_derived_event: EventHandler[OrderEvent] = SendConfirmationEmail()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

# --- a handler of another event ---

ext.bind_event(OrderPlaced, [WelcomeUser])  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_event(OrderPlaced, [SendConfirmationEmail, NotifyCarrier])  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]
# A handler of a derived event cannot take the base event: OrderEvent is not an OrderPlaced.
ext.bind_event(OrderEvent, [SendConfirmationEmail])  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_event(UserRegistered, shipped_handlers)  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]

# --- not an event handler, not an event ---

ext.bind_event(OrderPlaced, [PlaceOrderHandler])  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_event(OrderPlaced, [NotAMessage])  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_event(PlaceOrder, [SendConfirmationEmail])  # type: ignore[denpo-not-an-event]  # pyright: ignore[reportArgumentType]
ext.bind_event(NotAMessage, [SendConfirmationEmail])  # type: ignore[denpo-not-an-event]  # pyright: ignore[reportArgumentType]
ext.bind_event(OrderPlaced('ORD-1', 'CUST-1'), [SendConfirmationEmail])  # type: ignore[denpo-not-an-event]  # pyright: ignore[reportArgumentType]

# --- mistakes only the plugin sees ---

# A list may hold the same class twice as far as the type system knows.
ext.bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics, SendConfirmationEmail])  # type: ignore[denpo-duplicate-event-handler]
# `type[IEventHandler[...]]` accepts abstract classes in pyright; mypy's plugin reports them.
ext.bind_event(OrderPlaced, [AbstractOrderHandler])  # type: ignore[denpo-abstract-handler]
