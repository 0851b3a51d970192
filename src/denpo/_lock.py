"""The lock dishka's APP-scope container takes while it creates singletons."""

from __future__ import annotations

from collections import deque
from types import TracebackType

from anyio import Event

__all__ = ['BackendNeutralLock']


class BackendNeutralLock:
    """A FIFO async lock for asyncio and trio, with no await when it is free.

    dishka's default lock is asyncio's, which fails on trio, and ``anyio.Lock`` goes through
    the event loop on every acquire (about 7 µs each, paid for every APP-scope dependency of a
    new scope). Here a free lock is taken by setting a flag — atomic, since nothing in between
    awaits — and only a contended acquire waits, on an ``anyio.Event`` created in the waiting
    task's own loop. Nothing is bound to a loop, so an application built in one event loop can
    be used in another.
    """

    __slots__ = ('_locked', '_waiters')

    def __init__(self) -> None:
        self._locked = False
        self._waiters: deque[Event] = deque()

    async def __aenter__(self) -> None:
        if not self._locked:
            self._locked = True
            return
        event = Event()
        self._waiters.append(event)
        try:
            await event.wait()
        except BaseException:
            if event.is_set():
                self._release()  # ownership had already passed to us: pass it on
            else:
                self._waiters.remove(event)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        if self._waiters:
            self._waiters.popleft().set()  # the lock stays taken, now by the first waiter
        else:
            self._locked = False
