"""The lock dishka's containers take while they build dependencies, for the APP and REQUEST scopes."""

from __future__ import annotations

import threading
from collections import deque
from contextvars import ContextVar
from types import TracebackType
from typing import Final

from denpo._wakeup import Wakeup

__all__ = ['BackendNeutralLock']

_HOLDS: Final[ContextVar[tuple[tuple[BackendNeutralLock, int], ...]]] = ContextVar('denpo_holds', default=())
"""The locks the current task took, as ``(lock, generation)``; tasks started meanwhile inherit them.

An entry is live while its lock is taken at that generation; released ones are dropped on the
task's next acquire, so a release costs no write here."""


class _Turn:
    """A place in the queue; ``granted`` is set, under the lock's mutex, when the lock passes to it."""

    __slots__ = ('granted', 'wakeup')

    def __init__(self) -> None:
        self.wakeup = Wakeup()
        self.granted = False


_MUTEX: Final = threading.Lock()
"""Guards the queues of every lock, on contention only (never across an await)."""


class BackendNeutralLock:
    """A FIFO async lock for asyncio and trio, safe across threads and event loops, and re-entrant.

    - **Backends and loops.** dishka's default lock is asyncio's, which fails on trio, and
      ``anyio.Lock`` goes through the event loop on every acquire. Here a free lock is taken by
      a non-blocking ``threading.Lock`` acquire, with no await; only a contended acquire waits,
      and the release hands the lock to the first waiter and wakes it in its own event loop,
      whichever thread releases. So one application may serve tasks of several threads and
      event loops at once.
    - **Re-entry.** A task that holds the lock (or a task it started while holding it) does not
      wait for itself: a factory that resolves another dependency of its own scope, or that
      dispatches through the bus, would otherwise wait forever. Such a re-entry takes an inner
      lock of the current hold instead, the same kind of lock, so the holder's own tasks still
      exclude each other (three tasks a factory starts build a singleton once, not three times).
    """

    __slots__ = ('_generation', '_inner', '_inner_generation', '_outer', '_taken', '_waiters')

    def __init__(self, *, outer: BackendNeutralLock | None = None) -> None:
        self._taken = threading.Lock()  # held while the lock is, by whichever task holds it
        self._generation = 0  # bumped at each change of holder, so an old hold is not a re-entry
        self._waiters: deque[_Turn] | None = None  # made on the first contended acquire
        self._inner: BackendNeutralLock | None = None  # the current hold's re-entry lock, if any
        self._inner_generation = 0  # the hold it belongs to
        self._outer = outer  # for an inner lock: the lock whose re-entries it serves

    async def __aenter__(self) -> None:
        if self._taken.acquire(blocking=False):
            self._generation += 1
        elif self._held_here():
            await self._inner_lock().__aenter__()
            return
        else:
            await self._queue()
        # Recorded for re-entry; released holds are dropped here, so a release writes nothing.
        holds = _HOLDS.get()
        live = (self, self._generation)
        _HOLDS.set((*[hold for hold in holds if self._live(hold)], live) if holds else (live,))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        inner = self._inner_held_here() if self._inner is not None else None
        if inner is not None:  # the exit of a re-entry: it releases the inner lock it took
            await inner.__aexit__(exc_type, exc_value, traceback)
        elif self._waiters:
            self._hand_over()
        else:
            self._taken.release()
            if self._waiters:  # a waiter queued between the check and the release
                self._hand_over_if_free()

    @staticmethod
    def _live(hold: tuple[BackendNeutralLock, int]) -> bool:
        lock, generation = hold
        return lock._generation == generation and lock._taken.locked()  # noqa: SLF001  # a lock of this very class

    def _held_here(self) -> bool:
        """Whether this task, or the task that started it while holding it, holds the lock now."""
        holds = _HOLDS.get()
        return bool(holds) and self._taken.locked() and (self, self._generation) in holds

    def _inner_lock(self) -> BackendNeutralLock:
        with _MUTEX:
            if self._inner is None or self._inner_generation != self._generation:
                self._inner, self._inner_generation = BackendNeutralLock(outer=self), self._generation
            return self._inner

    def _inner_held_here(self) -> BackendNeutralLock | None:
        """The inner lock of this one that this task holds, of any hold (innermost first).

        Of any hold: the holder that started this task may have let go of this lock meanwhile.
        """
        for lock, generation in reversed(_HOLDS.get()):
            if lock._outer is self and self._live((lock, generation)):  # noqa: SLF001  # its own inner lock
                return lock
        return None

    async def _queue(self) -> None:
        """Wait for the lock to be handed over (or to come free while queueing)."""
        turn = _Turn()
        with _MUTEX:
            if self._waiters is None:
                self._waiters = deque()
            waiters = self._waiters
            waiters.append(turn)
            if self._taken.acquire(blocking=False):  # released before we were in the queue
                waiters.remove(turn)
                self._generation += 1
                return
        try:
            await turn.wakeup.wait()
        except BaseException:
            with _MUTEX:
                granted = turn.granted
                if not granted:
                    waiters.remove(turn)
            if granted:
                self._hand_over()  # ownership had already passed to us: pass it on
            raise

    def _hand_over(self) -> None:
        """Pass the lock, which the caller holds, to the first waiter that can still take it."""
        while True:
            with _MUTEX:
                waiters = self._waiters
                if not waiters:
                    self._taken.release()
                    return
                turn = waiters.popleft()
                turn.granted = True  # _taken stays held, now for that waiter
                self._generation += 1
            if turn.wakeup.set():
                return
            # That waiter's event loop has finished: nobody will take the lock there.

    def _hand_over_if_free(self) -> None:
        with _MUTEX:
            if not self._waiters or not self._taken.acquire(blocking=False):
                return  # nobody left, or a newcomer took it: its release serves the queue
        self._hand_over()
