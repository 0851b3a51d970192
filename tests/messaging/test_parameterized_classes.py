"""A generic class written with arguments (``Confirm[Place]``) where the bus takes a class.

The bus builds handlers, behaviors and exception handlers from the class itself and solves their
type variables from the message: every binding refuses the brackets and names the bare class to
pass. A parameterized class of another role (or of none) is refused for that, as its bare class is.
"""

from collections.abc import AsyncIterator, Callable
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestExceptionHandler,
    RequestHandler,
    StreamNext,
    StreamRequestHandler,
)
from tests.conftest import named

Q = TypeVar('Q')
R = TypeVar('R')
E = TypeVar('E', bound=IEvent)


class Done: ...


class Place(IRequest[Done]): ...


class Lines(IStreamRequest[int]): ...


class Placed(IEvent): ...


class Confirm(RequestHandler[Q, Done], Generic[Q]):
    @override
    async def handle(self, request: Q, /) -> Done:
        return Done()


class Count(StreamRequestHandler[Q, int], Generic[Q]):
    @override
    async def handle(self, request: Q, /) -> AsyncIterator[int]:
        yield 1


class Audit(EventHandler[E], Generic[E]):
    @override
    async def handle(self, event: E, /) -> None:
        pass


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Tap(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        async for item in call_next():
            yield item


class Reraise(RequestExceptionHandler[Q, LookupError, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, error: LookupError, /) -> R:
        raise error


def _request_handler(value: Any) -> None:
    MessagingExtension().bind_request(Place, value)


def _stream_handler(value: Any) -> None:
    MessagingExtension().bind_stream(Lines, value)


def _event_handler(value: Any) -> None:
    MessagingExtension().bind_event(Placed, [Audit, value])


def _behavior(value: Any) -> None:
    MessagingExtension().bind_request(Place, Confirm, behaviors=[Timing, value])


def _stream_behavior(value: Any) -> None:
    MessagingExtension().bind_stream(Lines, Count, behaviors=[value])


def _global_behavior(value: Any) -> None:
    MessagingModule.register(MessagingConfig(pipeline_behaviors=[value]))


def _global_stream_behavior(value: Any) -> None:
    MessagingModule.register(MessagingConfig(stream_behaviors=[value]))


def _exception_handler(value: Any) -> None:
    MessagingExtension().bind_request(Place, Confirm, exception_handlers=[value])


Bind = Callable[[Any], None]


def _refused(written: str, bare: str, built: str, solved: str) -> str:
    return (
        rf'^{written} is a parameterized generic class; the bus builds {built} from the class itself\. '
        rf'Hint: pass the bare class {bare}: its type variables are solved from {solved}\.$'
    )


@pytest.mark.parametrize(
    ('bind', 'value', 'message', 'code'),
    [
        pytest.param(
            _request_handler,
            Confirm[Place],
            _refused(r'Confirm\[Place\]', 'Confirm', 'request handlers', 'the request'),
            'denpo-not-a-handler',
            id='request-handler',
        ),
        pytest.param(
            _stream_handler,
            Count[Lines],
            _refused(r'Count\[Lines\]', 'Count', 'stream handlers', 'the stream request'),
            'denpo-not-a-handler',
            id='stream-handler',
        ),
        pytest.param(
            _event_handler,
            Audit[Placed],
            _refused(r'Audit\[Placed\]', 'Audit', 'event handlers', 'the event'),
            'denpo-not-a-handler',
            id='event-handler',
        ),
        pytest.param(
            _behavior,
            Timing[Place, Done],
            _refused(r'Timing\[Place, Done\]', 'Timing', 'pipeline behaviors', 'each request it wraps'),
            'denpo-behavior-mismatch',
            id='behavior',
        ),
        pytest.param(
            _stream_behavior,
            Tap[Lines, int],
            _refused(
                r'Tap\[Lines, int\]', 'Tap', 'stream pipeline behaviors', 'each stream request it wraps'
            ),
            'denpo-behavior-mismatch',
            id='stream-behavior',
        ),
        pytest.param(
            _global_behavior,
            Timing[Any, Any],
            _refused(r'Timing\[Any, Any\]', 'Timing', 'pipeline behaviors', 'each request it wraps'),
            'denpo-behavior-mismatch',
            id='global-behavior',
        ),
        pytest.param(
            _global_stream_behavior,
            Tap[Any, Any],
            _refused(r'Tap\[Any, Any\]', 'Tap', 'stream pipeline behaviors', 'each stream request it wraps'),
            'denpo-behavior-mismatch',
            id='global-stream-behavior',
        ),
        pytest.param(
            _exception_handler,
            Reraise[Place, Done],
            _refused(r'Reraise\[Place, Done\]', 'Reraise', 'exception handlers', 'the request'),
            'denpo-exception-handler-mismatch',
            id='exception-handler',
        ),
    ],
)
def test_a_parameterized_class_is_refused_with_its_bare_class_named(
    bind: Bind, value: object, message: str, code: str
) -> None:
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(value)
    assert caught.value.code == code
    assert caught.value.subject is value


@pytest.mark.parametrize(
    ('bind', 'value', 'message', 'code'),
    [
        pytest.param(
            _request_handler,
            Timing[Place, Done],
            rf'^{named(Timing)} is a pipeline behavior, not a request handler\. ',
            'denpo-not-a-handler',
            id='behavior-as-handler',
        ),
        pytest.param(
            _behavior,
            Reraise[Place, Done],
            rf'^{named(Reraise)} is an exception handler, not a pipeline behavior\. ',
            'denpo-behavior-mismatch',
            id='exception-handler-as-behavior',
        ),
        pytest.param(
            _exception_handler,
            Timing[Place, Done],
            rf'^{named(Timing)} is a pipeline behavior, not an exception handler\. ',
            'denpo-exception-handler-mismatch',
            id='behavior-as-exception-handler',
        ),
        pytest.param(
            _request_handler,
            list[int],
            r'^list is not a request handler: it has no handle\(\) method\. ',
            'denpo-not-a-handler',
            id='builtin-as-handler',
        ),
        pytest.param(
            _behavior,
            list[int],
            r'^The parameterized class list\[int\] is not a pipeline behavior\. ',
            'denpo-behavior-mismatch',
            id='builtin-as-behavior',
        ),
        pytest.param(
            _exception_handler,
            list[int],
            r'^The parameterized class list\[int\] is not an exception handler\. ',
            'denpo-exception-handler-mismatch',
            id='builtin-as-exception-handler',
        ),
    ],
)
def test_a_parameterized_class_of_another_role_is_refused_for_its_role(
    bind: Bind, value: object, message: str, code: str
) -> None:
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(value)
    assert caught.value.code == code


def test_the_bare_generic_classes_bind() -> None:
    extension = (
        MessagingExtension()
        .bind_request(Place, Confirm, behaviors=[Timing], exception_handlers=[Reraise])
        .bind_stream(Lines, Count, behaviors=[Tap])
        .bind_event(Placed, [Audit])
    )
    (request,) = extension.request_bindings
    assert (request.handler_type, request.behaviors) == (Confirm, (Timing,))
    assert [binding.handler_type for binding in extension.stream_bindings] == [Count]
    assert [binding.handler_types for binding in extension.event_bindings] == [(Audit,)]
    assert MessagingModule.register(
        MessagingConfig(pipeline_behaviors=[Timing], stream_behaviors=[Tap])
    ).is_global
