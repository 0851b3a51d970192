"""``CollectAllEventPublisher``: every handler runs; the failures come back as one ExceptionGroup."""

from dataclasses import dataclass

import anyio
import anyio.lowlevel
import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CollectAllEventPublisher,
    EventHandler,
    IEvent,
    IMessageBus,
    MessagingConfig,
    MessagingExtension,
)
from tests.conftest import Boom, Trace, messaging_app

pytestmark = pytest.mark.anyio


class Stop(BaseException):
    """A BaseException that is not an Exception, like KeyboardInterrupt."""


@dataclass(frozen=True, slots=True)
class Shipped(IEvent):
    first: Exception | None = None
    third: BaseException | None = None


class First(EventHandler[Shipped]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, event: Shipped, /) -> None:
        self.trace('first')
        if event.first is not None:
            raise event.first


class Second(EventHandler[Shipped]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, event: Shipped, /) -> None:
        self.trace('second')


class Third(EventHandler[Shipped]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, event: Shipped, /) -> None:
        self.trace('third')
        if event.third is not None:
            raise event.third


class Fourth(EventHandler[Shipped]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, event: Shipped, /) -> None:
        self.trace('fourth')


class Cancelling(EventHandler[Shipped]):
    """Cancels the scope around ``publish``, then reaches a checkpoint."""

    def __init__(self, trace: Trace, scope: anyio.CancelScope) -> None:
        super().__init__()
        self.trace = trace
        self.scope = scope

    @override
    async def handle(self, event: Shipped, /) -> None:
        self.trace('cancelling')
        self.scope.cancel()
        await anyio.lowlevel.checkpoint()
        self.trace('not reached')  # the checkpoint raises


@module(extensions=[MessagingExtension().bind_event(Shipped, [First, Second, Third, Fourth])])
class ShippingModule:
    pass


CONFIG = MessagingConfig(event_publisher=CollectAllEventPublisher)


async def test_every_handler_runs_when_all_succeed() -> None:
    async with messaging_app(ShippingModule, config=CONFIG) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(Shipped())
        assert (await container.get(Trace)).entries == ['first', 'second', 'third', 'fourth']


async def test_every_handler_runs_and_the_failures_are_raised_together_in_delivery_order() -> None:
    first, third = Boom('first'), ValueError('third')
    async with messaging_app(ShippingModule, config=CONFIG) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):  # first publish, then the cached handlers
            trace = await container.get(Trace)
            trace.entries.clear()
            with pytest.raises(ExceptionGroup) as caught:
                await bus.publish(Shipped(first, third))
            assert trace.entries == ['first', 'second', 'third', 'fourth']
            assert caught.value.exceptions == (first, third)
            assert str(caught.value) == (
                f'2 of 4 handlers of {Shipped.__module__}.Shipped failed (2 sub-exceptions)'
            )


async def test_one_failure_is_still_a_group() -> None:
    error = Boom('only')
    async with messaging_app(ShippingModule, config=CONFIG) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(ExceptionGroup, match=r'^1 of 4 handlers of .*Shipped failed') as caught:
            await bus.publish(Shipped(first=error))
        assert caught.value.exceptions == (error,)
        assert (await container.get(Trace)).entries == ['first', 'second', 'third', 'fourth']


async def test_a_base_exception_propagates_at_once() -> None:
    stop = Stop()
    async with messaging_app(ShippingModule, config=CONFIG) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Stop) as caught:
            await bus.publish(Shipped(first=Boom('collected, then dropped'), third=stop))
        assert caught.value is stop
        assert (await container.get(Trace)).entries == ['first', 'second', 'third']


async def test_cancellation_propagates_at_once() -> None:
    scope = anyio.CancelScope()
    publisher = CollectAllEventPublisher()
    trace = Trace()
    handlers = [First(trace), Cancelling(trace, scope), Second(trace)]
    with scope:
        await publisher.publish(handlers, Shipped())
    assert scope.cancelled_caught
    assert trace.entries == ['first', 'cancelling']
