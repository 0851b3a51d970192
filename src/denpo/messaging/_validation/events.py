"""Bind-time checks of ``bind_event``: the event and its handlers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_plain,
    type_name,
)
from denpo.messaging._validation._common import concrete_class, is_subclass, message_class, short
from denpo.messaging.contracts import IEvent
from denpo.messaging.exceptions import InvalidBindingError
from denpo.messaging.handlers import (
    EventHandler,
    RequestHandler,
)

__all__ = [
    'check_event_handler',
    'check_event_handlers',
    'check_event_type',
]


def check_event_type(value: object) -> type[IEvent]:
    """Check the first argument of ``bind_event``."""
    return message_class(value, IEvent, 'event', 'bind_event')


def check_event_handler(event_type: type[Any], value: object) -> type[Any]:
    """Check an event handler against its event."""
    fix = f'inherit EventHandler[{event_type.__name__}] and implement handle()'
    if is_subclass(value, RequestHandler):
        msg = (
            f'{qualname(value)} is a request handler, not an event handler. '
            f'Hint: bind it with bind_request(<request class>, {short(value)}).'
        )
        raise InvalidBindingError(msg)
    handler = concrete_class(value, 'event handler', fix)
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
