"""Concurrency: 10,000 operations over 100 scopes at once, with nothing lost, mixed up or leaked.

Every scope has its own ``ScopeTag`` (a scoped dependency built by a generator provider, whose
finalizer is counted). Each operation is an ``invoke``, a ``publish`` or a nested dispatch (a
handler that invokes and publishes through the bus of its scope); all of them run concurrently,
100 per scope in a task group per scope, 100 scopes in one task group.
"""

from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from itertools import count

import anyio
import anyio.lowlevel
import pytest
from typing_extensions import override

from denpo import Application, ApplicationFactory, module
from denpo.di import Provider, Scope, object_
from denpo.messaging import (
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IMessageBus,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
    SequentialEventPublisher,
)

pytestmark = pytest.mark.anyio

SCOPES = 100
OPERATIONS_PER_SCOPE = 100
OPERATIONS = SCOPES * OPERATIONS_PER_SCOPE
TIME_LIMIT = 30.0  # seconds per run (one backend, one publisher); 1 to 4 s on 2 idle cores, more under load

_tag_ids = count(1)


class Ledger:
    """What the handlers saw, across every scope (APP scope)."""

    def __init__(self) -> None:
        self.opened: list[int] = []
        self.closed: list[int] = []
        self.deliveries: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
        self.wrong_scope: list[tuple[str, int, int]] = []

    def check(self, handler: object, tag: 'ScopeTag', scope: int, operation: int) -> None:
        """Record a handler that got another scope's tag than its message names."""
        if tag.id != scope:
            self.wrong_scope.append((type(handler).__name__, scope, operation))


class ScopeTag:
    """One per REQUEST scope; its id tells scopes apart."""

    def __init__(self) -> None:
        self.id = next(_tag_ids)


def open_tag(ledger: Ledger) -> Iterator[ScopeTag]:
    tag = ScopeTag()
    ledger.opened.append(tag.id)
    try:
        yield tag
    finally:
        ledger.closed.append(tag.id)


# --- messages --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query(IRequest[tuple[int, int]]):
    scope: int
    operation: int


@dataclass(frozen=True, slots=True)
class Nested(IRequest[tuple[int, int]]):
    scope: int
    operation: int


@dataclass(frozen=True, slots=True)
class Happened(IEvent):
    scope: int
    operation: int


@dataclass(frozen=True, slots=True)
class HappenedHere(Happened):
    pass


# --- handlers --------------------------------------------------------------------------------


class QueryHandler(RequestHandler[Query, tuple[int, int]]):
    def __init__(self, tag: ScopeTag, ledger: Ledger) -> None:
        self._tag = tag
        self._ledger = ledger

    @override
    async def handle(self, request: Query, /) -> tuple[int, int]:
        await anyio.lowlevel.checkpoint()  # let the other operations of every scope run
        self._ledger.check(self, self._tag, request.scope, request.operation)
        return request.operation, self._tag.id


class NestedHandler(RequestHandler[Nested, tuple[int, int]]):
    def __init__(self, bus: IMessageBus, tag: ScopeTag, ledger: Ledger) -> None:
        self._bus = bus
        self._tag = tag
        self._ledger = ledger

    @override
    async def handle(self, request: Nested, /) -> tuple[int, int]:
        self._ledger.check(self, self._tag, request.scope, request.operation)
        response = await self._bus.invoke(Query(request.scope, request.operation))
        await self._bus.publish(Happened(request.scope, request.operation))
        return response


class _Counter(EventHandler[Happened]):
    def __init__(self, tag: ScopeTag, ledger: Ledger) -> None:
        self._tag = tag
        self._ledger = ledger

    @override
    async def handle(self, event: Happened, /) -> None:
        await anyio.lowlevel.checkpoint()
        self._ledger.check(self, self._tag, event.scope, event.operation)
        self._ledger.deliveries[event.scope, event.operation].append(type(self).__name__)


class CountA(_Counter):
    pass


class CountB(_Counter):
    pass


class CountHere(_Counter):
    pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(Query, QueryHandler)
        .bind_request(Nested, NestedHandler)
        .bind_event(Happened, [CountA, CountB]),
    ]
)
class CoreModule:
    pass


@module(imports=[CoreModule], extensions=[MessagingExtension().bind_event(HappenedHere, [CountHere])])
class HereModule:
    pass


def stress_app(ledger: Ledger, publisher: type[EventPublisher]) -> Application:
    tags = Provider(scope=Scope.REQUEST)
    tags.provide(open_tag)

    @module(providers=[object_(ledger), tags], exports=[Ledger, ScopeTag], is_global=True)
    class LedgerModule:
        pass

    @module(
        imports=[
            MessagingModule.register(MessagingConfig(event_publisher=publisher)),
            LedgerModule,
            CoreModule,
            HereModule,
        ]
    )
    class StressRoot:
        pass

    return ApplicationFactory(StressRoot).create()


@dataclass(slots=True)
class Outcome:
    """What the callers got back, per ``(scope, operation)``."""

    responses: dict[tuple[int, int], tuple[int, int]]
    published: dict[tuple[int, int], type[Happened]]


def expected_deliveries(event_type: type[Happened]) -> list[str]:
    """Who receives one event: the subclass's handler first, then the base's in list order."""
    return ['CountHere', 'CountA', 'CountB'] if event_type is HappenedHere else ['CountA', 'CountB']


async def run_scope(app: Application, outcome: Outcome, scope_number: int) -> None:
    async with app.container() as container:
        tag = await container.get(ScopeTag)
        bus = await container.get(IMessageBus)

        async def operate(operation: int) -> None:
            key = (tag.id, operation)
            kind = (scope_number + operation) % 4
            if kind == 0:
                outcome.responses[key] = await bus.invoke(Query(tag.id, operation))
            elif kind == 1:
                outcome.responses[key] = await bus.invoke(Nested(tag.id, operation))
                outcome.published[key] = Happened
            else:
                event_type = HappenedHere if kind == 2 else Happened
                await bus.publish(event_type(tag.id, operation))
                outcome.published[key] = event_type

        async with anyio.create_task_group() as group:
            for operation in range(OPERATIONS_PER_SCOPE):
                group.start_soon(operate, operation)


@pytest.mark.parametrize('publisher', [SequentialEventPublisher, GroupEventPublisher])
async def test_ten_thousand_concurrent_operations_over_a_hundred_scopes(
    publisher: type[EventPublisher],
) -> None:
    ledger = Ledger()
    app = stress_app(ledger, publisher)
    outcome = Outcome(responses={}, published={})
    with anyio.fail_after(TIME_LIMIT):  # bounded: a hang or a slowdown fails, it does not stall
        async with app, anyio.create_task_group() as group:
            for scope_number in range(SCOPES):
                group.start_soon(run_scope, app, outcome, scope_number)

    # Every operation ran and its caller got its own answer, computed in its own scope.
    assert len({*outcome.responses, *outcome.published}) == OPERATIONS
    assert {*outcome.responses, *outcome.published} == {
        (scope, operation) for scope in ledger.opened for operation in range(OPERATIONS_PER_SCOPE)
    }
    assert all(response == (operation, scope) for (scope, operation), response in outcome.responses.items())
    assert ledger.wrong_scope == []
    # Every event reached every one of its handlers exactly once (in order, when sequential).
    assert ledger.deliveries.keys() == outcome.published.keys()
    for key, event_type in outcome.published.items():
        delivered = ledger.deliveries[key]
        if publisher is SequentialEventPublisher:
            assert delivered == expected_deliveries(event_type)
        else:
            assert sorted(delivered) == sorted(expected_deliveries(event_type))
    # No scope leaked: one tag per scope, each finalized once.
    assert len(ledger.opened) == SCOPES
    assert sorted(ledger.closed) == sorted(ledger.opened)


# --- concurrent first use within one scope ---------------------------------------------------


class Connection:
    """Opened by a slow async factory, once per scope."""


async def open_connection(ledger: Ledger) -> AsyncIterator[Connection]:
    await anyio.sleep(0.01)  # a real connection suspends while it opens
    connection = Connection()
    ledger.opened.append(id(connection))
    yield connection
    ledger.closed.append(id(connection))


@dataclass(frozen=True, slots=True)
class UseConnection(IRequest[int]):
    pass


class UseConnectionHandler(RequestHandler[UseConnection, int]):
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    @override
    async def handle(self, request: UseConnection, /) -> int:
        return id(self._connection)


def connection_app(ledger: Ledger) -> Application:
    connections = Provider(scope=Scope.REQUEST)
    connections.provide(open_connection)

    @module(
        providers=[object_(ledger), connections],
        extensions=[MessagingExtension().bind_request(UseConnection, UseConnectionHandler)],
    )
    class ConnectionModule:
        pass

    @module(imports=[MessagingModule.register(), ConnectionModule])
    class ConnectionRoot:
        pass

    return ApplicationFactory(ConnectionRoot).create()


@pytest.mark.parametrize(
    'lock_factory',
    [
        pytest.param(None, id='default-lock'),
        pytest.param(anyio.Lock, id='a-lock-of-its-own'),
    ],
)
async def test_concurrent_first_use_of_the_bus_within_one_scope(
    lock_factory: Callable[[], anyio.Lock] | None,
) -> None:
    ledger = Ledger()
    app = connection_app(ledger)
    seen: list[int] = []
    async with app, app.container(lock_factory=lock_factory) as container:
        bus = await container.get(IMessageBus)

        async def use() -> None:
            seen.append(await bus.invoke(UseConnection()))

        async with anyio.create_task_group() as group:
            group.start_soon(use)
            group.start_soon(use)
    assert len(ledger.opened) == 1  # every scope is locked: the second task waits for the first
    assert sorted(ledger.closed) == sorted(ledger.opened)  # each one is still finalized
    assert len(seen) == 2
    assert len(set(seen)) == 1
