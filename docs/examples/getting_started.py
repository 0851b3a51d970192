import asyncio
from dataclasses import dataclass

from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.di import singleton
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


class EmailService:
    async def send_order_confirmation(self, order_id: str) -> None:
        print(f'Confirmation email sent for order {order_id}')


@dataclass(frozen=True, kw_only=True)
class OrderConfirmation:
    order_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class PlaceOrder(IRequest[OrderConfirmation]):  # the request promises its response type
    customer_id: str
    product_id: str


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(IEvent):
    order_id: str


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        order_id = f'ORD-{request.customer_id}-{request.product_id}'
        return OrderConfirmation(order_id=order_id, status='placed')


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    def __init__(self, email_service: EmailService) -> None:  # injected by dishka
        self._email_service = email_service

    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        await self._email_service.send_order_confirmation(event.order_id)


class UpdateAnalytics(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        print(f'Analytics updated for order {event.order_id}')


@module(
    providers=[singleton(EmailService)],
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, PlaceOrderHandler)
        .bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics]),
    ],
)
class OrdersModule:
    pass


@module(imports=[MessagingModule.register(MessagingConfig()), OrdersModule])
class AppModule:
    pass


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:  # one REQUEST scope
        bus = await container.get(IMessageBus)
        request = PlaceOrder(customer_id='CUST-1', product_id='PROD-42')
        confirmation = await bus.invoke(request)  # typed: OrderConfirmation
        print(f'Order {confirmation.order_id}: {confirmation.status}')
        await bus.publish(OrderPlaced(order_id=confirmation.order_id))


if __name__ == '__main__':
    asyncio.run(main())
