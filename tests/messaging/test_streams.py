"""``stream``: a stream request's items through its stream behaviors, inside the bus's DI scope."""

from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio
import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    EventHandler,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingExtension,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
    StreamNext,
    StreamRequestHandler,
    StreamRoute,
    describe_routes,
    render_mermaid,
    render_table,
)
from tests.conftest import Boom, NotAMessage, OrderPlaced, Trace, messaging_app, named
from tests.messaging._registry import registry_of

Q = TypeVar('Q')
R = TypeVar('R')
T = TypeVar('T')


# --- messages and handlers -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count(IStreamRequest[int]):
    up_to: int


@dataclass(frozen=True, slots=True)
class Fail(IStreamRequest[int]):
    error: Exception


@dataclass(frozen=True, slots=True)
class Unbound(IStreamRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Ping(IRequest[str]):
    pass


class Both(IRequest[int], IStreamRequest[int]):
    pass


class Page(IStreamRequest[T], Generic[T]):
    pass


class Shape:
    pass


class Circle(Shape):
    pass


class Shapes(IStreamRequest[Shape]):
    pass


class Circles(IStreamRequest[Circle]):
    pass


class CountHandler(StreamRequestHandler[Count, int]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Count, /) -> AsyncIterator[int]:
        self.trace('handler starts')
        try:
            for number in range(1, request.up_to + 1):
                self.trace(f'yield {number}')
                yield number
        finally:
            self.trace('handler cleanup')


class FailHandler(StreamRequestHandler[Fail, int]):
    @override
    async def handle(self, request: Fail, /) -> AsyncIterator[int]:
        yield 1
        raise request.error


class PingHandler(RequestHandler[Ping, str]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Ping, /) -> str:
        self.trace('ping')
        return 'pong'


class Outer(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        self.trace('outer before')
        async for item in call_next():
            self.trace(f'outer sees {item}')
            yield item
        self.trace('outer after')


class Inner(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        self.trace('inner before')
        async for item in call_next():
            self.trace(f'inner sees {item}')
            yield item
        self.trace('inner after')


class Doubling(IStreamPipelineBehavior[Count, int]):
    @override
    async def handle(self, request: Count, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        async for item in call_next():
            yield item * 2


class Shortcut(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    """Never starts the handler."""

    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        for _ in ():
            yield _


@module(
    extensions=[
        MessagingExtension()
        .bind_stream(Count, CountHandler)
        .bind_stream(Fail, FailHandler)
        .bind_request(Ping, PingHandler),
    ]
)
class PlainModule:
    pass


def app_with(*behaviors: type[IStreamPipelineBehavior[Count, int]]) -> Any:
    @module(extensions=[MessagingExtension().bind_stream(Count, CountHandler, behaviors=behaviors)])
    class CountModule:
        pass

    return messaging_app(CountModule)


async def collect(stream: AsyncIterator[int]) -> list[int]:
    return [item async for item in stream]


# --- dispatch ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_items_arrive_in_order() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await collect(bus.stream(Count(3))) == [1, 2, 3]
        # the second stream of the class in this scope takes the cached runner
        assert await collect(bus.stream(Count(2))) == [1, 2]
        trace = await container.get(Trace)
        assert trace.entries.count('handler cleanup') == 2


@pytest.mark.anyio
async def test_nothing_runs_before_the_first_iteration() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            stream = bus.stream(Count(1))
            assert trace.entries == []
            assert await collect(stream) == [1]
            assert trace.entries == ['handler starts', 'yield 1', 'handler cleanup']


@pytest.mark.anyio
async def test_behaviors_wrap_the_iteration_in_bind_order() -> None:
    async with app_with(Outer, Inner) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # first call, then the cached runner
            assert await collect(bus.stream(Count(2))) == [1, 2]
            trace = await container.get(Trace)
            assert trace.entries == [
                'outer before',
                'inner before',
                'handler starts',
                'yield 1',
                'inner sees 1',
                'outer sees 1',
                'yield 2',
                'inner sees 2',
                'outer sees 2',
                'handler cleanup',
                'inner after',
                'outer after',
            ]
            trace.entries.clear()


@pytest.mark.anyio
async def test_a_behavior_may_transform_items() -> None:
    async with app_with(Doubling) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await collect(bus.stream(Count(3))) == [2, 4, 6]


@pytest.mark.anyio
async def test_a_behavior_may_short_circuit() -> None:
    async with app_with(Shortcut, Outer) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await collect(bus.stream(Count(3))) == []
        assert (await container.get(Trace)).entries == []


@pytest.mark.anyio
async def test_the_scoped_dependency_is_shared_with_the_scope_while_iterating() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        async with aclosing(bus.stream(Count(2))) as items:
            async for item in items:
                # the handler is suspended mid-stream; the scope serves other work meanwhile
                assert await bus.invoke(Ping()) == 'pong'
                trace(f'caller got {item}')
        assert trace.entries == [
            'handler starts',
            'yield 1',
            'ping',
            'caller got 1',
            'yield 2',
            'ping',
            'caller got 2',
            'handler cleanup',
        ]


@pytest.mark.anyio
async def test_each_scope_has_its_own_handler() -> None:
    async with messaging_app(PlainModule) as app:
        traces: list[Trace] = []
        for _ in range(2):
            async with app.container() as container:
                bus = await container.get(IMessageBus)
                assert await collect(bus.stream(Count(1))) == [1]
                traces.append(await container.get(Trace))
        first, second = traces
        assert first is not second
        assert first.entries == second.entries == ['handler starts', 'yield 1', 'handler cleanup']


# --- early close ---------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', [(), (Outer,), (Outer, Inner)], ids=repr)
async def test_aclose_runs_the_handler_cleanup(behaviors: tuple[type[Any], ...]) -> None:
    async with app_with(*behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            stream = bus.stream(Count(5))
            assert await anext(stream) == 1
            await stream.aclose()
            assert 'yield 2' not in trace.entries
            assert 'handler cleanup' in trace.entries


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', [(), (Inner,), (Outer, Inner)], ids=repr)
async def test_break_inside_aclosing_runs_the_handler_cleanup(behaviors: tuple[type[Any], ...]) -> None:
    async with app_with(*behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        async with aclosing(bus.stream(Count(5))) as items:
            async for item in items:
                if item == 2:
                    break
        assert 'handler cleanup' in trace.entries
        assert 'yield 3' not in trace.entries
        assert 'outer after' not in trace.entries  # closed, not run to its end


# --- failures ------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', [(), (Outer, Inner)], ids=repr)
async def test_a_handler_exception_propagates_unchanged(behaviors: tuple[type[Any], ...]) -> None:
    @module(extensions=[MessagingExtension().bind_stream(Fail, FailHandler, behaviors=behaviors)])
    class FailModule:
        pass

    error = Boom('no more')
    async with messaging_app(FailModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # first call, then the cached runner
            stream = bus.stream(Fail(error))
            assert await anext(stream) == 1
            with pytest.raises(Boom) as caught:
                await anext(stream)
            assert caught.value is error


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('value', 'message'),
    [
        pytest.param(
            Ping(),
            r'^.*Ping is a request: use invoke\(\), not stream\(\)\. '
            r'Hint: invoke\(Ping\(\.\.\.\)\) sends it to its one handler and returns the response\.$',
            id='a-request',
        ),
        pytest.param(
            Count,
            r'^stream\(\) expects a stream request instance, got the class .*Count\. '
            r'Hint: pass an instance: stream\(Count\(\.\.\.\)\)\.$',
            id='a-class',
        ),
        pytest.param(
            None,
            r'^stream\(\) expects a stream request, got None\. '
            r'Hint: pass an instance of a class declared as `class <Name>\(IStreamRequest\[<item type>\]\)`',
            id='none',
        ),
    ],
)
async def test_stream_of_something_else_is_a_type_error_on_first_iteration(
    value: object, message: str
) -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        stream_any: Any = bus.stream
        stream = stream_any(value)  # no error yet: like invoke's coroutine, it raises when run
        with pytest.raises(TypeError, match=message):
            await anext(stream)


@pytest.mark.anyio
async def test_invoke_of_a_stream_request_names_stream() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        invoke: Any = bus.invoke
        with pytest.raises(TypeError, match=r'Count is a stream request: use stream\(\), not invoke\(\)\.'):
            await invoke(Count(1))


@pytest.mark.anyio
async def test_an_unbound_stream_request_is_not_found() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        message = (
            rf'No handler is bound for stream request {named(Unbound)}\. Hint: add '
            r'`MessagingExtension\(\)\.bind_stream\(Unbound, <handler class>\)`'
        )
        with pytest.raises(RequestHandlerNotFound, match=message) as caught:
            await anext(bus.stream(Unbound()))
        assert caught.value.request_type is Unbound


# --- bind_stream ---------------------------------------------------------------------------


class NotAGenerator(StreamRequestHandler[Count, int]):
    @override
    async def handle(self, request: Count, /) -> AsyncIterator[int]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]  # wrong on purpose: a coroutine
        return self._items()

    async def _items(self) -> AsyncIterator[int]:
        yield 1


class AbstractStreamHandler(StreamRequestHandler[Count, int]):
    pass


class OtherStreamHandler(StreamRequestHandler[Circles, Circle]):
    @override
    async def handle(self, request: Circles, /) -> AsyncIterator[Circle]:
        yield Circle()


class ShapesHandler(StreamRequestHandler[Shapes, Shape]):
    @override
    async def handle(self, request: Shapes, /) -> AsyncIterator[Shape]:
        yield Shape()


class StructuralHandler:
    async def handle(self, request: Count, /) -> AsyncIterator[int]:
        yield 1


class NoHandle:
    pass


class Announced(EventHandler[Any]):
    @override
    async def handle(self, event: Any, /) -> None:
        pass


class RequestBehavior(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class CoroutineBehavior(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]  # wrong on purpose: a coroutine
        return call_next()


class AbstractBehavior(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    pass


class CirclesOnly(IStreamPipelineBehavior[Circles, Circle]):
    @override
    async def handle(self, request: Circles, /, call_next: StreamNext[Circle]) -> AsyncIterator[Circle]:
        async for item in call_next():
            yield item


class ShapeBehavior(IStreamPipelineBehavior[Circles, Shape]):
    @override
    async def handle(self, request: Circles, /, call_next: StreamNext[Shape]) -> AsyncIterator[Shape]:
        async for item in call_next():
            yield item


class BareBehavior(IStreamPipelineBehavior):  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # bare on purpose
    @override
    async def handle(self, request: Any, /, call_next: StreamNext[Any]) -> AsyncIterator[Any]:
        async for item in call_next():
            yield item


def bind_stream_unchecked(
    request_type: object, handler_type: object, behaviors: object = (), *, extension: MessagingExtension
) -> None:
    """Call ``bind_stream`` with arguments the type checkers would reject."""
    bind: Any = extension.bind_stream
    bind(request_type, handler_type, behaviors=behaviors)


@pytest.mark.parametrize(
    ('request_type', 'handler_type', 'behaviors', 'message'),
    [
        pytest.param(
            Count(1),
            CountHandler,
            (),
            rf'bind_stream\(\) expects a stream request class, got an instance of {named(Count)}\. '
            r'Hint: pass the class itself',
            id='request-not-a-class',
        ),
        pytest.param(
            NotAMessage,
            CountHandler,
            (),
            rf'{named(NotAMessage)} is not a stream request: it does not inherit IStreamRequest\. '
            r'Hint: declare it as `class NotAMessage\(IStreamRequest\[<item type>\]\)`',
            id='request-not-an-istreamrequest',
        ),
        pytest.param(
            Ping,
            PingHandler,
            (),
            rf'{named(Ping)} is a request, not a stream request\. '
            r'Hint: bind it with bind_request\(Ping, <request handler class>\)',
            id='request-is-a-plain-request',
        ),
        pytest.param(
            OrderPlaced,
            CountHandler,
            (),
            rf'^{named(OrderPlaced)} is an event, not a stream request\. '
            r'Hint: bind it with bind_event\(OrderPlaced, \[<event handler class>\]\)\.$',
            id='request-is-an-event',
        ),
        pytest.param(
            CountHandler,
            Count,
            (),
            rf'^{named(CountHandler)} is a stream handler, not a stream request\. Hint: pass the stream '
            r'request class first: bind_stream\(<stream request class>, CountHandler\)\.$',
            id='arguments-swapped',
        ),
        pytest.param(
            Both,
            CountHandler,
            (),
            rf'bind_stream\(\) got {named(Both)}, which inherits both IRequest and IStreamRequest; .* '
            r'Hint: inherit only one of them',
            id='request-is-both-kinds',
        ),
        pytest.param(
            Count,
            PingHandler,
            (),
            rf'{named(PingHandler)} is a request handler, not a stream handler\. '
            r'Hint: bind it with bind_request\(<request class>, PingHandler\)',
            id='handler-is-a-request-handler',
        ),
        pytest.param(
            Count,
            Outer,
            (),
            rf'{named(Outer)} is a stream pipeline behavior, not a stream handler\. '
            r'Hint: pass it as bind_stream\(\.\.\., behaviors=\[Outer\]\)',
            id='handler-is-a-stream-behavior',
        ),
        pytest.param(
            Count,
            'CountHandler',
            (),
            r'Expected a stream handler class, got an instance of str\. '
            r'Hint: inherit StreamRequestHandler\[Count, <item>\] and implement handle\(\)',
            id='handler-not-a-class',
        ),
        pytest.param(
            Count,
            NoHandle,
            (),
            rf'{named(NoHandle)} is not a stream handler: it has no handle\(\) method\.',
            id='handler-without-handle',
        ),
        pytest.param(
            Count,
            NotAGenerator,
            (),
            rf'{named(NotAGenerator)}\.handle\(\) is not an async generator, so the bus cannot '
            r'iterate over it\. Hint: make it an async generator, `async def handle\(\.\.\.\) -> '
            r'AsyncIterator\[<item>\]` that yields its items',
            id='handler-not-an-async-generator',
        ),
        pytest.param(
            Count,
            AbstractStreamHandler,
            (),
            rf'{named(AbstractStreamHandler)} is abstract \(unimplemented: handle\) '
            r'and cannot be instantiated',
            id='handler-abstract',
        ),
        pytest.param(
            Count,
            OtherStreamHandler,
            (),
            rf'{named(OtherStreamHandler)} handles Circles, not Count\. '
            r'Hint: bind Count to a stream handler of Count \(or of one of its base classes\)',
            id='handler-of-another-request',
        ),
        pytest.param(
            Circles,
            ShapesHandler,
            (),
            r'.*ShapesHandler handles Shapes, not Circles\.',
            id='handler-of-an-unrelated-request',
        ),
        pytest.param(
            Shapes,
            Announced,
            (),
            rf'{named(Announced)} is an event handler, not a stream handler\. '
            r'Hint: bind it with bind_event\(<event class>, \[Announced\]\)',
            id='handler-is-an-event-handler',
        ),
        pytest.param(
            Count,
            CountHandler,
            Outer,
            r'bind_stream\(Count, \.\.\., behaviors=\.\.\.\) expects a list of stream pipeline behavior '
            rf'classes, got the class {named(Outer)}\. Hint: write behaviors=\[Outer\]',
            id='behaviors-not-a-list',
        ),
        pytest.param(
            Count,
            CountHandler,
            (RequestBehavior,),
            rf'^{named(RequestBehavior)} is a pipeline behavior, not a stream pipeline behavior\. '
            r'Hint: pass it as bind_request\(\.\.\., behaviors=\[RequestBehavior\]\)\.$',
            id='behavior-is-a-request-behavior',
        ),
        pytest.param(
            Count,
            CountHandler,
            (CountHandler,),
            rf'^{named(CountHandler)} is a stream handler, not a stream pipeline behavior\. '
            r'Hint: bind it with bind_stream\(<stream request class>, CountHandler\)\.$',
            id='behavior-is-a-stream-handler',
        ),
        pytest.param(
            Count,
            CountHandler,
            (NoHandle,),
            rf'^The class {named(NoHandle)} is not a stream pipeline behavior\. '
            r'Hint: inherit IStreamPipelineBehavior\[<request>, <item>\]',
            id='behavior-not-a-behavior',
        ),
        pytest.param(
            Count,
            CountHandler,
            (CoroutineBehavior,),
            rf'{named(CoroutineBehavior)}\.handle\(\) is not an async generator',
            id='behavior-not-an-async-generator',
        ),
        pytest.param(
            Count,
            CountHandler,
            (AbstractBehavior,),
            rf'{named(AbstractBehavior)} is abstract \(unimplemented: handle\)',
            id='behavior-abstract',
        ),
        pytest.param(
            Count,
            CountHandler,
            (CirclesOnly,),
            rf'Stream pipeline behavior {named(CirclesOnly)} handles Circles, not Count\. '
            r'Hint: make it generic \(IStreamPipelineBehavior\[Q, R\]\) or bind it to stream requests of '
            r'Circles',
            id='behavior-of-another-request',
        ),
        pytest.param(
            Circles,
            OtherStreamHandler,
            (ShapeBehavior,),
            rf'Stream pipeline behavior {named(ShapeBehavior)} works on Shape items, '
            r'but Circles promises Circle\. '
            r'Hint: make the behavior generic in its item \(IStreamPipelineBehavior\[Q, R\]\)',
            id='behavior-widens-the-item',
        ),
    ],
)
def test_bind_stream_refuses(
    request_type: object, handler_type: object, behaviors: object, message: str
) -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError, match=message):
        bind_stream_unchecked(request_type, handler_type, behaviors, extension=extension)
    assert extension.stream_bindings == ()


class MoreCircles(Circles):
    pass


class CirclesAsShapes(StreamRequestHandler[Shapes, Circle]):
    @override
    async def handle(self, request: Shapes, /) -> AsyncIterator[Circle]:
        yield Circle()


class IntsHandler(StreamRequestHandler[Shapes, int]):  # type: ignore[denpo-handler-response]  # wrong on purpose
    @override
    async def handle(self, request: Shapes, /) -> AsyncIterator[int]:
        yield 1


def test_bind_stream_refuses_a_handler_whose_items_do_not_fit() -> None:
    message = (
        rf'{named(IntsHandler)} yields int, but Shapes promises Shape \(IStreamRequest\[Shape\]\)\. '
        r'Hint: yield Shape or a subtype from the handler, or declare the request as IStreamRequest\[int\]\.'
    )
    with pytest.raises(InvalidBindingError, match=message):
        bind_stream_unchecked(Shapes, IntsHandler, extension=MessagingExtension())


@pytest.mark.parametrize(
    ('request_type', 'handler_type', 'behaviors'),
    [
        pytest.param(MoreCircles, OtherStreamHandler, (), id='handler-of-a-base-request'),
        pytest.param(Shapes, CirclesAsShapes, (), id='items-of-a-subtype'),
        pytest.param(Count, StructuralHandler, (Outer,), id='structural-handler'),
        pytest.param(Circles, OtherStreamHandler, (CirclesOnly,), id='behavior-of-exactly-this-stream'),
        pytest.param(Count, CountHandler, (BareBehavior,), id='bare-behavior'),
    ],
)
def test_bind_stream_accepts(request_type: object, handler_type: object, behaviors: Sequence[object]) -> None:
    extension = MessagingExtension()
    bind_stream_unchecked(request_type, handler_type, behaviors, extension=extension)
    (binding,) = extension.stream_bindings
    assert (binding.request_type, binding.handler_type, binding.behaviors) == (
        request_type,
        handler_type,
        tuple(behaviors),
    )


def test_bind_request_refuses_a_stream_request_and_a_stream_handler() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(
        InvalidBindingError,
        match=rf'{named(Count)} is a stream request, not a request\. '
        r'Hint: bind it with bind_stream\(Count, <stream handler class>\)',
    ):
        bind(Count, CountHandler)
    with pytest.raises(
        InvalidBindingError,
        match=rf'{named(CountHandler)} is a stream handler, not a request handler\. '
        r'Hint: bind it with bind_stream\(<stream request class>, CountHandler\)',
    ):
        bind(Ping, CountHandler)
    with pytest.raises(InvalidBindingError, match=r'bind_request\(\) got .*Both, which inherits both'):
        bind(Both, PingHandler)
    with pytest.raises(
        InvalidBindingError,
        match=rf'^{named(Page)} is a stream request, not a request\. '
        r'Hint: bind it with bind_stream\(Page, <stream handler class>\)\.$',
    ) as caught:
        bind(Page[int], PingHandler)
    assert caught.value.code == 'denpo-not-a-request'
    assert caught.value.subject == Page[int]


@pytest.mark.anyio
async def test_a_structural_handler_streams() -> None:
    @module(extensions=[MessagingExtension().bind_stream(Count, StructuralHandler)])
    class StructuralModule:
        pass

    async with messaging_app(StructuralModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await collect(bus.stream(Count(9))) == [1]


# --- registry and routes -------------------------------------------------------------------


def test_a_stream_bound_twice_across_modules_is_refused() -> None:
    @module(extensions=[MessagingExtension().bind_stream(Count, CountHandler)])
    class FirstModule:
        pass

    @module(extensions=[MessagingExtension().bind_stream(Count, StructuralHandler)])
    class SecondModule:
        pass

    message = (
        rf'Stream request {named(Count)} is bound twice: to {named(CountHandler)} in module .*FirstModule '
        rf'and to {named(StructuralHandler)} in module .*SecondModule\. A stream request has exactly one '
        r'handler\. '
        r'Hint: remove one of the two bind_stream\(\) calls'
    )
    with pytest.raises(RequestHandlerAlreadyRegistered, match=message):
        messaging_app(FirstModule, SecondModule)


def test_a_stream_bound_twice_on_one_extension_is_refused_by_the_second_call() -> None:
    extension = MessagingExtension().bind_stream(Count, CountHandler)
    message = (
        rf'^Stream request {named(Count)} is bound twice in one MessagingExtension: to {named(CountHandler)} '
        rf'and to {named(StructuralHandler)}\. A stream request has exactly one handler\. '
        r'Hint: remove one of the two bind_stream\(\) calls; to react in several places, publish an '
        r'event instead\.$'
    )
    with pytest.raises(RequestHandlerAlreadyRegistered, match=message) as caught:
        extension.bind_stream(Count, StructuralHandler)
    assert caught.value.code == 'denpo-duplicate-request'


def test_a_stream_behavior_listed_twice_is_refused() -> None:
    # denpo's mypy plugin reports the repeat too, so it is bound out of the type checkers' sight:
    # the runtime must refuse it, at bind time, for code that was never type-checked.
    extension = MessagingExtension()
    with pytest.raises(
        ValueError, match=r'Stream pipeline behavior .*Outer appears twice in the pipeline of stream request'
    ):
        bind_stream_unchecked(Count, CountHandler, [Outer, Outer], extension=extension)
    assert extension.stream_bindings == ()


def test_the_registry_lists_streams() -> None:
    registry = registry_of(
        ('pkg.A', MessagingExtension().bind_stream(Count, CountHandler, behaviors=[Outer]))
    )
    route = StreamRoute(Count, CountHandler, (Outer,), 'pkg.A')
    assert registry.streams == {Count: route}
    assert registry.stream_route(Count) == route
    assert registry.handler_types() == (Outer, CountHandler)
    assert describe_routes(registry).streams == (route,)
    with pytest.raises(RequestHandlerNotFound):
        registry.stream_route(Unbound)


def test_render_table_lists_streams() -> None:
    registry = registry_of(
        (
            'pkg.A',
            MessagingExtension()
            .bind_request(Ping, PingHandler)
            .bind_stream(Count, CountHandler, behaviors=[Outer, Inner])
            .bind_stream(Fail, FailHandler),
        )
    )
    assert render_table(describe_routes(registry)) == (
        'Requests (1)\n'
        'request  handler      behaviors (outermost first)  module\n'
        '-------  -----------  ---------------------------  ------\n'
        'Ping     PingHandler  -                            A\n'
        '\n'
        'Streams (2)\n'
        'stream  handler       behaviors (outermost first)  module\n'
        '------  ------------  ---------------------------  ------\n'
        'Count   CountHandler  Outer, Inner                 A\n'
        'Fail    FailHandler   -                            A\n'
        '\n'
        'Events (0)\n'
        '(none)'
    )
    assert render_mermaid(describe_routes(registry)) == (
        'flowchart LR\n'
        '    subgraph m0["A"]\n'
        '        h0["PingHandler"]\n'
        '        h1["CountHandler"]\n'
        '        h2["FailHandler"]\n'
        '    end\n'
        '    r0(["Ping"]) --> h0\n'
        '    s0[/"Count"/] -->|"Outer → Inner"| h1\n'
        '    s1[/"Fail"/] --> h2'
    )


@dataclass(frozen=True, slots=True)
class Endless(IStreamRequest[int]):
    pass


class EndlessHandler(StreamRequestHandler[Endless, int]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Endless, /) -> AsyncIterator[int]:
        try:
            yield 1
            await anyio.sleep_forever()
            yield 2  # never reached: the wait is cancelled
        finally:
            self.trace('handler cleanup')


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', [(), (Outer,)], ids=repr)
async def test_cancelling_the_iterating_task_runs_the_cleanup_on_close(
    behaviors: tuple[type[Any], ...],
) -> None:
    @module(extensions=[MessagingExtension().bind_stream(Endless, EndlessHandler, behaviors=behaviors)])
    class EndlessModule:
        pass

    async with messaging_app(EndlessModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        received: list[int] = []
        with anyio.move_on_after(0.01) as scope:
            async with aclosing(bus.stream(Endless())) as items:
                async for item in items:
                    received.append(item)  # noqa: PERF401  # the loop is what is cancelled
        assert scope.cancelled_caught
        assert received == [1]
        assert 'handler cleanup' in (await container.get(Trace)).entries


# --- asend, athrow and aclose: the same on the first stream of a class and on later ones ----


class Nudge(Exception):  # noqa: N818  # a test double, not a public error
    """Thrown into a stream; the outermost generator answers it with the negated item."""


@dataclass(frozen=True, slots=True)
class Answered(IStreamRequest[int]):
    pass


class AnsweringHandler(StreamRequestHandler[Answered, int]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Answered, /) -> AsyncIterator[int]:
        try:
            for number in range(1, 4):
                try:
                    yield number
                except Nudge as nudge:
                    self.trace(f'handler caught {nudge!r}')
                    yield -number
        finally:
            self.trace('handler cleanup')


class Answering(IStreamPipelineBehavior[Answered, int]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Answered, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        async for item in call_next():
            try:
                yield item
            except Nudge as nudge:
                self.trace(f'outer caught {nudge!r}')
                yield -item


def answered_app(behaviors: tuple[type[Any], ...]) -> Any:
    @module(extensions=[MessagingExtension().bind_stream(Answered, AnsweringHandler, behaviors=behaviors)])
    class AnsweredModule:
        pass

    return messaging_app(AnsweredModule)


PROTOCOL_BEHAVIORS = [(), (Answering,), (Answering, Inner)]


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', PROTOCOL_BEHAVIORS, ids=repr)
async def test_athrow_reaches_the_outermost_generator(behaviors: tuple[type[Any], ...]) -> None:
    who = 'outer' if behaviors else 'handler'
    async with answered_app(behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        runs: list[list[str]] = []
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            stream = bus.stream(Answered())
            stop = Boom('stop')
            with anyio.fail_after(5):
                assert await anext(stream) == 1
                assert await stream.athrow(Nudge('one')) == -1  # answered: the stream goes on
                assert await anext(stream) == 2
                assert await stream.athrow(Nudge) == -2  # the class form
                with pytest.raises(Boom) as caught:
                    await stream.athrow(stop)  # not answered: the stream ends with it
                assert caught.value is stop
                with pytest.raises(StopAsyncIteration):
                    await anext(stream)
            assert trace.entries[-1] == 'handler cleanup'
            assert [entry for entry in trace.entries if 'caught' in entry] == [
                f"{who} caught Nudge('one')",
                f'{who} caught Nudge()',
            ]
            runs.append(list(trace.entries))
        first, cached = runs
        assert first == cached


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', PROTOCOL_BEHAVIORS, ids=repr)
async def test_asend_reaches_the_outermost_generator(behaviors: tuple[type[Any], ...]) -> None:
    async with answered_app(behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # first call, then the cached runner
            stream = bus.stream(Answered())
            send: Any = stream.asend  # a value other than None is refused at check time too
            with anyio.fail_after(5):
                with pytest.raises(TypeError, match="can't send non-None value to a just-started"):
                    await send(5)
                assert await stream.asend(None) == 1  # the refused send left the stream unstarted
                assert await stream.asend(None) == 2
                await stream.aclose()
                with pytest.raises(StopAsyncIteration):
                    await stream.asend(None)
            assert (await container.get(Trace)).entries[-1] == 'handler cleanup'


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', PROTOCOL_BEHAVIORS, ids=repr)
async def test_aclose_before_the_first_iteration_finishes_the_stream(
    behaviors: tuple[type[Any], ...],
) -> None:
    async with answered_app(behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for request in (Unbound(), Answered(), Answered()):  # never resolved, then first and cached
            stream_any: Any = bus.stream
            stream = stream_any(request)
            with anyio.fail_after(5):
                await stream.aclose()
                await stream.aclose()  # closing twice is harmless, as on a generator
                with pytest.raises(StopAsyncIteration):
                    await anext(stream)
        # nothing ran, and the unbound request was never looked up (that would have raised)
        assert (await container.get(Trace)).entries == []


@pytest.mark.anyio
@pytest.mark.parametrize('behaviors', PROTOCOL_BEHAVIORS, ids=repr)
async def test_athrow_before_the_first_iteration_raises_it_and_finishes_the_stream(
    behaviors: tuple[type[Any], ...],
) -> None:
    async with answered_app(behaviors) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for request in (Unbound(), Answered(), Answered()):  # never resolved, then first and cached
            stream_any: Any = bus.stream
            stream = stream_any(request)
            nudge = Nudge('early')
            with anyio.fail_after(5):
                with pytest.raises(Nudge) as caught:
                    await stream.athrow(nudge)
                assert caught.value is nudge
                with pytest.raises(StopAsyncIteration):
                    await anext(stream)
        assert (await container.get(Trace)).entries == []


@pytest.mark.anyio
async def test_a_stream_that_failed_to_start_is_finished() -> None:
    async with messaging_app(PlainModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        stream = bus.stream(Unbound())
        with anyio.fail_after(5):
            with pytest.raises(RequestHandlerNotFound):
                await anext(stream)
            with pytest.raises(StopAsyncIteration):  # like a generator that raised
                await anext(stream)
            await stream.aclose()
