"""Events: fan-out, polymorphic delivery and the two publishers."""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    EventHandler,
    GroupEventPublisher,
    IEvent,
    IPublisher,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
)


@dataclass(frozen=True)
class DomainEvent(IEvent):
    aggregate_id: str


@dataclass(frozen=True)
class OrderShipped(DomainEvent):
    carrier: str


class AuditLog(
    EventHandler[DomainEvent]
):  # bound to the base class: receives every DomainEvent
    @override
    async def handle(self, event: DomainEvent, /) -> None:
        print(f'audit: {type(event).__name__} {event.aggregate_id}')


class NotifyCustomer(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None:
        print(f'notify: shipped with {event.carrier}')


@module(
    extensions=[
        MessagingExtension()
        .bind_event(DomainEvent, [AuditLog])
        .bind_event(OrderShipped, [NotifyCustomer]),
    ],
)
class ShippingModule: ...


def build_app(config: MessagingConfig) -> ApplicationFactory:
    @module(imports=[MessagingModule.register(config), ShippingModule])
    class AppModule: ...

    return ApplicationFactory(AppModule)


async def main() -> None:
    # Sequential (the default): the most derived class's handlers first, then those
    # of the base class.
    app = build_app(MessagingConfig()).create()
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        await publisher.publish(OrderShipped('ORD-1', carrier='DHL'))
        await publisher.publish(DomainEvent('ORD-2'))

    # Concurrent: every handler runs in one anyio task group.
    app = build_app(MessagingConfig(event_publisher=GroupEventPublisher)).create()
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        await publisher.publish(DomainEvent('ORD-3'))


if __name__ == '__main__':
    anyio.run(main)
