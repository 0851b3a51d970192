"""A larger application in modules: infrastructure, three features, their reach.

In a real project each section is a package (``shop/catalog/``, ``shop/orders/``,
...); here they share one file so that the example runs as it is.
"""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import (
    ApplicationFactory,
    DependencyNotAccessibleError,
    DynamicModule,
    module,
)
from denpo.di import object_, scoped, singleton
from denpo.messaging import (
    EventHandler,
    IEvent,
    IPublisher,
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    MessagingRegistry,
    RequestHandler,
    describe_routes,
    render_table,
)

# --- shop/infrastructure: configured once by the root, visible everywhere ---


@dataclass(frozen=True)
class Settings:
    database_url: str


class Database:
    def __init__(self, settings: Settings) -> None:
        self.url = settings.database_url
        self.products = {'PROD-42': 1999}  # prices in cents
        self.orders: dict[str, str] = {}


@module()
class InfrastructureModule:
    @staticmethod
    def register(settings: Settings) -> DynamicModule:
        return DynamicModule(
            parent_module=InfrastructureModule,
            providers=[object_(settings), singleton(Database)],
            exports=[Database],
            is_global=True,
        )


# --- shop/catalog: owns products; exports a read service to other features ---


@dataclass(frozen=True)
class GetPrice(IRequest[int]):
    product_id: str


class Catalog:
    def __init__(self, database: Database) -> None:
        self._database = database

    def price_of(self, product_id: str) -> int:
        return self._database.products[product_id]


class GetPriceHandler(RequestHandler[GetPrice, int]):
    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    @override
    async def handle(self, request: GetPrice, /) -> int:
        return self._catalog.price_of(request.product_id)


@module(
    providers=[scoped(Catalog)],
    exports=[Catalog],
    extensions=[MessagingExtension().bind_request(GetPrice, GetPriceHandler)],
)
class CatalogModule: ...


# --- shop/orders: imports the catalog; announces what happened with an event ---


@dataclass(frozen=True)
class PlaceOrder(IRequest[str]):
    product_id: str


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str
    total: int


class OrderRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    def add(self, product_id: str) -> str:
        order_id = f'ORD-{len(self._database.orders) + 1}'
        self._database.orders[order_id] = product_id
        return order_id


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    def __init__(
        self, catalog: Catalog, orders: OrderRepository, publisher: IPublisher
    ) -> None:
        self._catalog = catalog
        self._orders = orders
        self._publisher = publisher

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        order_id = self._orders.add(request.product_id)
        await self._publisher.publish(
            OrderPlaced(order_id, self._catalog.price_of(request.product_id))
        )
        return order_id


@module(
    imports=[CatalogModule],
    providers=[scoped(OrderRepository)],
    extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)],
)
class OrdersModule: ...


# --- shop/billing: reacts to the orders' event, needs nothing the orders module has ---


class IssueInvoice(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        print(f'invoice for {event.order_id}: {event.total / 100:.2f}')


@module(extensions=[MessagingExtension().bind_event(OrderPlaced, [IssueInvoice])])
class BillingModule: ...


# --- shop/app.py: the root wires infrastructure, the bus and the features ---


@module(
    imports=[
        InfrastructureModule.register(Settings(database_url='sqlite:///shop.db')),
        MessagingModule.register(MessagingConfig()),
        CatalogModule,
        OrdersModule,
        BillingModule,
    ],
)
class AppModule: ...


# --- A boundary at work: a feature uses Catalog without importing CatalogModule ---


class Recommendations:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog


@module(providers=[scoped(Recommendations)])
class RecommendationsModule: ...


@module(
    imports=[
        InfrastructureModule.register(Settings(database_url='sqlite://')),
        MessagingModule.register(),
        CatalogModule,
        RecommendationsModule,
    ],
)
class BrokenAppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    print(
        'modules:', ' -> '.join(item.target.__name__ for item in app.registry.modules)
    )
    async with app:
        async with app.container() as container:
            sender = await container.get(ISender)
            order_id = await sender.invoke(PlaceOrder('PROD-42'))
            print(f'placed {order_id} at {await sender.invoke(GetPrice("PROD-42"))}')
        print(render_table(describe_routes(await app.container.get(MessagingRegistry))))

    try:
        ApplicationFactory(BrokenAppModule).create()
    except DependencyNotAccessibleError as error:
        # Drop this file's module name from the types.
        message = str(error).replace(f'{__name__}.', '')
        print(f'\n{type(error).__name__}: {message}')


if __name__ == '__main__':
    anyio.run(main)
