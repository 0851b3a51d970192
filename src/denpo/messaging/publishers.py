"""Event publishers: how the handlers of one event are run."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import anyio
from typing_extensions import override

from denpo._naming import described_error, qualname
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
    failing handler's own exception; the handlers after it do not run. A ``KeyboardInterrupt``,
    ``SystemExit``, ``GeneratorExit`` or cancellation propagates the same way: the caller gets
    that very object. Works on asyncio and trio.
    """

    __slots__ = ()

    @override
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        for handler in handlers:
            await handler.handle(event)


class GroupEventPublisher(EventPublisher):
    """Runs handlers concurrently in an anyio task group (asyncio and trio).

    When a handler raises an ``Exception``, its siblings are cancelled and the task group's
    ``ExceptionGroup`` propagates, holding every failure.

    When a handler raises a ``KeyboardInterrupt``, ``SystemExit`` or ``GeneratorExit`` (any
    ``BaseException`` that is neither an ``Exception`` nor the backend's cancellation), its
    siblings are cancelled too, and once every one of them has finished (their ``finally``
    blocks ran) the caller gets that very object, not a group, on asyncio as on trio. If
    several handlers raise one, the first wins. If other handlers raised exceptions too, the
    interrupt still wins and their ``ExceptionGroup`` is kept at the end of its ``__context__``
    chain (its own context stays), with a note saying so. Cancelling the caller cancels the
    handlers and propagates as usual in anyio.
    """

    __slots__ = ()

    @override
    async def publish(self, handlers: Sequence[IEventHandler[_E]], event: _E, /) -> None:
        interrupts: list[BaseException] = []
        failed: BaseException | None = None
        try:
            async with anyio.create_task_group() as group:
                for handler in handlers:
                    group.start_soon(_guarded, handler.handle, event, interrupts, group.cancel_scope)
        except BaseException as error:
            if not interrupts:
                raise
            failed = error
        if interrupts:
            # Raised outside the `except`, which would replace the interrupt's own __context__.
            if failed is not None:
                _keep(interrupts[0], failed)
            raise interrupts[0]


async def _guarded(
    handle: Callable[[_E], Awaitable[object]],
    event: _E,
    interrupts: list[BaseException],
    scope: anyio.CancelScope,
) -> None:
    """Run one handler of a task group; keep a ``KeyboardInterrupt``-like exception in the group.

    On asyncio such an exception would leave the task and escape the event loop, and on trio
    it would reach the caller inside a ``BaseExceptionGroup``. Caught here, it is recorded for
    ``publish`` to raise and the siblings are cancelled. ``Exception`` and cancellation keep
    anyio's task-group semantics.
    """
    try:
        await handle(event)
    except BaseException as error:  # only interrupts are kept, the rest is re-raised
        if isinstance(error, (Exception, anyio.get_cancelled_exc_class())):
            raise
        interrupts.append(error)
        scope.cancel()


class CollectAllEventPublisher(EventPublisher):
    """Runs every handler in delivery order, one by one, even when some fail.

    After the last handler, the failures (``Exception`` instances) are raised together as an
    ``ExceptionGroup`` whose message names the event class and how many handlers failed; when
    every handler succeeds nothing is raised. A ``BaseException`` that is not an ``Exception``
    (cancellation, ``KeyboardInterrupt``, ``SystemExit``, ``GeneratorExit``) propagates at
    once, the very object the handler raised, and the handlers after it do not run; the
    failures collected before it are kept as that ``ExceptionGroup``, at the end of the
    interrupt's ``__context__`` chain, with a note saying so: none is lost. Works on asyncio
    and trio.
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
            except BaseException as interrupt:
                if failures:  # kept on the interrupt, which propagates unchanged
                    _keep(interrupt, _failed(failures, handlers, event))
                raise
        if failures:
            raise _failed(failures, handlers, event)


def _failed(
    failures: list[Exception], handlers: Sequence[object], event: object
) -> ExceptionGroup[Exception]:
    return ExceptionGroup(
        f'{len(failures)} of {len(handlers)} handlers of {qualname(type(event))} failed', failures
    )


def _keep(interrupt: BaseException, failures: BaseException) -> None:
    """Hang ``failures`` (a group made after it) at the end of ``interrupt``'s context chain."""
    last, seen = interrupt, {id(interrupt)}
    while last.__context__ is not None and id(last.__context__) not in seen:
        last = last.__context__
        seen.add(id(last))
    last.__context__ = failures
    interrupt.add_note(
        f'Other handlers failed before it: {described_error(failures)} (at the end of its __context__ chain).'
    )
