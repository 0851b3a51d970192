"""Exception actions: `bind_request(..., exception_actions=[...])`, in pyright and in mypy.

An exception action observes a failure of the bound request and returns nothing, so it must only
accept the request. pyright sees this through the native signature
(`type[RequestExceptionAction[RequestT, Any]]` shares the request type variable with the
handler); mypy reports it with the plugin, which also solves a generic action's type variables
and their bounds first.
"""

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Generic, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    IPipelineBehavior,
    IRequest,
    IRequestExceptionAction,
    MessagingExtension,
    RequestExceptionAction,
    RequestExceptionHandler,
    RequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


class OrderConfirmation: ...


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
class CancelOrder(IRequest):
    order_id: str


Cancel = TypeVar('Cancel', bound=CancelOrder)


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class FindOrderHandler(RequestHandler[FindOrder, OrderConfirmation | None]):
    @override
    async def handle(self, request: FindOrder, /) -> OrderConfirmation | None:
        return None


class CancelOrderHandler(RequestHandler[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /) -> None:
        pass


# --- exception actions that fit ---


class LogOutOfStock(RequestExceptionAction[PlaceOrder, OutOfStockError]):
    @override
    async def execute(self, request: PlaceOrder, error: OutOfStockError, /) -> None:
        pass


class CountMissing(IRequestExceptionAction[FindOrder, LookupError]):
    """Written with the MediatR name, which is the same class."""

    @override
    async def execute(self, request: FindOrder, error: LookupError, /) -> None:
        pass


class Audit(RequestExceptionAction[Q, Exception], Generic[Q]):
    """Generic in the request: fits every binding."""

    @override
    async def execute(self, request: Q, error: Exception, /) -> None:
        pass


class AuditCancel(RequestExceptionAction[Cancel, Exception], Generic[Cancel]):
    """Generic in the request, bounded: fits cancellations only."""

    @override
    async def execute(self, request: Cancel, error: Exception, /) -> None:
        pass


# --- classes that are not exception actions, or not usable ones ---


class Unfinished(RequestExceptionAction[PlaceOrder, Exception]):
    """Forgets to implement `execute`."""


class Blocking(RequestExceptionAction[PlaceOrder, Exception]):
    """A plain `def` returning an awaitable type-checks; the bus needs a coroutine function."""

    # mypy only: undecorated, since the plugin judges only an undecorated `execute` (mypy's cache
    # keeps no decorators), so `@override` is left out and mypy's explicit-override silenced.
    def execute(self, request: PlaceOrder, error: Exception, /) -> Awaitable[None]:  # type: ignore[explicit-override]
        raise error


class Fallback(RequestExceptionHandler[PlaceOrder, Exception, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, error: Exception, /) -> OrderConfirmation:
        return OrderConfirmation()


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- good bindings: no error in either checker ---

ext = MessagingExtension()
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[LogOutOfStock, Audit])
ext.bind_request(PlaceExpressOrder, PlaceOrderHandler, exception_actions=[LogOutOfStock])  # a base request
ext.bind_request(
    FindOrder,
    FindOrderHandler,
    behaviors=[Logging],
    exception_handlers=[],
    exception_actions=(CountMissing, Audit),
)
ext.bind_request(CancelOrder, CancelOrderHandler, exception_actions=[AuditCancel, Audit])
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Fallback], exception_actions=[Audit])
prebuilt: list[type[RequestExceptionAction[PlaceOrder, OutOfStockError]]] = [LogOutOfStock]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=prebuilt)
assert_type(
    ext.bind_request(FindOrder, FindOrderHandler, exception_actions=[CountMissing]), MessagingExtension
)

# --- the exception action observes another request ---

ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[CountMissing])  # type: ignore[denpo-exception-action-mismatch]  # pyright: ignore[reportArgumentType]
# mypy only: a bare generic class is `AuditCancel[Unknown]` to pyright, which lets the binding
# through; the plugin solves the class's type variable and checks its bound.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[AuditCancel])  # type: ignore[denpo-exception-action-mismatch]

# --- not an exception action ---

ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Logging])  # type: ignore[denpo-exception-action-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Fallback])  # type: ignore[denpo-exception-action-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[PlaceOrderHandler])  # type: ignore[denpo-exception-action-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=LogOutOfStock)  # type: ignore[denpo-exception-action-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, LogOutOfStock)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[LogOutOfStock])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]

# --- mistakes only the plugin sees ---

# `type[RequestExceptionAction[...]]` accepts abstract classes in pyright; the plugin reports it.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Unfinished])  # type: ignore[denpo-abstract-handler]
# A plain `def execute` cannot be awaited by the bus; pyright sees a fitting signature.
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Blocking])  # type: ignore[denpo-exception-action-mismatch]
ext.bind_request(
    PlaceOrder,
    PlaceOrderHandler,
    # A list's type does not say that it repeats a class; the plugin reads the list display.
    exception_actions=[LogOutOfStock, LogOutOfStock],  # type: ignore[denpo-duplicate-exception-action]
)


# --- the exception type must be an Exception ---


class OnInterrupt(RequestExceptionAction[PlaceOrder, KeyboardInterrupt]):  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]
    @override
    async def execute(self, request: PlaceOrder, error: KeyboardInterrupt, /) -> None:
        pass
