"""Handler contracts: base classes to inherit and protocol twins to match structurally."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, Protocol

from denpo.messaging.contracts import EventT, RequestT, ResponseT

__all__ = ['EventHandler', 'IEventHandler', 'IRequestHandler', 'RequestHandler']


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
    async def handle(self, request: RequestT, /) -> ResponseT:
        """Handle ``request`` and return its response."""


class EventHandler(ABC, Generic[EventT]):
    """Reacts to one event type (and, through polymorphic delivery, its subclasses)."""

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    async def handle(self, event: EventT, /) -> None:
        """React to ``event``."""


class IRequestHandler(Protocol[RequestT, ResponseT]):
    """The structural twin of :class:`RequestHandler`, for classes that cannot inherit it."""

    async def handle(self, request: RequestT, /) -> ResponseT:
        """Handle ``request`` and return its response."""
        ...


class IEventHandler(Protocol[EventT]):
    """The structural twin of :class:`EventHandler`."""

    async def handle(self, event: EventT, /) -> None:
        """React to ``event``."""
        ...
