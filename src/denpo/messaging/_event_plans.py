"""Who receives each event class: planned at start-up for every class known then, later for new ones.

An event reaches the handlers bound to its class and to each of its base classes, in MRO order
(most derived first), then module order, then list order; a handler reached twice is a
configuration error (``EventHandlerAlreadyRegistered``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from denpo.messaging.exceptions import EventHandlerAlreadyRegistered

__all__ = ['EventRecipient', 'EventRoute', 'delivery', 'handler_types', 'plan_known_events']


@dataclass(frozen=True, slots=True)
class EventRoute:
    """The handlers bound directly to one event class, in delivery order, with their modules."""

    event_type: type[Any]
    handlers: tuple[tuple[type[Any], str], ...]


@dataclass(frozen=True, slots=True)
class EventRecipient:
    """One handler that receives an event, and the binding that put it there.

    Attributes:
        handler_type: The event handler class.
        bound_to: The event class named in ``bind_event``: the delivered event itself, or one
            of its base classes (handlers of a base class also receive its subclasses).
        module: The qualified name of the module whose extension made the binding.
    """

    handler_type: type[Any]
    bound_to: type[Any]
    module: str


def _known_events(routes: Iterable[type[Any]]) -> dict[type[Any], None]:
    """The bound event classes, then every subclass of one that exists now, each once."""
    known = dict.fromkeys(routes)
    pending = list(known)
    while pending:
        # `type.__subclasses__`: a metaclass (ABCMeta among them) cannot hide or rename it.
        for subclass in type.__subclasses__(pending.pop()):
            if subclass not in known:
                known[subclass] = None
                pending.append(subclass)
    return known


def plan_known_events(routes: Mapping[type[Any], EventRoute]) -> dict[type[Any], tuple[EventRecipient, ...]]:
    """Plan every bound event class and every subclass of one that exists now.

    A subclass that reaches one handler twice may be garbage the collector has not freed yet
    (a throwaway class defined in a function lives on in reference cycles). So on a conflict
    the collector runs once and the classes are walked again: whether start-up succeeds must
    not depend on when the collector last ran. Only a failing start-up pays for it.
    """
    try:
        return _plan_events(routes)
    except EventHandlerAlreadyRegistered:
        pass  # leave the except block first: the error holds the class the collector may free
    gc.collect()
    return _plan_events(routes)


def _plan_events(routes: Mapping[type[Any], EventRoute]) -> dict[type[Any], tuple[EventRecipient, ...]]:
    return {event: delivery(event, routes) for event in _known_events(routes)}


def delivery(event_type: type[Any], routes: Mapping[type[Any], EventRoute]) -> tuple[EventRecipient, ...]:
    """Recipients of ``event_type``: its classes in MRO order, then module order, then list order."""
    recipients: dict[type[Any], EventRecipient] = {}
    for klass in event_type.__mro__:
        route = routes.get(klass)
        if route is None:
            continue
        for handler, module in route.handlers:
            recipient = EventRecipient(handler, klass, module)
            earlier = recipients.setdefault(handler, recipient)
            if earlier is not recipient:
                raise _bound_twice(event_type, earlier, recipient)
    return tuple(recipients.values())


def _bound_twice(
    event_type: type[Any], earlier: EventRecipient, later: EventRecipient
) -> EventHandlerAlreadyRegistered:
    """The error for one handler reached through two classes of one event's MRO.

    The exception's first binding is the one to the base class ("to event Base ... and to its
    subclass Derived"); of two unrelated bases, the one earlier in the MRO.
    """
    first, second = (later, earlier) if issubclass(earlier.bound_to, later.bound_to) else (earlier, later)
    return EventHandlerAlreadyRegistered(
        second.bound_to,
        earlier.handler_type,
        first_event=first.bound_to,
        first_module=first.module,
        second_module=second.module,
        published=None if issubclass(second.bound_to, first.bound_to) else event_type,
    )


def handler_types(plan: tuple[EventRecipient, ...]) -> tuple[type[Any], ...]:
    return tuple(recipient.handler_type for recipient in plan)
