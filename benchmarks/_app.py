"""The application every scenario measures: the order example's flow, minus its I/O.

The request handler is the order example's ``PlaceOrderHandler`` without its repository: it builds the
confirmation from the request and returns it. The two event handlers format their message and
keep it. What a handler does sets the scale of every ratio (a handler that does nothing makes
any bus look expensive), so the table also reports each scenario's cost in µs above its
baseline, which does not depend on the handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from dishka import STRICT_VALIDATION, AsyncContainer, Provider, Scope, make_async_container
from typing_extensions import override

from benchmarks._library import (
    ApplicationFactory,
    EventHandler,
    GroupEventPublisher,
    IEvent,
    InnerBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    OuterBehavior,
    RequestHandler,
    SequentialEventPublisher,
    module,
)

if TYPE_CHECKING:
    # waku's application has the same surface (``async with app``, ``app.container()``).
    from denpo import Application

__all__ = [
    'EVENT',
    'REQUEST',
    'Behaviors',
    'OrderConfirmation',
    'OrderPlaced',
    'PlaceOrder',
    'PlaceOrderHandler',
    'Publisher',
    'SendConfirmationEmail',
    'UpdateAnalytics',
    'build_app',
    'dishka_container',
]

Behaviors: TypeAlias = Literal['none', 'global', 'request']
Publisher: TypeAlias = Literal['sequential', 'group']


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderConfirmation:
    order_id: str
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    customer_id: str
    product_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderPlaced(IEvent):
    order_id: str
    customer_id: str


class PlaceOrderHandler(RequestHandler[PlaceOrder, OrderConfirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
        return OrderConfirmation(order_id=f'ORD-{request.customer_id}-{request.product_id}', status='placed')


class SendConfirmationEmail(EventHandler[OrderPlaced]):
    def __init__(self) -> None:
        self.last = ''

    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        self.last = f'Confirmation email sent for order {event.order_id}'


class UpdateAnalytics(EventHandler[OrderPlaced]):
    def __init__(self) -> None:
        self.last = ''

    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        self.last = f'Analytics updated for order {event.order_id}'


REQUEST = PlaceOrder(customer_id='CUST-1', product_id='PROD-42')
EVENT = OrderPlaced(order_id='ORD-CUST-1-PROD-42', customer_id='CUST-1')


def build_app(*, behaviors: Behaviors = 'none', publisher: Publisher = 'sequential') -> Application:
    """Build (not enter) the application: one feature module and the messaging module."""
    extension = MessagingExtension()
    if behaviors == 'request':
        extension.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[OuterBehavior, InnerBehavior])
    else:
        extension.bind_request(PlaceOrder, PlaceOrderHandler)
    extension.bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics])
    config = MessagingConfig(
        event_publisher=GroupEventPublisher if publisher == 'group' else SequentialEventPublisher,
        pipeline_behaviors=[OuterBehavior, InnerBehavior] if behaviors == 'global' else [],
    )

    @module(extensions=[extension])
    class OrdersModule:
        pass

    @module(imports=[MessagingModule.register(config), OrdersModule])
    class AppModule:
        pass

    return ApplicationFactory(AppModule).create()


def dishka_container() -> AsyncContainer:
    """The same handlers in a plain dishka container: the DI floor, with no bus at all."""
    provider = Provider(scope=Scope.REQUEST)
    provider.provide(PlaceOrderHandler)
    provider.provide(SendConfirmationEmail)
    provider.provide(UpdateAnalytics)
    return make_async_container(provider, validation_settings=STRICT_VALIDATION)
