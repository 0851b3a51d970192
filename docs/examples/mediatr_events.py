"""From MediatR: events without handlers, base-class handlers, failing handlers."""

from dataclasses import dataclass

import anyio
import anyio.lowlevel
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    CollectAllEventPublisher,
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IPublisher,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    SequentialEventPublisher,
)


@dataclass(frozen=True)
class OrderEvent(IEvent):  # MediatR: INotification
    order_id: str


@dataclass(frozen=True)
class OrderShipped(OrderEvent):
    carrier: str


@dataclass(frozen=True)
class OrderArchived(OrderEvent):  # no handler of its own, and none is needed
    pass


@dataclass(frozen=True)
class PaymentFailed(IEvent):
    order_id: str


class Audit(EventHandler[OrderEvent]):  # MediatR: INotificationHandler<OrderEvent>
    @override
    async def handle(self, event: OrderEvent, /) -> None:
        print(f'  audit: {type(event).__name__}')


class TrackParcel(EventHandler[OrderShipped]):
    @override
    async def handle(self, event: OrderShipped, /) -> None:
        print(f'  track: {event.carrier}')


class ChargeAgain(EventHandler[PaymentFailed]):
    @override
    async def handle(self, event: PaymentFailed, /) -> None:
        msg = 'payment gateway down'
        raise ConnectionError(msg)


class EmailCustomer(EventHandler[PaymentFailed]):
    @override
    async def handle(self, event: PaymentFailed, /) -> None:
        # Lets ChargeAgain fail first under the group publisher.
        await anyio.lowlevel.checkpoint()
        print('  email: sent')


class OpenTicket(EventHandler[PaymentFailed]):
    @override
    async def handle(self, event: PaymentFailed, /) -> None:
        msg = 'ticket system down'
        raise RuntimeError(msg)


@module(
    extensions=[
        MessagingExtension()
        .bind_event(OrderEvent, [Audit])
        .bind_event(OrderShipped, [TrackParcel])
        .bind_event(PaymentFailed, [ChargeAgain, EmailCustomer, OpenTicket]),
    ],
)
class OrdersModule: ...


def application(publisher: type[EventPublisher]) -> ApplicationFactory:
    @module(
        imports=[
            MessagingModule.register(MessagingConfig(event_publisher=publisher)),
            OrdersModule,
        ]
    )
    class AppModule: ...

    return ApplicationFactory(AppModule)


async def main() -> None:
    app = application(
        SequentialEventPublisher
    ).create()  # MediatR: ForeachAwaitPublisher
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        print('OrderShipped: its own handlers, then those of its base classes')
        await publisher.publish(OrderShipped('ORD-1', 'DHL'))
        print('OrderArchived: only the base class has a handler')
        await publisher.publish(OrderArchived('ORD-2'))
        print('PaymentFailed, one by one: the first failure stops the delivery')
        try:
            await publisher.publish(PaymentFailed('ORD-3'))
        except ConnectionError as error:
            print(f'  raised {type(error).__name__}: {error}')

    app = application(
        GroupEventPublisher
    ).create()  # closest to TaskWhenAllPublisher, but see below
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        print(
            'PaymentFailed, concurrently: the others are cancelled,'
            ' an ExceptionGroup is raised'
        )
        try:
            await publisher.publish(PaymentFailed('ORD-4'))
        except ExceptionGroup as group:
            names = sorted(type(e).__name__ for e in group.exceptions)
            print(f'  raised {type(group).__name__}: {names}')

    app = application(CollectAllEventPublisher).create()
    async with app, app.container() as container:
        publisher = await container.get(IPublisher)
        print(
            'PaymentFailed, every handler runs: then an ExceptionGroup of every failure'
        )
        try:
            await publisher.publish(PaymentFailed('ORD-5'))
        except ExceptionGroup as group:
            names = [type(e).__name__ for e in group.exceptions]
            print(f'  raised {type(group).__name__}: {names}')


if __name__ == '__main__':
    anyio.run(main)
