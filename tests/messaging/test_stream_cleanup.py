"""Closing a stream with behaviors closes every stream it opened, even when some closes raise."""

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    IMessageBus,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingExtension,
    StreamNext,
    StreamRequestHandler,
)
from tests.conftest import Boom, Trace, messaging_app


class Broken(Exception):  # noqa: N818  # a test double, not a public error
    """What a cleanup raises when its stream is closed."""


class Hostile(Exception):  # noqa: N818  # a test double, not a public error
    @override
    def __str__(self) -> str:
        message = 'no text for you'
        raise RuntimeError(message)


@dataclass(frozen=True, eq=False)
class Numbers(IStreamRequest[int]):
    up_to: int = 3
    fail: Exception | None = None
    """Raised by the handler after its items."""
    outer_error: Exception | None = None
    """Raised by ``TakeOne`` after the first item."""
    close_errors: Mapping[str, BaseException] = field(default_factory=dict[str, BaseException])
    """What the handler (``'handler'``) or a ``Closing`` behavior (its class name) raises when closed."""


class NumbersHandler(StreamRequestHandler[Numbers, int]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Numbers, /) -> AsyncIterator[int]:
        try:
            for number in range(1, request.up_to + 1):
                yield number
            if request.fail is not None:
                raise request.fail
        except GeneratorExit:
            error = request.close_errors.get('handler')
            if error is not None:
                raise error from None
            raise
        finally:
            self.trace('handler cleanup')


class Closing(IStreamPipelineBehavior[Numbers, int]):
    """Passes items through; when closed, raises the request's close error for its class."""

    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Numbers, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        label = type(self).__name__
        try:
            async for item in call_next():
                yield item
        except GeneratorExit:
            self.trace(f'{label} closed')
            error = request.close_errors.get(label)
            if error is not None:
                raise error from None
            raise


class First(Closing):
    pass


class Second(Closing):
    pass


class Third(Closing):
    pass


class TakeOne(IStreamPipelineBehavior[Numbers, int]):
    """Yields the first item and stops (or raises), leaving its inner stream open."""

    @override
    async def handle(self, request: Numbers, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        items = call_next()
        yield await anext(items)
        if request.outer_error is not None:
            raise request.outer_error


class Sidecar(IStreamPipelineBehavior[Numbers, int]):
    """Starts a second inner stream it never finishes, then passes the first one through."""

    @override
    async def handle(self, request: Numbers, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        side = call_next()
        await anext(side)
        async for item in call_next():
            yield item


class SlowClose(IStreamPipelineBehavior[Numbers, int]):
    """Waits while it is closed: a cancelled close raises the backend's cancellation there."""

    @override
    async def handle(self, request: Numbers, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
        try:
            async for item in call_next():
                yield item
        finally:
            await anyio.lowlevel.checkpoint()


def app_with(*behaviors: type[IStreamPipelineBehavior[Numbers, int]]) -> Any:
    @module(extensions=[MessagingExtension().bind_stream(Numbers, NumbersHandler, behaviors=behaviors)])
    class NumbersModule:
        pass

    return messaging_app(NumbersModule)


def closing_note(cls: type[Any], error: str) -> str:
    return f'Closing the stream of {cls.__module__}.{cls.__qualname__} also raised {error}'


BROKEN = f'{Broken.__module__}.Broken'


async def drain(stream: AsyncGenerator[int, None], received: list[int]) -> None:
    """Iterate ``stream`` inside ``aclosing`` into ``received``."""
    async with aclosing(stream) as items:
        async for item in items:
            received.append(item)  # noqa: PERF401  # the loop is what raises


@pytest.mark.anyio
async def test_an_early_close_closes_every_stream_and_raises_the_first_error() -> None:
    async with app_with(First, Second, Third) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            errors = {label: Broken(f'{label} failed') for label in ('First', 'Second', 'Third', 'handler')}
            stream = bus.stream(Numbers(close_errors=errors))
            with anyio.fail_after(5):
                assert await anext(stream) == 1
                with pytest.raises(Broken) as caught:
                    await stream.aclose()
            assert caught.value is errors['First']
            assert caught.value.__notes__ == [
                closing_note(Second, f"{BROKEN}: 'Second failed'"),
                closing_note(Third, f"{BROKEN}: 'Third failed'"),
                closing_note(NumbersHandler, f"{BROKEN}: 'handler failed'"),
            ]
            assert trace.entries == ['First closed', 'Second closed', 'Third closed', 'handler cleanup']


@pytest.mark.anyio
async def test_a_close_error_at_the_normal_end_replaces_the_end() -> None:
    async with app_with(TakeOne, Second, Third) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            errors = {'Second': Broken('Second failed'), 'Third': Broken('Third failed')}
            received: list[int] = []
            with anyio.fail_after(5), pytest.raises(Broken) as caught:
                await drain(bus.stream(Numbers(close_errors=errors)), received)
            assert received == [1]
            assert caught.value is errors['Second']
            assert caught.value.__notes__ == [closing_note(Third, f"{BROKEN}: 'Third failed'")]
            assert trace.entries == ['Second closed', 'Third closed', 'handler cleanup']


@pytest.mark.anyio
async def test_a_normal_end_with_clean_closes_just_ends() -> None:
    async with app_with(TakeOne, Second) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        with anyio.fail_after(5):
            assert [item async for item in bus.stream(Numbers())] == [1]
        assert trace.entries == ['Second closed', 'handler cleanup']


@pytest.mark.anyio
async def test_the_error_of_the_outer_stream_wins_and_the_close_errors_become_notes() -> None:
    async with app_with(TakeOne, Second, Third) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            error = Boom('outer failed')
            errors = {'Second': Broken('Second failed'), 'Third': Broken('Third failed')}
            stream = bus.stream(Numbers(outer_error=error, close_errors=errors))
            with anyio.fail_after(5):
                assert await anext(stream) == 1
                with pytest.raises(Boom) as caught:
                    await anext(stream)
            assert caught.value is error
            assert caught.value.__notes__ == [
                closing_note(Second, f"{BROKEN}: 'Second failed'"),
                closing_note(Third, f"{BROKEN}: 'Third failed'"),
            ]
            assert trace.entries == ['Second closed', 'Third closed', 'handler cleanup']


@pytest.mark.anyio
async def test_the_handler_error_wins_over_a_close_error_of_a_stream_left_open() -> None:
    async with app_with(Sidecar, Second) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # first call, then the cached runner
            trace.entries.clear()
            error = Boom('handler failed')
            request = Numbers(up_to=1, fail=error, close_errors={'Second': Broken('Second failed')})
            received: list[int] = []
            with anyio.fail_after(5), pytest.raises(Boom) as caught:
                await drain(bus.stream(request), received)
            assert received == [1]
            assert caught.value is error
            assert caught.value.__notes__ == [closing_note(Second, f"{BROKEN}: 'Second failed'")]
            # the failed handler cleaned up as it raised; the side one when the bus closed it
            assert trace.entries == ['handler cleanup', 'Second closed', 'handler cleanup']


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('make_error', 'described'),
    [
        pytest.param(lambda: Broken('Second failed'), f"{BROKEN}: 'Second failed'", id='message'),
        pytest.param(Broken, BROKEN, id='no-message'),
        pytest.param(Hostile, f'{Hostile.__module__}.Hostile', id='str-raises'),
        pytest.param(
            lambda: Broken('x' * 5000),
            f"{BROKEN}: 'xxxxxxxxxx",  # then elided: the note stays short
            id='long-message',
        ),
    ],
)
async def test_the_note_names_the_stream_and_the_error(
    make_error: Callable[[], BaseException], described: str
) -> None:
    async with app_with(First, Second) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        first = Broken('First failed')
        stream = bus.stream(Numbers(close_errors={'First': first, 'Second': make_error()}))
        with anyio.fail_after(5):
            assert await anext(stream) == 1
            with pytest.raises(Broken) as caught:
                await stream.aclose()
        assert caught.value is first
        (note,) = caught.value.__notes__
        assert note.startswith(closing_note(Second, described))
        assert len(note) < 250


@pytest.mark.anyio
async def test_a_cancelled_close_still_closes_the_inner_streams() -> None:
    async with app_with(SlowClose, Second) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        stream = bus.stream(Numbers())
        with anyio.fail_after(5):
            assert await anext(stream) == 1
            with anyio.CancelScope() as scope:
                scope.cancel()
                await stream.aclose()  # SlowClose's cleanup raises the cancellation
        assert scope.cancelled_caught
        assert trace.entries == ['Second closed', 'handler cleanup']


class StaticHandler:
    """A structural handler whose ``handle`` is a plain function, not a method."""

    @staticmethod
    async def handle(request: Numbers, /) -> AsyncIterator[int]:
        try:
            yield 1
        except GeneratorExit:
            raise request.close_errors['handler'] from None


@pytest.mark.anyio
async def test_the_note_names_a_handle_that_is_not_a_method_by_itself() -> None:
    @module(extensions=[MessagingExtension().bind_stream(Numbers, StaticHandler, behaviors=[First])])
    class StaticModule:
        pass

    async with messaging_app(StaticModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        first = Broken('First failed')
        stream = bus.stream(Numbers(close_errors={'First': first, 'handler': Broken('handler failed')}))
        with anyio.fail_after(5):
            assert await anext(stream) == 1
            with pytest.raises(Broken) as caught:
                await stream.aclose()
        assert caught.value is first
        name = f'{StaticHandler.__module__}.StaticHandler.handle'
        assert caught.value.__notes__ == [
            f"Closing the stream of {name} also raised {BROKEN}: 'handler failed'"
        ]
