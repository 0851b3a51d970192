"""The optimised dispatch path keeps its semantics.

``MessageBus.invoke`` and ``publish`` return the pipeline's own coroutine instead of wrapping
it in one of their own, and behavior chains are compiled once per scope (with loop-free
runners for one and two behaviors). These tests pin what that must not change: the result
is still a coroutine, a wrong call still fails only when awaited, every chain length runs in
order and unwinds in reverse, and ``call_next`` may run the rest of the chain more than once.
"""

import inspect
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.di import AsyncContainer
from denpo.messaging import (
    CallNext,
    IEvent,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    RequestHandler,
    RequestHandlerNotFound,
)
from tests.conftest import Trace, messaging_app

pytestmark = pytest.mark.anyio

Q = TypeVar('Q')
R = TypeVar('R')


@dataclass(frozen=True, slots=True)
class Double(IRequest[int]):
    value: int


@dataclass(frozen=True, slots=True)
class Unbound(IRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Nobody(IEvent):
    pass


class DoubleHandler(RequestHandler[Double, int]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Double, /) -> int:
        self._trace('handler')
        return request.value * 2


class _Tracing(IPipelineBehavior[Q, R], Generic[Q, R]):
    label = ''

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        self._trace(f'{self.label} in')
        response = await call_next()
        self._trace(f'{self.label} out')
        return response


class First(_Tracing[Q, R], Generic[Q, R]):
    label = 'first'


class Second(_Tracing[Q, R], Generic[Q, R]):
    label = 'second'


class Third(_Tracing[Q, R], Generic[Q, R]):
    label = 'third'


class Retry(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Runs the rest of the chain twice and returns the second result."""

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        await call_next()
        return await call_next()


BEHAVIORS: list[type[IPipelineBehavior[Any, Any]]] = [First, Second, Third]


def _chain_module(count: int) -> type[Any]:
    @module(
        extensions=[MessagingExtension().bind_request(Double, DoubleHandler, behaviors=BEHAVIORS[:count])]
    )
    class ChainModule:
        pass

    return ChainModule


async def _trace_of(container: AsyncContainer) -> list[str]:
    return (await container.get(Trace)).entries


@pytest.mark.parametrize('count', [0, 1, 2, 3])
async def test_every_chain_length_runs_in_order_and_unwinds_in_reverse(count: int) -> None:
    app = messaging_app(_chain_module(count))
    labels = ['first', 'second', 'third'][:count]
    expected = (
        [f'{label} in' for label in labels] + ['handler'] + [f'{label} out' for label in reversed(labels)]
    )
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Double(4)) == 8  # resolves, compiles and caches the chain
        assert await bus.invoke(Double(5)) == 10  # runs the cached chain
        assert await _trace_of(container) == expected * 2


@pytest.mark.parametrize('behaviors', [[Retry], [First, Retry], [First, Second, Retry]], ids=len)
async def test_call_next_may_run_the_rest_of_the_chain_twice(behaviors: list[type[Any]]) -> None:
    @module(extensions=[MessagingExtension().bind_request(Double, DoubleHandler, behaviors=behaviors)])
    class RetryModule:
        pass

    app = messaging_app(RetryModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # the first call compiles the chain, the second runs the cached one
            assert await bus.invoke(Double(3)) == 6
        assert (await _trace_of(container)).count('handler') == 4


async def test_global_behaviors_get_the_same_compiled_chain() -> None:
    app = messaging_app(_chain_module(0), config=MessagingConfig(pipeline_behaviors=[First, Second]))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert [await bus.invoke(Double(1)), await bus.invoke(Double(2))] == [2, 4]
        assert (
            await _trace_of(container) == ['first in', 'second in', 'handler', 'second out', 'first out'] * 2
        )


async def test_invoke_and_publish_return_coroutines_on_first_and_cached_calls() -> None:
    app = messaging_app(_chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):
            call = bus.invoke(Double(1))
            assert inspect.iscoroutine(call)
            assert await call == 2
            delivery = bus.publish(Nobody())
            assert inspect.iscoroutine(delivery)
            assert await delivery is None


async def test_a_wrong_invoke_fails_when_awaited_not_when_called() -> None:
    app = messaging_app(_chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        unbound = bus.invoke(Unbound())
        with pytest.raises(RequestHandlerNotFound, match=r'No handler is bound for request .*Unbound\.'):
            await unbound
        not_a_request: Any = 42
        wrong = bus.invoke(not_a_request)
        with pytest.raises(TypeError, match=r'^invoke\(\) expects .*got 42 of type int\.'):
            await wrong


async def test_a_wrong_publish_fails_when_awaited_not_when_called() -> None:
    app = messaging_app(_chain_module(0))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        not_an_event: Any = 'OrderPlaced'
        wrong = bus.publish(not_an_event)
        with pytest.raises(TypeError, match=r"^publish\(\) expects .*got 'OrderPlaced' of type str\."):
            await wrong
