"""Messaging errors: their place in the hierarchy, when they are raised and what they say."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import pytest
from typing_extensions import override

from denpo import DenpoError, module
from denpo.messaging import (
    BindingsFrozenError,
    CallNext,
    EventHandlerAlreadyRegistered,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingConfigurationError,
    MessagingError,
    MessagingExtension,
    MessagingModule,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)
from tests.conftest import (
    GetById,
    Logging,
    NotAMessage,
    OrderPlaced,
    OrdersModule,
    PlaceOrder,
    PlaceOrderHandler,
    SendEmail,
    Unbound,
    bind_event_unchecked,
    bind_request_unchecked,
    messaging_app,
    named,
)

Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


# --- messages and handlers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RushOrder(PlaceOrder):
    """A subclass of a bound request: bound by nobody, as dispatch is by exact class."""


@dataclass(frozen=True, slots=True)
class ExpressOrderPlaced(OrderPlaced):
    pass


class OtherPlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'other'


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- modules -------------------------------------------------------------------------------


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, OtherPlaceOrderHandler)])
class OtherOrdersModule:
    pass


# Repeats within one binding chain are reported by denpo's mypy plugin, so these modules bind
# through the unchecked helpers: the runtime must catch the mistakes too.
@module(
    extensions=[
        MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler),
        MessagingExtension().bind_request(PlaceOrder, OtherPlaceOrderHandler),
    ],
)
class TwiceBoundModule:
    pass


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [SendEmail])])
class EmailModule:
    pass


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [SendEmail])])
class OtherEmailModule:
    pass


@module(extensions=[MessagingExtension().bind_event(ExpressOrderPlaced, [SendEmail])])
class ExpressEmailModule:
    pass


@module(
    extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Timing, Logging])]
)
class LoggedOrdersModule:
    pass


# --- the hierarchy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ('error', 'bases'),
    [
        pytest.param(MessagingError, (DenpoError,), id='MessagingError'),
        pytest.param(RequestHandlerNotFound, (MessagingError, LookupError), id='RequestHandlerNotFound'),
        pytest.param(
            RequestHandlerAlreadyRegistered,
            (MessagingError, ValueError),
            id='RequestHandlerAlreadyRegistered',
        ),
        pytest.param(
            EventHandlerAlreadyRegistered, (MessagingError, ValueError), id='EventHandlerAlreadyRegistered'
        ),
        pytest.param(
            PipelineBehaviorAlreadyRegistered,
            (MessagingError, ValueError),
            id='PipelineBehaviorAlreadyRegistered',
        ),
        pytest.param(MessagingConfigurationError, (MessagingError,), id='MessagingConfigurationError'),
        pytest.param(InvalidBindingError, (MessagingConfigurationError, TypeError), id='InvalidBindingError'),
        pytest.param(
            BindingsFrozenError, (MessagingConfigurationError, RuntimeError), id='BindingsFrozenError'
        ),
    ],
)
def test_error_hierarchy(error: type[Exception], bases: tuple[type[Exception], ...]) -> None:
    assert issubclass(error, DenpoError)
    for base in bases:
        assert issubclass(error, base)


# --- RequestHandlerNotFound ----------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    'unbound',
    [
        pytest.param(Unbound(), id='unbound'),
        pytest.param(RushOrder('1'), id='a-subclass-of-a-bound-request'),
    ],
)
async def test_invoke_of_an_unbound_request_names_the_request_and_bind_request(
    unbound: IRequest[Any],
) -> None:
    request_type = type(unbound)
    message = (
        rf'No handler is bound for request {named(request_type)}\. '
        rf'Hint: add `MessagingExtension\(\)\.bind_request\({request_type.__name__}, <handler class>\)`'
    )
    app = messaging_app(OrdersModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(RequestHandlerNotFound, match=message) as caught:
            await bus.invoke(unbound)
        assert await bus.invoke(PlaceOrder('still served')) == 'still served'
    assert caught.value.request_type is request_type


@pytest.mark.anyio
async def test_invoke_without_any_binding_raises_request_handler_not_found() -> None:
    app = messaging_app()
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(RequestHandlerNotFound, match=r'No handler is bound for request .*PlaceOrder'):
            await bus.invoke(PlaceOrder('1'))


# --- duplicates ----------------------------------------------------------------------------


def test_request_bound_twice_in_one_module_names_both_handlers_and_the_module() -> None:
    message = (
        rf'Request {named(PlaceOrder)} is bound twice: to {named(PlaceOrderHandler)} in module '
        rf'{named(TwiceBoundModule)} and to {named(OtherPlaceOrderHandler)} in module '
        rf'{named(TwiceBoundModule)}'
    )
    with pytest.raises(RequestHandlerAlreadyRegistered, match=message) as caught:
        messaging_app(TwiceBoundModule)
    assert caught.value.request_type is PlaceOrder
    assert caught.value.first_handler is PlaceOrderHandler
    assert caught.value.second_handler is OtherPlaceOrderHandler


def test_request_bound_twice_on_one_extension_is_refused_by_the_second_call() -> None:
    message = (
        rf'Request {named(PlaceOrder)} is bound twice in one MessagingExtension: to '
        rf'{named(PlaceOrderHandler)} and to {named(OtherPlaceOrderHandler)}\. A request has exactly one '
        r'handler\. Hint: remove one of the two bind_request\(\) calls'
    )
    extension = MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)
    with pytest.raises(RequestHandlerAlreadyRegistered, match=message) as caught:
        extension.bind_request(PlaceOrder, OtherPlaceOrderHandler)
    assert (caught.value.first_module, caught.value.second_module) == (None, None)
    assert caught.value.code == 'denpo-duplicate-request'
    assert len(extension.request_bindings) == 1


def test_request_bound_in_two_modules_names_both_handlers_and_both_modules() -> None:
    message = (
        rf'to {named(PlaceOrderHandler)} in module {named(OrdersModule)} and to '
        rf'{named(OtherPlaceOrderHandler)} in module {named(OtherOrdersModule)}\. '
        r'A request has exactly one handler\. Hint: remove one of the two bind_request\(\) calls'
    )
    with pytest.raises(RequestHandlerAlreadyRegistered, match=message) as caught:
        messaging_app(OrdersModule, OtherOrdersModule)
    assert caught.value.first_module == f'{OrdersModule.__module__}.OrdersModule'
    assert caught.value.second_module == f'{__name__}.OtherOrdersModule'


@pytest.mark.parametrize(
    ('modules', 'message'),
    [
        pytest.param(
            (EmailModule, OtherEmailModule),
            rf'Event handler {named(SendEmail)} is bound twice, to event {named(OrderPlaced)} in module '
            rf'{named(EmailModule)} and again in module {named(OtherEmailModule)}',
            id='one-event-two-modules',
        ),
        pytest.param(
            (EmailModule, ExpressEmailModule),
            rf'Event handler {named(SendEmail)} is bound twice, to event {named(OrderPlaced)} in module '
            rf'{named(EmailModule)} and to its subclass {named(ExpressOrderPlaced)} in module '
            rf'{named(ExpressEmailModule)}; it would receive each {named(ExpressOrderPlaced)} twice',
            id='event-and-its-base-class',
        ),
    ],
)
def test_event_handler_bound_twice(modules: tuple[type[Any], ...], message: str) -> None:
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        messaging_app(*modules)
    assert 'Hint: keep one of the two bindings.' in str(caught.value)
    assert caught.value.handler_type is SendEmail
    assert caught.value.code == 'denpo-duplicate-event-handler'


def test_event_handler_listed_twice_in_one_call_is_refused_when_bound() -> None:
    message = (
        rf'Event handler {named(SendEmail)} is listed twice in bind_event\(OrderPlaced, \[\.\.\.\]\); '
        r'it would receive each OrderPlaced twice\. Hint: list it once\.'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        bind_event_unchecked(OrderPlaced, [SendEmail, SendEmail])
    assert (caught.value.first_module, caught.value.second_module) == (None, None)


def test_behavior_twice_on_one_request() -> None:
    message = (
        rf'Pipeline behavior {named(Logging)} appears twice in the pipeline of request {named(PlaceOrder)}'
    )
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message) as caught:
        bind_request_unchecked(PlaceOrder, PlaceOrderHandler, [Logging, Logging])
    assert 'Hint: list it once' in str(caught.value)
    assert caught.value.code == 'denpo-duplicate-behavior'
    assert caught.value.request_type is PlaceOrder
    assert caught.value.behavior_type is Logging


def test_behavior_twice_in_the_global_list() -> None:
    message = rf'Pipeline behavior {named(Logging)} appears twice in MessagingConfig\.pipeline_behaviors'
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message) as caught:
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging, Timing, Logging]))
    assert 'Hint: list it once' in str(caught.value)
    assert caught.value.request_type is None


def test_behavior_global_and_per_request() -> None:
    message = (
        rf'Pipeline behavior {named(Logging)} appears twice in the pipeline of request {named(PlaceOrder)} '
        r'\(per-request behaviors repeat it, or repeat a global one\)'
    )
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message):
        messaging_app(LoggedOrdersModule, config=MessagingConfig(pipeline_behaviors=[Logging]))


# --- TypeError from invoke and publish -----------------------------------------------------

INVOKE = r'invoke\(\) expects a request, got '
INVOKE_CLASS = r'invoke\(\) expects a request instance, got the class '
PUBLISH = r'publish\(\) expects an event, got '
PUBLISH_CLASS = r'publish\(\) expects an event instance, got the class '
DECLARE = r'Hint: pass an instance of a class declared as `class <Name>\('
DECLARE_REQUEST = DECLARE + r'IRequest\[<response type>\]\)`\.$'
DECLARE_EVENT = DECLARE + r'IEvent\)`\.$'
USE_PUBLISH = (
    r' is an event: use publish\(\), not invoke\(\)\. Hint: publish\(OrderPlaced\(\.\.\.\)\) delivers it '
    r'to every handler bound to it; an event has no response\.$'
)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('argument', 'message'),
    [
        pytest.param(None, INVOKE + r'None\. ' + DECLARE_REQUEST, id='none'),
        pytest.param(
            PlaceOrder,
            INVOKE_CLASS + rf'{named(PlaceOrder)}\. Hint: pass an instance: invoke\(PlaceOrder\(\.\.\.\)\)',
            id='the-request-class',
        ),
        pytest.param(
            GetById[int],
            INVOKE_CLASS + r'.*GetById\[int\]\. Hint: pass an instance: invoke\(GetById\(\.\.\.\)\)\.$',
            id='a-parameterized-generic-alias',
        ),
        pytest.param({}, INVOKE + r'an instance of dict\. ' + DECLARE_REQUEST, id='dict'),
        pytest.param('PlaceOrder', INVOKE + r'an instance of str\. ', id='a-string'),
        pytest.param(
            NotAMessage(),
            INVOKE + rf'an instance of {named(NotAMessage)}\. ' + DECLARE_REQUEST,
            id='an-unrelated-dataclass',
        ),
        pytest.param(NotAMessage, INVOKE + rf'the class {named(NotAMessage)}\. ', id='an-unrelated-class'),
        pytest.param(OrderPlaced('1'), rf'^{named(OrderPlaced)}' + USE_PUBLISH, id='an-event'),
        pytest.param(OrderPlaced, rf'^{named(OrderPlaced)}' + USE_PUBLISH, id='an-event-class'),
    ],
)
async def test_invoke_of_something_that_is_not_a_request(argument: object, message: str) -> None:
    app = messaging_app(OrdersModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(TypeError, match=message) as caught:
            await bus.invoke(cast('Any', argument))
        assert 'Hint:' in str(caught.value)
        assert await bus.invoke(PlaceOrder('still works')) == 'still works'


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('argument', 'message'),
    [
        pytest.param(
            PlaceOrder('1'),
            rf'^{named(PlaceOrder)} is a request: use invoke\(\), not publish\(\)\. '
            r'Hint: invoke\(PlaceOrder\(\.\.\.\)\) sends it to its one handler and returns the response\.$',
            id='a-request',
        ),
        pytest.param(
            PlaceOrder,
            rf'^{named(PlaceOrder)} is a request: use invoke\(\), not publish\(\)\.',
            id='a-request-class',
        ),
        pytest.param(None, PUBLISH + r'None\. ' + DECLARE_EVENT, id='none'),
        pytest.param(
            OrderPlaced,
            PUBLISH_CLASS + rf'{named(OrderPlaced)}\. Hint: pass an instance: publish\(OrderPlaced\(',
            id='the-event-class',
        ),
        pytest.param({}, PUBLISH + r'an instance of dict\. ' + DECLARE_EVENT, id='dict'),
    ],
)
async def test_publish_of_something_that_is_not_an_event(argument: object, message: str) -> None:
    app = messaging_app(OrdersModule, EmailModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(TypeError, match=message) as caught:
            await bus.publish(cast('Any', argument))
        assert 'Hint:' in str(caught.value)
        assert await bus.invoke(PlaceOrder('still works')) == 'still works'
