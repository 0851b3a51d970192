"""Shared fixtures, helpers and test doubles: every async test runs on asyncio and on trio.

Test modules import them as ``from tests.conftest import ...`` (``tests`` is a package, so the
name is the same for pytest, mypy and pyright). A double lives here only when several test
modules need the very same one; the others sit at module level in the file that uses them.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from typing import Any, Generic, TypeVar

import anyio
import pytest
from typing_extensions import override

from denpo import Application, ApplicationFactory, module
from denpo.di import Provider, Scope, object_, scoped
from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)
from denpo.modules import ModuleType

T = TypeVar('T')
Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


@pytest.fixture(params=['asyncio', 'trio'])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


def named(obj: Any) -> str:
    """The qualified name denpo prints for the class or function ``obj``, escaped for ``match=``."""
    return re.escape(f'{obj.__module__}.{obj.__qualname__}')


class Boom(Exception):  # noqa: N818  # a test double, not a public error
    """Raised on purpose; tests check that the very same object comes back out."""


# --- messages, handlers and a behavior that several test modules bind ----------------------


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[str]):
    order_id: str


@dataclass(frozen=True, slots=True)
class Unbound(IRequest[int]):
    """A request that no module binds."""


@dataclass(frozen=True)
class GetById(IRequest[T], Generic[T]):
    value: T


@dataclass(frozen=True, slots=True)
class OrderPlaced(IEvent):
    order_id: str


@dataclass(frozen=True, slots=True)
class Unheard(IEvent):
    """An event that no module binds."""


@dataclass(frozen=True, slots=True)
class NotAMessage:
    """A dataclass that inherits neither IRequest nor IEvent."""


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return request.order_id


class SendEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    """Passes every request through unchanged."""

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


@module(extensions=[MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler)])
class OrdersModule:
    pass


# --- applications --------------------------------------------------------------------------


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


class Journal:
    """What happened, in order; one per test, outliving every scope (APP scope).

    Unlike :class:`Trace`, it also sees what happens while scopes open and close, and lets a
    test wait (``entered``) until the handlers it will cancel have all started.
    """

    def __init__(self) -> None:
        self.entries: list[str] = []
        self.seen: list[BaseException] = []
        self.entered = anyio.Event()
        self.expected_arrivals = 1
        self._arrivals = 0
        self.resources: list[int] = []
        self.connection_error: Exception | None = None

    def __call__(self, entry: str) -> None:
        self.entries.append(entry)

    def arrive(self) -> None:
        """A handler reached the point where the test may cancel it (``entered`` when all did)."""
        self._arrivals += 1
        if self._arrivals == self.expected_arrivals:
            self.entered.set()


_resource_ids = count(1)


class Resource:
    """A REQUEST-scoped dependency with a finalizer; its id tells scopes apart."""

    def __init__(self) -> None:
        self.id = next(_resource_ids)


def open_resource(journal: Journal) -> Iterator[Resource]:
    resource = Resource()
    journal(f'resource {resource.id} opened')
    try:
        yield resource
    finally:
        journal(f'resource {resource.id} closed')


def journal_app(journal: Journal, *modules: ModuleType, config: MessagingConfig | None = None) -> Application:
    """A messaging app whose handlers can inject ``journal`` and a scoped :class:`Resource`."""
    resources = Provider(scope=Scope.REQUEST)
    resources.provide(open_resource)

    @module(providers=[object_(journal), resources], exports=[Journal, Resource], is_global=True)
    class JournalModule:
        pass

    return messaging_app(JournalModule, *modules, config=config)


# --- calls the type checkers would reject --------------------------------------------------


def bind_request_unchecked(
    request_type: object,
    handler_type: object,
    behaviors: object = (),
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
