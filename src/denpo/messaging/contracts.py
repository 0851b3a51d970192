"""Message contracts: requests promise a response type, events promise nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, Self

from typing_extensions import TypeVar

__all__ = [
    'EventT',
    'ExceptionT',
    'IEvent',
    'IRequest',
    'IStreamRequest',
    'RequestClass',
    'RequestT',
    'ResponseT',
    'StreamRequestClass',
]

ResponseT = TypeVar('ResponseT', default=None, covariant=True)
"""The response a request promises. Covariant, so ``invoke`` on a union of requests works."""

RequestT = TypeVar('RequestT', contravariant=True)
"""The request a handler or behavior accepts. Contravariant: a handler of a base request fits."""

EventT = TypeVar('EventT', contravariant=True)
"""The event an event handler accepts."""

ExceptionT = TypeVar('ExceptionT', bound=Exception, contravariant=True)
"""The exception a request exception handler turns into a response."""


_Q_co = TypeVar('_Q_co', covariant=True)
_R_contra = TypeVar('_R_contra', contravariant=True)


class _Promise(Generic[_R_contra, _Q_co]):
    """A request class's promise as type checkers read it: a response ``R`` in, a request ``Q`` out.

    Variance as in ``Callable[[R], Q]``, but a class: pyright (1.1.414) solves a callable's
    parameter against a type variable that another argument already bounds from below with
    the literals stripped, so ``bind_request`` would reject every request whose response is a
    ``Literal[...]``. A class's type arguments keep the literal.
    """

    __slots__ = ()


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
        def __denpo_response__(cls) -> _Promise[ResponseT, Self]: ...


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
        def __denpo_stream_item__(cls) -> _Promise[ResponseT, Self]: ...


class IEvent:
    """Base class of events: facts that zero or more handlers react to.

    Handlers bound to a base event class also receive its subclasses.
    """

    __slots__ = ()


class RequestClass(Protocol[_Q_co, _R_contra]):
    """A request class whose instances are ``Q`` and whose handler returns ``R``, as checkers see it.

    The type of the first argument of ``bind_request``. Type your own helpers with it to keep
    the link between a request class and its response: both checkers then reject a handler
    whose response does not fit the request.

    Example::

        Q = TypeVar('Q', bound=IRequest[Any])
        R = TypeVar('R')

        def bind_query(
            extension: MessagingExtension, request: RequestClass[Q, R], handler: type[IRequestHandler[Q, R]]
        ) -> MessagingExtension:
            return extension.bind_request(request, handler)

    ``__denpo_response__`` (a classmethod declared on ``IRequest`` for type checkers only)
    gives the request type and puts its response type in a contravariant position, so the
    response type variable of ``bind_request`` is bounded above by the request and below by
    the handler, and the request type variable below by the request and above by the handler.
    ``__call__`` only turns away request *instances*; it must not carry the request type,
    because pyright reads it from the metaclass (``type.__call__``, returning Any) and would
    then accept a handler of any request.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> object:
        """Build a request: a class object can, so a request instance is turned away."""
        ...

    def __denpo_response__(self) -> _Promise[_R_contra, _Q_co]: ...


class StreamRequestClass(Protocol[_Q_co, _R_contra]):
    """A stream request class whose instances are ``Q`` and whose handler yields ``R`` items.

    The type of the first argument of ``bind_stream``; see [`RequestClass`][] for why it
    reads ``__denpo_stream_item__`` (declared on ``IStreamRequest`` for type checkers only).
    """

    def __call__(self, *args: Any, **kwargs: Any) -> object:
        """Build a stream request: a class object can, so a request instance is turned away."""
        ...

    def __denpo_stream_item__(self) -> _Promise[_R_contra, _Q_co]: ...
