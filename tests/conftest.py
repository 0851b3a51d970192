"""Shared fixtures and helpers: every async test runs on asyncio and on trio.

Test modules import the helpers as ``from tests.conftest import ...`` (``tests`` is a package,
so the name is the same for pytest, mypy and pyright).
"""

from collections.abc import Sequence
from typing import Any

import pytest

from denpo import Application, ApplicationFactory, module
from denpo.di import scoped
from denpo.messaging import MessagingConfig, MessagingExtension, MessagingModule
from denpo.modules import ModuleType


@pytest.fixture(params=['asyncio', 'trio'])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


class Trace:
    """What handlers and behaviors did, in order; one per REQUEST scope."""

    def __init__(self) -> None:
        self.entries: list[str] = []

    def __call__(self, entry: str) -> None:
        self.entries.append(entry)


@module(providers=[scoped(Trace)], exports=[Trace], is_global=True)
class TraceModule:
    """Makes :class:`Trace` injectable into every handler of a test application."""


def messaging_app(*modules: ModuleType, config: MessagingConfig | None = None) -> Application:
    """Build an application whose root imports the bus, :class:`TraceModule` and ``modules``."""

    @module(imports=[MessagingModule.register(config), TraceModule, *modules])
    class RootModule:
        pass

    return ApplicationFactory(RootModule).create()


def bind_request_unchecked(
    request_type: object,
    handler_type: object,
    behaviors: Sequence[object] = (),
    *,
    extension: MessagingExtension | None = None,
) -> MessagingExtension:
    """Call ``bind_request`` with arguments the type checkers would reject.

    The runtime checks exist for code that escaped the type checker, so their tests pass
    wrong values on purpose; ``Any`` keeps mypy (and denpo's plugin) and pyright out of it.
    """
    extension = MessagingExtension() if extension is None else extension
    bind: Any = extension.bind_request
    bind(request_type, handler_type, behaviors=behaviors)
    return extension


def bind_event_unchecked(
    event_type: object,
    handler_types: object,
    *,
    extension: MessagingExtension | None = None,
) -> MessagingExtension:
    """Call ``bind_event`` with arguments the type checkers would reject (see above)."""
    extension = MessagingExtension() if extension is None else extension
    bind: Any = extension.bind_event
    bind(event_type, handler_types)
    return extension
