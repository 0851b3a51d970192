"""The routing table: the handler and behaviors of each request, the event handlers."""

from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    MessagingRegistry,
    RequestHandler,
    describe_routes,
    render_mermaid,
    render_table,
)

Q = TypeVar('Q')
R = TypeVar('R')


# --- Messages ---


@dataclass(frozen=True)
class PlaceOrder(IRequest[str]):
    product_id: str


@dataclass(frozen=True)
class CancelOrder(IRequest):
    order_id: str


@dataclass(frozen=True)
class DomainEvent(IEvent):
    aggregate_id: str


@dataclass(frozen=True)
class OrderPlaced(DomainEvent):
    product_id: str


# --- Handlers and behaviors ---


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Transaction(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return f'ORD-{request.product_id}'


class CancelOrderHandler(RequestHandler[CancelOrder, None]):
    @override
    async def handle(self, request: CancelOrder, /) -> None:
        pass


class ReserveStock(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class SendReceipt(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class AuditTrail(EventHandler[DomainEvent]):
    @override
    async def handle(self, event: DomainEvent, /) -> None:
        pass


# --- Modules ---


@module(
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Transaction])
        .bind_request(CancelOrder, CancelOrderHandler)
        .bind_event(OrderPlaced, [ReserveStock]),
    ],
)
class OrdersModule: ...


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [SendReceipt])])
class BillingModule: ...


@module(extensions=[MessagingExtension().bind_event(DomainEvent, [AuditTrail])])
class AuditModule: ...


@module(
    imports=[
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging])),
        OrdersModule,
        BillingModule,
        AuditModule,
    ],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    # The registry lives in the container (APP scope): reading it does not start
    # the application.
    routes = describe_routes(await app.container.get(MessagingRegistry))
    print(render_table(routes))
    print()
    print(render_mermaid(routes))


if __name__ == '__main__':
    anyio.run(main)
