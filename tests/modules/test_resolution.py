"""Start-up validation of dependencies: dishka's graph errors reworded in terms of modules.

``ApplicationFactory.create()`` validates the container graph; when a handler, behavior or
provider cannot be built, ``DependencyResolutionError`` names it, the dependency, the module to
fix and how the dependency is reached.
"""

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Generic, TypeVar

import pytest
from dishka import FromComponent
from dishka.entities.key import DependencyKey
from dishka.exceptions import CycleDependenciesError, GraphMissingFactoryError, ImplicitOverrideDetectedError
from typing_extensions import override

from denpo import ApplicationFactory, DependencyResolutionError, DuplicateProviderError, module
from denpo.di import Provider, Scope, contextual, many, scoped, singleton
from denpo.messaging import (
    CallNext,
    EventHandler,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    RequestHandler,
)
from denpo.modules import build_module_registry
from denpo.modules._resolution import render_type, resolution_error
from denpo.testing import create_test_app
from tests.conftest import (
    OrderPlaced,
    OrdersModule,
    PlaceOrder,
    PlaceOrderHandler,
    Unbound,
    bind_request_unchecked,
    messaging_app,
    named,
)

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


def qualified(obj: type[Any]) -> str:
    return f'{obj.__module__}.{obj.__qualname__}'


# --- services ------------------------------------------------------------------------------


class Database:
    pass


class Connection:
    pass


class Notifier:
    pass


class EmailNotifier(Notifier):
    pass


class NotifierHub:
    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self.notifiers = notifiers


class Repository(Generic[T]):
    pass


class UnitOfWork:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection


class Audit:
    """Built once per application: may not depend on a REQUEST-scoped unit of work."""

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


class LeftPart:
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


class RightPart:
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


class ChickenFactory:
    def __init__(self, egg: 'EggFactory') -> None:
        self.egg = egg


class EggFactory:
    def __init__(self, chicken: ChickenFactory) -> None:
        self.chicken = chicken


def open_connection() -> Iterator[Connection]:
    yield Connection()


def action_scoped(*sources: Any) -> Provider:
    """Provide ``sources`` in the ACTION scope, narrower than the REQUEST scope of handlers."""
    provider = Provider(scope=Scope.ACTION)
    for source in sources:
        provider.provide(source)
    return provider


# --- handlers and behaviors that need them -------------------------------------------------


class NeedsConnection(RequestHandler[PlaceOrder, str]):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class NeedsUnitOfWork(RequestHandler[PlaceOrder, str]):
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class AlsoNeedsUnitOfWork(RequestHandler[Unbound, int]):
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit

    @override
    async def handle(self, request: Unbound, /) -> int:
        return 0


class NeedsNotifiers(RequestHandler[PlaceOrder, str]):
    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self.notifiers = notifiers

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class NeedsRepository(RequestHandler[PlaceOrder, str]):
    def __init__(self, repository: Repository[int]) -> None:
        self.repository = repository

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class NeedsNamedDatabase(RequestHandler[PlaceOrder, str]):
    def __init__(self, database: Annotated[Database, FromComponent('reporting')]) -> None:
        self.database = database

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class NeedsBothParts(RequestHandler[PlaceOrder, str]):
    def __init__(self, left: LeftPart, right: RightPart) -> None:
        self.parts = left, right

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class ConnectionLogging(IPipelineBehavior[Q, R], Generic[Q, R]):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class EmailWithConnection(EventHandler[OrderPlaced]):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


# --- modules -------------------------------------------------------------------------------


@module(providers=[action_scoped(open_connection)], exports=[Connection], is_global=True)
class ActionConnectionModule:
    """Opens a connection per ACTION scope: too narrow for anything built per REQUEST."""


@module(providers=[scoped(UnitOfWork)], exports=[UnitOfWork], is_global=True)
class UnitOfWorkModule:
    pass


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, NeedsConnection)])
class ConnectionUsersModule:
    pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, NeedsUnitOfWork)
        .bind_request(Unbound, AlsoNeedsUnitOfWork),
    ]
)
class UnitOfWorkUsersModule:
    pass


@module(
    extensions=[
        MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[ConnectionLogging])
    ]
)
class BehaviorWithConnectionModule:
    pass


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [EmailWithConnection])])
class EventHandlerWithConnectionModule:
    pass


def resolution_failure(*modules: Any, config: MessagingConfig | None = None) -> DependencyResolutionError:
    """Build a messaging app of ``modules`` and return the error it must fail with."""
    with pytest.raises(DependencyResolutionError) as caught:
        messaging_app(*modules, config=config)
    assert isinstance(caught.value.__cause__, GraphMissingFactoryError)  # dishka's report, kept
    return caught.value


# --- what the error names ------------------------------------------------------------------


def test_a_dependency_in_a_narrower_scope_names_handler_dependency_and_the_module_to_fix() -> None:
    error = resolution_failure(ConnectionUsersModule, ActionConnectionModule)
    assert error.module == qualified(ConnectionUsersModule)
    assert error.dependent == qualified(NeedsConnection)
    assert error.dependency == qualified(Connection)
    assert error.scope == 'REQUEST'
    assert error.provided_elsewhere == ((qualified(ActionConnectionModule), 'ACTION'),)
    assert error.required_by == ()
    assert error.chain == (qualified(NeedsConnection), qualified(Connection))
    assert str(error) == (
        f'{qualified(NeedsConnection)} in module {qualified(ConnectionUsersModule)} depends on '
        f'{qualified(Connection)}, which is provided only in scope ACTION by module '
        f'{qualified(ActionConnectionModule)}, narrower than the REQUEST scope of '
        f'{qualified(NeedsConnection)}. '
        f'Hint: provide {qualified(Connection)} in scope REQUEST or a wider one in '
        f'{qualified(ActionConnectionModule)} (for example with denpo.di.scoped or denpo.di.singleton), '
        f'or stop injecting it into {qualified(NeedsConnection)}.'
    )


def test_a_broken_shared_dependency_names_every_handler_it_blocks_and_the_chain() -> None:
    error = resolution_failure(UnitOfWorkUsersModule, UnitOfWorkModule, ActionConnectionModule)
    assert error.dependent == qualified(UnitOfWork)
    assert error.module == qualified(UnitOfWorkModule)
    assert error.required_by == (
        (qualified(NeedsUnitOfWork), qualified(UnitOfWorkUsersModule)),
        (qualified(AlsoNeedsUnitOfWork), qualified(UnitOfWorkUsersModule)),
    )
    assert error.chain == (qualified(NeedsUnitOfWork), qualified(UnitOfWork), qualified(Connection))
    assert str(error).startswith(
        f'Cannot build {qualified(NeedsUnitOfWork)} in module {qualified(UnitOfWorkUsersModule)}, '
        f'{qualified(AlsoNeedsUnitOfWork)} in module {qualified(UnitOfWorkUsersModule)}: '
        f'{qualified(UnitOfWork)} in module {qualified(UnitOfWorkModule)} depends on {qualified(Connection)} '
        f'(through {qualified(NeedsUnitOfWork)} -> {qualified(UnitOfWork)} -> {qualified(Connection)}), '
        f'which is provided only in scope ACTION'
    )


@pytest.mark.parametrize(
    ('modules', 'config', 'dependent', 'owner'),
    [
        pytest.param(
            (BehaviorWithConnectionModule,),
            None,
            ConnectionLogging,
            qualified(BehaviorWithConnectionModule),
            id='per-request-behavior-in-its-binding-module',
        ),
        pytest.param(
            (OrdersModule,),
            MessagingConfig(pipeline_behaviors=[ConnectionLogging]),
            ConnectionLogging,
            'denpo.messaging.module.MessagingModule',
            id='global-behavior-in-the-messaging-module',
        ),
        pytest.param(
            (EventHandlerWithConnectionModule,),
            None,
            EmailWithConnection,
            qualified(EventHandlerWithConnectionModule),
            id='event-handler-in-its-binding-module',
        ),
    ],
)
def test_behaviors_and_event_handlers_are_named_with_the_module_that_binds_them(
    modules: tuple[Any, ...], config: MessagingConfig | None, dependent: type[Any], owner: str
) -> None:
    error = resolution_failure(*modules, ActionConnectionModule, config=config)
    assert (error.dependent, error.module, error.dependency) == (
        qualified(dependent),
        owner,
        qualified(Connection),
    )


def test_a_singleton_that_needs_a_scoped_dependency_is_reported_too() -> None:
    @module(providers=[singleton(Audit)], imports=[UnitOfWorkModule])
    class AuditModule:
        pass

    error = resolution_failure(AuditModule, UnitOfWorkModule, ActionConnectionModule)
    assert (error.dependent, error.scope) == (qualified(Audit), 'APP')
    assert error.provided_elsewhere == ((qualified(UnitOfWorkModule), 'REQUEST'),)
    assert 'narrower than the APP scope of' in str(error)


def test_an_alias_of_something_nobody_provides_is_named_by_the_type_it_provides() -> None:
    aliases = Provider(scope=Scope.REQUEST)
    aliases.alias(Database, provides=Notifier)

    @module(providers=[aliases])
    class AliasModule:
        pass

    error = resolution_failure(AliasModule)
    assert (error.dependent, error.dependency) == (qualified(Notifier), qualified(Database))
    assert str(error).endswith(
        f'but no provider builds it. Hint: add a provider for {qualified(Database)} to '
        f'{qualified(AliasModule)}, '
        'to a module it imports or to a global module (denpo.di.many(...) provides a Sequence[...] of '
        'several implementations).'
    )


@pytest.mark.parametrize(
    ('handler', 'dependency'),
    [
        pytest.param(NeedsNotifiers, rf'Sequence\[{named(Notifier)}\]', id='a-sequence'),
        pytest.param(NeedsRepository, rf'{named(Repository)}\[int\]', id='a-user-generic'),
    ],
)
def test_a_dependency_nobody_provides_is_named_as_the_handler_writes_it(
    handler: type[Any], dependency: str
) -> None:
    @module(extensions=[bind_request_unchecked(PlaceOrder, handler)])
    class HandlerModule:
        pass

    message = rf'depends on {dependency}, but no provider builds it'
    with pytest.raises(DependencyResolutionError, match=message) as caught:
        messaging_app(HandlerModule, ActionConnectionModule)
    assert 'Hint:' in str(caught.value)


def test_a_dependency_from_a_component_nobody_fills_names_the_component() -> None:
    @module(
        providers=[singleton(Database), contextual(Connection)],
        extensions=[MessagingExtension().bind_request(PlaceOrder, NeedsNamedDatabase)],
    )
    class ReportingModule:
        pass

    error = resolution_failure(ReportingModule)
    assert error.dependency == f"{qualified(Database)} (component 'reporting')"
    assert 'but no provider builds it' in str(error)


def test_providers_added_by_a_test_belong_to_no_module() -> None:
    hub = Provider(scope=Scope.REQUEST)
    hub.provide(NotifierHub)
    with pytest.raises(DependencyResolutionError) as caught:
        create_test_app(OrdersModule, providers=[hub])
    assert caught.value.module is None
    assert f'{qualified(NotifierHub)} depends on Sequence[{qualified(Notifier)}]' in str(caught.value)
    assert 'Hint: add a provider for' in str(caught.value)
    assert 'to a module of the application' in str(caught.value)


def test_an_override_in_a_narrower_scope_is_reported_without_a_module() -> None:
    @module(providers=[scoped(Connection)], exports=[Connection], is_global=True)
    class RequestConnectionModule:
        pass

    @module(imports=[RequestConnectionModule, ConnectionUsersModule])
    class Root:
        pass

    with pytest.raises(DependencyResolutionError) as caught:
        create_test_app(Root, providers=[action_scoped(open_connection)])
    assert caught.value.provided_elsewhere == ((None, 'ACTION'),)
    assert (
        f'provided only in scope ACTION, narrower than the REQUEST scope of {qualified(NeedsConnection)}'
        in str(caught.value)
    )


@pytest.mark.parametrize(
    ('handler', 'fix'),
    [
        pytest.param(NeedsNotifiers, many(Notifier, EmailNotifier), id='many-provides-the-sequence'),
        pytest.param(NeedsConnection, scoped(Connection), id='a-request-scoped-provider'),
    ],
)
def test_the_hinted_fix_builds(handler: type[Any], fix: Provider) -> None:
    @module(providers=[fix], extensions=[bind_request_unchecked(PlaceOrder, handler)])
    class FixedModule:
        pass

    assert messaging_app(FixedModule).registry.get(FixedModule) is not None


def test_other_graph_errors_are_dishkas_own() -> None:
    @module(providers=[scoped(ChickenFactory), scoped(EggFactory)])
    class CycleModule:
        pass

    with pytest.raises(CycleDependenciesError):
        messaging_app(CycleModule)


def test_an_error_without_a_path_is_left_unworded() -> None:
    error = GraphMissingFactoryError(DependencyKey(Database, ''))
    assert resolution_error(error, build_module_registry(OrdersModule)) is None


def no_rewording(*_: object) -> None:
    return None


def test_create_raises_dishkas_error_when_it_cannot_be_reworded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr('denpo.application.resolution_error', no_rewording)
    with pytest.raises(GraphMissingFactoryError):
        messaging_app(ConnectionUsersModule, ActionConnectionModule)


def test_a_diamond_names_its_handler_once_and_the_shortest_chain() -> None:
    @module(
        providers=[scoped(LeftPart), scoped(RightPart)],
        extensions=[MessagingExtension().bind_request(PlaceOrder, NeedsBothParts)],
    )
    class PartsModule:
        pass

    error = resolution_failure(PartsModule, UnitOfWorkModule, ActionConnectionModule)
    assert error.required_by == ((qualified(NeedsBothParts), qualified(PartsModule)),)
    assert error.chain == (
        qualified(NeedsBothParts),
        qualified(LeftPart),
        qualified(UnitOfWork),
        qualified(Connection),
    )


@pytest.mark.parametrize(
    ('hint', 'expected'),
    [
        pytest.param(Database, qualified(Database), id='class'),
        pytest.param(Sequence[Notifier], f'Sequence[{qualified(Notifier)}]', id='abc-generic'),
        pytest.param(Repository[int], f'{qualified(Repository)}[int]', id='user-generic'),
        pytest.param(dict[str, list[int]], 'dict[str, list[int]]', id='nested-builtins'),
    ],
)
def test_dependencies_are_named_as_written(hint: Any, expected: str) -> None:
    assert render_type(hint) == expected


# --- one type, two providers -----------------------------------------------------------------


class Ticker:
    pass


@module(providers=[singleton(Ticker)], exports=[Ticker])
class TickerModule:
    pass


class AddsATicker:
    def on_module_registration(self, registry: Any, owning_module: Any, context: Any, /) -> None:
        registry.add_providers(owning_module, [singleton(Ticker)])


def two_modules() -> object:
    @module(imports=[TickerModule], providers=[singleton(Ticker)])
    class AlsoTicks:
        pass

    return AlsoTicks


def one_module_twice() -> object:
    @module(providers=[singleton(Ticker), singleton(Ticker)])
    class TicksTwice:
        pass

    return TicksTwice


def a_hook_adds_it_again() -> object:
    @module(providers=[singleton(Ticker)], extensions=[AddsATicker()])
    class HookTicks:
        pass

    return HookTicks


@pytest.mark.parametrize(
    ('declare', 'where'),
    [
        pytest.param(two_modules, rf'by {named(TickerModule)} and .*AlsoTicks', id='two-modules'),
        pytest.param(one_module_twice, r'twice by module .*TicksTwice', id='one-module-twice'),
        pytest.param(a_hook_adds_it_again, r'twice by module .*HookTicks', id='a-registration-hook'),
    ],
)
def test_a_type_provided_twice_names_the_modules(declare: Any, where: str) -> None:
    message = (
        rf'^{named(Ticker)} is provided {where}\. Hint: keep one provider; a module that needs another '
        rf"module's {named(Ticker)} imports that module, which lists it in exports=\[\.\.\.\] \(to replace "
        r'a provider in tests, use denpo\.testing\.create_test_app\(providers=\[\.\.\.\]\) or '
        r'ApplicationFactory\(\.\.\.\)\.create\(overrides=\[\.\.\.\]\)\)\.$'
    )
    with pytest.raises(DuplicateProviderError, match=message) as caught:
        ApplicationFactory(declare()).create()
    assert isinstance(caught.value.__cause__, ImplicitOverrideDetectedError)
    assert caught.value.dependency == f'{Ticker.__module__}.Ticker'
    assert len(caught.value.modules) == 2  # the two providers
