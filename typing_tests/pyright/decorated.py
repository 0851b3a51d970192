"""A `handle` wrapped by an ordinary signature-preserving decorator binds like a plain one.

The handler and behavior bases declare `handle` as returning an awaitable, so an override typed
`Callable[P, Awaitable[T]]` or `Callable[P, Coroutine[Any, Any, T]]` by its decorator fits them
in both checkers, in every role; stream roles take decorators typed with `AsyncIterator`. The
decorator keeps the types, so the checks of the binding still see the request and response.
"""

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    IRequestHandler,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
    StreamNext,
    StreamRequestHandler,
)

P = ParamSpec('P')
T = TypeVar('T')
Q = TypeVar('Q')
R = TypeVar('R')


def logged(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return await method(*args, **kwargs)

    return wrapper


def retried(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        return await method(*args, **kwargs)

    return wrapper


def traced(method: Callable[P, AsyncIterator[T]]) -> Callable[P, AsyncIterator[T]]:
    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        async for item in method(*args, **kwargs):
            yield item

    return wrapper


class OrderConfirmation: ...


class OrderLine: ...


class OutOfStockError(Exception): ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class ListOrderLines(IStreamRequest[OrderLine]):
    order_id: str


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str


# --- decorated handlers and behaviors that fit, one per role ---


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    @logged
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class PlaceOrderRetried(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    @retried
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class PlaceOrderService:
    """Structural: matches `IRequestHandler` without inheriting it."""

    @logged
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class ListOrderLinesHandler(StreamRequestHandler[ListOrderLines, OrderLine]):
    @override
    @traced
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[OrderLine]:
        yield OrderLine()


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    @override
    @logged
    async def handle(self, event: OrderPlaced, /) -> None: ...


class UpdateAnalytics:
    """Structural event handler, with the `Coroutine` flavour of decorator."""

    @retried
    async def handle(self, event: OrderPlaced, /) -> None: ...


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    @logged
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class StreamTiming(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    @traced
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        async for item in call_next():
            yield item


class OutOfStockAsConfirmation(RequestExceptionHandler[PlaceOrder, OutOfStockError, OrderConfirmation]):
    @override
    @retried
    async def handle(self, request: PlaceOrder, error: OutOfStockError, /) -> OrderConfirmation:
        return OrderConfirmation()


ext = MessagingExtension()
ext.bind_request(
    PlaceOrder, PlaceOrderHandler, behaviors=[Timing], exception_handlers=[OutOfStockAsConfirmation]
)
ext.bind_stream(ListOrderLines, ListOrderLinesHandler, behaviors=[StreamTiming])
ext.bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics])
MessagingExtension().bind_request(PlaceOrder, PlaceOrderRetried)
MessagingExtension().bind_request(PlaceOrder, PlaceOrderService)

decorated: IRequestHandler[PlaceOrder, OrderConfirmation] = PlaceOrderService()


async def call_decorated() -> None:
    assert_type(await PlaceOrderHandler().handle(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await PlaceOrderRetried().handle(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await decorated.handle(PlaceOrder('PROD-42')), OrderConfirmation)


# --- decorated classes that do not fit: the decorator hides nothing ---


class PlaceOrderServiceReturnsInt:
    @logged
    async def handle(self, request: PlaceOrder, /) -> int:
        return 1


class OrderPlacedAsRequest:
    @retried
    async def handle(self, request: PlaceOrder, /) -> None: ...


class WideningTiming(IPipelineBehavior[PlaceOrder, object]):
    @override
    @logged
    async def handle(self, request: PlaceOrder, /, call_next: CallNext[object]) -> object:
        return await call_next()


class PlaceOrderHandlerReturnsInt(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    @logged
    async def handle(self, request: PlaceOrder, /) -> int:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        return 1


MessagingExtension().bind_request(PlaceOrder, PlaceOrderServiceReturnsInt)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
MessagingExtension().bind_event(OrderPlaced, [OrderPlacedAsRequest])  # type: ignore[denpo-event-mismatch]  # pyright: ignore[reportArgumentType]
MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[WideningTiming])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
