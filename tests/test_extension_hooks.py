"""Every extension hook runs wherever it may be listed, in the documented order, or is refused there.

Places: a module (``@module(extensions=...)``), a dynamic module (``DynamicModule(extensions=...)``)
and the application (``ApplicationFactory(extensions=...)``).
"""

from collections.abc import AsyncGenerator, Callable, Coroutine, Generator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from types import MappingProxyType
from typing import Any, cast

import pytest

from denpo import (
    Application,
    ApplicationFactory,
    ApplicationState,
    DynamicModule,
    Module,
    ModuleMetadata,
    module,
)
from denpo.di import object_, singleton
from denpo.exceptions import ApplicationError, InvalidModuleError
from denpo.modules import ModuleRegistry
from tests.conftest import named


class Journal:
    def __init__(self) -> None:
        self.entries: list[str] = []


class ApplicationHooks:
    """The four hooks an application's list runs; each call is written down, with its module."""

    def __init__(self, journal: Journal, name: str) -> None:
        self.journal = journal
        self.name = name

    def on_module_registration(
        self, registry: ModuleRegistry, owning_module: Module, context: Mapping[Any, Any] | None, /
    ) -> None:
        self.journal.entries.append(f'{self.name}: registration, owner {owning_module.target.__name__}')

    async def on_app_init(self, app: Application, /) -> None:
        self.journal.entries.append(f'{self.name}: app init')

    async def after_app_init(self, app: Application, /) -> None:
        self.journal.entries.append(f'{self.name}: after app init')

    async def on_app_shutdown(self, app: Application, /) -> None:
        self.journal.entries.append(f'{self.name}: app shutdown')


class EveryHook(ApplicationHooks):
    """Implements all seven hooks: the application's four and the three that act on one module."""

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        self.journal.entries.append(f'{self.name}: configure {metadata.target.__name__}')

    async def on_module_init(self, module: Module, /) -> None:
        self.journal.entries.append(f'{self.name}: init {module.target.__name__}')

    async def on_module_destroy(self, module: Module, /) -> None:
        self.journal.entries.append(f'{self.name}: destroy {module.target.__name__}')


def lifespan_of(journal: Journal) -> Callable[[Application], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Application) -> AsyncGenerator[None]:
        journal.entries.append('lifespan enters')
        yield
        journal.entries.append('lifespan exits')

    return lifespan


@pytest.mark.anyio
async def test_every_hook_runs_in_every_place_in_the_documented_order() -> None:
    journal = Journal()

    @module(extensions=[EveryHook(journal, 'leaf')])
    class Leaf:
        pass

    @module()
    class Configurable:
        pass

    dynamic = DynamicModule(
        parent_module=Configurable, imports=[Leaf], extensions=[EveryHook(journal, 'dynamic')]
    )

    @module(imports=[dynamic], extensions=[EveryHook(journal, 'root')])
    class Root:
        pass

    app = ApplicationFactory(
        Root, lifespan=[lifespan_of(journal)], extensions=[ApplicationHooks(journal, 'app')]
    ).create()
    async with app:
        journal.entries.append('running')

    assert journal.entries == [
        # Configure: when each module is declared (the dynamic one when it is created).
        'leaf: configure Leaf',
        'dynamic: configure Configurable',
        'root: configure Root',
        # Registration: the application's first, owned by the root module; then topological order.
        'app: registration, owner Root',
        'leaf: registration, owner Leaf',
        'dynamic: registration, owner Configurable',
        'root: registration, owner Root',
        # Start: module init, application init (application first, then modules), lifespans, after-init.
        'leaf: init Leaf',
        'dynamic: init Configurable',
        'root: init Root',
        'app: app init',
        'leaf: app init',
        'dynamic: app init',
        'root: app init',
        'lifespan enters',
        'app: after app init',
        'leaf: after app init',
        'dynamic: after app init',
        'root: after app init',
        'running',
        # Exit: the mirror image.
        'lifespan exits',
        'root: app shutdown',
        'dynamic: app shutdown',
        'leaf: app shutdown',
        'app: app shutdown',
        'root: destroy Root',
        'dynamic: destroy Configurable',
        'leaf: destroy Leaf',
    ]


class Clock:
    pass


class AddsAClock:
    """Adds a provider in ``on_module_configure``, as a configurable module's extension would."""

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        metadata.providers.append(singleton(Clock))


@pytest.mark.anyio
async def test_a_dynamic_modules_configure_hook_adds_to_that_module() -> None:
    @module(exports=[Clock])
    class Timekeeping:
        pass

    clocked = DynamicModule(parent_module=Timekeeping, extensions=[AddsAClock()])
    assert len(clocked.providers) == 1  # the hook ran when the dynamic module was created

    @module(imports=[clocked])
    class Root:
        pass

    app = ApplicationFactory(Root).create()
    async with app:
        assert isinstance(await app.container.get(Clock), Clock)
    assert app.registry.get(Timekeeping) is not None
    # The parent's own declaration is untouched: another dynamic form of it starts from scratch.
    assert DynamicModule(parent_module=Timekeeping).providers == ()


class AddsGarbage:
    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        metadata.providers.append(cast('Any', Clock))


def declare_module() -> object:
    return module(extensions=[AddsGarbage()])(type('Garbled', (), {}))


def declare_dynamic_module() -> object:
    return DynamicModule(parent_module=module()(type('Parent', (), {})), extensions=[AddsGarbage()])


@pytest.mark.parametrize('declare', [declare_module, declare_dynamic_module])
def test_what_a_configure_hook_leaves_is_checked_like_a_declaration(declare: Callable[[], object]) -> None:
    message = r'after its OnModuleConfigure hooks: providers= expects dishka providers, got .*Clock'
    with pytest.raises(InvalidModuleError, match=message):
        declare()


class ReadsTheContext:
    def __init__(self) -> None:
        self.seen: Mapping[Any, Any] | None = None
        self.owners: list[Module] = []

    def on_module_registration(
        self, registry: ModuleRegistry, owning_module: Module, context: Mapping[Any, Any] | None, /
    ) -> None:
        self.seen = context
        self.owners.append(owning_module)
        registry.add_providers(owning_module, [object_(Clock())])


def test_an_application_registration_hook_owns_the_root_and_reads_the_context() -> None:
    @module()
    class Root:
        pass

    hook = ReadsTheContext()
    app = ApplicationFactory(Root, context={int: 7}, extensions=[hook]).create()
    assert [owner.target for owner in hook.owners] == [Root]
    assert hook.seen == {int: 7}
    assert isinstance(hook.seen, MappingProxyType)  # read-only: a hook cannot change the app's context
    root = app.registry.root
    assert any(
        Clock in {factory.provides.type_hint for factory in provider.factories} for provider in root.providers
    )


class OnlyConfigure:
    def on_module_configure(self, metadata: ModuleMetadata, /) -> None: ...


class OnlyInit:
    async def on_module_init(self, module: Module, /) -> None: ...


class OnlyDestroy:
    async def on_module_destroy(self, module: Module, /) -> None: ...


@pytest.mark.parametrize(
    ('extension', 'hook'),
    [
        pytest.param(OnlyConfigure(), 'OnModuleConfigure', id='configure'),
        pytest.param(OnlyInit(), 'OnModuleInit', id='init'),
        pytest.param(OnlyDestroy(), 'OnModuleDestroy', id='destroy'),
        pytest.param(EveryHook(Journal(), 'all'), 'OnModuleConfigure', id='with-hooks-that-would-run'),
    ],
)
def test_a_hook_that_has_no_module_is_refused_in_the_applications_list(extension: object, hook: str) -> None:
    message = (
        rf'ApplicationFactory\(\.\.\.\): extensions= got <{named(type(extension))} object at .*>, which '
        rf'implements {hook}, a hook that does not run here \(this list runs OnModuleRegistration, '
        r"OnApplicationInit, AfterApplicationInit, OnApplicationShutdown\)\. Hint: list it in a module's "
        r"`@module\(extensions=\[\.\.\.\]\)` \(the root module's, to run it once\)\."
    )

    @module()
    class Root:
        pass

    with pytest.raises(TypeError, match=message):
        ApplicationFactory(Root, extensions=[cast('Any', extension)])


class AsyncCall:
    async def __call__(self, *arguments: object) -> None: ...


class SyncCall:
    def __call__(self, *arguments: object) -> None: ...


class ConfigureByAsyncObject:
    on_module_configure = AsyncCall()


class InitBySyncObject:
    on_module_init = SyncCall()


@pytest.mark.parametrize(
    ('extension', 'message'),
    [
        pytest.param(
            ConfigureByAsyncObject(),
            r'whose OnModuleConfigure hook on_module_configure\(\) is a callable object whose __call__ is '
            r'an `async def`, but denpo calls it without awaiting\. '
            r'Hint: write `def on_module_configure\(\.\.\.\)`',
            id='async-object-not-awaited',
        ),
        pytest.param(
            InitBySyncObject(),
            r'whose OnModuleInit hook on_module_init\(\) is a callable object whose __call__ is a plain '
            r'`def`, but denpo awaits it\. Hint: write `async def on_module_init\(\.\.\.\)`',
            id='sync-object-awaited',
        ),
    ],
)
def test_a_callable_object_hook_is_judged_by_its_call(extension: object, message: str) -> None:
    with pytest.raises(InvalidModuleError, match=message):
        module(extensions=[cast('Any', extension)])(type('Hooked', (), {}))


async def configure_later(metadata: ModuleMetadata) -> None: ...


def configure_plainly(metadata: ModuleMetadata) -> Coroutine[Any, Any, None]:
    return configure_later(metadata)


class ConfigureReturningACoroutine:
    """A plain function that returns a coroutine: only the call can tell it is not a `def` hook."""

    on_module_configure = staticmethod(configure_plainly)


def init_now(module: Module) -> None: ...


class InitReturningNothing:
    """A partial of a plain function: only the call can tell it returns nothing to await."""

    def __init__(self) -> None:
        self.on_module_init = partial(init_now)


def test_a_sync_hook_that_returns_a_coroutine_fails_by_name_when_called() -> None:
    message = (
        rf'The OnModuleConfigure hook {named(ConfigureReturningACoroutine)}\.on_module_configure\(\) '
        r'returned <coroutine object .*>, which denpo does not await: the hook did not run\. '
        r'Hint: write `def on_module_configure\(\.\.\.\)`, not `async def`\.'
    )
    with pytest.raises(TypeError, match=message):
        module(extensions=[cast('Any', ConfigureReturningACoroutine())])(type('Hooked', (), {}))


@pytest.mark.anyio
async def test_an_awaited_hook_that_returns_nothing_fails_by_name_when_called() -> None:
    @module(extensions=[cast('Any', InitReturningNothing())])
    class Hooked:
        pass

    app = ApplicationFactory(Hooked).create()
    message = (
        rf'The OnModuleInit hook {named(InitReturningNothing)}\.on_module_init\(\) returned None, which '
        r'cannot be awaited\. Hint: write `async def on_module_init\(\.\.\.\)`\.'
    )
    with pytest.raises(TypeError, match=message):
        async with app:
            pass  # pragma: no cover - the start fails
    assert app.state is ApplicationState.STOPPED


class KeepsTheRegistry:
    def __init__(self) -> None:
        self.registry: ModuleRegistry | None = None

    def on_module_registration(
        self, registry: ModuleRegistry, owning_module: Module, context: Mapping[Any, Any] | None, /
    ) -> None:
        self.registry = registry


def test_adding_providers_after_the_registration_is_refused() -> None:
    keeper = KeepsTheRegistry()

    @module(extensions=[keeper])
    class Root:
        pass

    app = ApplicationFactory(Root).create()
    assert keeper.registry is app.registry
    message = (
        r'^ModuleRegistry\.add_providers\(\) was called after the registration hooks ran: the container is '
        r'built from what they added, so these providers would go nowhere\. Hint: add providers in an '
        r'OnModuleRegistration hook \(or list them in a module\)\.$'
    )
    with pytest.raises(ApplicationError, match=message):
        app.registry.add_providers(app.registry.root, [singleton(Clock)])
    with pytest.raises(ApplicationError, match=r'ModuleRegistry\.add_borrowed\(\) was called after'):
        app.registry.add_borrowed(app.registry.root, [singleton(Clock)])


class AddsToAStranger:
    def on_module_registration(
        self, registry: ModuleRegistry, owning_module: Module, context: Mapping[Any, Any] | None, /
    ) -> None:
        stranger = Module(target=Clock, providers=[], imports=(), exports=(), extensions=(), is_global=False)
        registry.add_providers(stranger, [singleton(Clock)])


def test_adding_providers_to_a_module_of_another_graph_is_refused() -> None:
    @module(extensions=[AddsToAStranger()])
    class Root:
        pass

    message = (
        r'^ModuleRegistry\.add_providers\(\) got Module\(tests\.test_extension_hooks\.Clock\), which is '
        r'not a module of this registry\. Hint: pass the owning_module the hook was given, or '
        r'registry\.get\(SomeModule\)\.$'
    )
    with pytest.raises(ApplicationError, match=message):
        ApplicationFactory(Root).create()


def test_the_registry_finds_a_module_by_its_dynamic_form_too() -> None:
    @module()
    class Configurable:
        pass

    dynamic = DynamicModule(parent_module=Configurable, providers=[singleton(Clock)])

    @module(imports=[dynamic])
    class Root:
        pass

    registry = ApplicationFactory(Root).create().registry
    found = registry.get(dynamic)
    assert found is not None
    assert found is registry.get(Configurable)


class Pending:
    """An awaitable that is not a coroutine (as a Future or a Task is)."""

    def __await__(self) -> Generator[None]:
        yield


class RegistrationReturningAnAwaitable:
    def on_module_registration(self, *arguments: object) -> Pending:
        return Pending()


def test_a_registration_hook_that_returns_an_awaitable_fails_by_name() -> None:
    @module()
    class Root:
        pass

    message = (
        rf'^The OnModuleRegistration hook {named(RegistrationReturningAnAwaitable)}'
        r'\.on_module_registration\(\) '
        rf'returned <{named(Pending)} object at .*>, which denpo does not await: the hook did not run\.'
    )
    with pytest.raises(TypeError, match=message):
        ApplicationFactory(Root, extensions=[cast('Any', RegistrationReturningAnAwaitable())]).create()
