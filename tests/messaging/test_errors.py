"""Messaging errors: their place in the hierarchy, when they are raised and what they say."""

import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import pytest
from typing_extensions import override

from denpo import DenpoError, module
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
    MessagingError,
    MessagingExtension,
    MessagingModule,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)
from tests.conftest import bind_event_unchecked, bind_request_unchecked, messaging_app

Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


def named(obj: type[Any]) -> str:
    """The qualified name denpo prints for ``obj``, escaped for ``match=``."""
    return re.escape(f'{obj.__module__}.{obj.__qualname__}')


# --- messages and handlers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[str]):
    order_id: str


@dataclass(frozen=True, slots=True)
class Unbound(IRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class OrderPlaced(IEvent):
    order_id: str


@dataclass(frozen=True, slots=True)
class ExpressOrderPlaced(OrderPlaced):
    pass


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return request.order_id


class OtherPlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'other'


class SendEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- modules -------------------------------------------------------------------------------


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)])
class OrdersModule:
    pass


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
async def test_invoke_of_an_unbound_request_names_the_request_and_bind_request() -> None:
    app = messaging_app(OrdersModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(RequestHandlerNotFound, match=named(Unbound)) as caught:
            await bus.invoke(Unbound())
    assert caught.value.request_type is Unbound
    assert 'MessagingExtension().bind_request(Unbound, <handler class>)' in str(caught.value)


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
    assert caught.value.first_module == f'{__name__}.OrdersModule'
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
    assert caught.value.code == 'denpo-duplicate-behavior'
    assert caught.value.request_type is PlaceOrder
    assert caught.value.behavior_type is Logging


def test_behavior_twice_in_the_global_list() -> None:
    message = rf'Pipeline behavior {named(Logging)} appears twice in MessagingConfig\.pipeline_behaviors'
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message) as caught:
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging, Timing, Logging]))
    assert caught.value.request_type is None


def test_behavior_global_and_per_request() -> None:
    message = (
        rf'Pipeline behavior {named(Logging)} appears twice in the pipeline of request {named(PlaceOrder)} '
        r'\(per-request behaviors repeat it, or repeat a global one\)'
    )
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message):
        messaging_app(LoggedOrdersModule, config=MessagingConfig(pipeline_behaviors=[Logging]))


# --- TypeError from invoke and publish -----------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('argument', 'message'),
    [
        pytest.param(
            None,
            r'invoke\(\) expects a request \(an instance of an IRequest subclass\), '
            r'got None of type NoneType\. Hint: pass an instance of a class that inherits IRequest',
            id='none',
        ),
        pytest.param(
            PlaceOrder,
            rf'invoke\(\) expects a request .*, got the class {named(PlaceOrder)}\. '
            r'Hint: pass an instance, PlaceOrder\(\.\.\.\)',
            id='the-request-class',
        ),
        pytest.param({}, r'invoke\(\) expects a request .*, got \{\} of type dict', id='dict'),
        pytest.param(
            OrderPlaced('1'),
            rf'invoke\(\) expects a request .*, got OrderPlaced\(.*\) of type {named(OrderPlaced)}\. '
            r'Hint: this is an event: use publish\(\.\.\.\)',
            id='an-event',
        ),
        pytest.param(
            OrderPlaced,
            rf'got the class {named(OrderPlaced)}\. Hint: OrderPlaced is an event: use publish\(OrderPlaced',
            id='an-event-class',
        ),
    ],
)
async def test_invoke_of_something_that_is_not_a_request(argument: object, message: str) -> None:
    app = messaging_app(OrdersModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(TypeError, match=message):
            await bus.invoke(cast('Any', argument))
        assert await bus.invoke(PlaceOrder('still works')) == 'still works'


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('argument', 'message'),
    [
        pytest.param(
            PlaceOrder('1'),
            r'publish\(\) expects an event \(an instance of an IEvent subclass\), '
            rf'got PlaceOrder\(.*\) of type {named(PlaceOrder)}\. '
            r'Hint: this is a request: use invoke\(\.\.\.\)',
            id='a-request',
        ),
        pytest.param(
            None,
            r'publish\(\) expects an event .*, got None of type NoneType\. '
            r'Hint: pass an instance of a class that inherits IEvent',
            id='none',
        ),
        pytest.param(
            OrderPlaced,
            rf'publish\(\) expects an event .*, got the class {named(OrderPlaced)}\. '
            r'Hint: pass an instance, OrderPlaced\(\.\.\.\)',
            id='the-event-class',
        ),
    ],
)
async def test_publish_of_something_that_is_not_an_event(argument: object, message: str) -> None:
    app = messaging_app(EmailModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(TypeError, match=message):
            await bus.publish(cast('Any', argument))
