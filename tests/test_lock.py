"""The lock of dishka's containers: FIFO, re-entrant, and safe across backends, loops and threads."""

import threading
from collections import deque
from collections.abc import Callable

import anyio
import anyio.from_thread
import anyio.lowlevel
import anyio.to_thread
import pytest
from typing_extensions import override

from denpo import Application, ApplicationFactory, module
from denpo._lock import BackendNeutralLock, _Turn  # pyright: ignore[reportPrivateUsage]  # a turn in a dead loop
from denpo._wakeup import Wakeup
from denpo.di import singleton

LIMIT = 5  # seconds; every wait below is bounded, so a lost wake-up fails instead of hanging


class Settings:
    pass


class Pool:
    """An APP singleton whose factory suspends, so other scopes queue on the lock meanwhile."""


async def open_pool() -> Pool:
    await anyio.sleep(0.05)
    return Pool()


@module(providers=[singleton(Settings), singleton(Pool, open_pool)])
class SettingsModule:
    pass


async def build() -> Application:
    # Bounded exit: a regression that leaves a scope waiting fails the test instead of hanging it.
    return ApplicationFactory(SettingsModule, shutdown_timeout=LIMIT).create()


async def run_and_resolve(app: Application) -> Settings:
    async with app, app.container() as container:
        return await container.get(Settings)


@pytest.mark.parametrize(
    ('built_on', 'used_on'), [('trio', 'asyncio'), ('asyncio', 'trio'), ('trio', 'trio')]
)
def test_an_application_built_in_one_loop_runs_in_another(built_on: str, used_on: str) -> None:
    app = anyio.run(build, backend=built_on)
    assert isinstance(anyio.run(run_and_resolve, app, backend=used_on), Settings)


async def hold_until(lock: BackendNeutralLock, held: anyio.Event, release: anyio.Event) -> None:
    """Take ``lock`` in a task of its own (tasks started by a holder would re-enter it)."""
    async with lock:
        held.set()
        await release.wait()


@pytest.mark.anyio
async def test_the_lock_excludes_a_second_holder() -> None:
    lock = BackendNeutralLock()
    events: list[str] = []

    async def hold(name: str) -> None:
        async with lock:
            events.append(f'{name} in')
            await anyio.sleep(0.01)
            events.append(f'{name} out')

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hold, 'a')
            group.start_soon(hold, 'b')
    assert events in (['a in', 'a out', 'b in', 'b out'], ['b in', 'b out', 'a in', 'a out'])


@pytest.mark.anyio
async def test_waiters_are_served_in_order() -> None:
    lock = BackendNeutralLock()
    order: list[int] = []
    held, release = anyio.Event(), anyio.Event()

    async def take(number: int) -> None:
        async with lock:
            order.append(number)
            await anyio.lowlevel.checkpoint()

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hold_until, lock, held, release)
            await held.wait()
            for number in range(4):
                group.start_soon(take, number)
                await anyio.sleep(0.001)  # queue them in a known order while the lock is held
            assert order == []
            release.set()
    assert order == [0, 1, 2, 3]


async def _take(lock: BackendNeutralLock, served: list[str], name: str) -> None:
    async with lock:
        served.append(name)


@pytest.mark.anyio
async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    held, release = anyio.Event(), anyio.Event()
    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hold_until, lock, held, release)
            await held.wait()
            with anyio.move_on_after(0.01) as waited:
                await _take(lock, served, 'cancelled')  # waits behind the holder, then times out
            assert waited.cancelled_caught
            group.start_soon(_take, lock, served, 'later')
            await anyio.sleep(0.001)
            assert served == []
            release.set()
        assert served == ['later']
        await _take(lock, served, 'free again')
    assert served == ['later', 'free again']


@pytest.mark.anyio
async def test_a_waiter_cancelled_as_it_is_handed_the_lock_passes_it_on() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    first_scope = anyio.CancelScope()
    held, release = anyio.Event(), anyio.Event()

    async def first() -> None:
        with first_scope:
            await _take(lock, served, 'first')

    async def hand_over_then_cancel() -> None:
        async with lock:
            held.set()
            await release.wait()
        first_scope.cancel()  # the lock went to 'first', which is cancelled before it resumes

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hand_over_then_cancel)
            await held.wait()
            group.start_soon(first)
            await anyio.sleep(0.001)
            group.start_soon(_take, lock, served, 'second')
            await anyio.sleep(0.001)
            release.set()
        # asyncio delivers the cancellation at the wait, trio after it; either way nobody is stuck.
        assert served[-1] == 'second'
        await _take(lock, served, 'free again')
    assert served[-1] == 'free again'


class _InterruptedError(Exception):
    pass


class _WakeupInterruptedAfterHandover(Wakeup):
    """A wake-up whose waiter is interrupted just after the lock was handed to it."""

    @override
    async def wait(self) -> None:
        await super().wait()
        raise _InterruptedError


@pytest.mark.anyio
async def test_a_waiter_interrupted_after_the_handover_releases_the_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr('denpo._lock.Wakeup', _WakeupInterruptedAfterHandover)
    lock = BackendNeutralLock()
    outcome: list[str] = []
    held, release = anyio.Event(), anyio.Event()

    async def waiter() -> None:
        try:
            async with lock:
                outcome.append('entered')  # pragma: no cover - the handover is interrupted
        except _InterruptedError:
            outcome.append('interrupted')

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hold_until, lock, held, release)
            await held.wait()
            group.start_soon(waiter)
            await anyio.sleep(0.001)
            release.set()
        assert outcome == ['interrupted']
        async with lock:  # not left taken by the interrupted waiter
            outcome.append('free')
    assert outcome == ['interrupted', 'free']


# --- re-entry --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_holder_enters_again_at_once() -> None:
    lock = BackendNeutralLock()
    with anyio.fail_after(LIMIT):
        async with lock, lock, lock:
            pass
        async with lock:  # the outermost exit released it
            pass


@pytest.mark.anyio
async def test_a_task_started_by_the_holder_enters_at_once() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    with anyio.fail_after(LIMIT):
        async with lock, anyio.create_task_group() as group:
            group.start_soon(_take, lock, served, 'child')  # the holder waits for it: no deadlock
    assert served == ['child']


@pytest.mark.anyio
async def test_the_tasks_a_holder_starts_still_exclude_each_other() -> None:
    lock = BackendNeutralLock()
    events: list[str] = []

    async def child(name: str) -> None:
        async with lock:
            events.append(f'{name} in')
            await anyio.sleep(0.005)
            async with lock:  # and each may re-enter in turn
                events.append(f'{name} again')
            events.append(f'{name} out')

    with anyio.fail_after(LIMIT):
        async with lock, anyio.create_task_group() as group:
            for name in 'abc':
                group.start_soon(child, name)
        async with lock:  # everything was released
            pass
    runs = [events[index : index + 3] for index in range(0, len(events), 3)]
    assert sorted(runs) == [[f'{name} in', f'{name} again', f'{name} out'] for name in 'abc']


@pytest.mark.anyio
async def test_a_task_outliving_its_parents_hold_waits_like_anyone() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    go, held, release = anyio.Event(), anyio.Event(), anyio.Event()

    async def late_child() -> None:
        await go.wait()
        await _take(lock, served, 'child')

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            async with lock:
                group.start_soon(late_child)  # inherits a hold that ends below
            group.start_soon(hold_until, lock, held, release)
            await held.wait()  # another task holds the lock now
            go.set()
            await anyio.sleep(0.01)
            assert served == []  # the old hold is not a re-entry
            release.set()
    assert served == ['child']


# --- threads and event loops ---------------------------------------------------------------


def test_a_release_in_one_loop_wakes_a_waiter_in_another() -> None:
    """asyncio in this thread holds; trio and asyncio waiters in two other threads are woken."""
    lock = BackendNeutralLock()
    served: list[str] = []
    queued = threading.Barrier(3, timeout=LIMIT)

    def wait_in(backend: str) -> None:
        async def wait() -> None:
            with anyio.fail_after(LIMIT):
                await anyio.to_thread.run_sync(queued.wait)  # the holder holds; join the queue next
                await _take(lock, served, backend)

        anyio.run(wait, backend=backend)

    async def hold() -> None:
        async with lock:
            threads = [
                threading.Thread(target=wait_in, args=(backend,), daemon=True)
                for backend in ('trio', 'asyncio')
            ]
            for thread in threads:
                thread.start()
            await anyio.to_thread.run_sync(queued.wait)
            await anyio.sleep(0.05)  # the waiters queue up behind this task
            assert served == []
        for thread in threads:
            await anyio.to_thread.run_sync(thread.join, LIMIT)

    anyio.run(hold)
    assert sorted(served) == ['asyncio', 'trio']


@pytest.mark.anyio
async def test_a_worker_thread_and_its_loop_share_the_lock() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    held, release = anyio.Event(), anyio.Event()

    def in_thread() -> None:
        anyio.from_thread.run(_take, lock, served, 'from a worker thread')

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(hold_until, lock, held, release)
            await held.wait()
            group.start_soon(anyio.to_thread.run_sync, in_thread)
            await anyio.sleep(0.01)
            assert served == []
            release.set()
    assert served == ['from a worker thread']


def test_a_waiter_whose_loop_has_finished_is_skipped() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []

    async def queue_up_and_leave() -> None:
        # An abandoned turn, as a loop closed with its task still waiting would leave it.
        lock._waiters = deque([_Turn()])  # pyright: ignore[reportPrivateUsage]  # the case needs a dead loop

    async def main() -> None:
        async with lock:
            await anyio.to_thread.run_sync(lambda: anyio.run(queue_up_and_leave))
        with anyio.fail_after(LIMIT):
            await _take(lock, served, 'next')  # the dead loop's turn did not keep the lock

    anyio.run(main)
    assert served == ['next']


async def _run_many(
    app: Application, scopes: int, record: Callable[[Pool], None], start: threading.Barrier
) -> None:
    async def one() -> None:
        async with app.container() as container:
            record(await container.get(Pool))

    await anyio.to_thread.run_sync(start.wait)  # both loops ask for the pool at the same moment
    async with anyio.create_task_group() as group:
        for _ in range(scopes):
            group.start_soon(one)


def test_one_application_serves_two_event_loops_at_once() -> None:
    """The issue's hang: scopes of one app waiting on the APP lock from two loops at once."""
    app = anyio.run(build)
    seen: list[Pool] = []
    start = threading.Barrier(2, timeout=LIMIT)

    def second_loop() -> None:
        anyio.run(_run_many, app, 100, seen.append, start, backend='trio')

    async def main() -> None:
        async with app:
            thread = threading.Thread(target=second_loop, daemon=True)  # daemon: a hang fails, not blocks
            thread.start()
            with anyio.fail_after(LIMIT):
                await _run_many(app, 100, seen.append, start)
            await anyio.to_thread.run_sync(thread.join, LIMIT)
            assert not thread.is_alive()

    anyio.run(main)
    assert len(seen) == 200
    assert len({id(pool) for pool in seen}) == 1  # one singleton for both loops


# --- the windows where another thread acts between two steps ---------------------------------


@pytest.mark.anyio
async def test_a_lock_released_while_the_waiter_queues_is_taken_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = BackendNeutralLock()
    held_here = BackendNeutralLock._held_here  # pyright: ignore[reportPrivateUsage]  # the window under test

    def released_meanwhile(self: BackendNeutralLock) -> bool:
        answer = held_here(self)
        self._taken.release()  # pyright: ignore[reportPrivateUsage]  # the holder, in another thread, lets go
        return answer

    with anyio.fail_after(LIMIT):
        lock._taken.acquire()  # pyright: ignore[reportPrivateUsage]  # held by "another thread"
        monkeypatch.setattr(BackendNeutralLock, '_held_here', released_meanwhile)
        async with lock:  # queues, then finds the lock free: takes it instead of waiting
            assert not lock._waiters  # pyright: ignore[reportPrivateUsage]  # left the queue again
        monkeypatch.undo()
        async with lock:  # and released it on exit
            pass


class _QueueingWhileReleased:
    """A ``threading.Lock`` stand-in: as it is released, another thread's waiter joins the queue."""

    def __init__(self, lock: BackendNeutralLock, turn: _Turn, *, newcomer_takes_it: bool) -> None:
        self._inner = threading.Lock()
        self._lock = lock
        self._turn: _Turn | None = turn  # queued on the first release only
        self._newcomer_takes_it = newcomer_takes_it

    def acquire(self, *, blocking: bool = True) -> bool:
        return self._inner.acquire(blocking=blocking)

    def locked(self) -> bool:
        return self._inner.locked()

    def release(self) -> None:
        if self._turn is not None:
            self._lock._waiters = deque([self._turn])  # pyright: ignore[reportPrivateUsage]  # the window
            self._turn = None
        self._inner.release()
        if self._newcomer_takes_it:
            self._newcomer_takes_it = False
            self._inner.acquire()


@pytest.mark.anyio
@pytest.mark.parametrize(
    'newcomer_takes_it', [False, True], ids=['handed-to-the-waiter', 'a-newcomer-took-it']
)
async def test_a_waiter_that_queues_as_the_lock_is_released_is_served(*, newcomer_takes_it: bool) -> None:
    lock = BackendNeutralLock()
    turn = _Turn()
    stand_in = _QueueingWhileReleased(lock, turn, newcomer_takes_it=newcomer_takes_it)
    lock._taken = stand_in  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue, reportPrivateUsage]  # the window
    async with lock:
        pass
    assert turn.granted is not newcomer_takes_it  # handed over, or left for the newcomer's release
    assert stand_in.locked()  # held by the waiter, or by the newcomer


@pytest.mark.anyio
async def test_a_re_entry_that_outlives_its_holders_hold_releases_only_its_own() -> None:
    lock = BackendNeutralLock()
    entered, leave, taken_by_other, release_other = anyio.Event(), anyio.Event(), anyio.Event(), anyio.Event()
    events: list[str] = []

    async def child() -> None:
        async with lock:  # a re-entry of its parent's hold
            entered.set()
            await leave.wait()
        events.append('child left')

    async def other() -> None:
        async with lock:
            taken_by_other.set()
            events.append('other holds')
            await release_other.wait()
            events.append('other still holds')

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            async with lock:
                group.start_soon(child)
                await entered.wait()
            # The parent let go while its child is still inside: another task takes the lock.
            group.start_soon(other)
            await taken_by_other.wait()
            leave.set()
            await anyio.sleep(0.01)
            assert lock._taken.locked()  # pyright: ignore[reportPrivateUsage]  # the child's exit left it to `other`
            release_other.set()
        async with lock:  # and everything was released in the end
            pass
    assert events == ['other holds', 'child left', 'other still holds']
