"""Bind-time checks of ``bind_request(..., exception_handlers=...)``."""

from __future__ import annotations

from typing import Any, get_origin

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_plain,
    is_subtype,
    type_name,
)
from denpo.messaging._validation._common import (
    check_handled,
    class_list,
    concrete_class,
    declared_response,
    is_subclass,
    response_mismatch,
)
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import (
    RequestExceptionHandler,
)

__all__ = [
    'check_exception_handler',
    'check_exception_handlers',
]


def check_exception_handlers(
    request_type: type[Any], values: object
) -> tuple[tuple[type[Exception], type[Any]], ...]:
    """Check the ``exception_handlers`` list of ``bind_request``: ``(exception type, handler)`` pairs."""
    if values == ():  # the default, as in check_behaviors
        return ()
    where = f'bind_request({request_type.__name__}, ..., exception_handlers=...)'
    items = class_list(values, where, 'exception_handlers', 'Handler')
    return tuple(check_exception_handler(request_type, value) for value in items)


def check_exception_handler(request_type: type[Any], value: object) -> tuple[type[Exception], type[Any]]:
    """Check a request exception handler: role, concreteness, request, exception type and response."""
    name = type_name(request_type)
    fix = f'inherit RequestExceptionHandler[{request_type.__name__}, <exception>, <response>]'
    if not is_subclass(value, RequestExceptionHandler):
        msg = f'{value!r} is not a request exception handler. Hint: {fix} and implement handle().'
        raise InvalidBindingError(msg)
    handler = concrete_class(value, 'request exception handler', 'implement handle()')
    arguments = declared_arguments(handler, RequestExceptionHandler)
    if not arguments or not _is_exception_class(arguments[1]):
        shown = type_name(arguments[1]) if arguments else 'nothing'
        msg = (
            f'{qualname(handler)} must declare the exception it handles as an Exception subclass, '
            f'got {shown}. Hint: {fix}, with a class such as LookupError for <exception>.'
        )
        raise InvalidBindingError(msg)
    handled, error, returned = arguments
    check_handled(
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
