"""Pipeline behaviors: middleware around a request handler."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeAlias

from typing_extensions import TypeVar

from denpo.messaging.contracts import RequestT, ResponseT

__all__ = ['CallNext', 'IPipelineBehavior', 'IStreamPipelineBehavior', 'StreamNext']

_R = TypeVar('_R')

CallNext: TypeAlias = Callable[[], Awaitable[_R]]
"""Runs the rest of the pipeline (the next behavior, or the handler) and returns its result."""

StreamNext: TypeAlias = Callable[[], AsyncIterator[_R]]
"""Starts the rest of a stream pipeline (the next stream behavior, or the handler): its items."""


class IPipelineBehavior(ABC, Generic[RequestT, ResponseT]):
    """Wraps the handling of a request.

    A behavior may run code before and after ``await call_next()``, short-circuit by not
    calling it, replace the result, or handle exceptions. Make it generic to fit every
    request::

        class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
            async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
                print('before', request)
                return await call_next()
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, request: RequestT, /, call_next: CallNext[ResponseT]) -> Awaitable[ResponseT]:
        """Handle ``request``, usually by awaiting ``call_next()`` (implement it with ``async def``).

        Declared as returning an awaitable so that an override wrapped by a signature-preserving
        decorator typed ``Callable[P, Awaitable[T]]`` fits it, as an ``async def`` does.
        """


class IStreamPipelineBehavior(ABC, Generic[RequestT, ResponseT]):
    """Wraps the iteration of a stream request; bound per stream with ``bind_stream(..., behaviors=...)``.

    ``handle`` is an async generator: it may run code before and after the items, filter,
    transform or add items, or stop early. The bus closes every stream that ``call_next()``
    opened when the caller's stream closes, so a behavior need not close it itself::

        class Logging(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
            async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
                async for item in call_next():
                    print('item', item)
                    yield item
    """

    __slots__ = ()

    def __init__(self) -> None:
        # An explicit no-argument constructor: without one, dishka's signature inspection of
        # a subclass walks up to Generic and costs about 4x more per binding at start-up.
        super().__init__()

    @abstractmethod
    def handle(self, request: RequestT, /, call_next: StreamNext[ResponseT]) -> AsyncIterator[ResponseT]:
        """Yield the items of ``request``'s stream, usually those of ``call_next()``."""
