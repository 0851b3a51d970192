"""The APP-scope lock works on either backend, whichever loop built the application."""

import anyio
import anyio.lowlevel
import pytest

from denpo import Application, ApplicationFactory, module
from denpo._lock import BackendNeutralLock
from denpo.di import singleton


class Settings:
    pass


@module(providers=[singleton(Settings)])
class SettingsModule:
    pass


async def build() -> Application:
    return ApplicationFactory(SettingsModule).create()


async def resolve(app: Application) -> Settings:
    async with app.container() as container:
        return await container.get(Settings)


@pytest.mark.parametrize(
    ('built_on', 'used_on'), [('trio', 'asyncio'), ('asyncio', 'trio'), ('trio', 'trio')]
)
def test_an_application_built_in_one_loop_works_in_another(built_on: str, used_on: str) -> None:
    app = anyio.run(build, backend=built_on)
    first = anyio.run(resolve, app, backend=used_on)
    second = anyio.run(resolve, app, backend=built_on)
    assert isinstance(first, Settings)
    assert second is first  # one singleton, whatever the loop


@pytest.mark.anyio
async def test_the_lock_excludes_a_second_holder() -> None:
    lock = BackendNeutralLock()
    events: list[str] = []

    async def hold(name: str) -> None:
        async with lock:
            events.append(f'{name} in')
            await anyio.sleep(0.01)
            events.append(f'{name} out')

    async with anyio.create_task_group() as group:
        group.start_soon(hold, 'a')
        group.start_soon(hold, 'b')
    assert events in (['a in', 'a out', 'b in', 'b out'], ['b in', 'b out', 'a in', 'a out'])


@pytest.mark.anyio
async def test_waiters_are_served_in_order() -> None:
    lock = BackendNeutralLock()
    order: list[int] = []

    async def take(number: int) -> None:
        async with lock:
            order.append(number)
            await anyio.lowlevel.checkpoint()

    async with anyio.create_task_group() as group, lock:
        for number in range(4):
            group.start_soon(take, number)
            await anyio.sleep(0.001)  # queue them in a known order while the lock is held
    assert order == [0, 1, 2, 3]


async def _take(lock: BackendNeutralLock, served: list[str], name: str) -> None:
    async with lock:
        served.append(name)


@pytest.mark.anyio
async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    async with anyio.create_task_group() as group, lock:
        with anyio.move_on_after(0.01):
            await _take(lock, served, 'cancelled')  # waits behind us, then times out
        group.start_soon(_take, lock, served, 'later')
        await anyio.sleep(0.001)
        assert served == []
    assert served == ['later']
    await _take(lock, served, 'free again')
    assert served == ['later', 'free again']


@pytest.mark.anyio
async def test_a_waiter_cancelled_as_it_is_handed_the_lock_passes_it_on() -> None:
    lock = BackendNeutralLock()
    served: list[str] = []
    first_scope = anyio.CancelScope()

    async def first() -> None:
        with first_scope:
            await _take(lock, served, 'first')

    async with anyio.create_task_group() as group:
        await lock.__aenter__()
        group.start_soon(first)
        await anyio.sleep(0.001)
        group.start_soon(_take, lock, served, 'second')
        await anyio.sleep(0.001)
        await lock.__aexit__(None, None, None)  # hands the lock to 'first' ...
        first_scope.cancel()  # ... which is cancelled before it resumes
    # asyncio delivers the cancellation at the wait, trio after it; either way nobody is stuck.
    assert served[-1] == 'second'
    await _take(lock, served, 'free again')
    assert served[-1] == 'free again'


class _InterruptedError(Exception):
    pass


class _EventInterruptedAfterHandover:
    """An event whose waiter is interrupted just after the lock was handed to it."""

    def __init__(self) -> None:
        self._event = anyio.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    async def wait(self) -> None:
        await self._event.wait()
        raise _InterruptedError


@pytest.mark.anyio
async def test_a_waiter_interrupted_after_the_handover_releases_the_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr('denpo._lock.Event', _EventInterruptedAfterHandover)
    lock = BackendNeutralLock()
    outcome: list[str] = []

    async def waiter() -> None:
        try:
            async with lock:
                outcome.append('entered')  # pragma: no cover - the handover is interrupted
        except _InterruptedError:
            outcome.append('interrupted')

    async with anyio.create_task_group() as group, lock:
        group.start_soon(waiter)
        await anyio.sleep(0.001)
    assert outcome == ['interrupted']
    with anyio.fail_after(1):
        async with lock:  # not left taken by the interrupted waiter
            outcome.append('free')
    assert outcome == ['interrupted', 'free']
