"""The message bus: ``invoke`` a request, ``publish`` an event."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Mapping
from functools import partial
from typing import Any, Final, TypeAlias, cast, get_origin

from dishka import AsyncContainer
from typing_extensions import TypeVar, override

from denpo import _catalogue
from denpo._arguments import inherits, is_instance
from denpo._naming import qualname
from denpo._text import describe, safe_repr
from denpo.messaging._streams import FirstStream, StreamRunner, stream_chain
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import MessagingRegistry

__all__ = ['IMessageBus', 'IPublisher', 'ISender', 'MessageBus']

_R = TypeVar('_R')

_Runner: TypeAlias = Callable[[Any], Coroutine[Any, Any, Any]]
_Behavior: TypeAlias = Callable[[Any, Callable[[], Awaitable[Any]]], Coroutine[Any, Any, Any]]
_ExceptionHandlers: TypeAlias = tuple[tuple[type[Exception], Callable[[Any, Any], Awaitable[Any]]], ...]
_ExceptionActions: TypeAlias = tuple[tuple[type[Exception], Callable[[Any, Any], Awaitable[None]]], ...]


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

    @abstractmethod
    def stream(self, request: IStreamRequest[_R], /) -> AsyncGenerator[_R, None]:
        """Run ``request`` through its stream behaviors and handler and return its items.

        Nothing runs before the first iteration; the DI scope of the bus must stay open while
        the caller iterates. Closing the generator early (``aclose()``, or leaving
        ``async with contextlib.aclosing(bus.stream(request))``) runs the handler's cleanup.

        Raises:
            RequestHandlerNotFound: No module binds ``type(request)`` (on first iteration).
            TypeError: ``request`` is not an ``IStreamRequest`` instance (on first iteration).
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


def _chain(handle: _Runner, behaviors: tuple[_Behavior, ...]) -> _Runner:
    """Compile a handler and its behaviors (outermost first) into one runner, once per scope.

    A runner takes the request and returns the coroutine of the outermost step; ``invoke``
    returns that coroutine itself, so no frame of the bus stays on the stack while the
    pipeline runs. Per call, the only allocations are one ``partial`` per behavior (the
    ``call_next`` it receives) and the coroutines of the steps themselves.
    """
    if len(behaviors) == 1:
        (only,) = behaviors

        def run_one(request: object) -> Coroutine[Any, Any, Any]:
            return only(request, partial(handle, request))

        return run_one
    if len(behaviors) == 2:  # noqa: PLR2004  # the common case gets a loop-free runner
        outer, inner = behaviors

        def run_two(request: object) -> Coroutine[Any, Any, Any]:
            return outer(request, partial(inner, request, partial(handle, request)))

        return run_two
    outermost, *rest = behaviors
    inner_first = tuple(reversed(rest))

    def run_many(request: object) -> Coroutine[Any, Any, Any]:
        call_next: Callable[[], Awaitable[Any]] = partial(handle, request)
        for behavior in inner_first:
            call_next = partial(behavior, request, call_next)
        return outermost(request, call_next)

    return run_many


def _with_exception_handlers(handle: _Runner, exception_handlers: _ExceptionHandlers) -> _Runner:
    """Wrap a handler in its exception handlers: one ``try`` per call, no work on the happy path.

    The first exception handler whose exception type matches returns the response; with no
    match the original exception propagates unchanged (the same object).
    """

    async def run(request: object) -> Any:
        try:
            return await handle(request)
        except Exception as error:
            for exception_type, handle_error in exception_handlers:
                if isinstance(error, exception_type):
                    return await handle_error(request, error)
            raise

    return run


def _with_exception_actions(handle: _Runner, exception_actions: _ExceptionActions) -> _Runner:
    """Wrap a handler in its exception actions: one ``try`` per call, no work on the happy path.

    Every action whose exception type matches runs, in bind order, each awaited before the
    next; then the original exception propagates unchanged (the same object, by a bare
    ``raise``). An action that raises ends the loop: its exception propagates in place of the
    original, which Python keeps as its ``__context__``. A ``BaseException`` that is no
    ``Exception`` (cancellation) passes through untouched.
    """

    async def run(request: object) -> Any:
        try:
            return await handle(request)
        except Exception as error:
            for exception_type, execute in exception_actions:
                if isinstance(error, exception_type):
                    await execute(request, error)
            raise

    return run


async def _no_handlers() -> None:
    """What ``publish`` awaits for an event class without handlers: nothing."""


class MessageBus(IMessageBus):
    """The default bus, one instance per DI scope.

    It resolves each request's handler and behaviors from its scope the first time that
    request class is invoked in the scope, compiles them into one runner and reuses it after
    (they are scope-cached in dishka too). From then on ``invoke`` is one dict lookup and a
    call that returns the pipeline's own coroutine: the bus adds no coroutine of its own.
    The first call of a class in a scope, and every call with a wrong argument, goes through
    a coroutine that resolves (or raises) when awaited, like any ``async def``.
    """

    __slots__ = ('_container', '_events', '_publish', '_registry', '_requests', '_streams')

    def __init__(
        self, container: AsyncContainer, registry: MessagingRegistry, publisher: EventPublisher
    ) -> None:
        self._container = container
        self._registry = registry
        self._publish = publisher.publish
        self._requests: dict[type[Any], _Runner] = {}
        self._events: dict[type[Any], tuple[Any, ...]] = {}
        self._streams: dict[type[Any], StreamRunner] = {}

    # Plain methods returning the coroutine they would otherwise await. ``Coroutine`` is what
    # both checkers accept from an ``async def`` override in a subclass; pyright alone types the
    # abstract ``async def`` as returning ``CoroutineType``, which these cannot name without
    # breaking such subclasses under mypy.
    @override
    def invoke(self, request: IRequest[_R], /) -> Coroutine[Any, Any, _R]:  # pyright: ignore[reportIncompatibleMethodOverride]  # see above
        runner = self._requests.get(type(request))
        if runner is None:
            return self._invoke_first(request)
        return runner(request)  # the route pairs the request class with its handler's response

    @override
    def stream(self, request: IStreamRequest[_R], /) -> AsyncGenerator[_R, None]:
        runner = self._streams.get(type(request))
        if runner is None:
            return FirstStream(self._stream_runner, request)
        return runner(request)  # with no behaviors: the handler's own async generator

    @override
    def publish(self, event: IEvent, /) -> Coroutine[Any, Any, None]:  # pyright: ignore[reportIncompatibleMethodOverride]  # see above
        handlers = self._events.get(type(event))
        if handlers:
            return self._publish(handlers, event)
        if handlers is None:
            return self._publish_first(event)
        return _no_handlers()

    async def _invoke_first(self, request: object) -> Any:
        # One coroutine resolves, caches and runs: a new scope per operation pays for no more.
        request_type: type[Any] = type(request)
        if not is_instance(request, IRequest):
            raise TypeError(_wrong_message(request, _catalogue.REQUEST))
        route = self._registry.request_route(request_type)
        get = self._container.get
        runner: _Runner = (await get(route.handler_type)).handle
        if route.exception_actions:  # innermost: they see what the handler itself raised
            observing = [(error, (await get(action)).execute) for error, action in route.exception_actions]
            runner = _with_exception_actions(runner, tuple(observing))
        if route.exception_handlers:
            catching = [(error, (await get(handler)).handle) for error, handler in route.exception_handlers]
            runner = _with_exception_handlers(runner, tuple(catching))
        if route.behaviors:
            behaviors = [(await get(behavior)).handle for behavior in route.behaviors]
            runner = _chain(runner, tuple(behaviors))
        self._requests[request_type] = runner
        return await runner(request)

    async def _stream_runner(self, request: object) -> StreamRunner:
        # Like `_invoke_first`, awaited by the first stream on its first iteration.
        request_type: type[Any] = type(request)
        if not is_instance(request, IStreamRequest):
            raise TypeError(_wrong_message(request, _catalogue.STREAM))
        route = self._registry.stream_route(request_type)
        get = self._container.get
        runner: StreamRunner = (await get(route.handler_type)).handle
        if route.behaviors:
            behaviors = [(await get(behavior)).handle for behavior in route.behaviors]
            runner = stream_chain(runner, tuple(behaviors))
        self._streams[request_type] = runner
        return runner

    async def _publish_first(self, event: object) -> None:
        event_type: type[Any] = type(event)
        if not is_instance(event, IEvent):
            raise TypeError(_wrong_message(event, _catalogue.EVENT))
        get = self._container.get
        handlers = tuple([await get(handler) for handler in self._registry.event_handlers(event_type)])
        self._events[event_type] = handlers
        if handlers:
            await self._publish(handlers, event)


_CONTRACTS: Final[Mapping[_catalogue.Kind, type[Any]]] = {
    _catalogue.REQUEST: IRequest,
    _catalogue.STREAM: IStreamRequest,
    _catalogue.EVENT: IEvent,
}
"""The base class of each kind of message, in the catalogue's order (the plugin's too): the first
kind a class inherits names it."""


def _wrong_message(value: object, kind: _catalogue.Kind) -> str:
    """The catalogue's words for ``value`` given to the bus method of ``kind`` (only built on a miss).

    The mypy plugin reports the same entries for the same calls (``denpo-wrong-message``).
    """
    # Any value may arrive here, so every question asked of it is guarded (see denpo._arguments).
    origin = _origin(value)
    cls: type[Any] | None = None
    if is_instance(value, type):
        cls = cast('type[Any]', value)
    elif is_instance(origin, type):
        cls = cast('type[Any]', origin)
    if cls is not None and inherits(cls, _CONTRACTS[kind]):
        fields = {'kind': kind, 'name': _class_name(value, cls), 'short': _short(cls)}
        return _catalogue.DISPATCH_A_CLASS.render(fields)
    of: type[Any] = type(value) if cls is None else cls
    other = next((each for each, contract in _CONTRACTS.items() if inherits(of, contract)), None)
    if other is not None:
        fields = {'kind': kind, 'other': other, 'name': qualname(of), 'short': _short(of)}
        return _catalogue.DISPATCH_OTHER_KIND.render(fields)
    name = None if value is None else qualname(of) if cls is None else _class_name(value, cls)
    got = describe(name, is_class=cls is not None)
    return _catalogue.DISPATCH_NOT_A_MESSAGE.render({'kind': kind, 'got': got})


def _origin(value: object) -> object:
    """``get_origin(value)``, or ``None`` where the value makes it raise."""
    try:
        return get_origin(value)
    except Exception:  # noqa: BLE001  # a value that cannot answer is no parameterized class
        return None


def _short(cls: type[Any]) -> str:
    """The class's own name (the last part of its qualified name, which is read safely)."""
    return qualname(cls).rpartition('.')[2]


def _class_name(value: object, cls: type[Any]) -> str:
    """``app.GetById`` for a class, ``app.GetById[int]`` for a parameterized alias of one."""
    return qualname(value) if value is cls else safe_repr(value)
