"""``invoke`` when something fails (docs/failures.md, "Requests"), each on asyncio and trio.

An exception raised by a handler or a behavior keeps its identity and its traceback through
every layer of the pipeline, on the first call of a scope and on every cached call after it,
and across nested dispatch; a failure while building a handler is not cached; behaviors may
recover, replace the result, translate the exception or retry.
"""

import traceback
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo._naming import qualname
from denpo.di import Provider, Scope
from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IMessageBus,
    IPipelineBehavior,
    IPublisher,
    IRequest,
    ISender,
    IStreamRequest,
    MessagingConfig,
    MessagingExtension,
    RequestHandler,
)
from tests.conftest import Boom, Journal, Trace, journal_app, messaging_app

pytestmark = pytest.mark.anyio

Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


class Translated(Exception):  # noqa: N818  # a test double: the error a behavior translates to
    """What ``Translating`` raises in place of a ``Boom``."""


class Connection:
    """Built by a factory that fails the first time (a flaky network)."""


def connect(journal: Journal) -> Connection:
    if journal.connection_error is None:
        journal.connection_error = ConnectionRefusedError('first attempt refused')
        raise journal.connection_error
    return Connection()


# --- requests and events ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fail(IRequest[str]):
    error: Exception


@dataclass(frozen=True, slots=True)
class Risky(IRequest[str]):
    error: Exception | None


@dataclass(frozen=True, slots=True)
class Flaky(IRequest[int]):
    failures: int


@dataclass(frozen=True, slots=True)
class InvokeFail(IRequest[str]):
    error: Exception


@dataclass(frozen=True, slots=True)
class PublishAlarm(IRequest):
    error: Exception


@dataclass(frozen=True, slots=True)
class Fragile(IRequest[str]):
    pass


@dataclass(frozen=True, slots=True)
class Alarm(IEvent):
    error: Exception


# --- handlers --------------------------------------------------------------------------------


class FailHandler(RequestHandler[Fail, str]):
    @override
    async def handle(self, request: Fail, /) -> str:
        raise request.error


class RiskyHandler(RequestHandler[Risky, str]):
    @override
    async def handle(self, request: Risky, /) -> str:
        if request.error is not None:
            raise request.error
        return 'fine'


class FlakyHandler(RequestHandler[Flaky, int]):
    """Fails ``request.failures`` times in a scope, then returns the number of attempts."""

    def __init__(self) -> None:
        self.attempts = 0

    @override
    async def handle(self, request: Flaky, /) -> int:
        self.attempts += 1
        if self.attempts <= request.failures:
            msg = f'attempt {self.attempts}'
            raise Boom(msg)
        return self.attempts


class InvokeFailHandler(RequestHandler[InvokeFail, str]):
    def __init__(self, sender: ISender) -> None:
        self._sender = sender

    @override
    async def handle(self, request: InvokeFail, /) -> str:
        return await self._sender.invoke(Fail(request.error))


class PublishAlarmHandler(RequestHandler[PublishAlarm, None]):
    def __init__(self, publisher: IPublisher) -> None:
        self._publisher = publisher

    @override
    async def handle(self, request: PublishAlarm, /) -> None:
        await self._publisher.publish(Alarm(request.error))


class FragileHandler(RequestHandler[Fragile, str]):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @override
    async def handle(self, request: Fragile, /) -> str:
        return 'connected'


class FailingAlarm(EventHandler[Alarm]):
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @override
    async def handle(self, event: Alarm, /) -> None:
        self._journal(f'FailingAlarm<-{type(event).__name__}')
        raise event.error


# --- behaviors -------------------------------------------------------------------------------


class _Layer(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Records every exception that passes through it, then lets it pass unchanged."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        try:
            return await call_next()
        except Exception as error:
            self._journal.seen.append(error)
            raise


class Layer1(_Layer[Q, R], Generic[Q, R]):
    pass


class Layer2(_Layer[Q, R], Generic[Q, R]):
    pass


class Layer3(_Layer[Q, R], Generic[Q, R]):
    pass


class GlobalLayer(_Layer[Q, R], Generic[Q, R]):
    pass


class RaisingBehavior(IPipelineBehavior[Fail, str]):
    """Fails before the handler runs."""

    @override
    async def handle(self, request: Fail, /, call_next: CallNext[str]) -> str:
        raise request.error


class Replacing(IPipelineBehavior[Risky, str]):
    @override
    async def handle(self, request: Risky, /, call_next: CallNext[str]) -> str:
        return f'replaced {await call_next()}'


class Swallowing(IPipelineBehavior[Risky, str]):
    @override
    async def handle(self, request: Risky, /, call_next: CallNext[str]) -> str:
        try:
            return await call_next()
        except Boom:
            return 'fallback'


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


class Translating(IPipelineBehavior[Risky, str]):
    @override
    async def handle(self, request: Risky, /, call_next: CallNext[str]) -> str:
        try:
            return await call_next()
        except Boom as error:
            msg = 'translated'
            raise Translated(msg) from error


class Retrying(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Runs the rest of the pipeline again after a ``Boom``, up to three attempts."""

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        for _ in range(2):
            try:
                return await call_next()
            except Boom:
                pass
        return await call_next()


# --- modules ---------------------------------------------------------------------------------


def fail_module(*behaviors: type[IPipelineBehavior[Any, Any]]) -> type[Any]:
    """A module binding ``Fail`` with ``behaviors`` (through ``Any``: the plugin sees a literal list)."""
    extension: Any = MessagingExtension()

    @module(extensions=[extension.bind_request(Fail, FailHandler, behaviors=list(behaviors))])
    class FailModule:
        pass

    return FailModule


@module(
    extensions=[
        MessagingExtension()
        .bind_request(InvokeFail, InvokeFailHandler, behaviors=[Layer2])
        .bind_request(PublishAlarm, PublishAlarmHandler, behaviors=[Layer3])
        .bind_event(Alarm, [FailingAlarm]),
    ]
)
class NestedFailureModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Risky, RiskyHandler, behaviors=[Replacing, Layer1])])
class ReplacingModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Risky, RiskyHandler, behaviors=[Swallowing, Layer1])])
class SwallowingModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Risky, RiskyHandler, behaviors=[Fallback])])
class FallbackModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Risky, RiskyHandler, behaviors=[Translating, Layer1])])
class TranslatingModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Flaky, FlakyHandler, behaviors=[Retrying, Layer1])])
class RetryingModule:
    pass


def _connection_provider() -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    provider.provide(connect)
    return provider


@module(
    providers=[_connection_provider()],
    extensions=[MessagingExtension().bind_request(Fragile, FragileHandler)],
)
class FragileModule:
    pass


def handler_frames(error: BaseException) -> list[str]:
    """The names of this file's frames in ``error``'s traceback below the test itself."""
    frames = traceback.extract_tb(error.__traceback__)[1:]
    return [frame.name for frame in frames if frame.filename == __file__]


def raised_here(error: BaseException, line: str) -> bool:
    """Whether the innermost frame of ``error`` is this file's ``line`` (raised by our code)."""
    innermost = traceback.extract_tb(error.__traceback__)[-1]
    return innermost.filename == __file__ and innermost.line == line


# --- exceptions through every layer ----------------------------------------------------------


@pytest.mark.parametrize(
    ('behaviors', 'global_behaviors'),
    [
        pytest.param((), (), id='handler-only'),
        pytest.param((Layer1,), (), id='one-behavior'),
        pytest.param((Layer1, Layer2), (), id='two-behaviors'),
        pytest.param((Layer1, Layer2, Layer3), (), id='three-behaviors'),
        pytest.param((Layer1, Layer2, Layer3), (GlobalLayer,), id='global-and-three-behaviors'),
    ],
)
async def test_handler_exception_crosses_every_layer_unchanged_on_first_and_cached_calls(
    behaviors: tuple[type[IPipelineBehavior[Any, Any]], ...],
    global_behaviors: tuple[type[IPipelineBehavior[Any, Any]], ...],
) -> None:
    journal = Journal()
    config = MessagingConfig(pipeline_behaviors=global_behaviors)
    app = journal_app(journal, fail_module(*behaviors), config=config)
    layers = len(behaviors) + len(global_behaviors)
    errors = [Boom('first call resolves the pipeline'), Boom('later calls run the cached one')]
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for error in errors:
            with pytest.raises(Boom) as caught:
                await bus.invoke(Fail(error))
            assert caught.value is error
            assert raised_here(caught.value, 'raise request.error')
            # Each behavior's frame and the handler's: nothing re-raised, nothing wrapped.
            assert handler_frames(caught.value) == ['handle'] * (layers + 1)
    # Every layer saw the very same object on its way out.
    assert journal.seen == [errors[0]] * layers + [errors[1]] * layers


async def test_behavior_exception_crosses_the_outer_layers_unchanged_and_skips_the_handler() -> None:
    journal = Journal()
    app = journal_app(
        journal,
        fail_module(Layer1, RaisingBehavior),
        config=MessagingConfig(pipeline_behaviors=[GlobalLayer]),
    )
    error = Boom('from a behavior')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.invoke(Fail(error))
    assert caught.value is error
    # GlobalLayer, Layer1, then the raising behavior: the handler's frame is not there.
    assert handler_frames(caught.value) == ['handle', 'handle', 'handle']
    assert caught.traceback[-1].frame.f_locals['self'].__class__ is RaisingBehavior
    assert journal.seen == [error, error]


async def test_exception_from_a_nested_invoke_crosses_both_pipelines_unchanged() -> None:
    journal = Journal()
    app = journal_app(journal, NestedFailureModule, fail_module(Layer1))
    error = Boom('inner handler')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.invoke(InvokeFail(error))
    assert caught.value is error
    assert raised_here(caught.value, 'raise request.error')
    # Outer behavior, outer handler, inner behavior, inner handler.
    assert handler_frames(caught.value) == ['handle', 'handle', 'handle', 'handle']
    assert journal.seen == [error, error]  # Layer1 (inner pipeline), then Layer2 (outer)


async def test_exception_from_an_event_handler_crosses_publish_and_the_request_pipeline() -> None:
    journal = Journal()
    app = journal_app(journal, NestedFailureModule, fail_module())
    error = Boom('event handler')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.invoke(PublishAlarm(error))
    assert caught.value is error
    assert raised_here(caught.value, 'raise event.error')
    assert journal.seen == [error]


async def test_a_failure_while_building_the_handler_propagates_and_is_not_cached() -> None:
    journal = Journal()
    app = journal_app(journal, FragileModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(ConnectionRefusedError) as caught:
            await bus.invoke(Fragile())
        assert caught.value is journal.connection_error
        assert raised_here(caught.value, 'raise journal.connection_error')
        # The next call resolves again, and this time the connection opens.
        assert await bus.invoke(Fragile()) == 'connected'
        assert await bus.invoke(Fragile()) == 'connected'


# --- behaviors that recover ------------------------------------------------------------------


async def test_a_behavior_replaces_the_result_the_inner_layers_produced() -> None:
    journal = Journal()
    app = journal_app(journal, ReplacingModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Risky(None)) == 'replaced fine'
        error = Boom('not replaced')
        with pytest.raises(Boom) as caught:  # replacing a result is not catching an error
            await bus.invoke(Risky(error))
    assert caught.value is error
    assert journal.seen == [error]


async def test_a_behavior_swallows_the_exception_and_returns_a_value() -> None:
    journal = Journal()
    app = journal_app(journal, SwallowingModule)
    error = Boom('swallowed')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Risky(error)) == 'fallback'
        assert await bus.invoke(Risky(None)) == 'fine'
        other = ValueError('not a Boom')
        with pytest.raises(ValueError, match='not a Boom') as caught:
            await bus.invoke(Risky(other))
    assert caught.value is other
    assert journal.seen == [error, other]  # the inner layer saw both, unchanged


async def test_behavior_may_handle_the_handler_exception() -> None:
    app = messaging_app(FallbackModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Risky(None)) == 'fine'
        assert await bus.invoke(Risky(Boom('handled'))) == 'fallback'
        assert (await container.get(Trace)).entries == ['caught handled']


async def test_a_behavior_translates_the_exception_and_keeps_the_original_as_cause() -> None:
    journal = Journal()
    app = journal_app(journal, TranslatingModule)
    error = Boom('low level')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Translated, match='translated') as caught:
            await bus.invoke(Risky(error))
    assert caught.value.__cause__ is error
    assert raised_here(error, 'raise request.error')


@pytest.mark.parametrize(
    ('failures', 'attempts'),
    [pytest.param(0, 1, id='no-failure'), pytest.param(1, 2, id='one'), pytest.param(2, 3, id='two')],
)
async def test_a_behavior_may_call_call_next_again_to_retry(failures: int, attempts: int) -> None:
    journal = Journal()
    app = journal_app(journal, RetryingModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Flaky(failures)) == attempts
    assert [str(error) for error in journal.seen] == [
        f'attempt {number}' for number in range(1, failures + 1)
    ]


async def test_a_retry_that_runs_out_raises_the_last_attempt_error() -> None:
    journal = Journal()
    app = journal_app(journal, RetryingModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom, match='attempt 3') as caught:
            await bus.invoke(Flaky(3))
    assert caught.value is journal.seen[-1]


# --- the wrong argument: the catalogue's words, as the plugin reports them -------------------


@dataclass(frozen=True, slots=True)
class Lines(IStreamRequest[int]):
    pass


@dataclass(frozen=True, slots=True)
class Tick(IStreamRequest[int], IEvent):
    """A stream request that is also an event: publish() takes it, invoke() names the first kind."""


@pytest.mark.parametrize(
    ('method', 'argument', 'expected'),
    [
        pytest.param(
            'publish',
            Lines(),
            f'{qualname(Lines)} is a stream request: use stream(), not publish(). '
            'Hint: stream(Lines(...)) returns an async generator of the items its handler yields.',
            id='publish-a-stream-request',
        ),
        pytest.param(
            'stream',
            Alarm(Boom()),
            f'{qualname(Alarm)} is an event: use publish(), not stream(). '
            'Hint: publish(Alarm(...)) delivers it to every handler bound to it; an event has no response.',
            id='stream-an-event',
        ),
        pytest.param(
            'invoke',
            Tick(),
            f'{qualname(Tick)} is a stream request: use stream(), not invoke(). '
            'Hint: stream(Tick(...)) returns an async generator of the items its handler yields.',
            id='invoke-a-message-of-two-other-kinds',
        ),
        pytest.param(
            'publish',
            Fail,
            f'{qualname(Fail)} is a request: use invoke(), not publish(). '
            'Hint: invoke(Fail(...)) sends it to its one handler and returns the response.',
            id='publish-a-request-class',
        ),
        pytest.param(
            'stream',
            Lines,
            f'stream() expects a stream request instance, got the class {qualname(Lines)}. '
            'Hint: pass an instance: stream(Lines(...)).',
            id='stream-a-stream-request-class',
        ),
        pytest.param(
            'invoke',
            list[int],
            'invoke() expects a request, got the class list[int]. '
            'Hint: pass an instance of a class declared as `class <Name>(IRequest[<response type>])`.',
            id='invoke-a-parameterized-builtin',
        ),
    ],
)
async def test_a_wrong_argument_is_refused_in_the_words_of_the_catalogue(
    method: str, argument: object, expected: str
) -> None:
    # The same entries as the plugin's `denpo-wrong-message` (typing_tests/mypy/test_invoke.yml).
    app = messaging_app(fail_module())
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        call: Any = getattr(bus, method)
        result = call(argument)  # like any coroutine or async generator, it raises when it runs
        with pytest.raises(TypeError) as caught:
            await (anext(result) if method == 'stream' else result)
        assert str(caught.value) == expected
