"""The order service of the web examples: requests, services, handlers, modules.

Nothing here knows about HTTP: ``fastapi_app.py`` and ``litestar_app.py`` put the same
``AppModule`` behind two web frameworks. Each HTTP request gets its own DI scope, so its
own ``UnitOfWork``; the ``OrderStore`` lives as long as the application.
"""

from dataclasses import dataclass
from uuid import uuid4

from typing_extensions import override

from denpo import module
from denpo.di import scoped, singleton
from denpo.messaging import (
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

# --- Domain: requests and their responses ---


@dataclass(frozen=True, kw_only=True)
class OrderConfirmation:
    order_id: str
    status: str


@dataclass(frozen=True, kw_only=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    customer_id: str
    product_id: str


@dataclass(frozen=True, kw_only=True)
class OrderView:
    order_id: str
    customer_id: str
    product_id: str


@dataclass(frozen=True, kw_only=True)
class GetOrder(IRequest[OrderView | None]):
    order_id: str


# --- Services: an in-memory store (one per app), a unit of work (one per request) ---


class OrderStore:
    def __init__(self) -> None:
        self.orders: dict[str, OrderView] = {}
        self.commits: list[
            tuple[str, str]
        ] = []  # (unit of work id, order id), for the tests


class UnitOfWork:
    def __init__(self, store: OrderStore) -> None:
        self.id = uuid4().hex
        self._store = store
        self._pending: list[OrderView] = []

    def next_order_id(self) -> str:
        return f'ORD-{len(self._store.orders) + len(self._pending) + 1:04d}'

    def add(self, order: OrderView) -> None:
        self._pending.append(order)

    def commit(self) -> None:
        for order in self._pending:
            self._store.orders[order.order_id] = order
            self._store.commits.append((self.id, order.order_id))
        self._pending.clear()


# --- Handlers ---


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    def __init__(self, unit_of_work: UnitOfWork) -> None:
        self._unit_of_work = unit_of_work

    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        order_id = self._unit_of_work.next_order_id()
        self._unit_of_work.add(
            OrderView(
                order_id=order_id,
                customer_id=request.customer_id,
                product_id=request.product_id,
            )
        )
        self._unit_of_work.commit()
        return OrderConfirmation(order_id=order_id, status='placed')


class GetOrderHandler(RequestHandler[GetOrder, OrderView | None]):
    def __init__(self, store: OrderStore) -> None:
        self._store = store

    @override
    async def handle(self, request: GetOrder, /) -> OrderView | None:
        return self._store.orders.get(request.order_id)


# --- Modules ---


@module(
    providers=[singleton(OrderStore), scoped(UnitOfWork)],
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, PlaceOrderHandler)
        .bind_request(GetOrder, GetOrderHandler),
    ],
)
class OrdersModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), OrdersModule])
class AppModule: ...
