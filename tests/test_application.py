"""The application: lifecycle hooks in order, lifespans, scopes, context, and misuse."""

from collections.abc import AsyncGenerator, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import pytest
from typing_extensions import override

from denpo import Application, ApplicationError, ApplicationFactory, Lifespan, ModuleMetadata, module
from denpo.di import Provider, Scope, contextual, object_, scoped, singleton
from denpo.modules import Module, ModuleRegistry
from tests.conftest import Boom

pytestmark = pytest.mark.anyio


class Journal(list[str]):
    """What happened, in order: shared by every hook of one test."""


class Resource:
    """An APP-scoped resource whose finalizer shows that the container was closed."""


def open_resource(journal: Journal) -> Iterator[Resource]:
    yield Resource()
    journal.append('container closed')


class _Hooks:
    def __init__(
        self, journal: Journal, name: str, *, fail_in: str = '', error: Exception | None = None
    ) -> None:
        self._journal = journal
        self._name = name
        self._fail_in = fail_in
        self._error = error

    def _record(self, hook: str) -> None:
        entry = f'{hook} {self._name}'
        self._journal.append(entry)
        if entry == self._fail_in and self._error is not None:
            raise self._error


class ModuleHooks(_Hooks):
    """``OnModuleInit`` and ``OnModuleDestroy``."""

    async def on_module_init(self, module: Module, /) -> None:
        self._record('module-init')

    async def on_module_destroy(self, module: Module, /) -> None:
        self._record('module-destroy')


class AppHooks(_Hooks):
    """``OnApplicationInit``, ``AfterApplicationInit`` and ``OnApplicationShutdown``."""

    async def on_app_init(self, app: Application, /) -> None:
        self._record('app-init')

    async def after_app_init(self, app: Application, /) -> None:
        self._record('after-init')

    async def on_app_shutdown(self, app: Application, /) -> None:
        self._record('app-shutdown')


def lifecycle_app(journal: Journal, *, fail_in: str = '', error: Exception | None = None) -> Application:
    """Three modules (leaf <- middle <- root, root with two extensions), two app hooks, two lifespans."""

    def hooks(name: str) -> ModuleHooks:
        return ModuleHooks(journal, name, fail_in=fail_in, error=error)

    @module(
        providers=[object_(journal, provided_type=Journal)], exports=[Journal], extensions=[hooks('leaf')]
    )
    class Leaf:
        pass

    @module(imports=[Leaf], extensions=[hooks('middle')])
    class Middle:
        pass

    @module(
        imports=[Middle, Leaf],
        providers=[singleton(Resource, open_resource)],
        extensions=[hooks('root-a'), hooks('root-b')],
    )
    class Root:
        pass

    def record(entry: str) -> None:
        journal.append(entry)
        if entry == fail_in and error is not None:
            raise error

    @asynccontextmanager
    async def first_lifespan() -> AsyncGenerator[None]:
        record('lifespan-enter first')
        try:
            yield
        finally:
            journal.append('lifespan-exit first')

    @asynccontextmanager
    async def second_lifespan(app: Application) -> AsyncGenerator[None]:
        record(f'lifespan-enter second (of this app: {app.registry.root.target is Root})')
        try:
            yield
        finally:
            journal.append('lifespan-exit second')

    lifespans: list[Lifespan] = [first_lifespan(), second_lifespan]
    return ApplicationFactory(
        Root,
        lifespan=lifespans,
        extensions=[
            AppHooks(journal, 'app-1', fail_in=fail_in, error=error),
            AppHooks(journal, 'app-2', fail_in=fail_in, error=error),
        ],
    ).create()


def state(app: Application) -> str:
    """``is_running`` in words (a call, so mypy does not narrow the property between asserts)."""
    return 'running' if app.is_running else 'stopped'


STARTED = [
    'module-init leaf',
    'module-init middle',
    'module-init root-a',
    'module-init root-b',
    'app-init app-1',
    'app-init app-2',
    'lifespan-enter first',
    'lifespan-enter second (of this app: True)',
    'after-init app-1',
    'after-init app-2',
]
SHUT_DOWN = [
    'app-shutdown app-2',
    'app-shutdown app-1',
    'module-destroy root-b',
    'module-destroy root-a',
    'module-destroy middle',
    'module-destroy leaf',
    'container closed',
]


async def test_lifecycle_hooks_run_in_order_and_shut_down_in_mirror_order() -> None:
    journal = Journal()
    app = lifecycle_app(journal)
    await app.container.get(Resource)  # opened before start, so closing the container shows
    assert state(app) == 'stopped'
    async with app as entered:
        assert entered is app
        assert state(app) == 'running'
        journal.append('running')
    assert state(app) == 'stopped'
    assert journal == [*STARTED, 'running', 'lifespan-exit second', 'lifespan-exit first', *SHUT_DOWN]


@pytest.mark.parametrize(
    ('fail_in', 'expected'),
    [
        pytest.param(
            'module-init middle',
            ['module-init leaf', 'module-init middle', 'container closed'],
            id='on-module-init',
        ),
        pytest.param('app-init app-2', [*STARTED[:6], 'container closed'], id='on-app-init'),
        pytest.param(
            'lifespan-enter second (of this app: True)',
            [*STARTED[:8], 'lifespan-exit first', *SHUT_DOWN],
            id='lifespan-enter',
        ),
        pytest.param(
            'after-init app-1',
            [*STARTED[:9], 'lifespan-exit second', 'lifespan-exit first', *SHUT_DOWN],
            id='after-app-init',
        ),
    ],
)
async def test_a_failing_start_hook_closes_what_was_opened(fail_in: str, expected: list[str]) -> None:
    journal = Journal()
    error = Boom(fail_in)
    app = lifecycle_app(journal, fail_in=fail_in, error=error)
    await app.container.get(Resource)
    with pytest.raises(Boom) as caught:
        async with app:
            journal.append('running')
    assert caught.value is error
    assert journal == expected
    assert state(app) == 'stopped'


async def test_an_error_in_the_body_propagates_after_a_full_shutdown() -> None:
    journal = Journal()
    app = lifecycle_app(journal)
    await app.container.get(Resource)
    error = Boom('body')
    with pytest.raises(Boom) as caught:
        async with app:
            raise error
    assert caught.value is error
    assert journal == [*STARTED, 'lifespan-exit second', 'lifespan-exit first', *SHUT_DOWN]


class OnlyInit:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def on_app_init(self, app: Application, /) -> None:
        self._journal.append('only app-init')


class OnlyAfterInit:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def after_app_init(self, app: Application, /) -> None:
        self._journal.append('only after-init')


class OnlyShutdown:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def on_app_shutdown(self, app: Application, /) -> None:
        self._journal.append('only app-shutdown')


class OnlyDestroy:
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def on_module_destroy(self, module: Module, /) -> None:
        self._journal.append('only module-destroy')


async def test_extensions_may_implement_any_subset_of_the_hooks() -> None:
    journal = Journal()

    @module(extensions=[OnlyDestroy(journal)])
    class Root:
        pass

    app = ApplicationFactory(
        Root, extensions=[OnlyShutdown(journal), OnlyAfterInit(journal), OnlyInit(journal)]
    ).create()
    async with app:
        journal.append('running')
    assert journal == [
        'only app-init',
        'only after-init',
        'running',
        'only app-shutdown',
        'only module-destroy',
    ]


# --- misuse --------------------------------------------------------------------------------


@module()
class EmptyModule:
    pass


async def test_entering_twice_is_an_error() -> None:
    app = ApplicationFactory(EmptyModule).create()
    async with app:
        with pytest.raises(
            ApplicationError,
            match=r'The application of tests\.test_application\.EmptyModule is running: '
            r'cannot start it again\. Hint: enter `async with app:` once, in one task\.',
        ):
            await app.__aenter__()
        assert state(app) == 'running'
    assert state(app) == 'stopped'


async def test_exiting_a_stopped_application_is_an_error() -> None:
    app = ApplicationFactory(EmptyModule).create()
    with pytest.raises(
        ApplicationError,
        match=r'The application of tests\.test_application\.EmptyModule has not started: cannot exit it\. '
        r'Hint: use `async with app:`\.',
    ):
        await app.__aexit__(None, None, None)


# --- scopes and context --------------------------------------------------------------------


class Settings:
    def __init__(self, name: str) -> None:
        self.name = name


class UnitOfWork:
    """REQUEST scoped."""


class Greeter:
    """APP scoped, built from context."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings


@module(
    providers=[
        contextual(Settings, scope=Scope.APP),
        singleton(Greeter),
        scoped(UnitOfWork),
    ],
)
class ScopedModule:
    pass


async def test_container_call_opens_a_request_scope() -> None:
    app = ApplicationFactory(ScopedModule, context={Settings: Settings('prod')}).create()
    async with app:
        assert app.container.scope is Scope.APP
        async with app.container() as first:
            assert first.scope is Scope.REQUEST
            unit = await first.get(UnitOfWork)
            assert await first.get(UnitOfWork) is unit
            greeter = await first.get(Greeter)
        async with app.container() as second:
            assert await second.get(UnitOfWork) is not unit
            assert await second.get(Greeter) is greeter


async def test_app_context_values_are_provided() -> None:
    settings = Settings('prod')
    app = ApplicationFactory(ScopedModule, context={Settings: settings}).create()
    async with app:
        assert await app.container.get(Settings) is settings
        assert (await app.container.get(Greeter)).settings is settings


# --- registration-time hooks ---------------------------------------------------------------


class Stamp:
    pass


class Calendar:
    pass


@dataclass
class RegistrationRecorder:
    """``OnModuleRegistration``: sees the whole graph and adds a provider to its module."""

    seen: list[tuple[list[str], str, Mapping[Any, Any] | None]]

    def on_module_registration(
        self, registry: ModuleRegistry, owning_module: Module, context: Mapping[Any, Any] | None, /
    ) -> None:
        names = [item.target.__name__ for item in registry.modules]
        self.seen.append((names, owning_module.target.__name__, context))
        registry.add_providers(owning_module, [singleton(Stamp)])


class AddsCalendar:
    """``OnModuleConfigure``: adds a provider when ``@module`` runs."""

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        metadata.providers.append(singleton(Calendar))


async def test_on_module_registration_sees_the_whole_graph_and_may_add_providers() -> None:
    recorder = RegistrationRecorder(seen=[])

    @module()
    class Leaf:
        pass

    @module(imports=[Leaf], extensions=[recorder])
    class Middle:
        pass

    @module(imports=[Middle])
    class Root:
        pass

    context = {Settings: Settings('test')}
    app = ApplicationFactory(Root, context=context).create()
    assert recorder.seen == [(['Leaf', 'Middle', 'Root'], 'Middle', context)]
    async with app:
        assert isinstance(await app.container.get(Stamp), Stamp)


async def test_on_module_configure_adds_a_provider_at_decoration_time() -> None:
    @module(extensions=[AddsCalendar()])
    class CalendarModule:
        pass

    app = ApplicationFactory(CalendarModule).create()
    async with app:
        assert isinstance(await app.container.get(Calendar), Calendar)


async def test_lifespan_may_be_a_function_of_the_app() -> None:
    seen: list[Application] = []

    @asynccontextmanager
    async def lifespan(app: Application) -> AsyncGenerator[None]:
        seen.append(app)
        yield

    app = ApplicationFactory(EmptyModule, lifespan=[lifespan]).create()
    async with app:
        assert seen == [app]


async def test_lifespan_may_be_any_async_context_manager() -> None:
    class Span(AbstractAsyncContextManager[object]):
        def __init__(self) -> None:
            self.events: list[str] = []

        @override
        async def __aenter__(self) -> object:
            self.events.append('enter')
            return self

        @override
        async def __aexit__(self, *exc_info: object) -> None:
            self.events.append('exit')

    span = Span()
    app = ApplicationFactory(EmptyModule, lifespan=[span]).create()
    async with app:
        assert span.events == ['enter']
    assert span.events == ['enter', 'exit']


def test_provider_lists_are_per_application() -> None:
    recorder = RegistrationRecorder(seen=[])

    @module(extensions=[recorder])
    class Root:
        pass

    first = ApplicationFactory(Root).create()
    second = ApplicationFactory(Root).create()
    first_root = first.registry.get(Root)
    second_root = second.registry.get(Root)
    assert first_root is not None
    assert second_root is not None
    assert len(first_root.providers) == len(second_root.providers) == 1  # one Stamp each, not two
    assert all(isinstance(provider, Provider) for provider in first_root.providers)


class SwallowingLifespan:
    """A lifespan that catches Boom around its body, as a careless one might."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    async def __aenter__(self) -> None:
        self._journal.append('lifespan enter')

    async def __aexit__(self, *exc_info: object) -> bool:
        self._journal.append('lifespan exit')
        return True  # swallows whatever is raised inside


class FailsAfterInit:
    async def after_app_init(self, app: Application, /) -> None:
        raise Boom


@pytest.mark.anyio
async def test_a_start_up_error_propagates_even_if_a_lifespan_swallows_it() -> None:
    journal = Journal()
    app = ApplicationFactory(
        EmptyModule, lifespan=[SwallowingLifespan(journal)], extensions=[FailsAfterInit()]
    ).create()
    with pytest.raises(Boom):
        await app.__aenter__()
    assert journal == ['lifespan enter', 'lifespan exit']
    assert not app.is_running


class Client:
    pass


async def make_client() -> Client:
    await anyio.sleep(0.01)  # slow enough that two scopes ask for it at the same time
    return Client()


class ClientUser:
    def __init__(self, client: Client) -> None:
        self.client = client


@module(providers=[singleton(make_client), scoped(ClientUser)])
class ClientModule:
    pass


@pytest.mark.anyio
async def test_concurrent_scopes_share_one_app_singleton_on_every_backend() -> None:
    app = ApplicationFactory(ClientModule).create()
    clients: list[Client] = []

    async def use() -> None:
        async with app.container() as container:
            clients.append((await container.get(ClientUser)).client)

    async with app, anyio.create_task_group() as group:
        for _ in range(5):
            group.start_soon(use)
    assert len(clients) == 5
    assert all(client is clients[0] for client in clients)
