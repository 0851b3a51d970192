"""The order flow behind Litestar: one denpo REQUEST scope per HTTP request.

dishka's Litestar integration does the wiring: ``setup_dishka(app.container, web_app)``
wraps the ASGI handler so that every HTTP request opens a REQUEST scope of the denpo
application's container, and ``@inject`` resolves the ``FromDishka[...]`` parameters of
a route handler from it. The denpo application starts and stops with the web application
(its lifespan).

Serve it with any ASGI server (``uvicorn examples.litestar_app:web_app``), or run this
file: ``main()`` drives the app in-process with httpx, no server needed. The order
service itself (requests, handlers, modules) is in ``order_service.py``, shared with the
other web example.
"""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import anyio
import httpx
from dishka.integrations.litestar import FromDishka, inject, setup_dishka
from litestar import Litestar, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from denpo import Application, ApplicationFactory
from denpo.messaging import ISender
from order_service import (
    AppModule,
    GetOrder,
    OrderConfirmation,
    OrderStore,
    OrderView,
    PlaceOrder,
)

# OrderStore is re-exported for the tests, which check what each request committed.
__all__ = ['AppModule', 'OrderStore', 'create_web_app', 'main', 'web_app']

# --- The web layer: HTTP schemas and route handlers that send requests ---


@dataclass(frozen=True, kw_only=True)
class PlaceOrderBody:
    customer_id: str
    product_id: str


@post('/orders')  # Litestar answers a POST with 201 Created
@inject
async def place_order(
    data: JSONBody[PlaceOrderBody], sender: FromDishka[ISender]
) -> OrderConfirmation:
    return await sender.invoke(
        PlaceOrder(customer_id=data.customer_id, product_id=data.product_id)
    )


@get('/orders/{order_id:str}')
@inject
async def get_order(order_id: FromPath[str], sender: FromDishka[ISender]) -> OrderView:
    order = await sender.invoke(GetOrder(order_id=order_id))
    if order is None:
        raise NotFoundException(detail=f'Order {order_id} not found')
    return order


def create_web_app(app: Application) -> Litestar:
    """Serve ``app`` over HTTP, running while the web app runs; a scope per request."""

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncGenerator[None]:
        async with app:
            yield

    web_app = Litestar(route_handlers=[place_order, get_order], lifespan=[lifespan])
    setup_dishka(app.container, web_app)
    return web_app


web_app = create_web_app(ApplicationFactory(AppModule).create())


# --- Demo: drive the web app in-process ---


async def main() -> None:
    demo_app = create_web_app(ApplicationFactory(AppModule).create())
    # httpx's ASGI transport calls the app on this event loop but skips the lifespan:
    # enter it here. The cast: Litestar types its ASGI callable with its own
    # TypedDicts, httpx with plain mappings.
    transport = httpx.ASGITransport(app=cast('Any', demo_app))
    async with (
        demo_app.lifespan(),
        httpx.AsyncClient(transport=transport, base_url='http://orders') as client,
    ):
        placed = await client.post(
            '/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-42'}
        )
        print('POST /orders', placed.status_code, placed.json())
        found = await client.get('/orders/ORD-0001')
        print('GET /orders/ORD-0001', found.status_code, found.json())
        missing = await client.get('/orders/ORD-0404')
        print('GET /orders/ORD-0404', missing.status_code, missing.json())


if __name__ == '__main__':
    anyio.run(main)
