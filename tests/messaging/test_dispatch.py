"""``invoke``: one handler per request, resolved from the DI scope, through the behavior pipeline."""

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio.lowlevel
import pytest
from typing_extensions import override

from denpo import module
from denpo.di import AsyncContainer, singleton
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
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
    RequestHandlerNotFound,
    SequentialEventPublisher,
)
from tests.conftest import (
    GetById,
    Journal,
    Logging,
    Resource,
    Trace,
    Unbound,
    Unheard,
    journal_app,
    messaging_app,
)

pytestmark = pytest.mark.anyio

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


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
class Ping(IRequest):
    pass


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


class RequestThird(_Recording[Q, R], Generic[Q, R]):
    name = 'request-third'


class Retry(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Runs the rest of the chain twice and returns the second result."""

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        await call_next()
        return await call_next()


class ShortCircuit(IPipelineBehavior[Traced, str]):
    @override
    async def handle(self, request: Traced, /, call_next: CallNext[str]) -> str:
        return 'short-circuited'


class Doubling(IPipelineBehavior[Add, int]):
    @override
    async def handle(self, request: Add, /, call_next: CallNext[int]) -> int:
        return 2 * await call_next()


# --- modules -------------------------------------------------------------------------------


@module(
    providers=[singleton(Greeter)],
    extensions=[
        MessagingExtension()
        .bind_request(Add, AddHandler)
        .bind_request(Greet, GreetHandler)
        .bind_request(WhoHandles, WhoHandlesHandler)
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


@module(
    extensions=[
        MessagingExtension()
        .bind_request(Named, NamedHandler, behaviors=[Logging])
        .bind_request(Traced, TracedHandler, behaviors=[Logging]),
    ],
)
class ReusingModule:
    """Binds NamedHandler again (PlainModule binds it to Formal) and one behavior twice."""


# --- nested dispatch: one scope's instances, seen through a journal that outlives it ------


@dataclass(frozen=True, slots=True)
class Purchase(IRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Reserve(IRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Countdown(IRequest[int]):
    start: int


@dataclass(frozen=True, slots=True)
class Purchased(IEvent):
    pass


class PurchaseHandler(RequestHandler[Purchase, int]):
    """Invokes and publishes from inside ``handle``; everything shares its scope's resource."""

    def __init__(self, bus: IMessageBus, resource: Resource, journal: Journal) -> None:
        self._bus = bus
        self._resource = resource
        self._journal = journal

    @override
    async def handle(self, request: Purchase, /) -> int:
        self._journal.resources.append(self._resource.id)
        reserved = await self._bus.invoke(Reserve())
        await self._bus.publish(Purchased())
        return reserved


class ReserveHandler(RequestHandler[Reserve, int]):
    def __init__(self, resource: Resource, journal: Journal) -> None:
        self._resource = resource
        self._journal = journal

    @override
    async def handle(self, request: Reserve, /) -> int:
        self._journal.resources.append(self._resource.id)
        return self._resource.id


class CountdownHandler(RequestHandler[Countdown, int]):
    """Invokes itself re-entrantly through the bus of its scope: ``start + ... + 1``."""

    def __init__(self, sender: ISender, journal: Journal) -> None:
        self._sender = sender
        self._journal = journal

    @override
    async def handle(self, request: Countdown, /) -> int:
        self._journal(f'countdown {request.start} by handler {id(self)}')
        if request.start == 0:
            return 0
        return request.start + await self._sender.invoke(Countdown(request.start - 1))


class _SeesResource(EventHandler[Purchased]):
    def __init__(self, resource: Resource, journal: Journal) -> None:
        self._resource = resource
        self._journal = journal

    @override
    async def handle(self, event: Purchased, /) -> None:
        await anyio.lowlevel.checkpoint()  # under the group publisher the two interleave
        self._journal.resources.append(self._resource.id)


class EmailCustomer(_SeesResource):
    pass


class UpdateStock(_SeesResource):
    pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(Purchase, PurchaseHandler)
        .bind_request(Reserve, ReserveHandler)
        .bind_request(Countdown, CountdownHandler)
        .bind_event(Purchased, [EmailCustomer, UpdateStock]),
    ]
)
class NestedModule:
    pass


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


# --- the compiled chain --------------------------------------------------------------------
#
# ``invoke`` and ``publish`` return the pipeline's own coroutine instead of wrapping it in one of
# their own, and behavior chains are compiled once per scope (with loop-free runners for one and
# two behaviors). What that must not change: every chain length runs in order and unwinds in
# reverse, on the first call and on cached ones; ``call_next`` may run the rest more than once;
# the result is still a coroutine; a wrong call still fails only when awaited.

CHAIN: list[type[IPipelineBehavior[Any, Any]]] = [RequestFirst, RequestSecond, RequestThird]


def chain_module(length: int) -> type[Any]:
    """A module binding ``Traced`` behind the first ``length`` behaviors of :data:`CHAIN`."""

    @module(extensions=[MessagingExtension().bind_request(Traced, TracedHandler, behaviors=CHAIN[:length])])
    class ChainModule:
        pass

    return ChainModule


@pytest.mark.parametrize('length', [0, 1, 2, 3])
async def test_every_chain_length_runs_in_order_and_unwinds_in_reverse(length: int) -> None:
    app = messaging_app(chain_module(length))
    names = ['request-first', 'request-second', 'request-third'][:length]
    expected = (
        [f'{name}:before' for name in names] + ['handler'] + [f'{name}:after' for name in reversed(names)]
    )
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Traced('first')) == 'first'  # resolves, compiles and caches the chain
        assert await bus.invoke(Traced('cached')) == 'cached'  # runs the cached chain
        assert (await container.get(Trace)).entries == expected * 2


@pytest.mark.parametrize(
    'behaviors', [[Retry], [RequestFirst, Retry], [RequestFirst, RequestSecond, Retry]], ids=len
)
async def test_call_next_may_run_the_rest_of_the_chain_twice(behaviors: list[type[Any]]) -> None:
    @module(extensions=[MessagingExtension().bind_request(Traced, TracedHandler, behaviors=behaviors)])
    class RetryModule:
        pass

    app = messaging_app(RetryModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # the first call compiles the chain, the second runs the cached one
            assert await bus.invoke(Traced('twice')) == 'twice'
        assert (await container.get(Trace)).entries.count('handler') == 4


async def test_global_behaviors_get_the_same_compiled_chain() -> None:
    app = messaging_app(
        chain_module(0), config=MessagingConfig(pipeline_behaviors=[GlobalOuter, GlobalInner])
    )
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert [await bus.invoke(Traced('1')), await bus.invoke(Traced('2'))] == ['1', '2']
        assert (await container.get(Trace)).entries == [
            'global-outer:before',
            'global-inner:before',
            'handler',
            'global-inner:after',
            'global-outer:after',
        ] * 2


async def test_invoke_and_publish_return_coroutines_on_first_and_cached_calls() -> None:
    app = messaging_app(chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):
            call = bus.invoke(Traced('coroutine'))
            assert inspect.iscoroutine(call)
            assert await call == 'coroutine'
            delivery = bus.publish(Unheard())
            assert inspect.iscoroutine(delivery)
            assert await delivery is None


async def test_a_wrong_invoke_fails_when_awaited_not_when_called() -> None:
    app = messaging_app(chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        unbound = bus.invoke(Unbound())
        with pytest.raises(RequestHandlerNotFound, match=r'No handler is bound for request .*Unbound\.'):
            await unbound
        not_a_request: Any = 42
        wrong = bus.invoke(not_a_request)
        with pytest.raises(TypeError, match=r'^invoke\(\) expects a request, got an instance of int\.'):
            await wrong


async def test_a_wrong_publish_fails_when_awaited_not_when_called() -> None:
    app = messaging_app(chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        not_an_event: Any = 'OrderPlaced'
        wrong = bus.publish(not_an_event)
        with pytest.raises(TypeError, match=r'^publish\(\) expects an event, got an instance of str\.'):
            await wrong


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


@pytest.mark.parametrize('publisher', [SequentialEventPublisher, GroupEventPublisher])
async def test_nested_invoke_and_publish_share_the_instances_of_their_scope(
    publisher: type[SequentialEventPublisher | GroupEventPublisher],
) -> None:
    journal = Journal()
    app = journal_app(journal, NestedModule, config=MessagingConfig(event_publisher=publisher))
    async with app:
        for _ in range(2):
            async with app.container() as container:
                resource = await container.get(Resource)
                bus = await container.get(IMessageBus)
                assert await bus.invoke(Purchase()) == resource.id
                # Purchase, Reserve and both Purchased handlers got this scope's resource.
                assert journal.resources == [resource.id] * 4
                journal.resources.clear()
    opened = [entry for entry in journal.entries if entry.endswith('opened')]
    closed = [entry for entry in journal.entries if entry.endswith('closed')]
    assert len(opened) == len(closed) == 2


async def test_a_handler_may_invoke_its_own_request_re_entrantly() -> None:
    journal = Journal()
    app = journal_app(journal, NestedModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Countdown(4)) == 4 + 3 + 2 + 1
        handler = await container.get(CountdownHandler)
    countdowns = [entry for entry in journal.entries if entry.startswith('countdown')]
    assert countdowns == [f'countdown {start} by handler {id(handler)}' for start in (4, 3, 2, 1, 0)]


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
