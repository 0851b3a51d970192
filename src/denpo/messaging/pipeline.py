"""Pipeline behaviors: middleware around a request handler."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Generic, TypeAlias

from typing_extensions import TypeVar

from denpo.messaging.contracts import RequestT, ResponseT

__all__ = ['CallNext', 'IPipelineBehavior']

_R = TypeVar('_R')

CallNext: TypeAlias = Callable[[], Awaitable[_R]]
"""Runs the rest of the pipeline (the next behavior, or the handler) and returns its result."""


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
    async def handle(self, request: RequestT, /, call_next: CallNext[ResponseT]) -> ResponseT:
        """Handle ``request``, usually by awaiting ``call_next()``."""
