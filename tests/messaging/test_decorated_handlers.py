"""A ``handle`` wrapped by a signature-preserving decorator binds and runs in every role.

The decorators here are the ordinary kind (``functools.wraps`` over an ``async def`` wrapper);
each one records the method it wrapped, so the tests see that the bus went through it.
"""

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingConfig,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
    SequentialEventPublisher,
    StreamNext,
    StreamRequestHandler,
)
from tests.conftest import bind_request_unchecked, messaging_app, named

P = ParamSpec('P')
T = TypeVar('T')
Q = TypeVar('Q')
R = TypeVar('R')

wrapped_calls: list[str] = []


@pytest.fixture(autouse=True)
def fresh_calls() -> Iterator[None]:
    wrapped_calls.clear()
    yield
    wrapped_calls.clear()


def logged(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        wrapped_calls.append(method.__qualname__)
        return await method(*args, **kwargs)

    return wrapper


def retried(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        wrapped_calls.append(method.__qualname__)
        return await method(*args, **kwargs)

    return wrapper


def traced(method: Callable[P, AsyncIterator[T]]) -> Callable[P, AsyncIterator[T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        wrapped_calls.append(method.__qualname__)
        async for item in method(*args, **kwargs):
            yield item

    return wrapper


def deferred(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Typed like ``logged``, but its wrapper is a plain ``def`` that returns the awaitable."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Awaitable[T]:
        return method(*args, **kwargs)

    return wrapper


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[str]):
    order_id: str


@dataclass(frozen=True, slots=True)
class CountTo(IStreamRequest[int]):
    up_to: int


@dataclass(frozen=True, slots=True)
class OrderPlaced(IEvent):
    order_id: str


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    @logged
    async def handle(self, request: PlaceOrder, /) -> str:
        if not request.order_id:
            raise LookupError
        return request.order_id


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    @logged
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class MissingAsUnknown(RequestExceptionHandler[PlaceOrder, LookupError, str]):
    @override
    @retried
    async def handle(self, request: PlaceOrder, error: LookupError, /) -> str:
        return 'unknown'


class CountToHandler(StreamRequestHandler[CountTo, int]):
    @override
    @traced
    async def handle(self, request: CountTo, /) -> AsyncIterator[int]:
        for number in range(1, request.up_to + 1):
            yield number


class Doubling(IStreamPipelineBehavior[CountTo, int]):
    @override
    @traced
    async def handle(self, request: CountTo, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        async for number in call_next():
            yield number * 2


class SendEmail(EventHandler[OrderPlaced]):
    @override
    @logged
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class UpdateAnalytics:
    """Structural: matches ``IEventHandler`` without inheriting it."""

    @retried
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(
            PlaceOrder, PlaceOrderHandler, behaviors=[Timing], exception_handlers=[MissingAsUnknown]
        )
        .bind_stream(CountTo, CountToHandler, behaviors=[Doubling])
        .bind_event(OrderPlaced, [SendEmail, UpdateAnalytics]),
    ]
)
class DecoratedModule:
    pass


@pytest.mark.anyio
async def test_decorated_request_handler_behavior_and_exception_handler_run() -> None:
    async with messaging_app(DecoratedModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(PlaceOrder('ORD-1')) == 'ORD-1'
        assert wrapped_calls == ['Timing.handle', 'PlaceOrderHandler.handle']
        wrapped_calls.clear()
        assert await bus.invoke(PlaceOrder('')) == 'unknown'
        assert wrapped_calls == ['Timing.handle', 'PlaceOrderHandler.handle', 'MissingAsUnknown.handle']


@pytest.mark.anyio
async def test_decorated_stream_handler_and_stream_behavior_run() -> None:
    async with messaging_app(DecoratedModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert [number async for number in bus.stream(CountTo(3))] == [2, 4, 6]
        assert wrapped_calls == ['Doubling.handle', 'CountToHandler.handle']


@pytest.mark.anyio
@pytest.mark.parametrize('publisher', [SequentialEventPublisher, GroupEventPublisher])
async def test_decorated_event_handlers_run(publisher: type[EventPublisher]) -> None:
    config = MessagingConfig(event_publisher=publisher)
    async with messaging_app(DecoratedModule, config=config) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(OrderPlaced('ORD-1'))
        assert sorted(wrapped_calls) == ['SendEmail.handle', 'UpdateAnalytics.handle']


class DeferredHandler(RequestHandler[PlaceOrder, str]):
    @override
    @deferred
    async def handle(self, request: PlaceOrder, /) -> str:
        return request.order_id


def test_a_decorator_whose_wrapper_is_a_plain_def_is_refused() -> None:
    # The checkers accept it (the wrapper is typed as returning an awaitable); binding refuses
    # it, since the runtime cannot tell a plain `def` that returns an awaitable from one that
    # does not without calling it.
    with pytest.raises(
        InvalidBindingError, match=rf'^{named(DeferredHandler)}\.handle\(\) is not an async def method'
    ):
        MessagingExtension().bind_request(PlaceOrder, DeferredHandler)


async def place(request: PlaceOrder) -> str:
    return request.order_id


class Delegating(RequestHandler[PlaceOrder, str]):
    @override
    def handle(self, request: PlaceOrder, /) -> Awaitable[str]:
        return place(request)


class DelegatingService:
    def handle(self, request: PlaceOrder, /) -> Awaitable[str]:
        return place(request)


@pytest.mark.parametrize('handler', [Delegating, DelegatingService])
def test_a_plain_def_that_returns_an_awaitable_is_refused(handler: type[Any]) -> None:
    # It type-checks against the bases, which declare an awaitable; the plugin reports it too.
    with pytest.raises(
        InvalidBindingError, match=rf'^{named(handler)}\.handle\(\) is not an async def method'
    ):
        bind_request_unchecked(PlaceOrder, handler)
