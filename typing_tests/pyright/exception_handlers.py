"""Exception handlers: `bind_request(..., exception_handlers=[...])`, in pyright and in mypy.

An exception handler must accept the bound request and return a subtype of its promised
response. pyright sees this through the native signature (`type[RequestExceptionHandler[RequestT,
Any, ResponseT]]` shares its type variables with the handler); mypy reports it with the plugin.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    IPipelineBehavior,
    IRequest,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


class OrderConfirmation: ...


class ExpressConfirmation(OrderConfirmation): ...


class OutOfStockError(Exception): ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class PlaceExpressOrder(PlaceOrder):
    pass


@dataclass(frozen=True)
class FindOrder(IRequest[OrderConfirmation | None]):
    order_id: str


@dataclass(frozen=True)
class CountOrders(IRequest[int]):
    pass


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class FindOrderHandler(RequestHandler[FindOrder, OrderConfirmation | None]):
    @override
    async def handle(self, request: FindOrder, /) -> OrderConfirmation | None:
        return None


class CountOrdersHandler(RequestHandler[CountOrders, int]):
    @override
    async def handle(self, request: CountOrders, /) -> int:
        return 0


# --- exception handlers that fit ---


class PlaceOrderOutOfStock(RequestExceptionHandler[PlaceOrder, OutOfStockError, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, error: OutOfStockError, /) -> OrderConfirmation:
        return OrderConfirmation()


class ExpressFallback(RequestExceptionHandler[PlaceOrder, Exception, ExpressConfirmation]):
    """Returns a subtype of the promised response."""

    @override
    async def handle(self, request: PlaceOrder, error: Exception, /) -> ExpressConfirmation:
        return ExpressConfirmation()


class NotFoundAsNone(RequestExceptionHandler[FindOrder, LookupError, None]):
    """`None` is a subtype of the optional response."""

    @override
    async def handle(self, request: FindOrder, error: LookupError, /) -> None:
        return None


class ZeroOnError(RequestExceptionHandler[Q, ArithmeticError, int], Generic[Q]):
    """Generic in the request, fixed in its response."""

    @override
    async def handle(self, request: Q, error: ArithmeticError, /) -> int:
        return 0


class Reraise(RequestExceptionHandler[Q, Exception, R], Generic[Q, R]):
    """Generic in both: fits every binding."""

    @override
    async def handle(self, request: Q, error: Exception, /) -> R:
        raise error


# --- exception handlers that do not fit ---


class NoneOnError(RequestExceptionHandler[Q, LookupError, None], Generic[Q]):
    @override
    async def handle(self, request: Q, error: LookupError, /) -> None:
        return None


# mypy only: the plugin checks the declared response where the class is defined.
class PlaceOrderAsObject(RequestExceptionHandler[PlaceOrder, Exception, object]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: PlaceOrder, error: Exception, /) -> object:
        return OrderConfirmation()


class UnfinishedFallback(RequestExceptionHandler[PlaceOrder, Exception, OrderConfirmation]):
    """Forgets to implement `handle`."""


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- good bindings: no error in either checker ---

ext = MessagingExtension()
ext.bind_request(
    PlaceOrder, PlaceOrderHandler, exception_handlers=[PlaceOrderOutOfStock, ExpressFallback, Reraise]
)
ext.bind_request(
    PlaceExpressOrder, PlaceOrderHandler, exception_handlers=[PlaceOrderOutOfStock]
)  # a base request
ext.bind_request(
    FindOrder, FindOrderHandler, behaviors=[Logging], exception_handlers=(NotFoundAsNone, Reraise)
)
ext.bind_request(CountOrders, CountOrdersHandler, exception_handlers=[ZeroOnError, Reraise])
assert_type(
    ext.bind_request(FindOrder, FindOrderHandler, exception_handlers=[NoneOnError]), MessagingExtension
)

# --- the exception handler handles another request ---

ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[NotFoundAsNone])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]

# --- the exception handler returns what the request does not promise ---

ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[PlaceOrderAsObject])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]
# mypy only: a bare generic class is `ZeroOnError[Unknown]` to pyright, which then lets the whole
# binding through; the plugin solves the class's own type variables first.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[ZeroOnError])  # type: ignore[denpo-exception-handler-mismatch]
# mypy only: the same for a handler generic in the request that always returns None.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[NoneOnError])  # type: ignore[denpo-exception-handler-mismatch]

# --- not an exception handler ---

ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Logging])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[PlaceOrderHandler])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=PlaceOrderOutOfStock)  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderOutOfStock)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]

# --- mistakes only the plugin sees ---

# `type[RequestExceptionHandler[...]]` accepts abstract classes in pyright; the plugin reports it.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[UnfinishedFallback])  # type: ignore[denpo-abstract-handler]
ext.bind_request(
    PlaceOrder,
    PlaceOrderHandler,
    # A list's type does not say that it repeats a class; the plugin reads the list display.
    exception_handlers=[PlaceOrderOutOfStock, PlaceOrderOutOfStock],  # type: ignore[denpo-duplicate-exception-handler]
)


# --- the exception type must be an Exception ---


class OnInterrupt(RequestExceptionHandler[PlaceOrder, KeyboardInterrupt, OrderConfirmation]):  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]
    @override
    async def handle(self, request: PlaceOrder, error: KeyboardInterrupt, /) -> OrderConfirmation:
        return OrderConfirmation()
