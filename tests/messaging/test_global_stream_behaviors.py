"""Global stream behaviors (``MessagingConfig(stream_behaviors=...)``): the rules of global behaviors.

They wrap the stream requests their type variables admit, outside each stream's own behaviors,
decided once at start-up; ``MessagingModule.register`` refuses one declared for a particular
stream request or item, a request behavior in the stream list (and the reverse) and repeats.
"""

from collections.abc import AsyncIterator
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    MessagingRegistry,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    StreamNext,
    StreamRequestHandler,
    describe_routes,
    render_table,
)
from tests.conftest import Trace, messaging_app, named

T = TypeVar('T')


class Row:
    pass


class OrderRow(Row):
    pass


class Paged(IStreamRequest[T], Generic[T]):
    """Stream requests that read a cursor page by page."""


class ListOrders(Paged[OrderRow]):
    pass


class ListTotals(Paged[int]):
    pass


class Tail(IStreamRequest[OrderRow]):
    """Not paged: a live feed."""


class Batches(IStreamRequest['list[Row]']):
    """Its items are not a plain class: a bound on the item cannot be judged."""


class Ping(IRequest[str]):
    pass


P = TypeVar('P', bound=Paged[Any])
S = TypeVar('S')
I = TypeVar('I', bound=Row)  # noqa: E741  # I for item, as T is taken
E = TypeVar('E', ListTotals, Tail)


class Cursor(IStreamPipelineBehavior[P, T], Generic[P, T]):
    """Wraps paged streams only: its request type variable is bounded."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: P, /, call_next: StreamNext[T]) -> AsyncIterator[T]:
        self._trace(f'cursor:{type(request).__name__}')
        async for item in call_next():
            yield item


class CountRows(IStreamPipelineBehavior[S, I], Generic[S, I]):
    """Wraps streams whose declared item is a Row."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: S, /, call_next: StreamNext[I]) -> AsyncIterator[I]:
        count = 0
        async for item in call_next():
            count += 1
            yield item
        self._trace(f'rows:{type(request).__name__}:{count}')


class Either(IStreamPipelineBehavior[E, T], Generic[E, T]):
    """Wraps exactly the stream requests its constraints name."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: E, /, call_next: StreamNext[T]) -> AsyncIterator[T]:
        self._trace(f'either:{type(request).__name__}')
        async for item in call_next():
            yield item


class Local(IStreamPipelineBehavior[S, T], Generic[S, T]):
    """A per-stream behavior: it runs inside the global ones."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: S, /, call_next: StreamNext[T]) -> AsyncIterator[T]:
        self._trace(f'local:{type(request).__name__}')
        async for item in call_next():
            yield item


class Timing(IPipelineBehavior[S, T], Generic[S, T]):
    @override
    async def handle(self, request: S, /, call_next: CallNext[T]) -> T:
        return await call_next()


class ListOrdersHandler(StreamRequestHandler[ListOrders, OrderRow]):
    @override
    async def handle(self, request: ListOrders, /) -> AsyncIterator[OrderRow]:
        yield OrderRow()
        yield OrderRow()


class ListTotalsHandler(StreamRequestHandler[ListTotals, int]):
    @override
    async def handle(self, request: ListTotals, /) -> AsyncIterator[int]:
        yield 7


class TailHandler(StreamRequestHandler[Tail, OrderRow]):
    @override
    async def handle(self, request: Tail, /) -> AsyncIterator[OrderRow]:
        yield OrderRow()


class BatchesHandler(StreamRequestHandler[Batches, 'list[Row]']):
    @override
    async def handle(self, request: Batches, /) -> AsyncIterator[list[Row]]:
        yield []


class PingHandler(RequestHandler[Ping, str]):
    @override
    async def handle(self, request: Ping, /) -> str:
        return 'pong'


@module(
    extensions=[
        MessagingExtension()
        .bind_stream(ListOrders, ListOrdersHandler, behaviors=[Local])
        .bind_stream(ListTotals, ListTotalsHandler)
        .bind_stream(Tail, TailHandler)
        .bind_stream(Batches, BatchesHandler)
        .bind_request(Ping, PingHandler)
    ]
)
class ReportsModule:
    pass


CONFIG = MessagingConfig(pipeline_behaviors=[Timing], stream_behaviors=[Cursor, CountRows, Either])


@pytest.mark.anyio
async def test_each_stream_gets_the_global_stream_behaviors_its_types_admit() -> None:
    app = messaging_app(ReportsModule, config=CONFIG)
    async with app, app.container() as container:
        registry = await container.get(MessagingRegistry)
        pipelines = {request.__name__: route.behaviors for request, route in registry.streams.items()}
        assert pipelines == {
            'ListOrders': (Cursor, CountRows, Local),  # global ones first, in config order
            'ListTotals': (Cursor, Either),  # paged, but its items are not rows
            'Tail': (CountRows, Either),  # rows, but not paged
            'Batches': (),  # neither paged nor declared with a plain item class
        }
        assert registry.requests[Ping].behaviors == (Timing,)  # each list wraps its own kind only
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        assert len([row async for row in bus.stream(ListOrders())]) == 2
        assert [total async for total in bus.stream(ListTotals())] == [7]
        assert [type(row) async for row in bus.stream(Tail())] == [OrderRow]
        assert trace.entries == [
            'cursor:ListOrders',
            'local:ListOrders',
            'rows:ListOrders:2',
            'cursor:ListTotals',
            'either:ListTotals',
            'either:Tail',  # CountRows counts on the way out: after the items
            'rows:Tail:1',
        ]


@pytest.mark.anyio
async def test_the_routing_table_shows_the_global_stream_behaviors() -> None:
    app = messaging_app(ReportsModule, config=CONFIG)
    table = render_table(describe_routes(await app.container.get(MessagingRegistry)))
    assert table.splitlines()[5:13] == [
        'Streams (4)',
        'stream      handler            behaviors (outermost first)  module',
        '----------  -----------------  ---------------------------  -------------',
        'ListOrders  ListOrdersHandler  Cursor, CountRows, Local     ReportsModule',
        'ListTotals  ListTotalsHandler  Cursor, Either               ReportsModule',
        'Tail        TailHandler        CountRows, Either            ReportsModule',
        'Batches     BatchesHandler     -                            ReportsModule',
        '',
    ]


# --- what MessagingModule.register refuses -------------------------------------------------


class ForListOrders(IStreamPipelineBehavior[ListOrders, OrderRow]):
    @override
    async def handle(
        self, request: ListOrders, /, call_next: StreamNext[OrderRow]
    ) -> AsyncIterator[OrderRow]:
        async for item in call_next():
            yield item


class ForInts(IStreamPipelineBehavior[S, int], Generic[S]):
    @override
    async def handle(self, request: S, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        async for item in call_next():
            yield item + 1


@pytest.mark.parametrize(
    ('behavior', 'declared'),
    [
        pytest.param(ForListOrders, r'IStreamPipelineBehavior\[ListOrders, OrderRow\]', id='one-stream'),
        pytest.param(ForInts, r'IStreamPipelineBehavior\[S, int\]', id='one-item-type'),
    ],
)
def test_a_global_stream_behavior_must_be_generic(behavior: type[Any], declared: str) -> None:
    message = (
        rf'^Stream pipeline behavior {named(behavior)} is declared for {declared}, but a global behavior '
        r'wraps every stream request and hands its result to every caller\. Hint: make it generic '
        r'\(IStreamPipelineBehavior\[Q, R\]\), with a bound on Q for the stream requests it should wrap, '
        r'or bind it to those stream requests with '
        rf'bind_stream\(\.\.\., behaviors=\[{behavior.__name__}\]\)\.$'
    )
    with pytest.raises(InvalidBindingError, match=message) as caught:
        MessagingModule.register(MessagingConfig(stream_behaviors=[Cursor, behavior]))
    assert caught.value.code == 'denpo-global-behavior'
    assert caught.value.subject is behavior


@pytest.mark.parametrize(
    ('options', 'message'),
    [
        pytest.param(
            {'stream_behaviors': [Timing]},
            rf'^{named(Timing)} is a pipeline behavior, not a stream pipeline behavior\. '
            r'Hint: list it in MessagingConfig\(pipeline_behaviors=\[Timing\]\)\.$',
            id='request-behavior-in-stream-list',
        ),
        pytest.param(
            {'pipeline_behaviors': [Local]},
            rf'^{named(Local)} is a stream pipeline behavior, not a pipeline behavior\. '
            r'Hint: list it in MessagingConfig\(stream_behaviors=\[Local\]\)\.$',
            id='stream-behavior-in-request-list',
        ),
        pytest.param(
            {'stream_behaviors': Local},
            r'^MessagingConfig\(stream_behaviors=\.\.\.\) expects a list of stream pipeline behavior '
            rf'classes, got the class {named(Local)}\. Hint: write stream_behaviors=\[Local\]\.$',
            id='not-a-list',
        ),
        pytest.param(
            {'stream_behaviors': [TailHandler]},
            rf'^{named(TailHandler)} is a stream handler, not a stream pipeline behavior\. '
            r'Hint: bind it with bind_stream\(<stream request class>, TailHandler\)\.$',
            id='a-stream-handler',
        ),
    ],
)
def test_each_global_list_takes_only_its_own_kind_of_behavior(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidBindingError, match=message) as caught:
        MessagingModule.register(MessagingConfig(**options))
    assert caught.value.code == 'denpo-behavior-mismatch'


def test_a_global_stream_behavior_listed_twice_is_refused() -> None:
    message = (
        rf'^Stream pipeline behavior {named(Cursor)} appears twice in MessagingConfig\.stream_behaviors\. '
        r'Hint: list it once'
    )
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message) as caught:
        MessagingModule.register(MessagingConfig(stream_behaviors=[Cursor, CountRows, Cursor]))
    assert caught.value.request_type is None
    assert caught.value.behavior_type is Cursor
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message):
        MessagingRegistry.merge([], global_stream_behaviors=[Cursor, Cursor])


def test_a_stream_behavior_both_global_and_bound_is_refused_at_start_up() -> None:
    @module(extensions=[MessagingExtension().bind_stream(ListOrders, ListOrdersHandler, behaviors=[Cursor])])
    class Twice:
        pass

    message = (
        rf'^Stream pipeline behavior {named(Cursor)} appears twice in the pipeline of stream request '
        rf'{named(ListOrders)} \(per-request behaviors repeat it, or repeat a global one\)'
    )
    with pytest.raises(PipelineBehaviorAlreadyRegistered, match=message):
        messaging_app(Twice, config=MessagingConfig(stream_behaviors=[Cursor]))
