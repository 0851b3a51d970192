"""Bad input: one table row per mistake, each refused with the right exception and a message that
names the culprit and the fix; then the start-up validation of dependencies in detail.

The table is the census of the issue's "bad inputs tried": exact wordings are pinned by the
topic tests (``tests/messaging``, ``tests/modules``); each row here pins the exception type
and the message's key words. Mistakes made against a running bus are made in a live scope,
which must serve the next request normally afterwards.
"""

import inspect
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeAlias, TypeVar, cast

import pytest
from dishka import FromComponent
from dishka.entities.key import DependencyKey
from dishka.exceptions import CycleDependenciesError, GraphMissingFactoryError
from typing_extensions import override

from denpo import (
    ApplicationError,
    ApplicationFactory,
    DependencyNotAccessibleError,
    DependencyResolutionError,
    DuplicateModuleError,
    DynamicModule,
    InvalidModuleError,
    ModuleImportCycleError,
    module,
)
from denpo.di import Provider, Scope, contextual, many, scoped, singleton
from denpo.messaging import (
    BindingsFrozenError,
    CallNext,
    EventHandler,
    EventHandlerAlreadyRegistered,
    IEvent,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingConfigurationError,
    MessagingExtension,
    MessagingModule,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)
from denpo.modules import build_module_registry
from denpo.modules._resolution import render_type, resolution_error
from denpo.testing import create_test_app
from tests.conftest import bind_event_unchecked, bind_request_unchecked, messaging_app

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')

Action: TypeAlias = Callable[[], object]
"""One bad input: a call that must raise (sync, or returning an awaitable that must)."""


def named(obj: type[Any]) -> str:
    """The qualified name denpo prints for ``obj``, escaped for ``match=``."""
    return re.escape(f'{obj.__module__}.{obj.__qualname__}')


# --- messages, handlers, services ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[str]):
    order_id: str


@dataclass(frozen=True, slots=True)
class RushOrder(PlaceOrder):
    pass


@dataclass(frozen=True, slots=True)
class Unbound(IRequest[int]):
    pass


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class OrderPlaced(IEvent):
    order_id: str


@dataclass(frozen=True, slots=True)
class NotAMessage:
    pass


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return request.order_id


class OtherPlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'other'


class AbstractOrderHandler(RequestHandler[PlaceOrder, str]):
    """Forgets to implement handle()."""


class UnboundHandler(RequestHandler[Unbound, int]):
    @override
    async def handle(self, request: Unbound, /) -> int:
        return 0


class SendEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Database:
    pass


class Connection:
    pass


class Notifier:
    pass


class Repository(Generic[T]):
    pass


class UnitOfWork:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection


class NeedsDatabase(RequestHandler[PlaceOrder, str]):
    def __init__(self, database: Database) -> None:
        self.database = database

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


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


class Audit:
    """Built once per application: may not depend on a REQUEST-scoped unit of work."""

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


def open_connection() -> Iterator[Connection]:
    yield Connection()


def action_scoped(*sources: Any) -> Provider:
    """Provide ``sources`` in the ACTION scope, narrower than the REQUEST scope of handlers."""
    provider = Provider(scope=Scope.ACTION)
    for source in sources:
        provider.provide(source)
    return provider


# --- modules -------------------------------------------------------------------------------


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)])
class OrdersModule:
    pass


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, OtherPlaceOrderHandler)])
class OtherOrdersModule:
    pass


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [SendEmail])])
class EmailModule:
    pass


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [SendEmail])])
class OtherEmailModule:
    pass


@module()
class FirstInCycle:
    pass


@module(imports=[FirstInCycle])
class SecondInCycle:
    pass


@module(providers=[action_scoped(open_connection)], exports=[Connection], is_global=True)
class ActionConnectionModule:
    """Opens a connection per ACTION scope: too narrow for anything built per REQUEST."""


@module(providers=[scoped(UnitOfWork)], exports=[UnitOfWork], is_global=True)
class UnitOfWorkModule:
    pass


def app_of(*modules: Any, config: MessagingConfig | None = None) -> Action:
    """Build a messaging application of ``modules`` (the build is what must fail)."""
    return lambda: messaging_app(*modules, config=config)


def root_importing(*imports: Any) -> Action:
    """Build an application whose root imports ``imports`` (unchecked)."""

    def build() -> None:
        @module(imports=cast('Any', imports))
        class Root:
            pass

        ApplicationFactory(Root).create()

    return build


def binding(*bindings: Callable[[MessagingExtension], object]) -> Action:
    """Build an app with one module whose extension receives ``bindings`` (each may fail)."""

    def build() -> None:
        extension = MessagingExtension()
        for bind in bindings:
            bind(extension)

        @module(extensions=[extension])
        class Bound:
            pass

        messaging_app(Bound)

    return build


def with_handler(handler: type[Any], *providers: Provider) -> Action:
    """Build an app binding ``PlaceOrder`` to ``handler``, next to ``providers``."""

    def build() -> None:
        extension: Any = MessagingExtension()

        @module(providers=providers, extensions=[extension.bind_request(PlaceOrder, handler)])
        class HandlerModule:
            pass

        messaging_app(HandlerModule, ActionConnectionModule)

    return build


def on_bus(call: Callable[[Any], Awaitable[object]]) -> Action:
    """Make ``call(bus)`` in a live scope; afterwards that scope's bus must still serve requests."""

    async def run() -> None:
        app = messaging_app(OrdersModule, EmailModule)
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)
            try:
                await call(bus)
            finally:
                assert await bus.invoke(PlaceOrder('still served')) == 'still served'

    return run


def bind_after_build(bind: Callable[[MessagingExtension], object]) -> Action:
    def run() -> None:
        extension = MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)

        @module(extensions=[extension])
        class Built:
            pass

        messaging_app(Built)
        bind(extension)

    return run


def decorate_twice() -> None:
    module()(module()(type('Twice', (), {})))


def register_twice() -> None:
    @module(imports=[MessagingModule.register(), MessagingModule.register()])
    class Root:
        pass

    ApplicationFactory(Root).create()


def import_the_bare_messaging_module() -> None:
    @module(imports=[MessagingModule, OrdersModule])
    class Root:
        pass

    ApplicationFactory(Root).create()


def bind_without_messaging_module() -> None:
    @module(imports=[OrdersModule])
    class Root:
        pass

    ApplicationFactory(Root).create()


async def enter_twice() -> None:
    app = messaging_app()
    async with app, app:
        pass


async def exit_without_entering() -> None:
    await messaging_app().__aexit__(None, None, None)


INVOKE = r'invoke\(\) expects a request \(an instance of an IRequest subclass\), got '
PUBLISH = r'publish\(\) expects an event \(an instance of an IEvent subclass\), got '

BAD_INPUTS = [
    # --- invoke and publish with something else than a message -------------------------------
    pytest.param(on_bus(lambda bus: bus.invoke(None)), TypeError, INVOKE + 'None', id='invoke-none'),
    pytest.param(
        on_bus(lambda bus: bus.invoke(PlaceOrder)),
        TypeError,
        INVOKE + rf'the class {named(PlaceOrder)}\. Hint: pass an instance, PlaceOrder\(\.\.\.\)',
        id='invoke-the-request-class',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke({})), TypeError, INVOKE + r'\{\} of type dict', id='invoke-dict'
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke('PlaceOrder')),
        TypeError,
        INVOKE + r"'PlaceOrder' of type str",
        id='invoke-string',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke(GetById[int])),
        TypeError,
        INVOKE + r'the class .*GetById\[int\]\. Hint: pass an instance, GetById\(\.\.\.\)',
        id='invoke-parameterized-generic-alias',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke(OrderPlaced('1'))),
        TypeError,
        INVOKE + r'OrderPlaced\(.*\) of type .*\. Hint: this is an event: use publish',
        id='invoke-an-event',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke(NotAMessage())),
        TypeError,
        INVOKE + rf'NotAMessage\(\) of type {named(NotAMessage)}',
        id='invoke-an-unrelated-dataclass',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke(Unbound())),
        RequestHandlerNotFound,
        rf'No handler is bound for request {named(Unbound)}\. '
        r'Hint: add `MessagingExtension\(\)\.bind_request',
        id='invoke-an-unbound-request',
    ),
    pytest.param(
        on_bus(lambda bus: bus.invoke(RushOrder('1'))),
        RequestHandlerNotFound,
        rf'No handler is bound for request {named(RushOrder)}',
        id='invoke-a-subclass-of-a-bound-request',
    ),
    pytest.param(
        on_bus(lambda bus: bus.publish(PlaceOrder('1'))),
        TypeError,
        PUBLISH + r'PlaceOrder\(.*\) of type .*\. Hint: this is a request: use invoke',
        id='publish-a-request',
    ),
    pytest.param(on_bus(lambda bus: bus.publish(None)), TypeError, PUBLISH + 'None', id='publish-none'),
    pytest.param(
        on_bus(lambda bus: bus.publish(OrderPlaced)),
        TypeError,
        PUBLISH + rf'the class {named(OrderPlaced)}\. Hint: pass an instance',
        id='publish-the-event-class',
    ),
    pytest.param(on_bus(lambda bus: bus.publish({})), TypeError, PUBLISH + r'\{\}', id='publish-dict'),
    pytest.param(
        on_bus(lambda bus: bus.publish(PlaceOrder)),
        TypeError,
        PUBLISH + rf'the class {named(PlaceOrder)}',
        id='publish-a-request-class',
    ),
    # --- bind_request ---------------------------------------------------------------------------
    pytest.param(
        lambda: bind_request_unchecked(42, PlaceOrderHandler),
        InvalidBindingError,
        r'bind_request\(\) expects a request class, got an instance of int\. Hint: pass the class itself',
        id='bind-a-non-class',
    ),
    pytest.param(
        lambda: bind_request_unchecked('PlaceOrder', PlaceOrderHandler),
        InvalidBindingError,
        r'bind_request\(\) expects a request class, got an instance of str\.',
        id='bind-a-string',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder('1'), PlaceOrderHandler),
        InvalidBindingError,
        rf'expects a request class, got an instance of {named(PlaceOrder)}\.',
        id='bind-a-request-instance',
    ),
    pytest.param(
        lambda: bind_request_unchecked(NotAMessage, PlaceOrderHandler),
        InvalidBindingError,
        rf'{named(NotAMessage)} is not a request: it does not inherit IRequest',
        id='bind-a-class-that-is-not-a-request',
    ),
    pytest.param(
        lambda: bind_request_unchecked(GetById[int], PlaceOrderHandler),
        InvalidBindingError,
        r'parameterized generic request .*GetById\[int\].*Hint: bind the bare class GetById',
        id='bind-GetById[int]',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, AbstractOrderHandler),
        InvalidBindingError,
        rf'{named(AbstractOrderHandler)} is abstract \(unimplemented: handle\)',
        id='bind-an-abstract-handler',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, SendEmail),
        InvalidBindingError,
        rf'{named(SendEmail)} is an event handler, not a request handler\. Hint: bind it with bind_event',
        id='bind-an-event-handler-as-request-handler',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, Logging),
        InvalidBindingError,
        rf'{named(Logging)} is a pipeline behavior, not a request handler',
        id='bind-a-behavior-as-request-handler',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, PlaceOrderHandler()),
        InvalidBindingError,
        rf'Expected a request handler class, got an instance of {named(PlaceOrderHandler)}\.',
        id='bind-a-handler-instance',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, UnboundHandler),
        InvalidBindingError,
        rf'{named(UnboundHandler)} handles Unbound, not PlaceOrder',
        id='bind-a-handler-of-another-request',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, PlaceOrderHandler, [SendEmail]),
        InvalidBindingError,
        r'is not a pipeline behavior\. Hint: inherit IPipelineBehavior',
        id='bind-an-event-handler-as-behavior',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, PlaceOrderHandler, cast('Any', Logging)),
        InvalidBindingError,
        rf'bind_request\(PlaceOrder, \.\.\., behaviors=\.\.\.\) expects a list of pipeline behavior classes, '
        rf'got the class {named(Logging)}\. Hint: write behaviors=\[Logging\]',
        id='bind-behaviors-not-a-list',
    ),
    pytest.param(
        lambda: bind_request_unchecked(PlaceOrder, PlaceOrderHandler, cast('Any', 'Logging')),
        InvalidBindingError,
        r'behaviors=\.\.\.\) expects a list of pipeline behavior classes, got an instance of str\.',
        id='bind-behaviors-a-string',
    ),
    # --- bind_event -----------------------------------------------------------------------------
    pytest.param(
        lambda: bind_event_unchecked(OrderPlaced, []),
        InvalidBindingError,
        r'bind_event\(OrderPlaced, \[\]\) binds no handler\. Hint: list at least one handler class',
        id='bind-event-with-an-empty-list',
    ),
    pytest.param(
        lambda: bind_event_unchecked(OrderPlaced, SendEmail),
        InvalidBindingError,
        r'bind_event\(OrderPlaced, \.\.\.\) expects a list of handler classes, '
        rf'got the class {named(SendEmail)}\.',
        id='bind-event-handler-not-a-list',
    ),
    pytest.param(
        lambda: bind_event_unchecked(OrderPlaced, 'SendEmail'),
        InvalidBindingError,
        r'expects a list of handler classes, got an instance of str\.',
        id='bind-event-handler-a-string',
    ),
    pytest.param(
        lambda: bind_event_unchecked(OrderPlaced, [PlaceOrderHandler]),
        InvalidBindingError,
        rf'{named(PlaceOrderHandler)} is a request handler, not an event handler',
        id='bind-a-request-handler-as-event-handler',
    ),
    pytest.param(
        lambda: bind_event_unchecked(PlaceOrder, [SendEmail]),
        InvalidBindingError,
        rf'{named(PlaceOrder)} is not an event: it does not inherit IEvent',
        id='bind-event-of-a-request',
    ),
    pytest.param(
        lambda: bind_event_unchecked(None, [SendEmail]),
        InvalidBindingError,
        r'bind_event\(\) expects an event class, got None',
        id='bind-event-of-none',
    ),
    # --- after the build ------------------------------------------------------------------------
    pytest.param(
        bind_after_build(lambda extension: extension.bind_request(Unbound, UnboundHandler)),
        BindingsFrozenError,
        r'already used to build an application, so its bindings are frozen',
        id='bind-request-after-the-application-was-built',
    ),
    pytest.param(
        bind_after_build(lambda extension: extension.bind_event(OrderPlaced, [SendEmail])),
        BindingsFrozenError,
        r'bindings are frozen\. Hint: make every bind_request\(\)/bind_event\(\) call before',
        id='bind-event-after-the-application-was-built',
    ),
    # --- modules --------------------------------------------------------------------------------
    pytest.param(
        decorate_twice,
        InvalidModuleError,
        r'Twice is already a module: @module\(\) was applied twice',
        id='module-decorator-applied-twice',
    ),
    pytest.param(
        lambda: module()(cast('Any', print)),
        InvalidModuleError,
        r'@module\(\) decorates classes, got <built-in function print>',
        id='module-decorator-on-a-function',
    ),
    pytest.param(
        root_importing(NotAMessage),
        InvalidModuleError,
        rf'{named(NotAMessage)} imported by .*Root is not a module\. Hint: decorate the class with @module',
        id='import-something-that-is-not-a-module',
    ),
    pytest.param(
        root_importing(OrdersModule()),
        InvalidModuleError,
        r'<.*OrdersModule object at .*> imported by .*Root is not a module',
        id='import-a-module-instance',
    ),
    pytest.param(
        root_importing('OrdersModule'),
        InvalidModuleError,
        r"'OrdersModule' imported by .*Root is not a module",
        id='import-a-string',
    ),
    pytest.param(
        lambda: module(imports=cast('Any', 'OrdersModule'))(type('Root', (), {})),
        InvalidModuleError,
        r"imports= expects a list, got 'OrdersModule'",
        id='imports-a-string-not-a-list',
    ),
    pytest.param(
        lambda: module(imports=cast('Any', OrdersModule))(type('Root', (), {})),
        InvalidModuleError,
        rf'@module\(\) on .*Root: imports= expects a list, got {named(OrdersModule)}\. '
        r'Hint: write imports=\[OrdersModule\]',
        id='imports-not-a-list',
    ),
    pytest.param(
        lambda: module(providers=cast('Any', [Database]))(type('Root', (), {})),
        InvalidModuleError,
        rf'providers= expects dishka providers, got {named(Database)}\. '
        r'Hint: wrap it with a denpo.di shortcut, for example scoped\(Database\)',
        id='a-class-in-place-of-a-provider',
    ),
    pytest.param(
        lambda: DynamicModule(parent_module=OrdersModule, providers=cast('Any', scoped(Database))),
        InvalidModuleError,
        r'DynamicModule\(parent_module=.*OrdersModule\): providers= expects a list',
        id='dynamic-module-providers-not-a-list',
    ),
    pytest.param(
        lambda: module(extensions=cast('Any', [MessagingExtension]))(type('Root', (), {})),
        InvalidModuleError,
        r'extensions= expects extension instances, got the class .*MessagingExtension\. '
        r'Hint: write MessagingExtension\(\)',
        id='an-extension-class-in-place-of-an-instance',
    ),
    pytest.param(
        lambda: ApplicationFactory(cast('Any', NotAMessage)).create(),
        InvalidModuleError,
        rf'{named(NotAMessage)} imported by the application is not a module',
        id='a-root-that-is-not-a-module',
    ),
    pytest.param(
        root_importing(DynamicModule(parent_module=FirstInCycle, imports=[SecondInCycle])),
        ModuleImportCycleError,
        rf'Module imports form a cycle: {named(FirstInCycle)} -> {named(SecondInCycle)} -> '
        rf'{named(FirstInCycle)}',
        id='an-import-cycle',
    ),
    pytest.param(
        root_importing(DynamicModule(parent_module=FirstInCycle, imports=[FirstInCycle])),
        ModuleImportCycleError,
        rf'cycle: {named(FirstInCycle)} -> {named(FirstInCycle)}\.',
        id='a-module-importing-itself',
    ),
    pytest.param(
        register_twice,
        DuplicateModuleError,
        r'MessagingModule is imported in two different configurations',
        id='messaging-module-registered-twice',
    ),
    # --- messaging configuration ----------------------------------------------------------------
    pytest.param(
        lambda: MessagingModule.register(MessagingConfig(event_publisher=cast('Any', PlaceOrderHandler))),
        MessagingConfigurationError,
        rf'MessagingConfig\.event_publisher must be a concrete EventPublisher class, '
        rf'got {named(PlaceOrderHandler)}',
        id='config-naming-a-non-publisher',
    ),
    pytest.param(
        lambda: MessagingModule.register(MessagingConfig(message_bus_implementation_type=cast('Any', dict))),
        MessagingConfigurationError,
        r'message_bus_implementation_type must be a concrete subclass of IMessageBus, got dict',
        id='config-naming-a-non-bus',
    ),
    pytest.param(
        lambda: MessagingModule.register(
            MessagingConfig(pipeline_behaviors=cast('Any', [PlaceOrderHandler]))
        ),
        InvalidBindingError,
        r'is not a pipeline behavior',
        id='config-naming-a-handler-as-behavior',
    ),
    pytest.param(
        lambda: MessagingModule.register(MessagingConfig(pipeline_behaviors=cast('Any', Logging))),
        InvalidBindingError,
        r'MessagingConfig\(pipeline_behaviors=\.\.\.\) expects a list of pipeline behavior classes',
        id='config-behaviors-not-a-list',
    ),
    pytest.param(
        lambda: MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging, Logging])),
        PipelineBehaviorAlreadyRegistered,
        rf'Pipeline behavior {named(Logging)} appears twice in MessagingConfig\.pipeline_behaviors',
        id='config-behavior-listed-twice',
    ),
    pytest.param(
        lambda: MessagingModule.register(cast('Any', MessagingConfig)),
        MessagingConfigurationError,
        r'MessagingModule\.register\(\) expects a MessagingConfig instance, got .*MessagingConfig\. '
        r'Hint: write MessagingModule\.register\(MessagingConfig\(\.\.\.\)\)',
        id='register-the-config-class',
    ),
    pytest.param(
        bind_without_messaging_module,
        MessagingConfigurationError,
        rf'Module {named(OrdersModule)} binds messages, but the application does not import MessagingModule',
        id='bindings-without-messaging-module',
    ),
    pytest.param(
        import_the_bare_messaging_module,
        MessagingConfigurationError,
        r'imports the MessagingModule class itself, which provides no bus\. '
        r'Hint: import `MessagingModule\.register\(MessagingConfig\(\)\)` in its place',
        id='import-MessagingModule-without-register',
    ),
    # --- start-up: duplicates and dependencies --------------------------------------------------
    pytest.param(
        app_of(OrdersModule, OtherOrdersModule),
        RequestHandlerAlreadyRegistered,
        rf'to {named(PlaceOrderHandler)} in module {named(OrdersModule)} and to '
        rf'{named(OtherPlaceOrderHandler)} in module {named(OtherOrdersModule)}',
        id='a-request-bound-in-two-modules',
    ),
    pytest.param(
        binding(
            lambda extension: extension.bind_request(PlaceOrder, PlaceOrderHandler),
            lambda extension: bind_request_unchecked(PlaceOrder, OtherPlaceOrderHandler, extension=extension),
        ),
        RequestHandlerAlreadyRegistered,
        rf'Request {named(PlaceOrder)} is bound twice',
        id='a-request-bound-twice-in-one-module',
    ),
    pytest.param(
        app_of(EmailModule, OtherEmailModule),
        EventHandlerAlreadyRegistered,
        rf'{named(SendEmail)} is bound twice, to event {named(OrderPlaced)} in module {named(EmailModule)} '
        rf'and again in module {named(OtherEmailModule)}',
        id='an-event-handler-bound-twice-across-modules',
    ),
    pytest.param(
        binding(
            lambda extension: bind_request_unchecked(
                PlaceOrder, PlaceOrderHandler, [Logging, Logging], extension=extension
            )
        ),
        PipelineBehaviorAlreadyRegistered,
        rf'{named(Logging)} appears twice in the pipeline of request {named(PlaceOrder)}',
        id='a-behavior-twice-on-one-request',
    ),
    pytest.param(
        with_handler(NeedsDatabase),
        DependencyNotAccessibleError,
        rf'{named(NeedsDatabase)} in module .*HandlerModule depends on {named(Database)}, '
        r'but no module provides it',
        id='a-handler-missing-a-dependency',
    ),
    pytest.param(
        with_handler(NeedsConnection),
        DependencyResolutionError,
        rf'{named(NeedsConnection)} in module .*HandlerModule depends on {named(Connection)}, '
        r'which is provided '
        rf'only in scope ACTION by module {named(ActionConnectionModule)}',
        id='a-handler-depending-on-a-narrower-scope',
    ),
    pytest.param(
        with_handler(NeedsNotifiers),
        DependencyResolutionError,
        rf'depends on Sequence\[{named(Notifier)}\], but no provider builds it',
        id='a-handler-depending-on-a-sequence-nobody-provides',
    ),
    pytest.param(
        with_handler(NeedsRepository),
        DependencyResolutionError,
        rf'depends on {named(Repository)}\[int\], but no provider builds it',
        id='a-handler-depending-on-a-generic-nobody-provides',
    ),
    # --- the application's lifecycle ------------------------------------------------------------
    pytest.param(
        enter_twice, ApplicationError, r'The application is already running', id='enter-the-app-twice'
    ),
    pytest.param(
        exit_without_entering, ApplicationError, r'The application is not running', id='exit-a-stopped-app'
    ),
]

ISSUE_ROWS = {
    'invoke-none',
    'invoke-the-request-class',
    'invoke-dict',
    'publish-a-request',
    'publish-none',
    'bind-a-non-class',
    'bind-an-abstract-handler',
    'bind-an-event-handler-as-request-handler',
    'bind-event-with-an-empty-list',
    'bind-request-after-the-application-was-built',
    'module-decorator-applied-twice',
    'import-something-that-is-not-a-module',
    'an-import-cycle',
}


def test_the_table_covers_the_issue_list() -> None:
    ids = [row.id for row in BAD_INPUTS]
    assert len(ids) == len(set(ids))
    assert set(ids) >= ISSUE_ROWS
    assert len(BAD_INPUTS) == 67  # the count reported in the issue's closing note


async def attempt(action: Action) -> None:
    """Make the bad call, awaiting it when it is asynchronous."""
    result = action()
    if inspect.isawaitable(result):
        await result


@pytest.mark.anyio
@pytest.mark.parametrize(('action', 'error', 'message'), BAD_INPUTS)
async def test_bad_input_is_refused_with_a_message_that_says_what_to_do(
    action: Action, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        await attempt(action)
    assert 'Hint:' in str(caught.value)


# --- start-up validation in detail: DependencyResolutionError ---------------------------------


class EmailNotifier(Notifier):
    pass


class NotifierHub:
    def __init__(self, notifiers: Sequence[Notifier]) -> None:
        self.notifiers = notifiers


class ChickenFactory:
    def __init__(self, egg: 'EggFactory') -> None:
        self.egg = egg


class EggFactory:
    def __init__(self, chicken: ChickenFactory) -> None:
        self.chicken = chicken


def resolution_failure(*modules: Any, config: MessagingConfig | None = None) -> DependencyResolutionError:
    """Build a messaging app of ``modules`` and return the error it must fail with."""
    with pytest.raises(DependencyResolutionError) as caught:
        messaging_app(*modules, config=config)
    assert isinstance(caught.value.__cause__, GraphMissingFactoryError)  # dishka's report, kept
    return caught.value


def qualified(obj: type[Any]) -> str:
    return f'{obj.__module__}.{obj.__qualname__}'


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, NeedsConnection)])
class ConnectionUsersModule:
    pass


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


@module(
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, NeedsUnitOfWork)
        .bind_request(Unbound, AlsoNeedsUnitOfWork),
    ]
)
class UnitOfWorkUsersModule:
    pass


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


class LeftPart:
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


class RightPart:
    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit


class NeedsBothParts(RequestHandler[PlaceOrder, str]):
    def __init__(self, left: LeftPart, right: RightPart) -> None:
        self.parts = left, right

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


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
