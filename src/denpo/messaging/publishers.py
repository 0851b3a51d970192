"""Event publishers: how the handlers of one event are run."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TypeVar

import anyio
from typing_extensions import override

from denpo._naming import qualname
from denpo.messaging.handlers import IEventHandler

__all__ = ['CollectAllEventPublisher', 'EventPublisher', 'GroupEventPublisher', 'SequentialEventPublisher']

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
                # anyio wants a coroutine function, and binding admits no other `handle`; the
                # protocol only says "awaitable", so that a decorated `handle` fits it.
                group.start_soon(handler.handle, event)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


class CollectAllEventPublisher(EventPublisher):
    """Runs every handler in delivery order, one by one, even when some fail.

    After the last handler, the failures (``Exception`` instances) are raised together as an
    ``ExceptionGroup`` whose message names the event class and how many handlers failed; when
    every handler succeeds nothing is raised. A ``BaseException`` that is not an ``Exception``
    (cancellation, ``KeyboardInterrupt``) propagates at once, and the handlers after it do
    not run. Works on asyncio and trio.
    """

    __slots__ = ()

    @override
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        failures: list[Exception] = []
        for handler in handlers:
            try:
                await handler.handle(event)
            except Exception as error:  # noqa: BLE001  # every failure is collected and re-raised below
                failures.append(error)
        if failures:
            msg = f'{len(failures)} of {len(handlers)} handlers of {qualname(type(event))} failed'
            raise ExceptionGroup(msg, failures)
