"""Pipeline behaviors: generic ones fit every request, specific ones only their own.

A behavior is contravariant in the request and covariant in the response, like a handler, so a
behavior of a base request fits a derived one, and `bind_request(..., behaviors=[...])` checks
each behavior against the request and the response it promises.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    RequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


class OrderConfirmation: ...


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
class CountOrders(IRequest[int]):
    customer_id: str


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation()


class CancelOrderHandler(RequestHandler[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /) -> None:
        return None


class ArchiveOrderHandler(RequestHandler[ArchiveOrder, None]):
    @override
    async def handle(self, request: ArchiveOrder, /) -> None:
        return None


class CountOrdersHandler(RequestHandler[CountOrders, int]):
    @override
    async def handle(self, request: CountOrders, /) -> int:
        return 0


# --- generic behaviors: fit every request ---


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        response = await call_next()
        assert_type(response, R)
        return response


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


# --- specific behaviors: fit their request (and its subclasses) ---


class ValidateOrder(IPipelineBehavior[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(
        self, request: PlaceOrder, /, call_next: CallNext[OrderConfirmation]
    ) -> OrderConfirmation:
        if not request.product_id:
            return OrderConfirmation()  # short-circuit: the handler is not called
        return await call_next()


class AuditCancellations(IPipelineBehavior[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /, call_next: CallNext[None]) -> None:
        await call_next()


class ClampCounts(IPipelineBehavior[IRequest[int], int]):
    """Fits any request that promises an int."""

    @override
    async def handle(self, request: IRequest[int], /, call_next: CallNext[int]) -> int:
        return max(0, await call_next())


# --- global behaviors: MessagingConfig takes any behavior class ---

MessagingConfig(pipeline_behaviors=[Logging, Timing])
MessagingConfig(pipeline_behaviors=(Logging,))
global_behaviors = [Logging, Timing]
MessagingConfig(pipeline_behaviors=global_behaviors)
MessagingConfig(pipeline_behaviors=[PlaceOrderHandler])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
MessagingConfig(pipeline_behaviors=[Logging()])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]

# --- per-request behaviors that fit ---

ext = MessagingExtension()
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging])
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging, ValidateOrder, Timing])
ext.bind_request(PlaceExpressOrder, PlaceOrderHandler, behaviors=[ValidateOrder])  # fits: a base request's
ext.bind_request(CancelOrder, CancelOrderHandler, behaviors=[AuditCancellations, Logging])
ext.bind_request(CountOrders, CountOrdersHandler, behaviors=[ClampCounts])
behaviors: list[type[IPipelineBehavior[PlaceOrder, OrderConfirmation]]] = [ValidateOrder, Logging[Any, Any]]
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=behaviors)

# IPipelineBehavior is contravariant in the request and covariant in the response.
of_base_request: IPipelineBehavior[PlaceExpressOrder, OrderConfirmation] = ValidateOrder()
of_derived_request: IPipelineBehavior[IRequest[OrderConfirmation], OrderConfirmation] = ValidateOrder()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
as_wider_response: IPipelineBehavior[PlaceOrder, object] = ValidateOrder()
of_unrelated_response: IPipelineBehavior[PlaceOrder, int] = ValidateOrder()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

# --- per-request behaviors that do not fit ---

# Written for another request (with the same response):
ext.bind_request(ArchiveOrder, ArchiveOrderHandler, behaviors=[AuditCancellations])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
# Produces another response than the request promises:
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[ClampCounts])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
# One misfit among fitting ones:
ext.bind_request(CancelOrder, CancelOrderHandler, behaviors=[Logging, ValidateOrder])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
# A handler in the behaviors list:
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging, PlaceOrderHandler])  # type: ignore[denpo-behavior-mismatch]  # pyright: ignore[reportArgumentType]
