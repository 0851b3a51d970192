"""Bind-time checks of ``bind_request``: the request, its handler and its behaviors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_plain,
    is_subtype,
    type_name,
)
from denpo.messaging._validation._common import (
    check_one_kind,
    concrete_class,
    declared_response,
    is_subclass,
    message_class,
    response_mismatch,
    short,
)
from denpo.messaging.contracts import IRequest, IStreamRequest
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import (
    EventHandler,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior

__all__ = [
    'check_behavior',
    'check_behaviors',
    'check_request_handler',
    'check_request_type',
]


def check_request_type(value: object) -> type[IRequest[Any]]:
    """Check the first argument of ``bind_request``."""
    check_one_kind(value, 'bind_request')
    if is_subclass(value, IStreamRequest):
        msg = (
            f'{qualname(value)} is a stream request, not a request: its handler yields items. '
            f'Hint: bind it with bind_stream({short(value)}, <stream handler class>).'
        )
        raise InvalidBindingError(msg)
    return message_class(value, IRequest, 'request', 'bind_request')


def check_request_handler(request_type: type[Any], value: object) -> type[Any]:
    """Check a request handler against its request: role, concreteness, request and response."""
    fix = f'inherit RequestHandler[{request_type.__name__}, <response>] and implement handle()'
    if is_subclass(value, EventHandler):
        msg = (
            f'{qualname(value)} is an event handler, not a request handler. '
            f'Hint: bind it with bind_event(<event class>, [{short(value)}]).'
        )
        raise InvalidBindingError(msg)
    if is_subclass(value, IPipelineBehavior):
        msg = (
            f'{qualname(value)} is a pipeline behavior, not a request handler. '
            f'Hint: pass it as bind_request(..., behaviors=[{short(value)}]).'
        )
        raise InvalidBindingError(msg)
    if is_subclass(value, StreamRequestHandler):
        msg = (
            f'{qualname(value)} is a stream handler, not a request handler. '
            f'Hint: bind it with bind_stream(<stream request class>, {short(value)}).'
        )
        raise InvalidBindingError(msg)
    if is_subclass(value, RequestExceptionHandler):
        msg = (
            f'{qualname(value)} is a request exception handler, not a request handler. '
            f'Hint: pass it as bind_request(..., exception_handlers=[{short(value)}]).'
        )
        raise InvalidBindingError(msg)
    handler = concrete_class(value, 'request handler', fix)
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
        example = short(values) if isinstance(values, type) else 'Behavior1, Behavior2'
        argument = 'pipeline_behaviors' if request_type is None else 'behaviors'
        msg = f'{where} expects a list of behavior classes, got {shown}. Hint: write {argument}=[{example}].'
        raise InvalidBindingError(msg)
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
    return tuple(check_behavior(request_type, value) for value in items)


def check_behavior(request_type: type[Any] | None, value: object) -> type[Any]:
    """Check a pipeline behavior, global (``request_type`` is ``None``) or per request."""
    if not is_subclass(value, IPipelineBehavior):
        msg = (
            f'{value!r} is not a pipeline behavior. '
            'Hint: inherit IPipelineBehavior[<request>, <response>] and implement handle().'
        )
        raise InvalidBindingError(msg)
    behavior = concrete_class(value, 'pipeline behavior', 'implement handle()')
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
