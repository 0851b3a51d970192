"""The collect-all publisher: every handler runs, then all failures are raised."""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    CollectAllEventPublisher,
    EventHandler,
    IEvent,
    IPublisher,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
)


@dataclass(frozen=True)
class OrderShipped(IEvent):
    order_id: str


class SendEmail(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None:
        msg = 'mail server down'
        raise ConnectionError(msg)


class UpdateAnalytics(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None:
        print(f'analytics: {event.order_id} shipped')  # runs although SendEmail failed


class NotifyWarehouse(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None:
        msg = 'warehouse API timed out'
        raise TimeoutError(msg)


@module(
    extensions=[
        MessagingExtension().bind_event(
            OrderShipped, [SendEmail, UpdateAnalytics, NotifyWarehouse]
        ),
    ],
)
class ShippingModule: ...


@module(
    imports=[
        MessagingModule.register(
            MessagingConfig(event_publisher=CollectAllEventPublisher)
        ),
        ShippingModule,
    ],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        try:
            await publisher.publish(OrderShipped('o-1'))
        except ExceptionGroup as group:
            # group.message names the event too.
            print(f'{len(group.exceptions)} handlers failed')
            for error in group.exceptions:
                print(f'- {type(error).__name__}: {error}')


if __name__ == '__main__':
    anyio.run(main)
