"""The order-placement flow: one command, one event, two event handlers.

Run it with ``make demo``. It is waku's documented order example with ``waku`` imports
changed to ``denpo`` and ``WakuFactory`` renamed ``ApplicationFactory``, plus the two
services the handlers need (``OrderRepository`` and ``EmailService``) and the module
that provides them.
"""

import asyncio
from dataclasses import dataclass

from typing_extensions import override

from denpo import ApplicationFactory, module
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

# --- Services ---


class OrderRepository:
    def __init__(self) -> None:
        self.saved: list[str] = []

    async def save(self, order_id: str) -> None:
        self.saved.append(order_id)
        print(f'Saved order {order_id}')


class EmailService:
    async def send_order_confirmation(self, order_id: str) -> None:
        print(f'Confirmation email sent for order {order_id}')


# --- Domain ---


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


# --- Handlers ---


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
    async def handle(self, event: OrderPlaced, /) -> None:
        print(f'Analytics updated for order {event.order_id}')


# --- Modules ---


@module(
    providers=[scoped(OrderRepository), singleton(EmailService)],
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, PlaceOrderHandler)
        .bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics]),
    ],
)
class OrdersModule:
    pass


@module(
    imports=[
        MessagingModule.register(MessagingConfig()),
        OrdersModule,
    ],
)
class AppModule:
    pass


# --- Main ---


async def main() -> None:
    app = ApplicationFactory(AppModule).create()

    async with app, app.container() as container:
        bus = await container.get(IMessageBus)

        confirmation = await bus.invoke(
            PlaceOrder(customer_id='CUST-1', product_id='PROD-42'),
        )
        print(f'Order {confirmation.order_id}: {confirmation.status}')

        await bus.publish(
            OrderPlaced(order_id=confirmation.order_id, customer_id='CUST-1'),
        )


if __name__ == '__main__':
    asyncio.run(main())
