"""Event publishers: how the handlers of one event are run."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TypeVar

import anyio
from typing_extensions import override

from denpo.messaging.handlers import IEventHandler

__all__ = ['EventPublisher', 'GroupEventPublisher', 'SequentialEventPublisher']

_E = TypeVar('_E')


class EventPublisher(ABC):
    """Runs the handlers of one published event. Choose one with ``MessagingConfig(event_publisher=...)``."""

    __slots__ = ()

    @abstractmethod
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        """Deliver ``event`` to ``handlers`` (never empty; listed in delivery order)."""


class SequentialEventPublisher(EventPublisher):
    """Runs handlers one by one, in delivery order.

    The first exception stops delivery and propagates unchanged, so the caller sees the
    failing handler's own exception; the handlers after it do not run.
    """

    __slots__ = ()

    @override
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        for handler in handlers:
            await handler.handle(event)


class GroupEventPublisher(EventPublisher):
    """Runs handlers concurrently in an anyio task group (asyncio and trio).

    When a handler fails, its siblings are cancelled and the task group's
    ``ExceptionGroup`` propagates, holding every failure.
    """

    __slots__ = ()

    @override
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        async with anyio.create_task_group() as group:
            for handler in handlers:
                group.start_soon(handler.handle, event)
