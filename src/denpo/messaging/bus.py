"""The message bus: ``invoke`` a request, ``publish`` an event."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeAlias

from dishka import AsyncContainer
from typing_extensions import TypeVar, override

from denpo._naming import qualname
from denpo.messaging.contracts import IEvent, IRequest
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import MessagingRegistry

__all__ = ['IMessageBus', 'IPublisher', 'ISender', 'MessageBus']

_R = TypeVar('_R')

_Runner: TypeAlias = Callable[[Any], Awaitable[Any]]


class ISender(ABC):
    """Sends requests (commands and queries) to their one handler."""

    __slots__ = ()

    @abstractmethod
    async def invoke(self, request: IRequest[_R], /) -> _R:
        """Run ``request`` through its pipeline and handler and return the handler's response.

        Raises:
            RequestHandlerNotFound: No module binds ``type(request)``.
            TypeError: ``request`` is not an ``IRequest`` instance.
        """


class IPublisher(ABC):
    """Publishes events to every handler bound to their class or a base class."""

    __slots__ = ()

    @abstractmethod
    async def publish(self, event: IEvent, /) -> None:
        """Deliver ``event`` through the configured ``EventPublisher``; no handler is a no-op.

        Raises:
            TypeError: ``event`` is not an ``IEvent`` instance.
        """


class IMessageBus(ISender, IPublisher):
    """Both halves of the bus; ``ISender`` and ``IPublisher`` resolve to the same instance."""

    __slots__ = ()


class _Pipeline:
    """A handler wrapped in behaviors, built once per DI scope and request class."""

    __slots__ = ('_behaviors', '_handle')

    def __init__(self, handle: _Runner, behaviors: tuple[Callable[..., Awaitable[Any]], ...]) -> None:
        self._handle = handle
        self._behaviors = behaviors  # innermost first

    def __call__(self, request: object) -> Awaitable[Any]:
        call_next: Callable[[], Awaitable[Any]] = partial(self._handle, request)
        for behavior in self._behaviors:
            call_next = partial(behavior, request, call_next)
        return call_next()


class MessageBus(IMessageBus):
    """The default bus, one instance per DI scope.

    It resolves each request's handler and behaviors from its scope the first time that
    request class is invoked in the scope, and reuses them after (they are scope-cached in
    dishka too). The per-call path is one dict lookup and the calls.
    """

    __slots__ = ('_container', '_events', '_publish', '_registry', '_requests')

    def __init__(
        self, container: AsyncContainer, registry: MessagingRegistry, publisher: EventPublisher
    ) -> None:
        self._container = container
        self._registry = registry
        self._publish = publisher.publish
        self._requests: dict[type[Any], _Runner] = {}
        self._events: dict[type[Any], tuple[Any, ...]] = {}

    @override
    async def invoke(self, request: IRequest[_R], /) -> _R:
        runner = self._requests.get(type(request))
        if runner is None:
            runner = await self._resolve_request(request)
        response: _R = await runner(request)  # the route pairs the request with its handler
        return response

    @override
    async def publish(self, event: IEvent, /) -> None:
        handlers = self._events.get(type(event))
        if handlers is None:
            handlers = await self._resolve_event(event)
        if handlers:
            await self._publish(handlers, event)

    async def _resolve_request(self, request: object) -> _Runner:
        request_type: type[Any] = type(request)
        if not isinstance(request, IRequest):
            raise TypeError(_wrong_message('invoke', request, 'request', 'IRequest'))
        route = self._registry.request_route(request_type)
        handler = await self._container.get(route.handler_type)
        runner: _Runner = handler.handle
        if route.behaviors:
            behaviors = [await self._container.get(behavior) for behavior in route.behaviors]
            runner = _Pipeline(runner, tuple(behavior.handle for behavior in reversed(behaviors)))
        self._requests[request_type] = runner
        return runner

    async def _resolve_event(self, event: object) -> tuple[Any, ...]:
        if not isinstance(event, IEvent):
            raise TypeError(_wrong_message('publish', event, 'event', 'IEvent'))
        handlers = tuple(
            [await self._container.get(handler) for handler in self._registry.event_handlers(type(event))]
        )
        self._events[type(event)] = handlers
        return handlers


def _wrong_message(method: str, value: object, kind: str, base: str) -> str:
    if isinstance(value, type):
        got = f'the class {qualname(value)}'
        hint = f'pass an instance, {value.__name__}(...)'
        if kind == 'request' and issubclass(value, IEvent):
            hint = f'{value.__name__} is an event: use publish({value.__name__}(...))'
    else:
        got = f'{value!r} of type {qualname(type(value))}'
        hint = f'pass an instance of a class that inherits {base}'
        if kind == 'event' and isinstance(value, IRequest):
            hint = 'this is a request: use invoke(...) to send it to its handler'
        elif kind == 'request' and isinstance(value, IEvent):
            hint = 'this is an event: use publish(...) to deliver it to its handlers'
    article = 'an' if kind == 'event' else 'a'
    expected = f'{article} {kind} (an instance of an {base} subclass)'
    return f'{method}() expects {expected}, got {got}. Hint: {hint}.'
