"""How the bus and its publisher are built: per scope, per application, from DI when needed."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import pytest
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.di import singleton
from denpo.messaging import (
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IEventHandler,
    IMessageBus,
    IPublisher,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
)
from tests.conftest import messaging_app

E = TypeVar('E')


@dataclass(frozen=True)
class Happened(IEvent):
    pass


class Note(EventHandler[Happened]):
    @override
    async def handle(self, event: Happened, /) -> None:
        pass


class Journal:
    def __init__(self) -> None:
        self.entries: list[str] = []


class JournalingPublisher(EventPublisher):
    """A publisher with a constructor argument: dishka must build it."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @override
    async def publish(self, handlers: Sequence[IEventHandler[E]], event: E, /) -> None:
        self._journal.entries.append(type(event).__name__)
        for handler in handlers:
            await handler.handle(event)


@module(providers=[singleton(Journal)], exports=[Journal], is_global=True)
class JournalModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Happened, [Note])])
class HappenedModule:
    pass


@pytest.mark.anyio
async def test_a_publisher_with_dependencies_gets_them_from_dishka() -> None:
    app = messaging_app(
        JournalModule, HappenedModule, config=MessagingConfig(event_publisher=JournalingPublisher)
    )
    async with app, app.container() as container:
        await (await container.get(IPublisher)).publish(Happened())
        journal = await container.get(Journal)
    assert journal.entries == ['Happened']


@pytest.mark.anyio
async def test_one_publisher_per_application_and_one_bus_per_scope() -> None:
    app = messaging_app(HappenedModule)
    async with app:
        async with app.container() as first:
            bus = await first.get(IMessageBus)
            assert await first.get(ISender) is bus
            assert await first.get(IPublisher) is bus
            publisher = await first.get(EventPublisher)
        async with app.container() as second:
            assert await second.get(IMessageBus) is not bus
            assert await second.get(EventPublisher) is publisher


@pytest.mark.anyio
async def test_register_takes_its_config_by_keyword_too() -> None:
    @module(imports=[MessagingModule.register(config=MessagingConfig(event_publisher=GroupEventPublisher))])
    class AppModule:
        pass

    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        assert isinstance(await container.get(EventPublisher), GroupEventPublisher)
