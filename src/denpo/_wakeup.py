"""A one-shot wake-up that any thread may trigger, delivered in the waiting task's own loop."""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
import anyio.lowlevel

__all__ = ['Wakeup']

_Schedule = Callable[[Callable[[], object]], object]


def _threadsafe_schedule() -> _Schedule:
    """How another thread runs a callback in the current event loop (asyncio or trio)."""
    native: object = anyio.lowlevel.current_token().native_token
    # An asyncio loop, or a trio token: the two backends anyio supports.
    schedule: _Schedule | None = getattr(native, 'call_soon_threadsafe', None)
    return schedule if schedule is not None else getattr(native, 'run_sync_soon')  # noqa: B009  # typed as object


class Wakeup:
    """Created by the task that will wait; [`set`][] may be called from any thread.

    ``anyio.Event.set`` must run in the event's own loop and thread: called from another one it
    wakes nobody on asyncio and fails on trio. A call from the waiting task's thread sets the event
    at once; a call from any other thread schedules the set in the waiter's loop.
    """

    __slots__ = ('_event', '_schedule', '_thread')

    def __init__(self) -> None:
        self._event = anyio.Event()
        self._thread = threading.get_ident()
        self._schedule = _threadsafe_schedule()

    async def wait(self) -> None:
        """Wait until [`set`][] is called (at once if it already was)."""
        await self._event.wait()

    def set(self) -> bool:
        """Wake the waiter. Return ``False`` if its event loop has already finished."""
        if threading.get_ident() == self._thread:
            self._event.set()
            return True
        try:
            self._schedule(self._event.set)
        except RuntimeError:  # the loop is closed (trio's RunFinishedError is a RuntimeError too)
            return False
        return True
