"""Litestar's ``TestClient`` serves the app from a thread of its own, on asyncio and on trio.

The tests are synchronous: the client runs the event loop (and the lifespan) in that thread.
Its async twin, ``AsyncTestClient``, blocks its caller's loop on the same kind of thread and
hangs when both loops are trio, so the backend is chosen here, not by anyio's test plugin.
"""

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any, Literal

import anyio
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from denpo import Application, ApplicationFactory
from denpo.di import object_
from denpo.testing import create_test_app, override
from tests.integrations._examples import ROOT, load_example

example = load_example('litestar_app')
Backend = Literal['asyncio', 'trio']


@pytest.fixture(params=['asyncio', 'trio'])
def backend(request: pytest.FixtureRequest) -> Backend:
    value: Backend = request.param
    return value


def build() -> tuple[Application, Any]:
    """The example's application, with an order store the test can look into."""
    store = example.OrderStore()
    return create_test_app(example.AppModule, providers=[object_(store)]), store


@contextmanager
def serve(app: Application, backend: Backend) -> Generator[TestClient[Litestar]]:
    web_app: Litestar = example.create_web_app(app)
    with TestClient(app=web_app, backend=backend) as client:  # runs the lifespan too
        yield client


def test_post_orders_returns_the_confirmation_as_json(backend: Backend) -> None:
    app, _ = build()
    with serve(app, backend) as client:
        response = client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-42'})
    assert response.status_code == 201
    assert response.json() == {'order_id': 'ORD-0001', 'status': 'placed'}


def test_get_order_answers_the_query(backend: Backend) -> None:
    app, _ = build()
    with serve(app, backend) as client:
        client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-42'})
        found = client.get('/orders/ORD-0001')
        missing = client.get('/orders/ORD-0002')
    assert (found.status_code, found.json()) == (
        200,
        {'order_id': 'ORD-0001', 'customer_id': 'CUST-1', 'product_id': 'PROD-42'},
    )
    assert (missing.status_code, missing.json()) == (
        404,
        {'status_code': 404, 'detail': 'Order ORD-0002 not found'},
    )


def test_each_request_runs_the_handler_once_in_its_own_scope(backend: Backend) -> None:
    app, store = build()
    with serve(app, backend) as client:
        first = client.post('/orders', json={'customer_id': 'CUST-1', 'product_id': 'PROD-1'})
        second = client.post('/orders', json={'customer_id': 'CUST-2', 'product_id': 'PROD-2'})
    assert [first.json()['order_id'], second.json()['order_id']] == ['ORD-0001', 'ORD-0002']
    commits: list[tuple[str, str]] = store.commits
    assert [order_id for _, order_id in commits] == ['ORD-0001', 'ORD-0002']
    first_scope, second_scope = (unit_of_work for unit_of_work, _ in commits)
    assert first_scope != second_scope  # a UnitOfWork (REQUEST scope) per HTTP request


def test_a_malformed_body_is_rejected_before_the_bus(backend: Backend) -> None:
    app, store = build()
    with serve(app, backend) as client:
        response = client.post('/orders', json={'customer_id': 'CUST-1'})
    assert response.status_code == 400
    assert store.commits == []


def test_the_application_runs_while_the_web_app_runs(backend: Backend) -> None:
    app, _ = build()
    states = [app.is_running]
    with serve(app, backend):
        states.append(app.is_running)
    states.append(app.is_running)
    assert states == [False, True, False]


@pytest.mark.parametrize('demo_backend', ['asyncio', 'trio'])
def test_demo_prints_what_the_guide_shows(demo_backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    anyio.run(example.main, backend=demo_backend)
    assert capsys.readouterr().out == (ROOT / 'docs' / 'examples' / 'litestar_app.txt').read_text()


def store_with(order_id: str) -> Any:
    store = example.OrderStore()
    store.orders[order_id] = example.OrderView(order_id=order_id, customer_id='FAKE', product_id='PROD-0')
    return store


def test_an_override_reaches_the_container_the_web_app_captured(backend: Backend) -> None:
    # The real factory: the web app keeps app.container from the moment it is built.
    app = ApplicationFactory(example.AppModule).create()
    with serve(app, backend) as client:
        # Entered in the client's own event loop, as a fixture running there would.
        with client.blocking_portal.wrap_async_context_manager(
            override(app, object_(store_with('ORD-7777')))
        ):
            inside = client.get('/orders/ORD-7777')
        after = client.get('/orders/ORD-7777')
    assert (inside.status_code, inside.json()) == (
        200,
        {'order_id': 'ORD-7777', 'customer_id': 'FAKE', 'product_id': 'PROD-0'},
    )
    assert after.status_code == 404
