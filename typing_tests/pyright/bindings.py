"""`bind_request`: a handler must handle the request and return what the request promises.

pyright sees these with no plugin, through the signature of `bind_request`: the request class
bounds the response type from above, the handler from below (see `RequestClass` in
`denpo.messaging.contracts`). mypy runs with the denpo plugin, which reports its own `denpo-` code
in place of mypy's "Cannot infer value of type parameter" for the same call.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, assert_type

from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingExtension,
    RequestHandler,
)

T = TypeVar('T')
Q = TypeVar('Q')
R = TypeVar('R')


class OrderConfirmation: ...


class ExpressConfirmation(OrderConfirmation): ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class PlaceExpressOrder(PlaceOrder):
    pass


@dataclass(frozen=True)
class CancelOrder(IRequest):
    order_id: str


@dataclass(frozen=True)
class ArchiveOrder(IRequest):
    order_id: str


@dataclass(frozen=True)
class FindOrder(IRequest[OrderConfirmation | None]):
    order_id: str


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    item_id: int


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str


class OrderRepository:
    async def save(self, order_id: str) -> None: ...


# --- handlers that fit ---


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class PlaceExpressOrderHandler(RequestHandler[PlaceExpressOrder, ExpressConfirmation]):
    @override
    async def handle(self, request: PlaceExpressOrder, /) -> ExpressConfirmation:
        return ExpressConfirmation()


class CancelOrderHandler(RequestHandler[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /) -> None:
        return None


class ArchiveOrderHandler(RequestHandler[ArchiveOrder, None]):
    @override
    async def handle(self, request: ArchiveOrder, /) -> None:
        return None


class FindOrderHandler(RequestHandler[FindOrder, OrderConfirmation | None]):
    @override
    async def handle(self, request: FindOrder, /) -> OrderConfirmation | None:
        return None


class FindOrderAlwaysFound(RequestHandler[FindOrder, OrderConfirmation]):
    @override
    async def handle(self, request: FindOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class GetByIdHandler(RequestHandler[GetById[T], T], Generic[T]):
    @override
    async def handle(self, request: GetById[T], /) -> T:
        raise NotImplementedError


class IntByIdHandler(RequestHandler[GetById[int], int]):
    """Handles only `GetById[int]`, so it cannot serve the bare class (every `GetById[...]`)."""

    @override
    async def handle(self, request: GetById[int], /) -> int:
        return 1


class AnyConfirmingHandler(RequestHandler[IRequest[OrderConfirmation], OrderConfirmation]):
    @override
    async def handle(self, request: IRequest[OrderConfirmation], /) -> OrderConfirmation:
        return OrderConfirmation()


# --- classes that do not fit ---
# pyright has no check where a handler class is defined; it sees these where they are bound.


# mypy only: the plugin checks the declared response where the class is defined.
class PlaceOrderReturnsInt(RequestHandler[PlaceOrder, int]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: PlaceOrder, /) -> int:
        return 1


# mypy only: the plugin checks the declared response where the class is defined.
class PlaceOrderReturnsObject(RequestHandler[PlaceOrder, object]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: PlaceOrder, /) -> object:
        return OrderConfirmation()


# mypy only: the plugin checks the declared response where the class is defined.
class PlaceOrderMaybe(RequestHandler[PlaceOrder, OrderConfirmation | None]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation | None:
        return None


# mypy only: the plugin checks the declared response where the class is defined.
class CancelOrderReturnsInt(RequestHandler[CancelOrder, int]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: CancelOrder, /) -> int:
        return 1


# mypy only: the plugin checks the declared response where the class is defined.
class FindOrderReturnsStr(RequestHandler[FindOrder, str]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: FindOrder, /) -> str:
        return ''


# mypy only: the plugin checks the declared response where the class is defined.
class GetByIdAsStr(RequestHandler[GetById[T], str], Generic[T]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: GetById[T], /) -> str:
        return ''


class AbstractPlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    """Forgets to implement `handle`."""


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None: ...


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class NotAMessage: ...


# --- good bindings: no error in either checker ---

ext = MessagingExtension()
ext.bind_request(PlaceOrder, PlaceOrderHandler)
ext.bind_request(PlaceExpressOrder, PlaceOrderHandler)  # a handler of a base request fits
ext.bind_request(PlaceExpressOrder, PlaceExpressOrderHandler)  # returns a subtype of the promise
ext.bind_request(PlaceOrder, AnyConfirmingHandler)  # handles any request that promises the type
ext.bind_request(CancelOrder, CancelOrderHandler)
ext.bind_request(FindOrder, FindOrderHandler)
ext.bind_request(FindOrder, FindOrderAlwaysFound)  # never returning None is a subtype too
ext.bind_request(GetById, GetByIdHandler)  # a generic request is bound bare, to a generic handler

chain = (
    MessagingExtension()
    .bind_request(PlaceOrder, PlaceOrderHandler)
    .bind_request(CancelOrder, CancelOrderHandler)
    .bind_request(GetById, GetByIdHandler)
)
assert_type(chain, MessagingExtension)


class AuditedExtension(MessagingExtension):
    __slots__ = ()


assert_type(AuditedExtension().bind_request(PlaceOrder, PlaceOrderHandler), AuditedExtension)


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)])
class OrdersModule:
    pass


# RequestHandler is contravariant in the request and covariant in the response.
of_base_request: RequestHandler[PlaceExpressOrder, OrderConfirmation] = PlaceOrderHandler()
of_subtype_response: RequestHandler[PlaceExpressOrder, OrderConfirmation] = PlaceExpressOrderHandler()
of_derived_request: RequestHandler[PlaceOrder, OrderConfirmation] = PlaceExpressOrderHandler()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
of_wider_response: RequestHandler[PlaceExpressOrder, ExpressConfirmation] = PlaceOrderHandler()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

# --- the response does not fit the promise ---

ext.bind_request(PlaceOrder, PlaceOrderReturnsInt)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderReturnsObject)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderMaybe)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(CancelOrder, CancelOrderReturnsInt)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(FindOrder, FindOrderReturnsStr)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]

# --- the handler handles another request ---

ext.bind_request(ArchiveOrder, CancelOrderHandler)  # type: ignore[denpo-request-mismatch]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceExpressOrderHandler)  # type: ignore[denpo-request-mismatch]  # pyright: ignore[reportArgumentType]

# --- the second argument is not a request handler class ---

ext.bind_request(PlaceOrder, SendConfirmationEmail)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, Logging)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, OrderRepository)  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder, PlaceOrderHandler())  # type: ignore[denpo-not-a-handler]  # pyright: ignore[reportArgumentType]

# --- the first argument is not a request class ---

ext.bind_request(OrderPlaced, PlaceOrderHandler)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_request(NotAMessage, PlaceOrderHandler)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrder('PROD-42'), PlaceOrderHandler)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_request(PlaceOrderHandler, PlaceOrder)  # type: ignore[denpo-not-a-request]  # pyright: ignore[reportArgumentType]
ext.bind_event(PlaceOrder, [SendConfirmationEmail])  # type: ignore[denpo-not-an-event]  # pyright: ignore[reportArgumentType]

# --- mistakes only the plugin sees ---

# `type[IRequestHandler[...]]` accepts abstract classes in pyright (abstractness is only checked
# where a class is instantiated); mypy's plugin reports it.
ext.bind_request(PlaceOrder, AbstractPlaceOrderHandler)  # type: ignore[denpo-abstract-handler]
# `GetById[int]` is a valid request class object to the type system; only the plugin knows that
# requests are dispatched by class, so a parameterized alias cannot be told from another.
ext.bind_request(GetById[int], GetByIdHandler)  # type: ignore[denpo-parameterized-request]
# A bare generic class is `GetById[Unknown]` to pyright, so its promise and the request type fit
# any handler there; the plugin compares the handler with the class's type parameters.
ext.bind_request(GetById, GetByIdAsStr)  # type: ignore[denpo-response-mismatch]
# For the same reason pyright lets a handler of `GetById[int]` alone serve every `GetById`.
ext.bind_request(GetById, IntByIdHandler)  # type: ignore[denpo-request-mismatch]

# The type of a chain does not remember what it bound; the plugin reads the chain itself.
MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler).bind_request(PlaceOrder, PlaceOrderHandler)  # type: ignore[denpo-duplicate-request]


# --- classes only known at runtime ---


def bind_discovered(extension: MessagingExtension, request: Any, handler: Any) -> None:
    extension.bind_request(request, handler)  # Any fits every parameter; the runtime checks it


def bind_discovered_classes(extension: MessagingExtension, request: type[Any], handler: type[Any]) -> None:
    # A false alarm of pyright alone: it finds no `__denpo_response__` on `type[Any]` (mypy
    # treats the class object of Any as having every attribute). Pass such classes as `Any`.
    extension.bind_request(request, handler)  # pyright: ignore[reportArgumentType]
