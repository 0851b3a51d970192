"""Bind-time checks: the runtime form of the mypy plugin's checks, with the same wording."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, get_origin

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_abstract,
    is_plain,
    is_subtype,
    type_name,
)
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import (
    EventHandler,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior

__all__ = [
    'check_behavior',
    'check_behaviors',
    'check_event_handler',
    'check_event_type',
    'check_exception_handler',
    'check_exception_handlers',
    'check_request_handler',
    'check_request_type',
    'check_stream_behavior',
    'check_stream_behaviors',
    'check_stream_handler',
    'check_stream_type',
    'declared_item',
    'declared_response',
]


def declared_response(request_type: type[Any]) -> Any:
    """Return the response a request class promises; bare ``IRequest`` promises ``None``."""
    arguments = declared_arguments(request_type, IRequest)
    return None if not arguments else arguments[0]


def declared_item(request_type: type[Any]) -> Any:
    """Return the item type a stream request class promises; bare ``IStreamRequest`` promises ``None``."""
    arguments = declared_arguments(request_type, IStreamRequest)
    return None if not arguments else arguments[0]


_TYPE_ARGUMENT = {IRequest: '[<response type>]', IStreamRequest: '[<item type>]'}


def _message_class(value: object, base: type[Any], kind: str, call: str) -> type[Any]:
    origin = get_origin(value)
    if isinstance(origin, type) and issubclass(origin, base):
        msg = (
            f'{call}() got the parameterized generic {kind} {type_name(value)}. Messages are '
            f'dispatched by class at runtime, so {origin.__name__}[int] and {origin.__name__}[str] '
            f'cannot be told apart. Hint: bind the bare class {origin.__name__} to a handler that is '
            f'generic in the same parameters.'
        )
        raise InvalidBindingError(msg)
    if not isinstance(value, type):
        msg = f'{call}() expects {_article(kind)} {kind} class, got {value!r}. Hint: pass the class itself.'
        raise InvalidBindingError(msg)
    if not issubclass(value, base):
        msg = (
            f'{qualname(value)} is not {_article(kind)} {kind}: it does not inherit '
            f'{base.__name__}. Hint: declare it as `class {_short(value)}({base.__name__}'
            f'{_TYPE_ARGUMENT.get(base, "")})`.'
        )
        raise InvalidBindingError(msg)
    return value


def _article(noun: str) -> str:
    return 'an' if noun[0] in 'aeiou' else 'a'


def _short(value: object) -> str:
    return str(getattr(value, '__name__', value))


def _is_subclass(value: object, base: type[Any]) -> bool:
    """``issubclass`` for real subclasses of any object (and no narrowing for the checker).

    It reads the MRO instead of calling ``issubclass``: on an ABC base that call caches a
    negative result per class, megabytes for thousands of bindings.
    """
    return isinstance(value, type) and base in value.__mro__


def check_request_type(value: object) -> type[IRequest[Any]]:
    """Check the first argument of ``bind_request``."""
    _check_one_kind(value, 'bind_request')
    if _is_subclass(value, IStreamRequest):
        msg = (
            f'{qualname(value)} is a stream request, not a request: its handler yields items. '
            f'Hint: bind it with bind_stream({_short(value)}, <stream handler class>).'
        )
        raise InvalidBindingError(msg)
    return _message_class(value, IRequest, 'request', 'bind_request')


def check_stream_type(value: object) -> type[IStreamRequest[Any]]:
    """Check the first argument of ``bind_stream``."""
    _check_one_kind(value, 'bind_stream')
    if _is_subclass(value, IRequest):
        msg = (
            f'{qualname(value)} is a request, not a stream request: its handler returns one response. '
            f'Hint: bind it with bind_request({_short(value)}, <handler class>).'
        )
        raise InvalidBindingError(msg)
    return _message_class(value, IStreamRequest, 'stream request', 'bind_stream')


def _check_one_kind(value: object, call: str) -> None:
    if _is_subclass(value, IRequest) and _is_subclass(value, IStreamRequest):
        msg = (
            f'{call}() got {qualname(value)}, which inherits both IRequest and IStreamRequest; a request '
            'class is dispatched to one kind of handler. Hint: inherit only one of them.'
        )
        raise InvalidBindingError(msg)


def check_event_type(value: object) -> type[IEvent]:
    """Check the first argument of ``bind_event``."""
    return _message_class(value, IEvent, 'event', 'bind_event')


def _concrete_class(value: object, role: str, fix: str, *, generator: bool = False) -> type[Any]:
    if not isinstance(value, type):
        msg = f'Expected {_article(role)} {role} class, got {value!r}. Hint: {fix}.'
        raise InvalidBindingError(msg)
    handle = getattr(value, 'handle', None)
    if not callable(handle):
        msg = f'{qualname(value)} is not {_article(role)} {role}: it has no handle() method. Hint: {fix}.'
        raise InvalidBindingError(msg)
    if not generator and not inspect.iscoroutinefunction(handle):
        msg = (
            f'{qualname(value)}.handle() is not a coroutine function, so the bus cannot await it. '
            'Hint: declare it `async def handle(...)`.'
        )
        raise InvalidBindingError(msg)
    if getattr(value, '_is_protocol', False):
        msg = (
            f'{qualname(value)} is a protocol, which cannot be instantiated. '
            'Hint: bind a concrete class that implements it.'
        )
        raise InvalidBindingError(msg)
    if is_abstract(value):
        missing = ', '.join(sorted(getattr(value, '__abstractmethods__', ())))
        msg = (
            f'{qualname(value)} is abstract (unimplemented: {missing}) and cannot be instantiated. '
            'Hint: bind a concrete subclass that implements them.'
        )
        raise InvalidBindingError(msg)
    # Checked after abstractness: the abstract `handle` of the stream bases is a plain `def`.
    if generator and not inspect.isasyncgenfunction(handle):
        msg = (
            f'{qualname(value)}.handle() is not an async generator function, so the bus cannot '
            'iterate over it. Hint: declare it `async def handle(...)` and `yield` the items.'
        )
        raise InvalidBindingError(msg)
    return value


def check_request_handler(request_type: type[Any], value: object) -> type[Any]:
    """Check a request handler against its request: role, concreteness, request and response."""
    fix = f'inherit RequestHandler[{request_type.__name__}, <response>] and implement handle()'
    if _is_subclass(value, EventHandler):
        msg = (
            f'{qualname(value)} is an event handler, not a request handler. '
            f'Hint: bind it with bind_event(<event class>, [{_short(value)}]).'
        )
        raise InvalidBindingError(msg)
    if _is_subclass(value, IPipelineBehavior):
        msg = (
            f'{qualname(value)} is a pipeline behavior, not a request handler. '
            f'Hint: pass it as bind_request(..., behaviors=[{_short(value)}]).'
        )
        raise InvalidBindingError(msg)
    if _is_subclass(value, StreamRequestHandler):
        msg = (
            f'{qualname(value)} is a stream handler, not a request handler. '
            f'Hint: bind it with bind_stream(<stream request class>, {_short(value)}).'
        )
        raise InvalidBindingError(msg)
    if _is_subclass(value, RequestExceptionHandler):
        msg = (
            f'{qualname(value)} is a request exception handler, not a request handler. '
            f'Hint: pass it as bind_request(..., exception_handlers=[{_short(value)}]).'
        )
        raise InvalidBindingError(msg)
    handler = _concrete_class(value, 'request handler', fix)
    arguments = declared_arguments(handler, RequestHandler)
    if not arguments:
        return handler  # structural, or inherits bare RequestHandler: nothing declared to compare
    handled, returned = arguments
    if is_plain(handled) and handled is not None and not issubclass(request_type, handled):
        msg = (
            f'{qualname(handler)} handles {type_name(handled)}, not {type_name(request_type)}. '
            f'Hint: bind {type_name(request_type)} to a handler of {type_name(request_type)} '
            f'(or of one of its base classes).'
        )
        raise InvalidBindingError(msg)
    promised = declared_response(request_type)
    if is_plain(returned) and is_plain(promised) and not is_subtype(returned, promised):
        raise InvalidBindingError(response_mismatch(handler, returned, request_type, promised))
    return handler


def response_mismatch(handler: type[Any], returned: Any, request_type: type[Any], promised: Any) -> str:
    """Word the error for a handler whose response does not fit its request's promise."""
    return (
        f'{qualname(handler)} returns {type_name(returned)}, but {type_name(request_type)} promises '
        f'{type_name(promised)} (IRequest[{type_name(promised)}]). Hint: return {type_name(promised)} '
        f'or a subtype from the handler, or declare the request as IRequest[{type_name(returned)}].'
    )


def check_event_handler(event_type: type[Any], value: object) -> type[Any]:
    """Check an event handler against its event."""
    fix = f'inherit EventHandler[{event_type.__name__}] and implement handle()'
    if _is_subclass(value, RequestHandler):
        msg = (
            f'{qualname(value)} is a request handler, not an event handler. '
            f'Hint: bind it with bind_request(<request class>, {_short(value)}).'
        )
        raise InvalidBindingError(msg)
    handler = _concrete_class(value, 'event handler', fix)
    arguments = declared_arguments(handler, EventHandler)
    if arguments:
        (handled,) = arguments
        if is_plain(handled) and handled is not None and not issubclass(event_type, handled):
            msg = (
                f'{qualname(handler)} handles {type_name(handled)}, not {type_name(event_type)}. '
                f'Hint: bind it to {type_name(handled)} or one of its subclasses.'
            )
            raise InvalidBindingError(msg)
    return handler


def check_event_handlers(event_type: type[Any], values: object) -> tuple[type[Any], ...]:
    """Check the handler list of ``bind_event``."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        msg = (
            f'bind_event({event_type.__name__}, ...) expects a list of handler classes, got {values!r}. '
            f'Hint: write bind_event({event_type.__name__}, [Handler1, Handler2]).'
        )
        raise InvalidBindingError(msg)
    if not values:
        msg = (
            f'bind_event({event_type.__name__}, []) binds no handler. '
            'Hint: list at least one handler class, or remove the call (publishing an event '
            'without handlers is already a no-op).'
        )
        raise InvalidBindingError(msg)
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
    return tuple(check_event_handler(event_type, value) for value in items)


def check_behaviors(request_type: type[Any] | None, values: object) -> tuple[type[Any], ...]:
    """Check a behavior list: per request, or global (``request_type`` is ``None``)."""
    if values == ():  # the default: skip the Sequence ABC check, paid per binding at start-up
        return ()
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        where = (
            'MessagingConfig(pipeline_behaviors=...)'
            if request_type is None
            else f'bind_request({request_type.__name__}, ..., behaviors=...)'
        )
        shown = qualname(values) if isinstance(values, type) else repr(values)
        example = _short(values) if isinstance(values, type) else 'Behavior1, Behavior2'
        argument = 'pipeline_behaviors' if request_type is None else 'behaviors'
        msg = f'{where} expects a list of behavior classes, got {shown}. Hint: write {argument}=[{example}].'
        raise InvalidBindingError(msg)
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
    return tuple(check_behavior(request_type, value) for value in items)


def check_behavior(request_type: type[Any] | None, value: object) -> type[Any]:
    """Check a pipeline behavior, global (``request_type`` is ``None``) or per request."""
    if not _is_subclass(value, IPipelineBehavior):
        msg = (
            f'{value!r} is not a pipeline behavior. '
            'Hint: inherit IPipelineBehavior[<request>, <response>] and implement handle().'
        )
        raise InvalidBindingError(msg)
    behavior = _concrete_class(value, 'pipeline behavior', 'implement handle()')
    arguments = declared_arguments(behavior, IPipelineBehavior)
    if request_type is None or not arguments:
        return behavior
    handled, returned = arguments
    if is_plain(handled) and handled is not None and not issubclass(request_type, handled):
        msg = (
            f'Pipeline behavior {qualname(behavior)} handles {type_name(handled)}, not '
            f'{type_name(request_type)}. Hint: make it generic (IPipelineBehavior[Q, R]) or bind it '
            f'to requests of {type_name(handled)}.'
        )
        raise InvalidBindingError(msg)
    promised = declared_response(request_type)
    # The behavior receives the handler's response and returns the caller's: both must be it.
    if (
        is_plain(returned)
        and is_plain(promised)
        and not (is_subtype(promised, returned) and is_subtype(returned, promised))
    ):
        msg = (
            f'Pipeline behavior {qualname(behavior)} works on {type_name(returned)} responses, but '
            f'{type_name(request_type)} promises {type_name(promised)}. Hint: make the behavior generic '
            f'in its response (IPipelineBehavior[Q, R]).'
        )
        raise InvalidBindingError(msg)
    return behavior


def _class_list(values: object, where: str, argument: str, kind: str) -> Sequence[object]:
    """Check that ``values`` is a list of classes (not a string, not one bare class)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        shown = qualname(values) if isinstance(values, type) else repr(values)
        example = _short(values) if isinstance(values, type) else f'{kind}1, {kind}2'
        msg = (
            f'{where} expects a list of {kind.lower()} classes, got {shown}. '
            f'Hint: write {argument}=[{example}].'
        )
        raise InvalidBindingError(msg)
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
    return items


def _check_handled(owner: str, handled: Any, request_type: type[Any], fix: str) -> None:
    if is_plain(handled) and handled is not None and not issubclass(request_type, handled):
        msg = f'{owner} handles {type_name(handled)}, not {type_name(request_type)}. Hint: {fix}.'
        raise InvalidBindingError(msg)


def check_stream_handler(request_type: type[Any], value: object) -> type[Any]:
    """Check a stream handler against its stream request: role, concreteness, request and item."""
    name = type_name(request_type)
    if _is_subclass(value, RequestHandler):
        msg = (
            f'{qualname(value)} is a request handler, not a stream handler. '
            f'Hint: bind it with bind_request(<request class>, {_short(value)}).'
        )
        raise InvalidBindingError(msg)
    if _is_subclass(value, IStreamPipelineBehavior):
        msg = (
            f'{qualname(value)} is a stream behavior, not a stream handler. '
            f'Hint: pass it as bind_stream(..., behaviors=[{_short(value)}]).'
        )
        raise InvalidBindingError(msg)
    fix = f'inherit StreamRequestHandler[{request_type.__name__}, <item>] and implement handle()'
    handler = _concrete_class(value, 'stream handler', fix, generator=True)
    arguments = declared_arguments(handler, StreamRequestHandler)
    if not arguments:
        return handler  # structural, or inherits bare StreamRequestHandler
    handled, item = arguments
    _check_handled(
        qualname(handler),
        handled,
        request_type,
        f'bind {name} to a stream handler of {name} (or of a base class)',
    )
    promised = declared_item(request_type)
    if is_plain(item) and is_plain(promised) and not is_subtype(item, promised):
        msg = (
            f'{qualname(handler)} yields {type_name(item)}, but {name} promises {type_name(promised)} '
            f'items (IStreamRequest[{type_name(promised)}]). Hint: yield {type_name(promised)} or a '
            f'subtype from the handler, or declare the request as IStreamRequest[{type_name(item)}].'
        )
        raise InvalidBindingError(msg)
    return handler


def check_stream_behaviors(request_type: type[Any], values: object) -> tuple[type[Any], ...]:
    """Check the behavior list of ``bind_stream``."""
    where = f'bind_stream({request_type.__name__}, ..., behaviors=...)'
    items = _class_list(values, where, 'behaviors', 'Behavior')
    return tuple(check_stream_behavior(request_type, value) for value in items)


def check_stream_behavior(request_type: type[Any], value: object) -> type[Any]:
    """Check a stream behavior against its stream request."""
    if not _is_subclass(value, IStreamPipelineBehavior):
        hint = (
            'a pipeline behavior wraps a request, not a stream: inherit IStreamPipelineBehavior'
            if _is_subclass(value, IPipelineBehavior)
            else 'inherit IStreamPipelineBehavior[<request>, <item>]'
        )
        msg = f'{value!r} is not a stream behavior. Hint: {hint} and implement handle() with yield.'
        raise InvalidBindingError(msg)
    behavior = _concrete_class(value, 'stream behavior', 'implement handle()', generator=True)
    arguments = declared_arguments(behavior, IStreamPipelineBehavior)
    if not arguments:
        return behavior
    handled, item = arguments
    name = type_name(request_type)
    _check_handled(
        f'Stream behavior {qualname(behavior)}',
        handled,
        request_type,
        f'make it generic (IStreamPipelineBehavior[Q, R]) or bind it to streams of {type_name(handled)}',
    )
    promised = declared_item(request_type)
    # The behavior receives the handler's items and yields the caller's: both must be its type.
    if (
        is_plain(item)
        and is_plain(promised)
        and not (is_subtype(promised, item) and is_subtype(item, promised))
    ):
        msg = (
            f'Stream behavior {qualname(behavior)} works on {type_name(item)} items, but {name} promises '
            f'{type_name(promised)}. Hint: make the behavior generic in its item '
            '(IStreamPipelineBehavior[Q, R]).'
        )
        raise InvalidBindingError(msg)
    return behavior


def check_exception_handlers(
    request_type: type[Any], values: object
) -> tuple[tuple[type[Exception], type[Any]], ...]:
    """Check the ``exception_handlers`` list of ``bind_request``: ``(exception type, handler)`` pairs."""
    if values == ():  # the default, as in check_behaviors
        return ()
    where = f'bind_request({request_type.__name__}, ..., exception_handlers=...)'
    items = _class_list(values, where, 'exception_handlers', 'Handler')
    return tuple(check_exception_handler(request_type, value) for value in items)


def check_exception_handler(request_type: type[Any], value: object) -> tuple[type[Exception], type[Any]]:
    """Check a request exception handler: role, concreteness, request, exception type and response."""
    name = type_name(request_type)
    fix = f'inherit RequestExceptionHandler[{request_type.__name__}, <exception>, <response>]'
    if not _is_subclass(value, RequestExceptionHandler):
        msg = f'{value!r} is not a request exception handler. Hint: {fix} and implement handle().'
        raise InvalidBindingError(msg)
    handler = _concrete_class(value, 'request exception handler', 'implement handle()')
    arguments = declared_arguments(handler, RequestExceptionHandler)
    if not arguments or not _is_exception_class(arguments[1]):
        shown = type_name(arguments[1]) if arguments else 'nothing'
        msg = (
            f'{qualname(handler)} must declare the exception it handles as an Exception subclass, '
            f'got {shown}. Hint: {fix}, with a class such as LookupError for <exception>.'
        )
        raise InvalidBindingError(msg)
    handled, error, returned = arguments
    _check_handled(
        qualname(handler),
        handled,
        request_type,
        f'bind it to requests of {type_name(handled)}, or make it handle {name}',
    )
    promised = declared_response(request_type)
    if is_plain(returned) and is_plain(promised) and not is_subtype(returned, promised):
        raise InvalidBindingError(response_mismatch(handler, returned, request_type, promised))
    return error, handler


def _is_exception_class(value: object) -> bool:
    return isinstance(value, type) and get_origin(value) is None and issubclass(value, Exception)
