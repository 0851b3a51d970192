"""The application's states, and an exit that waits for the scopes still open in it."""

import logging
import math
import re
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from fractions import Fraction

import anyio
import anyio.to_thread
import pytest
from typing_extensions import override

from denpo import Application, ApplicationError, ApplicationFactory, ApplicationState, module
from denpo._lifecycle import check_timeout
from denpo.di import AsyncContainer, Provider, Scope, object_
from denpo.messaging import ISender, MessagingExtension, MessagingModule, RequestHandler
from denpo.messaging.contracts import IRequest

LIMIT = 5  # seconds: a lost wake-up fails the test instead of hanging the suite

pytestmark = pytest.mark.anyio


class Journal:
    def __init__(self) -> None:
        self.entries: list[str] = []
        self.states: list[ApplicationState] = []
        self.entered = anyio.Event()
        self.go = anyio.Event()


class Pool:
    """An APP singleton with a finalizer: shows when the APP scope is closed."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.closed = False


def open_pool(journal: Journal) -> Iterator[Pool]:
    pool = Pool(journal)
    yield pool
    pool.closed = True
    journal.entries.append('pool closed')


@dataclass(frozen=True)
class UsePool(IRequest[str]):
    wait: bool = True
    pool_must_be_open: bool = True


class UsePoolHandler(RequestHandler[UsePool, str]):
    def __init__(self, pool: Pool) -> None:
        self.pool = pool

    @override
    async def handle(self, request: UsePool, /) -> str:
        if request.wait:
            self.pool.journal.entered.set()
            await self.pool.journal.go.wait()
        if request.pool_must_be_open:
            assert not self.pool.closed, 'the pool was finalized under a running handler'
        self.pool.journal.entries.append('handler done')
        return 'done'


def pool_app(
    journal: Journal, *, shutdown_timeout: float | None = None, lifespans: bool = False
) -> Application:
    pools = Provider(scope=Scope.APP)
    pools.provide(open_pool)

    @module(
        imports=[MessagingModule.register()],
        providers=[object_(journal), pools],
        extensions=[MessagingExtension().bind_request(UsePool, UsePoolHandler)],
    )
    class PoolModule:
        pass

    @asynccontextmanager
    async def record_state(app: Application) -> AsyncGenerator[None]:
        journal.states.append(app.state)
        yield
        journal.states.append(app.state)
        async with app.container() as container:  # a lifespan may still use the app on its way out
            await (await container.get(ISender)).invoke(UsePool(wait=False))

    return ApplicationFactory(
        PoolModule, lifespan=[record_state] if lifespans else [], shutdown_timeout=shutdown_timeout
    ).create()


async def invoke_in_scope(app: Application, request: UsePool) -> None:
    journal = app_journal(app)
    async with app.container() as container:
        await (await container.get(ISender)).invoke(request)
    journal.entries.append('scope closed')


def state_of(app: Application) -> ApplicationState:
    """``app.state`` through a call, so that mypy does not narrow it from one assert to the next."""
    return app.state


def app_journal(app: Application) -> Journal:
    journal = app.container.get_sync(Journal)
    assert isinstance(journal, Journal)
    return journal


# --- states --------------------------------------------------------------------------------


async def test_the_states_follow_the_application_through_its_life() -> None:
    journal = Journal()
    app = pool_app(journal, lifespans=True)
    assert state_of(app) is ApplicationState.CREATED
    async with app:
        assert state_of(app) is ApplicationState.RUNNING
        assert app.is_running
    assert state_of(app) is ApplicationState.STOPPED
    assert [app.is_running] == [False]  # a list: mypy narrowed the property inside the block
    assert journal.states == [ApplicationState.STARTING, ApplicationState.STOPPING]
    assert journal.entries == ['handler done', 'pool closed']


async def test_a_scope_before_the_start_is_refused_with_a_hint() -> None:
    app = pool_app(Journal())
    with pytest.raises(
        ApplicationError,
        match=r'The application of .*PoolModule has not started: cannot open a scope\. '
        r'Hint: open scopes inside `async with app:`',
    ):
        app.container()


async def test_a_scope_after_the_stop_is_refused_with_a_hint() -> None:
    app = pool_app(Journal())
    async with app:
        pass
    with pytest.raises(
        ApplicationError,
        match=r'has stopped: cannot open a scope\. Hint: an application runs once; build a new one with '
        r'ApplicationFactory\(\.\.\.\)\.create\(\)\.',
    ):
        app.container()


async def test_the_app_scope_may_be_read_before_the_start_but_not_after_the_stop() -> None:
    journal = Journal()
    app = pool_app(journal)
    assert app_journal(app) is journal  # e.g. to inspect the routes without starting
    async with app:
        pass
    with pytest.raises(
        ApplicationError, match=r'has stopped: cannot resolve from its APP scope, which is closed'
    ):
        await app.container.get(Pool)
    with pytest.raises(ApplicationError, match=r'has stopped: cannot resolve from its APP scope'):
        app.container.get_sync(Journal)


async def test_entering_from_two_tasks_at_once_is_refused() -> None:
    go, first_in = anyio.Event(), anyio.Event()

    @asynccontextmanager
    async def slow_start() -> AsyncGenerator[None]:
        first_in.set()
        await go.wait()
        yield

    @module()
    class Slow:
        pass

    app = ApplicationFactory(Slow, lifespan=[slow_start()]).create()
    errors: list[ApplicationError] = []

    async def enter() -> None:
        async with app:
            pass

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            group.start_soon(enter)
            await first_in.wait()
            try:
                await app.__aenter__()
            except ApplicationError as error:
                errors.append(error)
            go.set()
    assert len(errors) == 1
    assert 'is starting: cannot start it again. Hint: enter `async with app:` once, in one task.' in str(
        errors[0]
    )
    assert state_of(app) is ApplicationState.STOPPED


async def test_an_application_runs_once() -> None:
    app = pool_app(Journal())
    async with app:
        pass
    with pytest.raises(
        ApplicationError, match=r'has stopped: cannot start it again\. Hint: an application runs once'
    ):
        await app.__aenter__()


async def test_a_failed_start_stops_the_application_for_good() -> None:
    @asynccontextmanager
    async def broken(app: Application) -> AsyncGenerator[None]:
        if app.registry.root.name:  # always: the start fails
            raise ConnectionRefusedError(app.registry.root.name)
        yield  # pragma: no cover - never reached

    @module()
    class Plain:
        pass

    app = ApplicationFactory(Plain, lifespan=[broken]).create()
    with pytest.raises(ConnectionRefusedError, match='Plain'):
        await app.__aenter__()
    assert state_of(app) is ApplicationState.STOPPED
    with pytest.raises(ApplicationError, match='has stopped: cannot start it again'):
        await app.__aenter__()


async def test_exiting_twice_is_refused() -> None:
    app = pool_app(Journal())
    await app.__aenter__()
    await app.__aexit__(None, None, None)
    with pytest.raises(ApplicationError, match=r'has stopped: cannot exit it\. Hint: it was exited already'):
        await app.__aexit__(None, None, None)


# --- the exit waits for open scopes ---------------------------------------------------------


async def test_the_exit_waits_for_a_running_invoke_before_closing_the_app_scope() -> None:
    journal = Journal()
    app = pool_app(journal)
    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            await app.__aenter__()
            group.start_soon(invoke_in_scope, app, UsePool())
            await journal.entered.wait()
            group.start_soon(app.__aexit__, None, None, None)
            await anyio.sleep(0.02)
            assert state_of(app) is ApplicationState.STOPPING
            assert journal.entries == []  # nothing finalized under the running handler
            with pytest.raises(
                ApplicationError, match=r'is stopping: cannot open a scope\. Hint: let every scope'
            ):
                async with app.container():
                    pass  # pragma: no cover - refused
            journal.go.set()
    assert journal.entries == ['handler done', 'scope closed', 'pool closed']
    assert state_of(app) is ApplicationState.STOPPED


async def test_the_exit_waits_for_a_scope_open_in_another_thread() -> None:
    journal = Journal()
    app = pool_app(journal)
    release = threading.Event()
    inside = threading.Event()

    async def scope_in_thread() -> None:
        async with app.container() as container:
            await container.get(Pool)
            inside.set()
            await anyio.to_thread.run_sync(release.wait, LIMIT)
            journal.entries.append('thread scope leaving')  # inside: ordered before its exit

    thread = threading.Thread(
        target=anyio.run, args=(scope_in_thread,), kwargs={'backend': 'trio'}, daemon=True
    )
    with anyio.fail_after(LIMIT):
        async with app:
            thread.start()
            await anyio.to_thread.run_sync(inside.wait, LIMIT)
            threading.Timer(0.05, release.set).start()
        thread.join(LIMIT)
    assert journal.entries == ['thread scope leaving', 'pool closed']


async def test_after_the_timeout_the_exit_proceeds_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    journal = Journal()
    app = pool_app(journal, shutdown_timeout=0.05)
    caplog.set_level(logging.WARNING, logger='denpo')
    with anyio.fail_after(LIMIT):
        async with app:
            scope = await app.container().__aenter__()  # entered, never exited: a leaked scope
            pool = await scope.get(Pool)
    assert pool.closed
    assert journal.entries == ['pool closed']
    assert state_of(app) is ApplicationState.STOPPED
    (record,) = caplog.records
    assert record.getMessage() == (
        f'The application of {app.registry.root.name} stops with 1 scope(s) still open (after waiting '
        '0.05 s): their APP-scope dependencies are finalized now, and they can no longer resolve new ones.'
    )
    with pytest.raises(ApplicationError, match='has stopped: cannot resolve from its APP scope'):
        await scope.get(Pool)  # no singleton is built after the exit
    await scope.__aexit__(None, None, None)


async def test_a_scope_whose_finalizer_is_interrupted_does_not_hold_up_the_exit() -> None:
    journal = Journal()

    async def interrupted() -> AsyncIterator[int]:
        yield 1
        raise KeyboardInterrupt  # a BaseException stops dishka's closing of the scope

    resources = Provider(scope=Scope.REQUEST)
    resources.provide(interrupted, provides=int)

    @module(providers=[object_(journal), resources])
    class Interrupted:
        pass

    app = ApplicationFactory(Interrupted).create()
    with anyio.fail_after(LIMIT):
        async with app:
            with pytest.raises(KeyboardInterrupt):
                async with app.container() as container:
                    await container.get(int)
    assert state_of(app) is ApplicationState.STOPPED


async def test_a_scope_made_but_never_entered_does_not_hold_up_the_exit() -> None:
    app = pool_app(Journal())
    with anyio.fail_after(LIMIT):
        async with app:
            never_entered = app.container()
    with pytest.raises(ApplicationError, match='has stopped: cannot resolve from its APP scope'):
        await never_entered.get(Pool)


# --- concurrent first use and re-entry -------------------------------------------------------


class Session:
    built = 0

    def __init__(self) -> None:
        type(self).built += 1


async def open_session() -> AsyncIterator[Session]:
    await anyio.sleep(0.01)  # suspends while being built: concurrent first users would race
    yield Session()


@dataclass(frozen=True)
class Query(IRequest[int]):
    pass


class QueryHandler(RequestHandler[Query, int]):
    def __init__(self, session: Session) -> None:
        self.session = session

    @override
    async def handle(self, request: Query, /) -> int:
        return id(self.session)


def bus_app(factory: Callable[..., object], extension: MessagingExtension) -> Application:
    """An application with the bus, one REQUEST-scope ``factory`` and the bindings of ``extension``."""
    provider = Provider(scope=Scope.REQUEST)
    provider.provide(factory)

    @module(imports=[MessagingModule.register()], providers=[provider], extensions=[extension])
    class BusModule:
        pass

    return ApplicationFactory(BusModule).create()


async def test_concurrent_first_invokes_in_one_scope_build_a_scoped_dependency_once() -> None:
    Session.built = 0
    app = bus_app(open_session, MessagingExtension().bind_request(Query, QueryHandler))
    seen: set[int] = set()

    async def first_invoke(sender: ISender) -> None:
        seen.add(await sender.invoke(Query()))

    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            sender = await container.get(ISender)
            async with anyio.create_task_group() as group:
                for _ in range(1000):
                    group.start_soon(first_invoke, sender)
    assert Session.built == 1
    assert len(seen) == 1


@dataclass(frozen=True)
class CurrentUser:
    name: str


@dataclass(frozen=True)
class GetUserName(IRequest[str]):
    pass


class GetUserNameHandler(RequestHandler[GetUserName, str]):
    @override
    async def handle(self, request: GetUserName, /) -> str:
        return 'ada'


async def current_user(sender: ISender) -> CurrentUser:
    # A factory that dispatches: it runs while its scope's lock is held.
    return CurrentUser(await sender.invoke(GetUserName()))


async def test_a_factory_that_dispatches_through_its_own_scope_does_not_wait_for_itself() -> None:
    app = bus_app(current_user, MessagingExtension().bind_request(GetUserName, GetUserNameHandler))
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            assert await container.get(CurrentUser) == CurrentUser('ada')


async def test_a_scope_may_choose_its_own_lock() -> None:
    app = pool_app(Journal())
    taken: list[str] = []

    class CountingLock:
        async def __aenter__(self) -> None:
            taken.append('lock')

        async def __aexit__(self, *args: object) -> None:
            pass

    async with app, app.container(lock_factory=CountingLock) as container:
        await container.get(Pool)
    assert taken


async def test_a_scope_made_while_running_but_entered_after_the_exit_is_refused() -> None:
    app = pool_app(Journal())
    async with app:
        made = app.container()
    with pytest.raises(
        ApplicationError, match=r'has stopped: cannot open a scope\. Hint: an application runs once'
    ):
        async with made:
            pass  # pragma: no cover - refused


@pytest.mark.parametrize(
    ('timeout', 'error', 'message'),
    [
        pytest.param('30', TypeError, "expects a number of seconds or None, got '30'", id='a-string'),
        pytest.param(True, TypeError, 'expects a number of seconds or None, got True', id='a-bool'),
        pytest.param(-1, ValueError, 'must be at least 0, got -1', id='negative'),
        pytest.param(-(10**400), ValueError, 'must be at least 0, got -1000', id='negative-beyond-floats'),
        pytest.param(float('nan'), ValueError, 'must be at least 0, got nan', id='nan'),
    ],
)
def test_a_wrong_shutdown_timeout_is_refused_at_once(
    timeout: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(
        error, match=re.escape(f'ApplicationFactory(shutdown_timeout=...) {message}') + '.*Hint: '
    ):
        ApplicationFactory(PlainModule, shutdown_timeout=timeout)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # wrong on purpose


def test_a_shutdown_timeout_beyond_any_float_waits_for_ever() -> None:
    assert check_timeout(10**400) == math.inf  # accepted, where float() would overflow
    assert check_timeout(None) is None
    assert check_timeout(2) == 2.0
    assert check_timeout(Fraction(1, 10)) == 0.1  # any real number
    assert str(check_timeout(-0.0)) == '0.0'


async def test_a_zero_shutdown_timeout_does_not_wait(caplog: pytest.LogCaptureFixture) -> None:
    app = ApplicationFactory(PlainModule, shutdown_timeout=0).create()
    with anyio.fail_after(LIMIT):
        async with app:
            await app.container().__aenter__()
    assert state_of(app) is ApplicationState.STOPPED
    assert 'stops with 1 scope(s) still open (after waiting 0.0 s)' in caplog.text


@module()
class PlainModule:
    pass


# --- an exit that is cancelled, builds under way, hooks that fail ------------------------------


async def test_a_cancelled_exit_still_closes_the_app_scope(caplog: pytest.LogCaptureFixture) -> None:
    journal = Journal()
    app = pool_app(journal)
    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            await app.__aenter__()
            group.start_soon(invoke_in_scope, app, UsePool(pool_must_be_open=False))
            await journal.entered.wait()
            with anyio.move_on_after(0.02):
                await app.__aexit__(None, None, None)  # waits for the scope, then is cancelled
            assert journal.entries == ['pool closed']  # closed all the same, and said so
            journal.go.set()
    assert state_of(app) is ApplicationState.STOPPED
    assert 'stops with 1 scope(s) still open (its exit was cancelled)' in caplog.text


class SlowPool:
    """An APP singleton whose async factory is still running when the application exits."""


async def open_slow_pool(journal: Journal) -> AsyncIterator[SlowPool]:
    journal.entered.set()
    await journal.go.wait()
    journal.entries.append('slow pool built')
    yield SlowPool()
    journal.entries.append('slow pool closed')


def slow_pool_app(journal: Journal, *, shutdown_timeout: float | None = None) -> Application:
    slow = Provider(scope=Scope.APP)
    slow.provide(open_slow_pool)

    @module(providers=[object_(journal), slow])
    class Slow:
        pass

    return ApplicationFactory(Slow, shutdown_timeout=shutdown_timeout).create()


async def test_a_build_under_way_when_the_app_scope_closes_is_finalized_and_refused() -> None:
    journal = Journal()
    app = slow_pool_app(journal)
    refused: list[ApplicationError] = []

    async def warm_up() -> None:
        try:
            await app.container.get(SlowPool)  # straight from the APP scope, no REQUEST scope
        except ApplicationError as error:
            refused.append(error)

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            async with app:
                group.start_soon(warm_up)
                await journal.entered.wait()
            journal.go.set()  # the factory finishes after the exit
    assert journal.entries == ['slow pool built', 'slow pool closed']  # finalized, not leaked
    (error,) = refused
    assert 'has stopped: cannot resolve from its APP scope, which is closed' in str(error)


async def test_a_scope_build_under_way_when_the_timeout_passes_is_finalized_and_refused() -> None:
    journal = Journal()
    app = slow_pool_app(journal, shutdown_timeout=0.01)
    refused: list[ApplicationError] = []

    async def in_scope() -> None:
        async with app.container() as scope:
            try:
                await scope.get(SlowPool)
            except ApplicationError as error:
                refused.append(error)

    with anyio.fail_after(LIMIT):
        async with anyio.create_task_group() as group:
            async with app:
                group.start_soon(in_scope)
                await journal.entered.wait()
            journal.go.set()
    assert journal.entries == ['slow pool built', 'slow pool closed']
    assert len(refused) == 1


class FailingShutdown:
    def __init__(self, journal: Journal, name: str) -> None:
        self.journal = journal
        self.name = name

    async def on_app_shutdown(self, app: Application, /) -> None:
        self.journal.entries.append(f'{self.name} shut down')
        raise OSError(self.name)


class Destroyed:
    def __init__(self, journal: Journal, name: str) -> None:
        self.journal = journal
        self.name = name

    async def on_module_destroy(self, module: object, /) -> None:
        self.journal.entries.append(f'{self.name} destroyed')


async def test_every_shutdown_hook_runs_even_if_one_fails() -> None:
    journal = Journal()

    @module(extensions=[Destroyed(journal, 'module')])
    class Hooked:
        pass

    app = ApplicationFactory(
        Hooked, extensions=[FailingShutdown(journal, 'first'), FailingShutdown(journal, 'second')]
    ).create()
    with pytest.raises(OSError, match='second') as raised:
        async with app:
            pass
    assert journal.entries == ['second shut down', 'first shut down', 'module destroyed']
    assert raised.value.__notes__ == [
        "tests.test_lifecycle.FailingShutdown.on_app_shutdown also raised OSError: 'first'"
    ]
    assert state_of(app) is ApplicationState.STOPPED


async def test_exiting_an_application_a_handler_already_exited_says_who_may_exit() -> None:
    app = pool_app(Journal())
    await app.__aenter__()
    await app.__aexit__(None, None, None)
    with pytest.raises(
        ApplicationError, match=r'it was exited already, and each `async with app:` exits once'
    ):
        await app.__aexit__(None, None, None)


class Connection:
    built = 0

    def __init__(self) -> None:
        type(self).built += 1


async def open_connection() -> Connection:
    await anyio.sleep(0.005)  # suspends while being built
    return Connection()


@dataclass(frozen=True)
class Warmed:
    connections: tuple[Connection, ...]


async def warm_up(container: AsyncContainer) -> Warmed:
    # A factory that starts tasks which resolve from its own container while it builds.
    found: list[Connection] = []

    async def fetch() -> None:
        found.append(await container.get(Connection))

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(fetch)
    return Warmed(tuple(found))


@pytest.mark.parametrize('scope', [Scope.APP, Scope.REQUEST], ids=['app-scope', 'request-scope'])
async def test_tasks_a_factory_starts_build_a_shared_dependency_once(scope: Scope) -> None:
    Connection.built = 0
    provider = Provider(scope=scope)
    provider.provide(open_connection)
    provider.provide(warm_up)

    @module(providers=[provider])
    class Warming:
        pass

    with anyio.fail_after(LIMIT):
        async with ApplicationFactory(Warming).create() as app, app.container() as container:
            warmed = await container.get(Warmed)
    assert Connection.built == 1
    assert len({id(connection) for connection in warmed.connections}) == 1


class FailingLifespanExit:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    async def __aenter__(self) -> None:
        pass

    async def __aexit__(self, *exc_info: object) -> None:
        self.journal.entries.append('lifespan exit fails')
        raise LookupError(self.journal.entries[-1])


async def test_a_failing_lifespan_exit_propagates_with_the_hooks_failures_as_notes() -> None:
    journal = Journal()

    @module(extensions=[Destroyed(journal, 'module')])
    class Hooked:
        pass

    app = ApplicationFactory(
        Hooked, lifespan=[FailingLifespanExit(journal)], extensions=[FailingShutdown(journal, 'app')]
    ).create()
    with pytest.raises(LookupError, match='lifespan exit fails') as raised:
        async with app:
            pass
    assert journal.entries == ['lifespan exit fails', 'app shut down', 'module destroyed']
    assert raised.value.__notes__ == [
        "tests.test_lifecycle.FailingShutdown.on_app_shutdown also raised OSError: 'app'"
    ]


async def test_the_bodys_exception_carries_the_hooks_failures_as_notes() -> None:
    journal = Journal()
    app = ApplicationFactory(PlainModule, extensions=[FailingShutdown(journal, 'app')]).create()
    body_failed = 'the body failed'
    with pytest.raises(ValueError, match=body_failed) as raised:
        async with app:
            raise ValueError(body_failed)
    assert raised.value.__notes__ == [
        "tests.test_lifecycle.FailingShutdown.on_app_shutdown also raised OSError: 'app'"
    ]
