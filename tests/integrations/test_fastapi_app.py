from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from denpo import Application, ApplicationFactory
from denpo.di import object_
from denpo.testing import create_test_app, override
from tests.integrations._examples import ROOT, load_example

example = load_example('fastapi_app')


def build() -> tuple[Application, Any]:
    """The example's application, with an order store the test can look into."""
    store = example.OrderStore()
    return create_test_app(example.AppModule, providers=[object_(store)]), store


@asynccontextmanager
async def serve(app: Application) -> AsyncGenerator[httpx.AsyncClient]:
    web_app: FastAPI = example.create_web_app(app)
    # httpx's ASGI transport skips the lifespan: enter it as a server would.
    async with (
        web_app.router.lifespan_context(web_app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=web_app), base_url='http://orders.test'
        ) as client,
    ):
        yield client


@pytest.mark.anyio
async def test_post_orders_returns_the_confirmation_as_json() -> None:
    app, _ = build()
    async with serve(app) as client:
        response = await client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-42'})
    assert response.status_code == 201
    assert response.json() == {'order_id': 'ORD-0001', 'status': 'placed'}


@pytest.mark.anyio
async def test_get_order_answers_the_query() -> None:
    app, _ = build()
    async with serve(app) as client:
        await client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-42'})
        found = await client.get('/orders/ORD-0001')
        missing = await client.get('/orders/ORD-0002')
    assert (found.status_code, found.json()) == (
        200,
        {'order_id': 'ORD-0001', 'customer_id': 'CUST-1', 'product_id': 'PROD-42'},
    )
    assert (missing.status_code, missing.json()) == (404, {'detail': 'Order ORD-0002 not found'})


@pytest.mark.anyio
async def test_each_request_runs_the_handler_once_in_its_own_scope() -> None:
    app, store = build()
    async with serve(app) as client:
        first = await client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-1'})
        second = await client.post('/orders', json={'customer_id': 'CUST-2', 'product_id': 'PROD-2'})
    assert [first.json()['order_id'], second.json()['order_id']] == ['ORD-0001', 'ORD-0002']
    commits: list[tuple[str, str]] = store.commits
    assert [order_id for _, order_id in commits] == ['ORD-0001', 'ORD-0002']
    first_scope, second_scope = (unit_of_work for unit_of_work, _ in commits)
    assert first_scope != second_scope  # a UnitOfWork (REQUEST scope) per HTTP request


@pytest.mark.anyio
async def test_a_malformed_body_is_rejected_before_the_bus() -> None:
    app, store = build()
    async with serve(app) as client:
        response = await client.post('/orders', json={'customer_id': 'CUST-1'})
    assert response.status_code == 422
    assert store.commits == []


@pytest.mark.anyio
async def test_the_application_runs_while_the_web_app_runs() -> None:
    app, _ = build()
    states = [app.is_running]
    async with serve(app):
        states.append(app.is_running)
    states.append(app.is_running)
    assert states == [False, True, False]


@pytest.mark.anyio
async def test_demo_prints_what_the_guide_shows(capsys: pytest.CaptureFixture[str]) -> None:
    await example.main()
    assert capsys.readouterr().out == (ROOT / 'docs' / 'examples' / 'fastapi_app.txt').read_text()


def store_with(order_id: str) -> Any:
    store = example.OrderStore()
    store.orders[order_id] = example.OrderView(order_id=order_id, customer_id='FAKE', product_id='PROD-0')
    return store


@pytest.mark.anyio
async def test_an_override_reaches_the_container_the_web_app_captured() -> None:
    # The real factory: setup_dishka keeps app.container from the moment the web app is built.
    app = ApplicationFactory(example.AppModule).create()
    async with serve(app) as client:
        async with override(app, object_(store_with('ORD-7777'))):
            inside = await client.get('/orders/ORD-7777')
        after = await client.get('/orders/ORD-7777')
    assert (inside.status_code, inside.json()) == (
        200,
        {'order_id': 'ORD-7777', 'customer_id': 'FAKE', 'product_id': 'PROD-0'},
    )
    assert after.status_code == 404
