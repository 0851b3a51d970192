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
from denpo.messaging.contracts import IEvent, IRequest
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import EventHandler, RequestHandler
from denpo.messaging.pipeline import IPipelineBehavior

__all__ = [
    'check_behavior',
    'check_behaviors',
    'check_event_handler',
    'check_event_type',
    'check_request_handler',
    'check_request_type',
    'declared_response',
]


def declared_response(request_type: type[Any]) -> Any:
    """Return the response a request class promises; bare ``IRequest`` promises ``None``."""
    arguments = declared_arguments(request_type, IRequest)
    return None if not arguments else arguments[0]


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
            f'{"[<response type>]" if base is IRequest else ""})`.'
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
    return _message_class(value, IRequest, 'request', 'bind_request')


def check_event_type(value: object) -> type[IEvent]:
    """Check the first argument of ``bind_event``."""
    return _message_class(value, IEvent, 'event', 'bind_event')


def _concrete_class(value: object, role: str, fix: str) -> type[Any]:
    if not isinstance(value, type):
        msg = f'Expected {_article(role)} {role} class, got {value!r}. Hint: {fix}.'
        raise InvalidBindingError(msg)
    handle = getattr(value, 'handle', None)
    if not callable(handle):
        msg = f'{qualname(value)} is not {_article(role)} {role}: it has no handle() method. Hint: {fix}.'
        raise InvalidBindingError(msg)
    if not inspect.iscoroutinefunction(handle):
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
