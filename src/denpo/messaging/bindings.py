"""What one module binds: its request, stream and event bindings, in call order.

A *binding* is what a module declares with ``MessagingExtension().bind_*``; the registry merges
the bindings of every module into *routes* ([`denpo.messaging.registry`][]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ['EventBinding', 'ModuleBindings', 'RequestBinding', 'StreamBinding']


@dataclass(frozen=True, slots=True)
class RequestBinding:
    """One ``bind_request`` call, as recorded by a ``MessagingExtension``."""

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...] = ()
    exception_handlers: tuple[tuple[type[Exception], type[Any]], ...] = ()
    exception_actions: tuple[tuple[type[Exception], type[Any]], ...] = ()


@dataclass(frozen=True, slots=True)
class StreamBinding:
    """One ``bind_stream`` call, as recorded by a ``MessagingExtension``."""

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...] = ()


@dataclass(frozen=True, slots=True)
class EventBinding:
    """One ``bind_event`` call, as recorded by a ``MessagingExtension``."""

    event_type: type[Any]
    handler_types: tuple[type[Any], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModuleBindings:
    """Everything one module binds, each kind in bind order: ``MessagingExtension.bindings(module)``.

    Attributes:
        module: The qualified name of the module whose extension made the bindings.
        requests: Its ``bind_request`` calls.
        streams: Its ``bind_stream`` calls.
        events: Its ``bind_event`` calls.
    """

    module: str
    requests: tuple[RequestBinding, ...]
    streams: tuple[StreamBinding, ...]
    events: tuple[EventBinding, ...]
