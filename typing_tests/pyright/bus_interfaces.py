"""The bus interfaces: what `invoke` and `publish` accept and which half of the bus has which.

`ISender` only sends requests, `IPublisher` only publishes events, `IMessageBus` does both, and
resolving them from a dishka container gives the interface itself (pyright reads dishka's
overloads natively; mypy needs the plugin there, since the overloads fall back to Any for
abstract classes).
"""

from dataclasses import dataclass
from typing import assert_type

from dishka import AsyncContainer, Container

from denpo.messaging import IEvent, IMessageBus, IPublisher, IRequest, ISender, MessageBus


class OrderConfirmation: ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str


class NotAMessage: ...


class AuditedBus(MessageBus):
    """A custom bus keeps the typed `invoke` it inherits."""


async def resolved_from_the_container(container: AsyncContainer) -> None:
    bus = await container.get(IMessageBus)
    assert_type(bus, IMessageBus)
    assert_type(await bus.invoke(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await container.get(ISender), ISender)
    assert_type(await container.get(IPublisher), IPublisher)


def resolved_from_a_sync_container(container: Container) -> None:
    assert_type(container.get(IMessageBus), IMessageBus)
    assert_type(container.get(ISender), ISender)


async def a_subclassed_bus(bus: AuditedBus) -> None:
    assert_type(await bus.invoke(PlaceOrder('PROD-42')), OrderConfirmation)
    await bus.invoke(42)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]


async def the_bus_is_both_halves(bus: IMessageBus, implementation: MessageBus) -> None:
    sender: ISender = bus
    publisher: IPublisher = bus
    default: IMessageBus = implementation
    assert_type(await sender.invoke(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await publisher.publish(OrderPlaced('ORD-1')), None)
    assert_type(await default.publish(OrderPlaced('ORD-1')), None)


async def each_half_has_one_method(sender: ISender, publisher: IPublisher) -> None:
    await sender.publish(OrderPlaced('ORD-1'))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    await publisher.invoke(PlaceOrder('PROD-42'))  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]


async def invoke_takes_request_instances(bus: IMessageBus) -> None:
    await bus.invoke(42)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.invoke(None)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.invoke({'product_id': 'PROD-42'})  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.invoke(NotAMessage())  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.invoke(PlaceOrder)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.invoke(OrderPlaced('ORD-1'))  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]


async def publish_takes_event_instances(bus: IMessageBus) -> None:
    await bus.publish(PlaceOrder('PROD-42'))  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.publish(OrderPlaced)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.publish(NotAMessage())  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    await bus.publish(None)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
