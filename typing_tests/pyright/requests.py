"""`invoke` returns the response type the request declares, with no plugin in pyright.

Positive facts are `assert_type`; every negative line carries the error each checker must
report (mypy runs with the denpo plugin; pyright has no plugin).
"""

from dataclasses import dataclass
from typing import Generic, TypeVar, assert_type

from denpo.messaging import IMessageBus, IRequest, ISender, MessageBus

T = TypeVar('T')


class OrderConfirmation: ...


class ExpressConfirmation(OrderConfirmation): ...


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True, slots=True)
class PlaceExpressOrder(PlaceOrder):  # inherits the promise of PlaceOrder
    pass


@dataclass(frozen=True)
class ConfirmExpress(IRequest[ExpressConfirmation]):
    order_id: str


@dataclass(frozen=True)
class CancelOrder(IRequest):  # bare IRequest: a void command, IRequest[None]
    order_id: str


@dataclass(frozen=True)
class ArchiveOrder(IRequest[None]):
    order_id: str


@dataclass(frozen=True)
class FindOrder(IRequest[OrderConfirmation | None]):
    order_id: str


@dataclass(frozen=True)
class ListOrders(IRequest[list[OrderConfirmation]]):
    customer_id: str


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    item_id: int


@dataclass(frozen=True)
class Echo(IRequest[T], Generic[T]):
    value: T


async def plain_requests(bus: IMessageBus) -> None:
    assert_type(await bus.invoke(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await bus.invoke(PlaceExpressOrder('PROD-42')), OrderConfirmation)
    assert_type(await bus.invoke(ListOrders('CUST-1')), list[OrderConfirmation])


async def void_requests(bus: IMessageBus) -> None:
    assert_type(await bus.invoke(CancelOrder('ORD-1')), None)
    assert_type(await bus.invoke(ArchiveOrder('ORD-1')), None)


async def optional_responses(bus: IMessageBus) -> None:
    found = await bus.invoke(FindOrder('ORD-1'))
    assert_type(found, OrderConfirmation | None)
    if found is not None:
        assert_type(found, OrderConfirmation)


async def generic_requests(bus: IMessageBus) -> None:
    assert_type(await bus.invoke(GetById[str](1)), str)
    assert_type(await bus.invoke(GetById[OrderConfirmation](1)), OrderConfirmation)
    assert_type(await bus.invoke(Echo(42)), int)  # the parameter is inferred from the constructor
    assert_type(await bus.invoke(Echo[str | None](None)), str | None)


async def unions_of_requests(bus: IMessageBus, request: PlaceOrder | CancelOrder) -> None:
    assert_type(await bus.invoke(request), OrderConfirmation | None)


async def unions_with_generic_requests(bus: IMessageBus, request: GetById[int] | ListOrders) -> None:
    # Plain mypy joins the two promises to IRequest[object] here; the plugin restores the union.
    assert_type(await bus.invoke(request), int | list[OrderConfirmation])


async def invoke_any_confirming(bus: IMessageBus, request: IRequest[OrderConfirmation]) -> None:
    assert_type(await bus.invoke(request), OrderConfirmation)


async def covariant_promises(bus: IMessageBus) -> None:
    # IRequest is covariant: a request promising a subtype is a request promising the base.
    await invoke_any_confirming(bus, ConfirmExpress('ORD-1'))
    await invoke_any_confirming(bus, FindOrder('ORD-1'))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


async def relay(sender: ISender, request: IRequest[T]) -> T:
    # Generic code that forwards a request keeps its response type.
    return await sender.invoke(request)


async def relayed(bus: IMessageBus) -> None:
    assert_type(await relay(bus, PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await relay(bus, CancelOrder('ORD-1')), None)


async def every_bus_type(sender: ISender, bus: MessageBus) -> None:
    assert_type(await sender.invoke(PlaceOrder('PROD-42')), OrderConfirmation)
    assert_type(await bus.invoke(PlaceOrder('PROD-42')), OrderConfirmation)


async def responses_are_enforced(bus: IMessageBus) -> None:
    confirmation = await bus.invoke(PlaceOrder('PROD-42'))
    found = await bus.invoke(FindOrder('ORD-1'))
    wrong: int = confirmation  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    maybe: OrderConfirmation = found  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    # A covariant promise cannot be narrowed back: PlaceOrder promises the base class only.
    narrow: ExpressConfirmation = confirmation  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    del wrong, maybe, narrow
