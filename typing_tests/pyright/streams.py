"""Stream requests: `bind_stream` and `stream(request)`, checked by pyright alone and by mypy.

pyright sees these through the native signatures: `bind_stream` bounds the item type from above
by the stream request class (`__denpo_stream_item__`) and from below by the handler, and
`stream` returns `AsyncGenerator[<item>, None]`. mypy runs with the denpo plugin, which reports
its own `denpo-` code in place of mypy's inference errors.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    ISender,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessageBus,
    MessagingExtension,
    RequestHandler,
    StreamNext,
    StreamRequestHandler,
)

T = TypeVar('T')
Q = TypeVar('Q')
R = TypeVar('R')


class OrderLine: ...


class GiftLine(OrderLine): ...


@dataclass(frozen=True)
class ListOrderLines(IStreamRequest[OrderLine]):
    order_id: str


@dataclass(frozen=True)
class ListGiftLines(ListOrderLines):
    pass


@dataclass(frozen=True)
class TailOrderIds(IStreamRequest[str]):
    pass


@dataclass(frozen=True)
class StreamById(IStreamRequest[T], Generic[T]):
    item_id: int


@dataclass(frozen=True)
class PlaceOrder(IRequest[str]):
    product_id: str


# --- handlers and behaviors that fit ---


class ListOrderLinesHandler(StreamRequestHandler[ListOrderLines, OrderLine]):
    @override
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[OrderLine]:
        yield OrderLine()


class GiftsOnlyHandler(StreamRequestHandler[ListOrderLines, GiftLine]):
    @override
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[GiftLine]:
        yield GiftLine()


class ListGiftLinesHandler(StreamRequestHandler[ListGiftLines, GiftLine]):
    @override
    async def handle(self, request: ListGiftLines, /) -> AsyncIterator[GiftLine]:
        yield GiftLine()


class TailOrderIdsHandler(StreamRequestHandler[TailOrderIds, str]):
    @override
    async def handle(self, request: TailOrderIds, /) -> AsyncIterator[str]:
        yield 'ORD-1'


class StreamByIdHandler(StreamRequestHandler[StreamById[T], T], Generic[T]):
    @override
    async def handle(self, request: StreamById[T], /) -> AsyncIterator[T]:
        found: tuple[T, ...] = ()
        for item in found:
            yield item


class TailService:
    """Structural: matches `IStreamRequestHandler` without inheriting it."""

    async def handle(self, request: TailOrderIds, /) -> AsyncIterator[str]:
        yield 'ORD-2'


class StreamLogging(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        async for item in call_next():
            yield item


class AuditOrderLines(IStreamPipelineBehavior[ListOrderLines, OrderLine]):
    @override
    async def handle(
        self, request: ListOrderLines, /, call_next: StreamNext[OrderLine]
    ) -> AsyncIterator[OrderLine]:
        async for item in call_next():
            yield item


# --- classes that do not fit ---


# mypy only: the plugin checks the declared item type where the class is defined.
class LineNumbers(StreamRequestHandler[ListOrderLines, int]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[int]:
        yield 1


class LinesOrNothing:
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[OrderLine | None]:
        yield None


class TailNow:
    """Its `handle` is a coroutine, not an async generator."""

    async def handle(self, request: TailOrderIds, /) -> str:
        return 'ORD-1'


class UnfinishedLines(StreamRequestHandler[ListOrderLines, OrderLine]):
    """Forgets to implement `handle`."""


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'ORD-1'


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- good bindings: no error in either checker ---

ext = MessagingExtension()
ext.bind_stream(ListOrderLines, ListOrderLinesHandler, behaviors=[StreamLogging, AuditOrderLines])
ext.bind_stream(ListOrderLines, GiftsOnlyHandler)  # yields a subtype of the promised item
ext.bind_stream(ListGiftLines, ListOrderLinesHandler, behaviors=[AuditOrderLines])  # of a base request
ext.bind_stream(TailOrderIds, TailService, behaviors=(StreamLogging,))
ext.bind_stream(StreamById, StreamByIdHandler)  # a generic stream request is bound bare

chain = (
    MessagingExtension()
    .bind_stream(ListOrderLines, ListOrderLinesHandler)
    .bind_request(PlaceOrder, PlaceOrderHandler)
    .bind_stream(TailOrderIds, TailOrderIdsHandler)
)
assert_type(chain, MessagingExtension)

# --- the item type does not fit the promise ---

ext.bind_stream(ListOrderLines, LineNumbers)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_stream(ListOrderLines, LinesOrNothing)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]

# --- the handler handles another request ---

ext.bind_stream(ListOrderLines, TailOrderIdsHandler)  # type: ignore[denpo-request-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_stream(ListOrderLines, ListGiftLinesHandler)  # type: ignore[denpo-request-mismatch]  # pyright: ignore[reportArgumentType]

# --- not a stream handler, not a stream request ---

ext.bind_stream(PlaceOrder, PlaceOrderHandler)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_request(ListOrderLines, PlaceOrderHandler)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_stream(ListOrderLines, PlaceOrderHandler)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, TailOrderIdsHandler)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_stream(TailOrderIds, TailNow)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]

# --- behaviors that do not fit ---

ext.bind_stream(TailOrderIds, TailOrderIdsHandler, behaviors=[AuditOrderLines])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_stream(TailOrderIds, TailOrderIdsHandler, behaviors=[Logging])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]

# --- mistakes only the plugin sees ---

# `type[IStreamRequestHandler[...]]` accepts abstract classes in pyright; the plugin reports it.
ext.bind_stream(ListOrderLines, UnfinishedLines)  # type: ignore[denpo-abstract-handler]
# Stream requests are dispatched by class, so a parameterized alias cannot be bound.
ext.bind_stream(StreamById[int], StreamByIdHandler)  # type: ignore[denpo-parameterized-request]
# Streams and requests share one namespace; the plugin reads the chain itself.
MessagingExtension().bind_stream(TailOrderIds, TailService).bind_stream(TailOrderIds, TailService)  # type: ignore[denpo-duplicate-request]


# --- stream(request) ---


async def item_types(bus: IMessageBus, sender: ISender, concrete: MessageBus) -> None:
    assert_type(bus.stream(ListOrderLines('ORD-1')), AsyncGenerator[OrderLine, None])
    assert_type(sender.stream(ListGiftLines('ORD-1')), AsyncGenerator[OrderLine, None])
    assert_type(concrete.stream(StreamById[bytes](1)), AsyncGenerator[bytes, None])
    async with aclosing(bus.stream(TailOrderIds())) as ids:
        async for order_id in ids:
            assert_type(order_id, str)


async def unions_of_stream_requests(bus: IMessageBus, request: ListOrderLines | TailOrderIds) -> None:
    # Plain mypy joins the two item types to `object`; the plugin restores the union.
    assert_type(bus.stream(request), AsyncGenerator[OrderLine | str, None])


async def items_are_enforced(bus: IMessageBus) -> None:
    async for line in bus.stream(ListOrderLines('ORD-1')):
        wrong: str = line  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
        del wrong


def only_stream_requests(bus: IMessageBus, anything: Any) -> None:
    bus.stream(PlaceOrder('PROD-42'))  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    bus.stream(ListOrderLines)  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]
    bus.stream(anything)  # Any fits; the runtime checks it on first iteration
