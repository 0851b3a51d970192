"""Bindings merged from every module and frozen into routes at start-up.

A *binding* is what one module declares (``bind_request``, ``bind_stream``, ``bind_event``); a
*route* is what the registry holds per message class; the *routing table*
([`denpo.messaging.routes`][]) is the view of the routes for humans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from denpo.messaging._event_plans import (
    EventRecipient,
    EventRoute,
    delivery,
    handler_types,
    plan_known_events,
)
from denpo.messaging._global_behaviors import request_filter
from denpo.messaging.bindings import EventBinding, ModuleBindings, RequestBinding, StreamBinding
from denpo.messaging.exceptions import (
    EventHandlerAlreadyRegistered,
    PipelineBehaviorAlreadyRegistered,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)
from denpo.messaging.pipeline import IStreamPipelineBehavior

__all__ = [
    'EventBinding',
    'EventRecipient',
    'EventRoute',
    'MessagingRegistry',
    'ModuleBindings',
    'RequestBinding',
    'RequestRoute',
    'StreamBinding',
    'StreamRoute',
    'check_unique_behaviors',
]


@dataclass(frozen=True, slots=True)
class RequestRoute:
    """What ``invoke`` runs for one request class: behaviors outermost first, then the handler.

    Attributes:
        request_type: The request class.
        handler_type: The handler class, resolved from the DI scope.
        behaviors: Global behaviors (config order), then per-request ones (bind order).
        module: The module whose extension made the binding.
        exception_handlers: ``(exception type, exception handler class)`` pairs in bind
            order; they run directly around the handler, inside every behavior.
        exception_actions: ``(exception type, exception action class)`` pairs in bind order;
            they run directly around the handler, inside the exception handlers.
    """

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...]
    module: str
    exception_handlers: tuple[tuple[type[Exception], type[Any]], ...] = ()
    exception_actions: tuple[tuple[type[Exception], type[Any]], ...] = ()


@dataclass(frozen=True, slots=True)
class StreamRoute:
    """What ``stream`` runs for one stream request class: behaviors outermost first, then the handler.

    Attributes:
        request_type: The stream request class.
        handler_type: The stream handler class, resolved from the DI scope.
        behaviors: Global stream behaviors (config order), then its own ones (bind order).
        module: The module whose extension made the binding.
    """

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...]
    module: str


class MessagingRegistry:
    """The frozen routes of an application, built once from every module's bindings.

    Provided in the DI container (APP scope). ``requests``, ``streams`` and ``events`` list
    what was bound, for introspection; the bus reads the routes and the event deliveries.

    Every event class the application can see when the registry is built (each bound event
    class and every subclass of one that exists then) gets its delivery order here, so a
    handler that would receive one event twice fails the start-up. A class created later is
    planned on its first publish, then looked up like the others.
    """

    __slots__ = ('_event_handlers', '_events', '_recipients', '_requests', '_streams')

    def __init__(
        self,
        *,
        requests: Mapping[type[Any], RequestRoute],
        streams: Mapping[type[Any], StreamRoute],
        events: Mapping[type[Any], EventRoute],
    ) -> None:
        """Freeze the routes and plan the delivery of every event class known now.

        Raises:
            EventHandlerAlreadyRegistered: An event class known now would reach one handler twice
                (through two bound base classes, or a bound class and its bound subclass).
        """
        self._requests = dict(requests)
        self._streams = dict(streams)
        self._events = dict(events)
        self._recipients = plan_known_events(self._events)
        # What the bus reads, kept apart so a lookup hands out the tuple it caches as is.
        self._event_handlers = {event: handler_types(plan) for event, plan in self._recipients.items()}

    @classmethod
    def merge(
        cls,
        modules: Iterable[ModuleBindings],
        global_behaviors: Sequence[type[Any]] = (),
        global_stream_behaviors: Sequence[type[Any]] = (),
    ) -> MessagingRegistry:
        """Merge the bindings of every module, in module order.

        Requests and stream requests share one namespace: a class has one handler, whichever kind.
        Each route starts with the global behaviors of its kind that wrap its class (see
        [`MessagingConfig`][denpo.messaging.MessagingConfig]), decided here once per class.

        Raises:
            RequestHandlerAlreadyRegistered: A request (or stream request) is bound twice.
            EventHandlerAlreadyRegistered: A handler is bound twice to one event, or would receive
                an event known now twice (see the class).
            PipelineBehaviorAlreadyRegistered: A behavior repeats in a global list or in one
                request's pipeline.
        """
        check_unique_behaviors(None, global_behaviors)
        check_unique_behaviors(None, global_stream_behaviors)
        filters = [(behavior, request_filter(behavior)) for behavior in global_behaviors]
        stream_filters = [
            (behavior, request_filter(behavior, IStreamPipelineBehavior))
            for behavior in global_stream_behaviors
        ]
        requests: dict[type[Any], RequestRoute] = {}
        streams: dict[type[Any], StreamRoute] = {}
        events: dict[type[Any], list[tuple[type[Any], str]]] = {}
        for bindings in modules:
            module = bindings.module
            for request in bindings.requests:
                behaviors = (*_wrapping(filters, request.request_type), *request.behaviors)
                route = RequestRoute(
                    request.request_type,
                    request.handler_type,
                    behaviors,
                    module,
                    request.exception_handlers,
                    request.exception_actions,
                )
                _check_unclaimed(route, requests, streams)
                requests[request.request_type] = route
            for stream in bindings.streams:
                stream_behaviors = (*_wrapping(stream_filters, stream.request_type), *stream.behaviors)
                stream_route = StreamRoute(stream.request_type, stream.handler_type, stream_behaviors, module)
                _check_unclaimed(stream_route, requests, streams)
                streams[stream.request_type] = stream_route
            for event in bindings.events:
                _add_event_handlers(events.setdefault(event.event_type, []), event, module)
        return cls(
            requests=requests,
            streams=streams,
            events={event: EventRoute(event, tuple(handlers)) for event, handlers in events.items()},
        )

    @property
    def requests(self) -> Mapping[type[Any], RequestRoute]:
        """Every bound request class and its route, in binding order."""
        return self._requests

    @property
    def streams(self) -> Mapping[type[Any], StreamRoute]:
        """Every bound stream request class and its route, in binding order."""
        return self._streams

    @property
    def events(self) -> Mapping[type[Any], EventRoute]:
        """Every event class with handlers bound directly to it, in binding order."""
        return self._events

    def request_route(self, request_type: type[Any]) -> RequestRoute:
        """Return the route of ``request_type``.

        Raises:
            RequestHandlerNotFound: The request class is not bound.
        """
        route = self._requests.get(request_type)
        if route is None:
            raise RequestHandlerNotFound(request_type)
        return route

    def stream_route(self, request_type: type[Any]) -> StreamRoute:
        """Return the route of the stream request class ``request_type``.

        Raises:
            RequestHandlerNotFound: The stream request class is not bound.
        """
        route = self._streams.get(request_type)
        if route is None:
            raise RequestHandlerNotFound(request_type)
        return route

    def event_recipients(self, event_type: type[Any]) -> tuple[EventRecipient, ...]:
        """The handlers that receive an event of class ``event_type``, in delivery order.

        Raises:
            EventHandlerAlreadyRegistered: ``event_type`` was created after start-up and
                inherits two bound classes that share a handler.
        """
        plan = self._recipients.get(event_type)
        if plan is None:
            plan = self._plan_late(event_type)
        return plan

    def event_handlers(self, event_type: type[Any]) -> tuple[type[Any], ...]:
        """The handler classes of [`event_recipients`][]: one lookup, the same tuple each time.

        Raises:
            EventHandlerAlreadyRegistered: As [`event_recipients`][].
        """
        handlers = self._event_handlers.get(event_type)
        if handlers is None:
            self._plan_late(event_type)
            handlers = self._event_handlers[event_type]
        return handlers

    def _plan_late(self, event_type: type[Any]) -> tuple[EventRecipient, ...]:
        # A class created after start-up: planned once, then looked up; a conflict is not
        # cached, so each publish of that class raises it.
        plan = delivery(event_type, self._events)
        self._event_handlers[event_type] = handler_types(plan)
        self._recipients[event_type] = plan
        return plan

    def handler_types(self) -> tuple[type[Any], ...]:
        """Every handler, behavior, exception handler and action class named by the routes, once each."""
        seen: dict[type[Any], None] = {}
        for route in self._requests.values():
            seen.update(dict.fromkeys(route.behaviors))
            seen[route.handler_type] = None
            seen.update(dict.fromkeys(handler for _, handler in route.exception_handlers))
            seen.update(dict.fromkeys(action for _, action in route.exception_actions))
        for stream_route in self._streams.values():
            seen.update(dict.fromkeys(stream_route.behaviors))
            seen[stream_route.handler_type] = None
        for event_route in self._events.values():
            seen.update(dict.fromkeys(handler for handler, _ in event_route.handlers))
        return tuple(seen)


def _wrapping(
    filters: Iterable[tuple[type[Any], Callable[[type[Any]], bool]]], request_type: type[Any]
) -> Iterator[type[Any]]:
    """The global behaviors that wrap ``request_type``, in config order."""
    return (behavior for behavior, wraps in filters if wraps(request_type))


def _check_unclaimed(route: RequestRoute | StreamRoute, *tables: Mapping[type[Any], Any]) -> None:
    """Refuse ``route`` if a table already routes its class or its pipeline repeats a behavior."""
    for table in tables:
        previous = table.get(route.request_type)
        if previous is not None:
            raise RequestHandlerAlreadyRegistered(
                route.request_type, previous.handler_type, previous.module, route.handler_type, route.module
            )
    check_unique_behaviors(route.request_type, route.behaviors)


def _add_event_handlers(bound: list[tuple[type[Any], str]], binding: EventBinding, module: str) -> None:
    """Append the handlers of ``binding`` to those already bound to its event class."""
    for handler in binding.handler_types:
        for earlier, first_module in bound:
            if earlier is handler:
                raise EventHandlerAlreadyRegistered(
                    binding.event_type,
                    handler,
                    first_event=binding.event_type,
                    first_module=first_module,
                    second_module=module,
                )
        bound.append((handler, module))


def check_unique_behaviors(request_type: type[Any] | None, behaviors: Sequence[type[Any]]) -> None:
    """Raise ``PipelineBehaviorAlreadyRegistered`` if a behavior repeats (``None``: the global list)."""
    seen: set[type[Any]] = set()
    for behavior in behaviors:
        if behavior in seen:
            raise PipelineBehaviorAlreadyRegistered(request_type, behavior)
        seen.add(behavior)
