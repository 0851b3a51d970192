"""Handler contracts: base classes to inherit and protocol twins to match structurally.

``handle`` is declared as a method that returns an awaitable, not as an ``async def``: an
``async def`` override fits it, and so does one wrapped by a signature-preserving decorator
typed ``Callable[P, Awaitable[T]]``, which a coroutine return type would refuse. Binding still
requires a coroutine function (an ``async def``, decorated or not), as the bus awaits it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable
from typing import Generic, Protocol

from denpo.messaging.contracts import EventT, ExceptionT, RequestT, ResponseT

__all__ = [
    'EventHandler',
    'IEventHandler',
    'IRequestExceptionAction',
    'IRequestHandler',
    'IStreamRequestHandler',
    'RequestExceptionAction',
    'RequestExceptionHandler',
    'RequestHandler',
    'StreamRequestHandler',
]


class RequestHandler(ABC, Generic[RequestT, ResponseT]):
    """Handles one request type and returns its response.

    Example:
        >>> class GetPriceHandler(RequestHandler['GetPrice', int]):
        ...     async def handle(self, request: 'GetPrice', /) -> int:
        ...         return 42
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, request: RequestT, /) -> Awaitable[ResponseT]:
        """Handle ``request`` and return its response (implement it with ``async def``)."""


class EventHandler(ABC, Generic[EventT]):
    """Reacts to one event type (and, through polymorphic delivery, its subclasses)."""

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, event: EventT, /) -> Awaitable[None]:
        """React to ``event`` (implement it with ``async def``)."""


class StreamRequestHandler(ABC, Generic[RequestT, ResponseT]):
    """Handles one stream request type by yielding its items; implement ``handle`` with ``yield``.

    Example:
        >>> class ListPricesHandler(StreamRequestHandler['ListPrices', int]):
        ...     async def handle(self, request: 'ListPrices', /) -> AsyncIterator[int]:
        ...         yield 1
        ...         yield 2
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, request: RequestT, /) -> AsyncIterator[ResponseT]:
        """Yield the items of ``request``'s stream (an ``async def`` with ``yield``)."""


class RequestExceptionHandler(ABC, Generic[RequestT, ExceptionT, ResponseT]):
    """Maps an exception raised while handling RequestT to a response (typed exception handling).

    Bind it with ``bind_request(Q, H, exception_handlers=[...])``. It runs directly around the
    handler, inside every behavior, when the handler raises an instance of ``ExceptionT``;
    its result is then the handler's result.

    Example:
        >>> class NotFoundAsNone(RequestExceptionHandler['FindUser', LookupError, 'User | None']):
        ...     async def handle(self, request: 'FindUser', error: LookupError, /) -> 'User | None':
        ...         return None
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, request: RequestT, error: ExceptionT, /) -> Awaitable[ResponseT]:
        """Return the response for ``request`` in place of the handler's, given ``error``."""


class RequestExceptionAction(ABC, Generic[RequestT, ExceptionT]):
    """Observes an exception raised while handling RequestT, then lets it propagate unchanged.

    Bind it with ``bind_request(Q, H, exception_actions=[...])``. When the handler raises an
    instance of ``ExceptionT``, ``execute`` runs (after the actions bound before it), and the
    same exception object then propagates as if no action were bound: to the exception
    handlers, the behaviors and the caller. Use it to log, count or announce a failure, never
    to recover from one (that is what [`RequestExceptionHandler`][] does).

    Example:
        >>> class LogMissingUser(RequestExceptionAction['FindUser', LookupError]):
        ...     async def execute(self, request: 'FindUser', error: LookupError, /) -> None:
        ...         print(f'no user for {request}: {error!r}')
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def execute(self, request: RequestT, error: ExceptionT, /) -> Awaitable[None]:
        """Observe ``error``, raised while handling ``request`` (implement it with ``async def``)."""


IRequestExceptionAction = RequestExceptionAction
"""The name MediatR users look for (``IRequestExceptionAction<TRequest, TException>``).

The same class as [`RequestExceptionAction`][], not a protocol twin: the bus reads the
exception type off the generic base a class inherits, so an action always inherits one of the
two names, and a second class would only be a second spelling of the same role.
"""


class IRequestHandler(Protocol[RequestT, ResponseT]):
    """The structural twin of [`RequestHandler`][], for classes that cannot inherit it."""

    def handle(self, request: RequestT, /) -> Awaitable[ResponseT]:
        """Handle ``request`` and return its response."""
        ...


class IEventHandler(Protocol[EventT]):
    """The structural twin of [`EventHandler`][]."""

    def handle(self, event: EventT, /) -> Awaitable[object]:
        """React to ``event``.

        What it returns is ignored, by the bus and by the checkers: an
        ``async def handle(...) -> bool`` is an event handler too.
        """
        ...


class IStreamRequestHandler(Protocol[RequestT, ResponseT]):
    """The structural twin of [`StreamRequestHandler`][]."""

    def handle(self, request: RequestT, /) -> AsyncIterator[ResponseT]:
        """Yield the items of ``request``'s stream."""
        ...
