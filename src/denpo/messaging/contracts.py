"""Message contracts: requests promise a response type, events promise nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Self

from typing_extensions import TypeVar

__all__ = ['EventT', 'ExceptionT', 'IEvent', 'IRequest', 'IStreamRequest', 'RequestT', 'ResponseT']

ResponseT = TypeVar('ResponseT', default=None, covariant=True)
"""The response a request promises. Covariant, so ``invoke`` on a union of requests works."""

RequestT = TypeVar('RequestT', contravariant=True)
"""The request a handler or behavior accepts. Contravariant: a handler of a base request fits."""

EventT = TypeVar('EventT', contravariant=True)
"""The event an event handler accepts."""

ExceptionT = TypeVar('ExceptionT', bound=Exception, contravariant=True)
"""The exception a request exception handler maps to a response."""


class IRequest(Generic[ResponseT]):
    """Base class of commands and queries; ``ResponseT`` is what its handler returns.

    Bare ``IRequest`` means ``IRequest[None]``: a command with no result. Requests are
    usually frozen dataclasses (``slots=True`` works: this base has empty ``__slots__``).

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True)
        ... class GetPrice(IRequest[int]):
        ...     product_id: str
    """

    __slots__ = ()

    if TYPE_CHECKING:
        # Exists for type checkers only. On the request *class* it puts the response type in
        # a contravariant position, which gives `bind_request` an upper bound for the
        # handler's response (a type variable cannot be bounded by another one), and the
        # request type itself (`Self`) in a covariant one. A classmethod, because both mypy
        # and pyright bind its `Self` to the class it is read from; pyright reads a protocol's
        # `__call__` on a class object from the metaclass (`type.__call__` returns Any), so
        # the request type cannot come from the constructor.
        @classmethod
        def __denpo_response__(cls) -> Callable[[ResponseT], Self]: ...


class IStreamRequest(Generic[ResponseT]):
    """Base class of stream requests; their handler yields ``ResponseT`` items one by one.

    ``bus.stream(request)`` returns an async generator of those items. A class is either a
    request or a stream request, never both.

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass(frozen=True)
        ... class ListPrices(IStreamRequest[int]):
        ...     category: str
    """

    __slots__ = ()

    if TYPE_CHECKING:
        # For type checkers only, like `IRequest.__denpo_response__`: gives `bind_stream` an
        # upper bound for the handler's item type.
        @classmethod
        def __denpo_stream_item__(cls) -> Callable[[ResponseT], Self]: ...


class IEvent:
    """Base class of events: facts that zero or more handlers react to.

    Handlers bound to a base event class also receive its subclasses.
    """

    __slots__ = ()
