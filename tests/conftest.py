"""Shared fixtures: every async test runs on asyncio and on trio."""

import pytest


@pytest.fixture(params=['asyncio', 'trio'])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend
