"""Bindings merged from every module and frozen into dispatch plans at start-up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from denpo.messaging.exceptions import (
    EventHandlerAlreadyRegistered,
    PipelineBehaviorAlreadyRegistered,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)

__all__ = [
    'EventBinding',
    'EventRoute',
    'MessagingRegistry',
    'RequestBinding',
    'RequestRoute',
    'StreamBinding',
    'StreamRoute',
    'check_unique_behaviors',
]


@dataclass(frozen=True, slots=True)
class RequestBinding:
    """One ``bind_request`` call, as recorded by a ``MessagingExtension``."""

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...] = ()
    exception_handlers: tuple[tuple[type[Exception], type[Any]], ...] = ()


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
    """

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...]
    module: str
    exception_handlers: tuple[tuple[type[Exception], type[Any]], ...] = ()


@dataclass(frozen=True, slots=True)
class StreamRoute:
    """What ``stream`` runs for one stream request class: behaviors outermost first, then the handler.

    Attributes:
        request_type: The stream request class.
        handler_type: The stream handler class, resolved from the DI scope.
        behaviors: Its stream behaviors, in bind order (there are no global stream behaviors).
        module: The module whose extension made the binding.
    """

    request_type: type[Any]
    handler_type: type[Any]
    behaviors: tuple[type[Any], ...]
    module: str


@dataclass(frozen=True, slots=True)
class EventRoute:
    """The handlers bound directly to one event class, in delivery order, with their modules."""

    event_type: type[Any]
    handlers: tuple[tuple[type[Any], str], ...]


class _EventPlans(dict[type[Any], tuple[type[Any], ...]]):
    """Handler lists per concrete event class, computed on first use and then kept.

    ``dict.__missing__`` makes a miss a method call, not an exception, and every later
    publish of that class is a plain lookup.
    """

    __slots__ = ('_routes',)

    def __init__(self, routes: Mapping[type[Any], EventRoute]) -> None:
        super().__init__()
        self._routes = routes

    def __missing__(self, event_type: type[Any]) -> tuple[type[Any], ...]:
        plan = _delivery_order(event_type, self._routes)
        self[event_type] = plan
        return plan


def _delivery_order(event_type: type[Any], routes: Mapping[type[Any], EventRoute]) -> tuple[type[Any], ...]:
    """Handlers of ``event_type`` and of its bases, most derived class first (MRO order)."""
    seen: dict[type[Any], tuple[type[Any], str]] = {}
    for klass in event_type.__mro__:
        route = routes.get(klass)
        if route is None:
            continue
        for handler, module in route.handlers:
            first = seen.get(handler)
            if first is not None:
                raise EventHandlerAlreadyRegistered(
                    first[0],
                    handler,
                    first_event=klass,
                    first_module=module,
                    second_module=first[1],
                )
            seen[handler] = (klass, module)
    return tuple(seen)


class MessagingRegistry:
    """The frozen routing table of an application, built once from every module's bindings.

    Provided in the DI container (APP scope). ``requests``, ``streams`` and ``events`` list
    what was bound, for introspection; the bus reads the dispatch plans.
    """

    __slots__ = ('_event_plans', '_events', '_requests', '_streams')

    def __init__(
        self,
        requests: Mapping[type[Any], RequestRoute],
        events: Mapping[type[Any], EventRoute],
        streams: Mapping[type[Any], StreamRoute] | None = None,
    ) -> None:
        self._requests = dict(requests)
        self._streams = {} if streams is None else dict(streams)
        self._events = dict(events)
        self._event_plans = _EventPlans(self._events)
        # Fail at start-up, not on the first publish: a handler bound to an event and to one of
        # its bases would receive that event twice.
        for event_type in self._events:
            self._event_plans[event_type]  # computing the plan runs the check

    @classmethod
    def merge(
        cls,
        sources: Iterable[tuple[str, Sequence[RequestBinding], Sequence[EventBinding]]],
        global_behaviors: Sequence[type[Any]] = (),
        *,
        streams: Iterable[tuple[str, Sequence[StreamBinding]]] = (),
    ) -> MessagingRegistry:
        """Merge ``(module name, request bindings, event bindings)`` in module order.

        ``streams`` lists ``(module name, stream bindings)`` in module order; stream requests
        and requests share one namespace (a class has one handler, whichever kind).

        Raises:
            RequestHandlerAlreadyRegistered: A request (or stream request) is bound twice.
            EventHandlerAlreadyRegistered: A handler is bound twice to one event (or to it and a base).
            PipelineBehaviorAlreadyRegistered: A behavior repeats in one request's pipeline.
        """
        check_unique_behaviors(None, global_behaviors)
        requests: dict[type[Any], RequestRoute] = {}
        events: dict[type[Any], list[tuple[type[Any], str]]] = {}
        for module, request_bindings, event_bindings in sources:
            for binding in request_bindings:
                previous = requests.get(binding.request_type)
                if previous is not None:
                    raise RequestHandlerAlreadyRegistered(
                        binding.request_type,
                        previous.handler_type,
                        previous.module,
                        binding.handler_type,
                        module,
                    )
                behaviors = (*global_behaviors, *binding.behaviors)
                check_unique_behaviors(binding.request_type, behaviors)
                requests[binding.request_type] = RequestRoute(
                    binding.request_type, binding.handler_type, behaviors, module, binding.exception_handlers
                )
            for event_binding in event_bindings:
                handlers = events.setdefault(event_binding.event_type, [])
                for handler in event_binding.handler_types:
                    for bound, first_module in handlers:
                        if bound is handler:
                            raise EventHandlerAlreadyRegistered(
                                event_binding.event_type,
                                handler,
                                first_event=event_binding.event_type,
                                first_module=first_module,
                                second_module=module,
                            )
                    handlers.append((handler, module))
        routes = {event_type: EventRoute(event_type, tuple(items)) for event_type, items in events.items()}
        return cls(requests, routes, _merge_streams(streams, requests))

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

    def event_handlers(self, event_type: type[Any]) -> tuple[type[Any], ...]:
        """Handlers that receive an event of class ``event_type``, in delivery order."""
        return self._event_plans[event_type]

    def handler_types(self) -> tuple[type[Any], ...]:
        """Every handler and behavior class the routes name, each once, in binding order."""
        seen: dict[type[Any], None] = {}
        for route in self._requests.values():
            seen.update(dict.fromkeys(route.behaviors))
            seen[route.handler_type] = None
            seen.update(dict.fromkeys(handler for _, handler in route.exception_handlers))
        for stream_route in self._streams.values():
            seen.update(dict.fromkeys(stream_route.behaviors))
            seen[stream_route.handler_type] = None
        for event_route in self._events.values():
            seen.update(dict.fromkeys(handler for handler, _ in event_route.handlers))
        return tuple(seen)


def _merge_streams(
    sources: Iterable[tuple[str, Sequence[StreamBinding]]], requests: Mapping[type[Any], RequestRoute]
) -> dict[type[Any], StreamRoute]:
    streams: dict[type[Any], StreamRoute] = {}
    for module, bindings in sources:
        for binding in bindings:
            previous = streams.get(binding.request_type) or requests.get(binding.request_type)
            if previous is not None:
                raise RequestHandlerAlreadyRegistered(
                    binding.request_type, previous.handler_type, previous.module, binding.handler_type, module
                )
            check_unique_behaviors(binding.request_type, binding.behaviors)
            streams[binding.request_type] = StreamRoute(
                binding.request_type, binding.handler_type, binding.behaviors, module
            )
    return streams


def check_unique_behaviors(request_type: type[Any] | None, behaviors: Sequence[type[Any]]) -> None:
    """Raise ``PipelineBehaviorAlreadyRegistered`` if a behavior repeats (``None``: the global list)."""
    seen: set[type[Any]] = set()
    for behavior in behaviors:
        if behavior in seen:
            raise PipelineBehaviorAlreadyRegistered(request_type, behavior)
        seen.add(behavior)
