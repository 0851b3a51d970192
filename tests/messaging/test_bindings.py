"""Runtime binding checks: the mistakes that escape the type checker fail at bind time, clearly."""

import types
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, cast

import pytest
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    BindingsFrozenError,
    CallNext,
    EventHandler,
    EventPublisher,
    IEvent,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingConfigurationError,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)
from denpo.messaging._introspection import declared_arguments
from tests.conftest import (
    GetById,
    Logging,
    NotAMessage,
    OrderPlaced,
    SendEmail,
    bind_event_unchecked,
    bind_request_unchecked,
    messaging_app,
    named,
)

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


def unchecked_class(name: str, *bases: object) -> type[Any]:
    """Build a class whose declaration contradicts its request, out of the type checkers' sight.

    Declared normally, such a class is already an error for denpo's mypy plugin; the runtime
    must still refuse to bind it, for code that was never type-checked.
    """

    async def handle(self: object, message: object, /, *call_next: object) -> Any:
        return None

    def body(namespace: dict[str, Any]) -> None:
        namespace['__module__'] = __name__
        namespace['handle'] = handle

    return types.new_class(name, bases, exec_body=body)


# --- messages ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GetNumber(IRequest[int]):
    value: int


@dataclass(frozen=True, slots=True)
class Other(IRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Ping(IRequest):
    pass


@dataclass(frozen=True, slots=True)
class GetNames(IRequest[list[str]]):
    pass


class Animal:
    pass


class Dog(Animal):
    pass


@dataclass(frozen=True, slots=True)
class GetPet(IRequest[Animal]):
    pass


@dataclass(frozen=True, slots=True)
class OrderShipped(IEvent):
    pass


@dataclass(frozen=True)
class Changed(IEvent, Generic[T]):
    value: T


# --- handlers and behaviors ----------------------------------------------------------------


class GetNumberHandler(RequestHandler[GetNumber, int]):
    @override
    async def handle(self, request: GetNumber, /) -> int:
        return request.value


class OtherHandler(RequestHandler[Other, int]):
    @override
    async def handle(self, request: Other, /) -> int:
        return 0


class AbstractNumberHandler(RequestHandler[GetNumber, int]):
    """Forgets to implement handle()."""


class NotAHandler:
    pass


class GetPetHandler(RequestHandler[GetPet, Dog]):
    @override
    async def handle(self, request: GetPet, /) -> Dog:
        return Dog()


class EchoBase(RequestHandler[Q, R], Generic[Q, R]):
    """A generic intermediate base; the arguments reach RequestHandler through it."""


class GetNumberViaBase(EchoBase[GetNumber, int]):
    @override
    async def handle(self, request: GetNumber, /) -> int:
        return request.value * 10


class ListBase(RequestHandler[Q, list[R]], Generic[Q, R]):
    """Hands RequestHandler a parameterized response built from its own parameter."""


class IntBase(RequestHandler[Q, int], Generic[Q]):
    """Fixes the response and leaves the request open."""


class GetNumberViaIntBase(IntBase[GetNumber]):
    @override
    async def handle(self, request: GetNumber, /) -> int:
        return request.value


class GetNamesHandler(ListBase[GetNames, str]):
    @override
    async def handle(self, request: GetNames, /) -> list[str]:
        return ['ada']


class PlainBase:
    """Stands in for a base class through ``__mro_entries__``; not a class itself."""

    def __mro_entries__(self, bases: tuple[object, ...]) -> tuple[type[Any], ...]:
        return (object,)


class AbstractEventHandler(EventHandler[OrderPlaced]):
    """Forgets to implement handle()."""


class OtherBehavior(IPipelineBehavior[Other, int]):
    @override
    async def handle(self, request: Other, /, call_next: CallNext[int]) -> int:
        return await call_next()


class WideningBehavior(IPipelineBehavior[GetNumber, object]):
    @override
    async def handle(self, request: GetNumber, /, call_next: CallNext[object]) -> object:
        return 'not an int'


class NumberHandlerProtocol(Protocol):
    async def handle(self, request: GetNumber, /) -> int: ...


class AbstractBehavior(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Forgets to implement handle()."""


StrForNumberHandler = unchecked_class('StrForNumberHandler', RequestHandler[GetNumber, str])
IntForPingHandler = unchecked_class('IntForPingHandler', RequestHandler[Ping, int])
StrViaBaseHandler = unchecked_class('StrViaBaseHandler', EchoBase[GetNumber, str])
ListViaBaseHandler = unchecked_class('ListViaBaseHandler', EchoBase[GetNumber, list[str]])
IntsForNamesHandler = unchecked_class('IntsForNamesHandler', RequestHandler[GetNames, list[int]])
StrBehavior = unchecked_class('StrBehavior', IPipelineBehavior[GetNumber, str])
# Loose declarations (bare RequestHandler) that strict type checking refuses but Python allows.
_generic: Any = Generic  # type checkers accept Generic[...] only in a class header
BareGenericHandler = unchecked_class('BareGenericHandler', RequestHandler, _generic[T])
BareBase = unchecked_class('BareBase', RequestHandler)
ViaBareBaseHandler = unchecked_class('ViaBareBaseHandler', BareBase, _generic[T])
NotAClassBaseHandler = unchecked_class('NotAClassBaseHandler', PlainBase())


async def handle_number(request: GetNumber, /) -> int:
    return request.value


class SyncNumberHandler:
    def handle(self, request: GetNumber, /) -> int:
        return request.value


# --- bind_request --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('request_type', 'handler_type', 'behaviors', 'message'),
    [
        pytest.param(
            GetNumber(1),
            GetNumberHandler,
            (),
            rf'bind_request\(\) expects a request class, got an instance of {named(GetNumber)}\. '
            r'Hint: pass the class itself',
            id='request-not-a-class',
        ),
        pytest.param(
            42,
            GetNumberHandler,
            (),
            r'bind_request\(\) expects a request class, got an instance of int\. Hint: pass the class itself',
            id='request-an-int',
        ),
        pytest.param(
            'GetNumber',
            GetNumberHandler,
            (),
            r'bind_request\(\) expects a request class, got an instance of str\.',
            id='request-a-string',
        ),
        pytest.param(
            NotAMessage,
            GetNumberHandler,
            (),
            rf'{named(NotAMessage)} is not a request: it does not inherit IRequest\. '
            r'Hint: declare it as `class NotAMessage\(IRequest\[<response type>\]\)`',
            id='request-not-an-irequest',
        ),
        pytest.param(
            OrderPlaced,
            GetNumberHandler,
            (),
            rf'{named(OrderPlaced)} is an event, not a request\. '
            r'Hint: bind it with bind_event\(OrderPlaced, \[<event handler class>\]\)',
            id='event-as-request',
        ),
        pytest.param(
            Changed[int],
            GetNumberHandler,
            (),
            rf'{named(Changed)} is an event, not a request\. '
            r'Hint: bind it with bind_event\(Changed, \[<event handler class>\]\)',
            id='parameterized-event-as-request',
        ),
        pytest.param(
            list[int],
            GetNumberHandler,
            (),
            r'list is not a request: it does not inherit IRequest\. '
            r'Hint: declare it as `class list\(IRequest\[<response type>\]\)`',
            id='parameterized-builtin-as-request',
        ),
        pytest.param(
            GetNumberHandler,
            GetNumber,
            (),
            rf'{named(GetNumberHandler)} is a request handler, not a request\. '
            r'Hint: pass the request class first: bind_request\(<request class>, GetNumberHandler\)',
            id='arguments-swapped',
        ),
        pytest.param(
            Logging,
            GetNumberHandler,
            (),
            rf'{named(Logging)} is a pipeline behavior, not a request\. '
            r'Hint: pass it as bind_request\(\.\.\., behaviors=\[Logging\]\)',
            id='behavior-as-request',
        ),
        pytest.param(
            GetById[int],
            GetNumberHandler,
            (),
            r'bind_request\(\) got the parameterized generic request .*GetById\[int\]\. .*'
            r'Hint: bind the bare class GetById to a handler that is generic in the same parameters',
            id='parameterized-generic-request',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler(),
            (),
            rf'Expected a request handler class, got an instance of {named(GetNumberHandler)}\. '
            r'Hint: inherit RequestHandler\[GetNumber, <response>\] and implement handle\(\)',
            id='handler-instance-not-a-class',
        ),
        pytest.param(
            GetNumber,
            handle_number,
            (),
            rf'Expected a request handler class, got the function {named(handle_number)}\.',
            id='handler-function-not-a-class',
        ),
        pytest.param(
            GetNumber,
            NotAHandler,
            (),
            rf'{named(NotAHandler)} is not a request handler: it has no handle\(\) method\. '
            r'Hint: inherit RequestHandler\[GetNumber, <response>\]',
            id='not-a-handler',
        ),
        pytest.param(
            GetNumber,
            AbstractNumberHandler,
            (),
            rf'{named(AbstractNumberHandler)} is abstract \(unimplemented: handle\) and cannot be '
            r'instantiated\. Hint: bind a concrete subclass that implements handle\.$',
            id='abstract-handler',
        ),
        pytest.param(
            GetNumber,
            SendEmail,
            (),
            rf'{named(SendEmail)} is an event handler, not a request handler\. '
            r'Hint: bind it with bind_event\(<event class>, \[SendEmail\]\)',
            id='event-handler-as-request-handler',
        ),
        pytest.param(
            GetNumber,
            Logging,
            (),
            rf'{named(Logging)} is a pipeline behavior, not a request handler\. '
            r'Hint: pass it as bind_request\(\.\.\., behaviors=\[Logging\]\)',
            id='behavior-as-handler',
        ),
        pytest.param(
            GetNumber,
            OtherHandler,
            (),
            rf'{named(OtherHandler)} handles Other, not GetNumber\. '
            r'Hint: bind GetNumber to a request handler of GetNumber',
            id='handler-for-another-request',
        ),
        pytest.param(
            GetNumber,
            StrForNumberHandler,
            (),
            rf'{named(StrForNumberHandler)} returns str, but GetNumber promises int \(IRequest\[int\]\)\. '
            r'Hint: return int or a subtype from the handler, or declare the request as IRequest\[str\]',
            id='response-disagrees',
        ),
        pytest.param(
            GetNumber,
            StrViaBaseHandler,
            (),
            rf'{named(StrViaBaseHandler)} returns str, but GetNumber promises int',
            id='response-disagrees-through-a-generic-base',
        ),
        pytest.param(
            GetNumber,
            ListViaBaseHandler,
            (),
            rf'{named(ListViaBaseHandler)} returns list\[str\], but GetNumber promises int',
            id='parameterized-response-of-another-class',
        ),
        pytest.param(
            Ping,
            IntForPingHandler,
            (),
            rf'{named(IntForPingHandler)} returns int, but Ping promises None \(IRequest\[None\]\)',
            id='void-request-handler-returns-a-value',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            Logging,
            r'bind_request\(GetNumber, \.\.\., behaviors=\.\.\.\) expects a list of pipeline behavior '
            rf'classes, got the class {named(Logging)}\. Hint: write behaviors=\[Logging\]',
            id='behaviors-not-a-list',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            'Logging',
            r'behaviors=\.\.\.\) expects a list of pipeline behavior classes, got an instance of str\.',
            id='behaviors-a-string',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (OtherBehavior,),
            rf'Pipeline behavior {named(OtherBehavior)} handles Other, not GetNumber\. '
            r'Hint: make it generic \(IPipelineBehavior\[Q, R\]\) or bind it to requests of Other',
            id='behavior-for-another-request',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (StrBehavior,),
            rf'Pipeline behavior {named(StrBehavior)} works on str responses, but GetNumber promises int\. '
            r'Hint: make the behavior generic in its response',
            id='behavior-for-another-response',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (GetNumberHandler,),
            rf'^{named(GetNumberHandler)} is a request handler, not a pipeline behavior\. '
            r'Hint: bind it with bind_request\(<request class>, GetNumberHandler\)\.$',
            id='handler-as-behavior',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (SendEmail,),
            rf'^{named(SendEmail)} is an event handler, not a pipeline behavior\. '
            r'Hint: bind it with bind_event\(<event class>, \[SendEmail\]\)\.$',
            id='event-handler-as-behavior',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (NotAHandler,),
            rf'^The class {named(NotAHandler)} is not a pipeline behavior\. '
            r'Hint: inherit IPipelineBehavior\[<request>, <response>\] and implement handle\(\)\.$',
            id='plain-class-as-behavior',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (None,),
            r'^None is not a pipeline behavior\. ',
            id='none-as-behavior',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (AbstractBehavior,),
            rf'{named(AbstractBehavior)} is abstract \(unimplemented: handle\)',
            id='abstract-behavior',
        ),
        pytest.param(
            GetNumber,
            SyncNumberHandler,
            (),
            rf'{named(SyncNumberHandler)}\.handle\(\) is not an async def method, so the bus cannot '
            r'await it\. Hint: declare it with `async def handle\(\.\.\.\)`',
            id='synchronous-handle',
        ),
        pytest.param(
            GetNumber,
            NumberHandlerProtocol,
            (),
            rf'{named(NumberHandlerProtocol)} is a protocol and cannot be instantiated\. '
            r'Hint: bind a concrete class that implements handle\(\)',
            id='protocol-class',
        ),
        pytest.param(
            GetNumber,
            GetNumberHandler,
            (WideningBehavior,),
            rf'Pipeline behavior {named(WideningBehavior)} works on object responses, but GetNumber '
            r'promises int\. Hint: make the behavior generic',
            id='behavior-widens-the-response',
        ),
    ],
)
def test_bind_request_refuses(
    request_type: object, handler_type: object, behaviors: object, message: str
) -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind_request_unchecked(request_type, handler_type, behaviors, extension=extension)
    assert 'Hint:' in str(caught.value)
    assert extension.request_bindings == ()


@pytest.mark.parametrize(
    ('request_type', 'handler_type'),
    [
        pytest.param(GetPet, GetPetHandler, id='response-is-a-subtype-of-the-promise'),
        pytest.param(GetNumber, GetNumberViaBase, id='arguments-through-a-generic-base'),
        pytest.param(GetNames, IntsForNamesHandler, id='container-parameters-are-for-the-type-checker'),
        pytest.param(GetNames, GetNamesHandler, id='parameterized-response-through-a-generic-base'),
        pytest.param(GetNumber, BareGenericHandler, id='bare-request-handler-with-own-parameters'),
        pytest.param(GetNumber, ViaBareBaseHandler, id='bare-request-handler-through-a-base'),
        pytest.param(GetNumber, NotAClassBaseHandler, id='structural-with-a-base-that-is-not-a-class'),
    ],
)
def test_bind_request_accepts(request_type: object, handler_type: object) -> None:
    extension = bind_request_unchecked(request_type, handler_type)
    (binding,) = extension.request_bindings
    assert binding.request_type is request_type
    assert binding.handler_type is handler_type


@pytest.mark.anyio
async def test_handler_through_a_generic_base_dispatches() -> None:
    app = messaging_app(_via_base_module())
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(GetNumber(4)) == 40


def _via_base_module() -> type[Any]:
    @module(extensions=[MessagingExtension().bind_request(GetNumber, GetNumberViaBase)])
    class ViaBaseModule:
        pass

    return ViaBaseModule


# --- bind_event ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('event_type', 'handler_types', 'message'),
    [
        pytest.param(
            OrderPlaced,
            [],
            r'bind_event\(OrderPlaced, \[\]\) binds no handler\. Hint: list at least one handler class',
            id='empty-list',
        ),
        pytest.param(
            OrderPlaced,
            SendEmail,
            r'bind_event\(OrderPlaced, \.\.\.\) expects a list of handler classes, '
            rf'got the class {named(SendEmail)}\. '
            r'Hint: write bind_event\(OrderPlaced, \[SendEmail\]\)',
            id='a-class-instead-of-a-list',
        ),
        pytest.param(
            OrderPlaced,
            'SendEmail',
            r'bind_event\(OrderPlaced, \.\.\.\) expects a list of handler classes, got an instance of str\.',
            id='a-string-instead-of-a-list',
        ),
        pytest.param(
            OrderPlaced('1'),
            [SendEmail],
            rf'bind_event\(\) expects an event class, got an instance of {named(OrderPlaced)}\. '
            r'Hint: pass the class itself',
            id='event-not-a-class',
        ),
        pytest.param(
            None,
            [SendEmail],
            r'bind_event\(\) expects an event class, got None',
            id='event-none',
        ),
        pytest.param(
            NotAMessage,
            [SendEmail],
            rf'{named(NotAMessage)} is not an event: it does not inherit IEvent\. '
            r'Hint: declare it as `class NotAMessage\(IEvent\)`',
            id='event-not-an-ievent',
        ),
        pytest.param(
            GetNumber,
            [SendEmail],
            rf'^{named(GetNumber)} is a request, not an event\. '
            r'Hint: bind it with bind_request\(GetNumber, <request handler class>\)\.$',
            id='request-as-event',
        ),
        pytest.param(
            SendEmail,
            [OrderPlaced],
            rf'^{named(SendEmail)} is an event handler, not an event\. '
            r'Hint: pass the event class first: bind_event\(<event class>, \[SendEmail\]\)\.$',
            id='arguments-swapped',
        ),
        pytest.param(
            Changed[int],
            [SendEmail],
            r'bind_event\(\) got the parameterized generic event .*Changed\[int\]',
            id='parameterized-generic-event',
        ),
        pytest.param(
            OrderPlaced,
            [SendEmail, GetNumberHandler],
            rf'{named(GetNumberHandler)} is a request handler, not an event handler\. '
            r'Hint: bind it with bind_request\(<request class>, GetNumberHandler\)',
            id='request-handler-as-event-handler',
        ),
        pytest.param(
            OrderPlaced,
            [NotAHandler],
            rf'{named(NotAHandler)} is not an event handler: it has no handle\(\) method\. '
            r'Hint: inherit EventHandler\[OrderPlaced\] and implement handle\(\)',
            id='not-a-handler',
        ),
        pytest.param(
            OrderPlaced,
            [AbstractEventHandler],
            rf'{named(AbstractEventHandler)} is abstract \(unimplemented: handle\)',
            id='abstract-handler',
        ),
        pytest.param(
            OrderShipped,
            [SendEmail],
            rf'{named(SendEmail)} handles OrderPlaced, not OrderShipped\. '
            r'Hint: bind it to OrderPlaced or one of its subclasses',
            id='handler-for-another-event',
        ),
    ],
)
def test_bind_event_refuses(event_type: object, handler_types: object, message: str) -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind_event_unchecked(event_type, handler_types, extension=extension)
    assert 'Hint:' in str(caught.value)
    assert extension.event_bindings == ()


def test_bind_event_accepts_a_tuple_and_keeps_list_order() -> None:
    class First(EventHandler[IEvent]):
        @override
        async def handle(self, event: IEvent, /) -> None:
            pass

    class Second(EventHandler[IEvent]):
        @override
        async def handle(self, event: IEvent, /) -> None:
            pass

    extension = MessagingExtension().bind_event(OrderPlaced, (Second, First))
    (binding,) = extension.event_bindings
    assert binding.event_type is OrderPlaced
    assert binding.handler_types == (Second, First)


# --- configuration -------------------------------------------------------------------------


class NotABus:
    pass


class NotAPublisher:
    pass


@pytest.mark.parametrize(
    ('options', 'error', 'message'),
    [
        pytest.param(
            {'message_bus_implementation_type': NotABus},
            MessagingConfigurationError,
            rf'MessagingConfig\.message_bus_implementation_type must be a concrete subclass of IMessageBus, '
            rf'got the class {named(NotABus)}\. Hint: subclass MessageBus and pass the class\.',
            id='bus-not-an-imessagebus',
        ),
        pytest.param(
            {'message_bus_implementation_type': dict},
            MessagingConfigurationError,
            r'message_bus_implementation_type must be a concrete subclass of IMessageBus, '
            r'got the class dict\.',
            id='bus-a-builtin-class',
        ),
        pytest.param(
            {'message_bus_implementation_type': IMessageBus},
            MessagingConfigurationError,
            r'message_bus_implementation_type must be a concrete subclass of IMessageBus, got .*IMessageBus',
            id='abstract-bus',
        ),
        pytest.param(
            {'message_bus_implementation_type': NotABus()},
            MessagingConfigurationError,
            r'message_bus_implementation_type must be a concrete subclass of IMessageBus, '
            rf'got an instance of {named(NotABus)}\. Hint: subclass MessageBus and pass the class\.',
            id='bus-instance',
        ),
        pytest.param(
            {'event_publisher': NotAPublisher},
            MessagingConfigurationError,
            r'MessagingConfig\.event_publisher must be a concrete EventPublisher class, '
            rf'got the class {named(NotAPublisher)}\. '
            r'Hint: pass SequentialEventPublisher, GroupEventPublisher or your own EventPublisher subclass',
            id='publisher-not-an-eventpublisher',
        ),
        pytest.param(
            {'event_publisher': EventPublisher},
            MessagingConfigurationError,
            r'MessagingConfig\.event_publisher must be a concrete EventPublisher class, got .*EventPublisher',
            id='abstract-publisher',
        ),
        pytest.param(
            {'pipeline_behaviors': Logging},
            InvalidBindingError,
            r'MessagingConfig\(pipeline_behaviors=\.\.\.\) expects a list of pipeline behavior classes',
            id='global-behaviors-not-a-list',
        ),
        pytest.param(
            {'pipeline_behaviors': [GetNumberHandler]},
            InvalidBindingError,
            rf'{named(GetNumberHandler)} is a request handler, not a pipeline behavior\. '
            r'Hint: bind it with bind_request\(<request class>, GetNumberHandler\)',
            id='global-behavior-a-handler',
        ),
        pytest.param(
            {'pipeline_behaviors': [NotAHandler]},
            InvalidBindingError,
            rf'The class {named(NotAHandler)} is not a pipeline behavior',
            id='global-behavior-not-a-behavior',
        ),
        pytest.param(
            {'pipeline_behaviors': [AbstractBehavior]},
            InvalidBindingError,
            rf'{named(AbstractBehavior)} is abstract',
            id='global-behavior-abstract',
        ),
    ],
)
def test_messaging_module_refuses_a_wrong_configuration(
    options: dict[str, Any], error: type[MessagingConfigurationError], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:  # refused where the config is written
        MessagingConfig(**options)
    assert 'Hint:' in str(caught.value)


def test_register_refuses_the_config_class_in_place_of_an_instance() -> None:
    message = (
        r'MessagingModule\.register\(\) expects a MessagingConfig instance, got .*MessagingConfig\. '
        r'Hint: write MessagingModule\.register\(MessagingConfig\(\.\.\.\)\)'
    )
    with pytest.raises(MessagingConfigurationError, match=message):
        MessagingModule.register(cast('Any', MessagingConfig))


@pytest.mark.parametrize(
    'options', [{'message_bus_implementation_type': NotABus}, {'event_publisher': NotAPublisher}]
)
def test_a_wrong_configuration_is_not_reported_as_a_binding(options: dict[str, Any]) -> None:
    with pytest.raises(MessagingConfigurationError) as caught:
        MessagingModule.register(MessagingConfig(**options))
    assert not isinstance(caught.value, InvalidBindingError)


def test_a_global_behavior_must_be_generic() -> None:
    dynamic = MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging]))
    assert dynamic.parent_module is MessagingModule
    assert dynamic.is_global
    message = (
        rf'Pipeline behavior {named(OtherBehavior)} is declared for IPipelineBehavior\[Other, int\], but a '
        r'global behavior wraps every request and hands its result to every caller\. Hint: make it generic'
    )
    with pytest.raises(InvalidBindingError, match=message) as caught:
        MessagingModule.register(
            MessagingConfig(pipeline_behaviors=[Logging, OtherBehavior])  # type: ignore[denpo-global-behavior]  # under test
        )
    assert caught.value.code == 'denpo-global-behavior'


# --- frozen bindings and a missing MessagingModule -----------------------------------------


def test_binding_after_the_application_was_built_is_refused() -> None:
    extension = MessagingExtension().bind_request(GetNumber, GetNumberHandler)

    @module(extensions=[extension])
    class NumbersModule:
        pass

    messaging_app(NumbersModule)
    message = (
        r'This MessagingExtension was already used to build an application, so its bindings are frozen\. '
        r'Hint: make every bind_request\(\)/bind_event\(\) call before '
        r'ApplicationFactory\(\.\.\.\)\.create\(\)'
    )
    with pytest.raises(BindingsFrozenError, match=message):
        extension.bind_request(Other, OtherHandler)
    with pytest.raises(BindingsFrozenError, match=message):
        extension.bind_event(OrderPlaced, [SendEmail])
    assert [binding.request_type for binding in extension.request_bindings] == [GetNumber]
    assert extension.event_bindings == ()
    messaging_app(NumbersModule)  # a frozen extension still builds further applications


def test_bindings_without_a_messaging_module_are_refused() -> None:
    @module(extensions=[MessagingExtension().bind_request(GetNumber, GetNumberHandler)])
    class NumbersModule:
        pass

    @module(imports=[NumbersModule])
    class RootModule:
        pass

    message = (
        rf'Module {named(NumbersModule)} binds messages, '
        r'but the application does not import MessagingModule\. '
        r'Hint: add `MessagingModule\.register\(MessagingConfig\(\)\)` to the imports of the root module'
    )
    with pytest.raises(MessagingConfigurationError, match=message):
        ApplicationFactory(RootModule).create()


def test_importing_the_messaging_module_class_without_register_is_refused() -> None:
    @module(extensions=[MessagingExtension().bind_request(GetNumber, GetNumberHandler)])
    class NumbersModule:
        pass

    @module(imports=[MessagingModule, NumbersModule])
    class RootModule:
        pass

    message = (
        rf'Module {named(NumbersModule)} binds messages, but the application imports the MessagingModule '
        r'class itself, which provides no bus\. '
        r'Hint: import `MessagingModule\.register\(MessagingConfig\(\)\)` in its place'
    )
    with pytest.raises(MessagingConfigurationError, match=message):
        ApplicationFactory(RootModule).create()


@pytest.mark.parametrize(
    ('handler_type', 'expected'),
    [
        pytest.param(GetNumberHandler, (GetNumber, int), id='direct'),
        pytest.param(GetNumberViaBase, (GetNumber, int), id='through-a-generic-base'),
        pytest.param(GetNumberViaIntBase, (GetNumber, int), id='through-a-partly-fixed-base'),
        pytest.param(GetNamesHandler, (GetNames, list[str]), id='substituted-inside-a-parameterized-type'),
        pytest.param(BareGenericHandler, (), id='bare-base'),
        # A class's own bases, not the __orig_bases__ it would inherit: the bare base is found.
        pytest.param(ViaBareBaseHandler, (), id='through-a-bare-base'),
        pytest.param(NotAClassBaseHandler, None, id='base-that-is-not-a-class'),
    ],
)
def test_declared_arguments_follow_generic_bases(handler_type: type[Any], expected: object) -> None:
    assert declared_arguments(handler_type, RequestHandler) == expected


class AnyBehavior(IPipelineBehavior[Any, Any]):
    @override
    async def handle(self, request: Any, /, call_next: CallNext[Any]) -> Any:
        return await call_next()


def test_a_behavior_declared_for_any_request_fits_every_request() -> None:
    extension = MessagingExtension().bind_request(GetNumber, GetNumberHandler, behaviors=[AnyBehavior])
    assert extension.request_bindings[0].behaviors == (AnyBehavior,)
