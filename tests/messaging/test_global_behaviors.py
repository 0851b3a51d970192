"""Global behaviors wrap the requests their type variables admit, decided once at start-up."""

from typing import Any, Generic, Protocol, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingRegistry,
    RequestHandler,
)
from denpo.messaging._global_behaviors import request_filter
from tests.conftest import Trace, messaging_app

R = TypeVar('R')


class Result:
    pass


class Saved(Result):
    pass


class Command(IRequest[R], Generic[R]):
    pass


class Query(IRequest[R], Generic[R]):
    pass


class SaveOrder(Command[Saved]):
    pass


class ArchiveOrder(Command[None]):
    pass


class CountOrders(Query[int]):
    pass


C = TypeVar('C', bound=Command[Any])
Q = TypeVar('Q')
RR = TypeVar('RR', bound=Result)
E = TypeVar('E', SaveOrder, CountOrders)


class Transaction(IPipelineBehavior[C, R], Generic[C, R]):
    """Wraps commands only: its request type variable is bounded."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: C, /, call_next: CallNext[R]) -> R:
        self._trace(f'transaction:{type(request).__name__}')
        return await call_next()


class Audit(IPipelineBehavior[Q, RR], Generic[Q, RR]):
    """Wraps requests whose declared response is a Result."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Q, /, call_next: CallNext[RR]) -> RR:
        self._trace(f'audit:{type(request).__name__}')
        return await call_next()


class Either(IPipelineBehavior[E, R], Generic[E, R]):
    """Wraps exactly the requests its constraints name."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: E, /, call_next: CallNext[R]) -> R:
        self._trace(f'either:{type(request).__name__}')
        return await call_next()


class SaveOrderHandler(RequestHandler[SaveOrder, Saved]):
    @override
    async def handle(self, request: SaveOrder, /) -> Saved:
        return Saved()


class ArchiveOrderHandler(RequestHandler[ArchiveOrder, None]):
    @override
    async def handle(self, request: ArchiveOrder, /) -> None:
        return None


class CountOrdersHandler(RequestHandler[CountOrders, int]):
    @override
    async def handle(self, request: CountOrders, /) -> int:
        return 3


@module(
    extensions=[
        MessagingExtension()
        .bind_request(SaveOrder, SaveOrderHandler)
        .bind_request(ArchiveOrder, ArchiveOrderHandler)
        .bind_request(CountOrders, CountOrdersHandler)
    ]
)
class OrdersModule:
    pass


CONFIG = MessagingConfig(pipeline_behaviors=[Transaction, Audit, Either])


@pytest.mark.anyio
async def test_each_request_gets_the_global_behaviors_its_types_admit() -> None:
    app = messaging_app(OrdersModule, config=CONFIG)
    async with app, app.container() as container:
        registry = await container.get(MessagingRegistry)
        pipelines = {request.__name__: route.behaviors for request, route in registry.requests.items()}
        assert pipelines == {
            'SaveOrder': (Transaction, Audit, Either),
            'ArchiveOrder': (Transaction,),  # a command promising None: no Result to audit
            'CountOrders': (Either,),  # a query: no transaction, no Result
        }
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        await bus.invoke(SaveOrder())
        await bus.invoke(ArchiveOrder())
        assert await bus.invoke(CountOrders()) == 3
        assert trace.entries == [
            'transaction:SaveOrder',
            'audit:SaveOrder',
            'either:SaveOrder',
            'transaction:ArchiveOrder',
            'either:CountOrders',
        ]


class HasId(Protocol):
    order_id: str


P = TypeVar('P', bound=HasId)
A = TypeVar('A', bound='list[Any]')


class ByProtocol(IPipelineBehavior[P, R], Generic[P, R]):
    @override
    async def handle(self, request: P, /, call_next: CallNext[R]) -> R:
        return await call_next()


class ByAlias(IPipelineBehavior[A, R], Generic[A, R]):
    @override
    async def handle(self, request: A, /, call_next: CallNext[R]) -> R:
        return await call_next()


class ForAnything(IPipelineBehavior[Any, Any]):
    @override
    async def handle(self, request: Any, /, call_next: CallNext[Any]) -> Any:
        return await call_next()


@pytest.mark.parametrize(
    'behavior', [ByProtocol, ByAlias, ForAnything], ids=['protocol-bound', 'unreadable-bound', 'any']
)
def test_a_bound_the_runtime_cannot_read_does_not_narrow(behavior: type[Any]) -> None:
    # Structural bounds are for the type checkers; the runtime does not guess.
    assert request_filter(behavior)(CountOrders)


SavedCommand = TypeVar('SavedCommand', bound=Command[Saved])
CommandOrQuery = TypeVar('CommandOrQuery', bound=Command[Any] | Query[int])
SavedOrNothing = TypeVar('SavedOrNothing', bound=Saved | None)


class AroundSaves(IPipelineBehavior[SavedCommand, R], Generic[SavedCommand, R]):
    @override
    async def handle(self, request: SavedCommand, /, call_next: CallNext[R]) -> R:
        return await call_next()


class AroundEither(IPipelineBehavior[CommandOrQuery, R], Generic[CommandOrQuery, R]):
    @override
    async def handle(self, request: CommandOrQuery, /, call_next: CallNext[R]) -> R:
        return await call_next()


class AroundSavedOrNothing(IPipelineBehavior[Q, SavedOrNothing], Generic[Q, SavedOrNothing]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[SavedOrNothing]) -> SavedOrNothing:
        return await call_next()


@pytest.mark.parametrize(
    ('behavior', 'wrapped'),
    [
        pytest.param(AroundSaves, {SaveOrder}, id='parameterized-bound'),
        pytest.param(AroundEither, {SaveOrder, ArchiveOrder, CountOrders}, id='union-bound'),
        pytest.param(AroundSavedOrNothing, {SaveOrder, ArchiveOrder}, id='union-response-bound'),
    ],
)
def test_union_and_parameterized_bounds_choose_what_a_global_behavior_wraps(
    behavior: type[Any], wrapped: set[type[Any]]
) -> None:
    wraps = request_filter(behavior)
    assert {request for request in (SaveOrder, ArchiveOrder, CountOrders) if wraps(request)} == wrapped
