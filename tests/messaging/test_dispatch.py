"""``invoke``: one handler per request, resolved from the DI scope, through the behavior pipeline."""

import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.di import AsyncContainer, singleton
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventPublisher,
    IEvent,
    IMessageBus,
    IPipelineBehavior,
    IPublisher,
    IRequest,
    ISender,
    MessageBus,
    MessagingConfig,
    MessagingExtension,
    MessagingRegistry,
    RequestHandler,
)
from tests.conftest import Trace, messaging_app

pytestmark = pytest.mark.anyio

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


class Boom(Exception):  # noqa: N818  # a test double, not a public error
    """Raised on purpose; tests check that the very same object comes back out."""


# --- requests ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Add(IRequest[int]):
    left: int
    right: int


@dataclass(frozen=True, slots=True)
class Greet(IRequest[str]):
    name: str


@dataclass(frozen=True, slots=True)
class WhoHandles(IRequest[object]):
    pass


@dataclass(frozen=True, slots=True)
class Traced(IRequest[str]):
    text: str


@dataclass(frozen=True, slots=True)
class Explode(IRequest):
    error: Exception


@dataclass(frozen=True, slots=True)
class Risky(IRequest[str]):
    error: Exception | None


@dataclass(frozen=True, slots=True)
class Ping(IRequest):
    pass


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class Shout(IRequest[str]):
    text: str


@dataclass(frozen=True, slots=True)
class Named(IRequest[str]):
    name: str


@dataclass(frozen=True, slots=True)
class Formal(Named):
    title: str


@dataclass(frozen=True, slots=True)
class Checkout(IRequest[int]):
    left: int
    right: int


@dataclass(frozen=True, slots=True)
class CheckedOut(IEvent):
    total: int


# --- services and handlers -----------------------------------------------------------------


class Greeter:
    def greeting(self, name: str) -> str:
        return f'Hello, {name}!'


class AddHandler(RequestHandler[Add, int]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Add, /) -> int:
        self._trace('add')
        return request.left + request.right


class GreetHandler(RequestHandler[Greet, str]):
    def __init__(self, greeter: Greeter) -> None:
        self._greeter = greeter

    @override
    async def handle(self, request: Greet, /) -> str:
        return self._greeter.greeting(request.name)


class WhoHandlesHandler(RequestHandler[WhoHandles, object]):
    @override
    async def handle(self, request: WhoHandles, /) -> object:
        return self


class TracedHandler(RequestHandler[Traced, str]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Traced, /) -> str:
        self._trace('handler')
        return request.text


class ExplodeHandler(RequestHandler[Explode, None]):
    @override
    async def handle(self, request: Explode, /) -> None:
        raise request.error


class RiskyHandler(RequestHandler[Risky, str]):
    @override
    async def handle(self, request: Risky, /) -> str:
        if request.error is not None:
            raise request.error
        return 'fine'


class PingHandler(RequestHandler[Ping, None]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Ping, /) -> None:
        self._trace('ping')


class ById(RequestHandler[GetById[T], T], Generic[T]):
    @override
    async def handle(self, request: GetById[T], /) -> T:
        return request.value


class ShoutHandler:
    """Matches IRequestHandler[Shout, str] structurally; inherits nothing from denpo."""

    async def handle(self, request: Shout, /) -> str:
        return request.text.upper()


class NamedHandler(RequestHandler[Named, str]):
    @override
    async def handle(self, request: Named, /) -> str:
        return f'{type(request).__name__} {request.name}'


class CheckoutHandler(RequestHandler[Checkout, int]):
    def __init__(self, sender: ISender, publisher: IPublisher) -> None:
        self.sender = sender
        self.publisher = publisher

    @override
    async def handle(self, request: Checkout, /) -> int:
        total = await self.sender.invoke(Add(request.left, request.right))
        await self.publisher.publish(CheckedOut(total))
        return total


class RecordCheckedOut(EventHandler[CheckedOut]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, event: CheckedOut, /) -> None:
        self._trace(f'checked out {event.total}')


# --- behaviors -----------------------------------------------------------------------------


class _Recording(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Records its name before and after the rest of the pipeline."""

    name = ''

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        self._trace(f'{self.name}:before')
        response = await call_next()
        self._trace(f'{self.name}:after')
        return response


class GlobalOuter(_Recording[Q, R], Generic[Q, R]):
    name = 'global-outer'


class GlobalInner(_Recording[Q, R], Generic[Q, R]):
    name = 'global-inner'


class RequestFirst(_Recording[Q, R], Generic[Q, R]):
    name = 'request-first'


class RequestSecond(_Recording[Q, R], Generic[Q, R]):
    name = 'request-second'


class ShortCircuit(IPipelineBehavior[Traced, str]):
    @override
    async def handle(self, request: Traced, /, call_next: CallNext[str]) -> str:
        return 'short-circuited'


class Doubling(IPipelineBehavior[Add, int]):
    @override
    async def handle(self, request: Add, /, call_next: CallNext[int]) -> int:
        return 2 * await call_next()


class Fallback(IPipelineBehavior[Risky, str]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Risky, /, call_next: CallNext[str]) -> str:
        try:
            return await call_next()
        except Boom as error:
            self._trace(f'caught {error}')
            return 'fallback'


class Raising(IPipelineBehavior[Explode, None]):
    @override
    async def handle(self, request: Explode, /, call_next: CallNext[None]) -> None:
        raise request.error


class PassThrough(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- modules -------------------------------------------------------------------------------


@module(
    providers=[singleton(Greeter)],
    extensions=[
        MessagingExtension()
        .bind_request(Add, AddHandler)
        .bind_request(Greet, GreetHandler)
        .bind_request(WhoHandles, WhoHandlesHandler)
        .bind_request(Explode, ExplodeHandler)
        .bind_request(Ping, PingHandler)
        .bind_request(Shout, ShoutHandler)
        .bind_request(Formal, NamedHandler)
        .bind_request(Checkout, CheckoutHandler)
        .bind_event(CheckedOut, [RecordCheckedOut]),
    ],
)
class PlainModule:
    pass


@module(extensions=[MessagingExtension().bind_request(GetById, ById)])
class GenericModule:
    pass


@module(
    extensions=[
        MessagingExtension().bind_request(Traced, TracedHandler, behaviors=[RequestFirst, RequestSecond])
    ]
)
class TracedModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Traced, TracedHandler, behaviors=[ShortCircuit])])
class ShortCircuitModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Add, AddHandler, behaviors=[Doubling])])
class DoublingModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Risky, RiskyHandler, behaviors=[Fallback])])
class FallbackModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Explode, ExplodeHandler, behaviors=[Raising])])
class RaisingBehaviorModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Explode, ExplodeHandler, behaviors=[PassThrough])])
class PassThroughModule:
    pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(Named, NamedHandler, behaviors=[PassThrough])
        .bind_request(Traced, TracedHandler, behaviors=[PassThrough]),
    ],
)
class ReusingModule:
    """Binds NamedHandler again (PlainModule binds it to Formal) and one behavior twice."""


# --- results and injection -----------------------------------------------------------------


async def returned_value(bus: ISender, request: IRequest[Any]) -> object:
    """What ``invoke`` returned at runtime, even for a void request (whose value mypy refuses to use)."""
    invoke: Callable[[IRequest[Any]], Awaitable[object]] = bus.invoke
    return await invoke(request)


async def test_invoke_returns_the_handler_result() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Add(2, 3)) == 5
        assert await bus.invoke(Add(10, -4)) == 6


async def test_handler_dependencies_are_injected_from_the_container() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Greet('Ada')) == 'Hello, Ada!'


async def test_one_handler_instance_per_request_scope() -> None:
    app = messaging_app(PlainModule)
    async with app:
        async with app.container() as container:
            bus = await container.get(IMessageBus)
            first = await bus.invoke(WhoHandles())
            second = await bus.invoke(WhoHandles())
            assert isinstance(first, WhoHandlesHandler)
            assert first is second
            assert first is await container.get(WhoHandlesHandler)
        async with app.container() as other_container:
            other_bus = await other_container.get(IMessageBus)
            third = await other_bus.invoke(WhoHandles())
            assert isinstance(third, WhoHandlesHandler)
            assert third is not first


async def test_requests_may_be_frozen_dataclasses_with_slots() -> None:
    request = Add(1, 1)
    assert not hasattr(request, '__dict__')  # IRequest's empty __slots__ keeps slots effective
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(request) == 2


async def test_void_request_returns_none_and_runs_its_handler() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await returned_value(bus, Ping()) is None
        assert (await container.get(Trace)).entries == ['ping']


async def test_generic_request_bound_bare_dispatches_for_every_parameter() -> None:
    app = messaging_app(GenericModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(GetById(7)) == 7
        assert await bus.invoke(GetById[str]('seven')) == 'seven'


async def test_structural_handler_binds_and_runs() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Shout('quiet')) == 'QUIET'


async def test_handler_of_a_base_request_serves_a_derived_request() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Formal('Lovelace', title='Countess')) == 'Formal Lovelace'


async def test_one_handler_and_one_behavior_class_may_serve_several_bindings() -> None:
    app = messaging_app(PlainModule, ReusingModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Named('Ada')) == 'Named Ada'
        assert await bus.invoke(Formal('Ada', title='Countess')) == 'Formal Ada'
        assert await bus.invoke(Traced('traced')) == 'traced'


# --- the pipeline --------------------------------------------------------------------------


async def test_global_then_per_request_behaviors_wrap_the_handler_and_unwind_in_reverse() -> None:
    config = MessagingConfig(pipeline_behaviors=[GlobalOuter, GlobalInner])
    app = messaging_app(TracedModule, config=config)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Traced('done')) == 'done'
        assert (await container.get(Trace)).entries == [
            'global-outer:before',
            'global-inner:before',
            'request-first:before',
            'request-second:before',
            'handler',
            'request-second:after',
            'request-first:after',
            'global-inner:after',
            'global-outer:after',
        ]


async def test_global_behaviors_wrap_every_request() -> None:
    app = messaging_app(PlainModule, config=MessagingConfig(pipeline_behaviors=[GlobalOuter]))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Add(1, 2)) == 3
        await bus.invoke(Ping())
        assert (await container.get(Trace)).entries == [
            'global-outer:before',
            'add',
            'global-outer:after',
            'global-outer:before',
            'ping',
            'global-outer:after',
        ]


async def test_behavior_may_short_circuit_the_handler() -> None:
    app = messaging_app(ShortCircuitModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Traced('never')) == 'short-circuited'
        assert (await container.get(Trace)).entries == []


async def test_behavior_may_replace_the_result() -> None:
    app = messaging_app(DoublingModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Add(2, 3)) == 10


async def test_behavior_may_handle_the_handler_exception() -> None:
    app = messaging_app(FallbackModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Risky(None)) == 'fine'
        assert await bus.invoke(Risky(Boom('handled'))) == 'fallback'
        assert (await container.get(Trace)).entries == ['caught handled']


# --- exceptions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    'extra_module',
    [
        pytest.param(PlainModule, id='no-behaviors'),
        pytest.param(PassThroughModule, id='through-a-behavior'),
    ],
)
async def test_handler_exception_propagates_unchanged_with_the_handler_frame(extra_module: type[Any]) -> None:
    error = Boom('from the handler')
    app = messaging_app(extra_module)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.invoke(Explode(error))
    assert caught.value is error
    frames = traceback.extract_tb(caught.tb)
    assert any(frame.name == 'handle' and frame.line == 'raise request.error' for frame in frames)
    assert frames[-1].filename == __file__  # raised by the handler, not re-raised by denpo


async def test_behavior_exception_propagates_unchanged() -> None:
    error = Boom('from the behavior')
    app = messaging_app(RaisingBehaviorModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.invoke(Explode(error))
    assert caught.value is error
    assert caught.traceback[-1].frame.code.name == 'handle'


# --- nested dispatch and the bus -----------------------------------------------------------


async def test_handler_invokes_and_publishes_through_the_bus_of_its_scope() -> None:
    app = messaging_app(PlainModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Checkout(4, 5)) == 9
        assert (await container.get(Trace)).entries == ['add', 'checked out 9']
        handler = await container.get(CheckoutHandler)
        assert handler.sender is bus
        assert handler.publisher is await container.get(IMessageBus)


async def test_sender_publisher_and_bus_are_one_instance_per_scope() -> None:
    app = messaging_app(PlainModule)
    async with app:
        async with app.container() as container:
            bus = await container.get(IMessageBus)
            assert isinstance(bus, MessageBus)
            assert await container.get(ISender) is bus
            assert await container.get(IPublisher) is bus
        async with app.container() as other_container:
            assert await other_container.get(IMessageBus) is not bus


class RecordingBus(MessageBus):
    """A custom bus: records what it is asked to invoke, then does the usual."""

    def __init__(
        self, container: AsyncContainer, registry: MessagingRegistry, publisher: EventPublisher
    ) -> None:
        super().__init__(container, registry, publisher)
        self.invoked: list[object] = []

    @override
    async def invoke(self, request: IRequest[T], /) -> T:
        self.invoked.append(request)
        return await super().invoke(request)


async def test_custom_message_bus_implementation_is_provided_under_every_interface() -> None:
    app = messaging_app(PlainModule, config=MessagingConfig(message_bus_implementation_type=RecordingBus))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert isinstance(bus, RecordingBus)
        assert await container.get(ISender) is bus
        assert await container.get(IPublisher) is bus
        request = Add(20, 22)
        assert await bus.invoke(request) == 42
        assert bus.invoked == [request]
