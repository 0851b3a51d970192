"""The order flow behind FastAPI: one denpo REQUEST scope per HTTP request.

dishka's FastAPI integration does the wiring: ``setup_dishka(app.container, web_app)``
installs a middleware that opens a REQUEST scope of the denpo application's container
for every HTTP request, and ``@inject`` resolves the ``FromDishka[...]`` parameters of
an endpoint from it. The denpo application starts and stops with the web application
(its lifespan).

Serve it with any ASGI server (``uvicorn examples.fastapi_app:web_app``), or run this
file: ``main()`` drives the app in-process with httpx, no server needed. The order
service itself (requests, handlers, modules) is in ``order_service.py``, shared with the
other web example.
"""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import anyio
import httpx
from dishka.integrations.fastapi import FromDishka, inject, setup_dishka
from fastapi import APIRouter, FastAPI, HTTPException
from pydantic import BaseModel

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

# --- The web layer: HTTP schemas and endpoints that send requests ---


class PlaceOrderBody(BaseModel):
    customer_id: str
    product_id: str


router = APIRouter()


@router.post('/orders', status_code=201)
@inject
async def place_order(
    body: PlaceOrderBody, sender: FromDishka[ISender]
) -> OrderConfirmation:
    return await sender.invoke(
        PlaceOrder(customer_id=body.customer_id, product_id=body.product_id)
    )


@router.get('/orders/{order_id}')
@inject
async def get_order(order_id: str, sender: FromDishka[ISender]) -> OrderView:
    order = await sender.invoke(GetOrder(order_id=order_id))
    if order is None:
        raise HTTPException(status_code=404, detail=f'Order {order_id} not found')
    return order


def create_web_app(app: Application) -> FastAPI:
    """Serve ``app`` over HTTP, running while the web app runs; a scope per request."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncGenerator[None]:
        async with app:
            yield

    web_app = FastAPI(title='Orders', lifespan=lifespan)
    web_app.include_router(router)
    setup_dishka(app.container, web_app)
    return web_app


web_app = create_web_app(ApplicationFactory(AppModule).create())


# --- Demo: drive the web app in-process ---


async def main() -> None:
    demo_app = create_web_app(ApplicationFactory(AppModule).create())
    # httpx's ASGI transport does not run the lifespan, so the demo enters it itself.
    async with (
        demo_app.router.lifespan_context(demo_app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=demo_app), base_url='http://orders'
        ) as client,
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
