"""The seed's order flow (`examples/orders.py`), with every type along the way pinned.

`bus = await container.get(IMessageBus)` is the flow's first line: pyright resolves dishka's
overloads to `IMessageBus`; mypy needs the plugin for it (without it the bus, and every
response after it, would silently be `Any`).
"""

from dataclasses import dataclass
from typing import assert_type

from dishka import AsyncContainer
from typing_extensions import override

from denpo import Application, ApplicationFactory, DynamicModule, module
from denpo.di import scoped, singleton
from denpo.messaging import (
    EventHandler,
    IEvent,
    IMessageBus,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)


class OrderRepository:
    async def save(self, order_id: str) -> None: ...


class EmailService:
    async def send_order_confirmation(self, order_id: str) -> None: ...


@dataclass(frozen=True, kw_only=True)
class OrderConfirmation:
    order_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    customer_id: str
    product_id: str


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(IEvent):
    order_id: str
    customer_id: str


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    def __init__(self, order_repo: OrderRepository) -> None:
        self._order_repo = order_repo

    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        order_id = f'ORD-{request.customer_id}-{request.product_id}'
        await self._order_repo.save(order_id)
        return OrderConfirmation(order_id=order_id, status='placed')


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    def __init__(self, email_service: EmailService) -> None:
        self._email_service = email_service

    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        await self._email_service.send_order_confirmation(event.order_id)


class UpdateAnalytics(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


extension = (
    MessagingExtension()
    .bind_request(PlaceOrder, PlaceOrderHandler)
    .bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics])
)
assert_type(extension, MessagingExtension)


@module(
    providers=[scoped(OrderRepository), singleton(EmailService)],
    extensions=[extension],
)
class OrdersModule:
    pass


messaging = MessagingModule.register(MessagingConfig())
assert_type(messaging, DynamicModule)


@module(imports=[messaging, OrdersModule])
class AppModule:
    pass


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    assert_type(app, Application)

    async with app, app.container() as container:
        assert_type(container, AsyncContainer)
        bus = await container.get(IMessageBus)
        assert_type(bus, IMessageBus)

        confirmation = await bus.invoke(PlaceOrder(customer_id='CUST-1', product_id='PROD-42'))
        assert_type(confirmation, OrderConfirmation)
        assert_type(confirmation.order_id, str)

        published = bus.publish(OrderPlaced(order_id=confirmation.order_id, customer_id='CUST-1'))
        assert_type(await published, None)

        # Slips in the flow are caught where they are made:
        confirmation.cancel()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
        await bus.invoke(OrderPlaced(order_id='ORD-1', customer_id='CUST-1'))  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
        await bus.publish(PlaceOrder(customer_id='CUST-1', product_id='PROD-42'))  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
