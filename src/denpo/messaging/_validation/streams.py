"""Bind-time checks of ``bind_stream``: the stream request, its handler and its behaviors."""

from __future__ import annotations

from typing import Any

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_plain,
    is_subtype,
    type_name,
)
from denpo.messaging._validation._common import (
    check_handled,
    check_one_kind,
    class_list,
    concrete_class,
    declared_item,
    is_subclass,
    message_class,
    short,
)
from denpo.messaging.contracts import IRequest, IStreamRequest
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import (
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior

__all__ = [
    'check_stream_behavior',
    'check_stream_behaviors',
    'check_stream_handler',
    'check_stream_type',
]


def check_stream_type(value: object) -> type[IStreamRequest[Any]]:
    """Check the first argument of ``bind_stream``."""
    check_one_kind(value, 'bind_stream')
    if is_subclass(value, IRequest):
        msg = (
            f'{qualname(value)} is a request, not a stream request: its handler returns one response. '
            f'Hint: bind it with bind_request({short(value)}, <handler class>).'
        )
        raise InvalidBindingError(msg)
    return message_class(value, IStreamRequest, 'stream request', 'bind_stream')


def check_stream_handler(request_type: type[Any], value: object) -> type[Any]:
    """Check a stream handler against its stream request: role, concreteness, request and item."""
    name = type_name(request_type)
    if is_subclass(value, RequestHandler):
        msg = (
            f'{qualname(value)} is a request handler, not a stream handler. '
            f'Hint: bind it with bind_request(<request class>, {short(value)}).'
        )
        raise InvalidBindingError(msg)
    if is_subclass(value, IStreamPipelineBehavior):
        msg = (
            f'{qualname(value)} is a stream behavior, not a stream handler. '
            f'Hint: pass it as bind_stream(..., behaviors=[{short(value)}]).'
        )
        raise InvalidBindingError(msg)
    fix = f'inherit StreamRequestHandler[{request_type.__name__}, <item>] and implement handle()'
    handler = concrete_class(value, 'stream handler', fix, generator=True)
    arguments = declared_arguments(handler, StreamRequestHandler)
    if not arguments:
        return handler  # structural, or inherits bare StreamRequestHandler
    handled, item = arguments
    check_handled(
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
    items = class_list(values, where, 'behaviors', 'Behavior')
    return tuple(check_stream_behavior(request_type, value) for value in items)


def check_stream_behavior(request_type: type[Any], value: object) -> type[Any]:
    """Check a stream behavior against its stream request."""
    if not is_subclass(value, IStreamPipelineBehavior):
        hint = (
            'a pipeline behavior wraps a request, not a stream: inherit IStreamPipelineBehavior'
            if is_subclass(value, IPipelineBehavior)
            else 'inherit IStreamPipelineBehavior[<request>, <item>]'
        )
        msg = f'{value!r} is not a stream behavior. Hint: {hint} and implement handle() with yield.'
        raise InvalidBindingError(msg)
    behavior = concrete_class(value, 'stream behavior', 'implement handle()', generator=True)
    arguments = declared_arguments(behavior, IStreamPipelineBehavior)
    if not arguments:
        return behavior
    handled, item = arguments
    name = type_name(request_type)
    check_handled(
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
