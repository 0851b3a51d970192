import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

import denpo.messaging
import denpo.messaging.routes
from denpo import ApplicationFactory, module
from denpo.messaging import (
    CallNext,
    EventDelivery,
    EventHandler,
    EventRecipient,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    MessagingRegistry,
    RequestHandler,
    RequestRoute,
    RoutingTable,
    describe_routes,
    render_mermaid,
    render_table,
)
from tests.messaging._registry import registry_of

Q = TypeVar('Q')
R = TypeVar('R')
HERE = __name__


@dataclass(frozen=True)
class Place(IRequest[str]):
    sku: str


@dataclass(frozen=True)
class Cancel(IRequest):
    order_id: str


@dataclass(frozen=True)
class Happened(IEvent):
    pass


@dataclass(frozen=True)
class Placed(Happened):
    pass


class Logged(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Locked(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class PlaceHandler(RequestHandler[Place, str]):
    @override
    async def handle(self, request: Place, /) -> str:
        return request.sku


class CancelHandler(RequestHandler[Cancel, None]):
    @override
    async def handle(self, request: Cancel, /) -> None:
        pass


class Reserve(EventHandler[Placed]):
    @override
    async def handle(self, event: Placed, /) -> None:
        pass


class Bill(EventHandler[Placed]):
    @override
    async def handle(self, event: Placed, /) -> None:
        pass


class Audit(EventHandler[Happened]):
    @override
    async def handle(self, event: Happened, /) -> None:
        pass


@module(
    extensions=[
        MessagingExtension()
        .bind_request(Place, PlaceHandler, behaviors=[Locked])
        .bind_request(Cancel, CancelHandler)
        .bind_event(Placed, [Reserve]),
    ],
)
class ShopModule: ...


@module(extensions=[MessagingExtension().bind_event(Happened, [Audit]).bind_event(Placed, [Bill])])
class AuditModule: ...


@module(
    imports=[MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logged])), ShopModule, AuditModule],
)
class AppModule: ...


@module(imports=[MessagingModule.register()])
class EmptyAppModule: ...


SHOP = f'{HERE}.ShopModule'
AUDIT = f'{HERE}.AuditModule'
TABLE = RoutingTable(
    requests=(
        RequestRoute(Place, PlaceHandler, (Logged, Locked), SHOP),
        RequestRoute(Cancel, CancelHandler, (Logged,), SHOP),
    ),
    streams=(),
    events=(
        EventDelivery(
            Placed,
            (
                EventRecipient(Reserve, Placed, SHOP),
                EventRecipient(Bill, Placed, AUDIT),
                EventRecipient(Audit, Happened, AUDIT),
            ),
        ),
        EventDelivery(Happened, (EventRecipient(Audit, Happened, AUDIT),)),
    ),
)


@pytest.mark.anyio
async def test_describe_routes_reads_the_registry_of_a_built_application() -> None:
    app = ApplicationFactory(AppModule).create()
    registry = await app.container.get(MessagingRegistry)
    assert not app.is_running
    assert describe_routes(registry) == TABLE


@pytest.mark.parametrize(
    ('given', 'got'),
    [
        pytest.param(
            ApplicationFactory(AppModule).create(),
            'an instance of denpo.application.Application',
            id='the-app',
        ),
        pytest.param(
            MessagingRegistry, 'the class denpo.messaging.registry.MessagingRegistry', id='the-class'
        ),
        pytest.param(None, 'None', id='none'),
    ],
)
def test_describe_routes_given_something_else_than_the_registry_says_what_to_pass(
    given: object, got: str
) -> None:
    describe: Any = describe_routes  # the call the type checkers would reject
    with pytest.raises(
        TypeError,
        match=(
            rf'^describe_routes\(\) expects a MessagingRegistry, got {re.escape(got)}\. Hint: pass the '
            r'registry of the application: '
            r'describe_routes\(await app\.container\.get\(MessagingRegistry\)\)\.$'
        ),
    ):
        describe(given)


def test_describe_routes_of_a_registry_follows_binding_and_delivery_order() -> None:
    registry = registry_of(
        ('Shop', MessagingExtension().bind_request(Cancel, CancelHandler).bind_event(Happened, [Audit])),
        ('Late', MessagingExtension().bind_event(Placed, [Bill, Reserve])),
    )
    assert describe_routes(registry) == RoutingTable(
        requests=(RequestRoute(Cancel, CancelHandler, (), 'Shop'),),
        streams=(),
        events=(
            EventDelivery(Happened, (EventRecipient(Audit, Happened, 'Shop'),)),
            EventDelivery(
                Placed,
                (
                    EventRecipient(Bill, Placed, 'Late'),
                    EventRecipient(Reserve, Placed, 'Late'),
                    EventRecipient(Audit, Happened, 'Shop'),
                ),
            ),
        ),
    )


@pytest.mark.anyio
async def test_an_application_without_bindings_has_an_empty_table() -> None:
    app = ApplicationFactory(EmptyAppModule).create()
    table = describe_routes(await app.container.get(MessagingRegistry))
    assert table == RoutingTable(requests=(), streams=(), events=())
    assert render_table(table) == 'Requests (0)\n(none)\n\nEvents (0)\n(none)'
    assert render_mermaid(table) == 'flowchart LR'


def test_rows_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TABLE.events[0].recipients[0].module = 'Other'  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]  # frozen on purpose


def test_render_table() -> None:
    assert render_table(TABLE) == (
        'Requests (2)\n'
        'request  handler        behaviors (outermost first)  module\n'
        '-------  -------------  ---------------------------  ----------\n'
        'Place    PlaceHandler   Logged, Locked               ShopModule\n'
        'Cancel   CancelHandler  Logged                       ShopModule\n'
        '\n'
        'Events (2)\n'
        'event     #  handler  bound to  module\n'
        '--------  -  -------  --------  -----------\n'
        'Placed    1  Reserve  Placed    ShopModule\n'
        '          2  Bill     Placed    AuditModule\n'
        '          3  Audit    Happened  AuditModule\n'
        'Happened  1  Audit    Happened  AuditModule'
    )


def test_render_table_marks_a_request_without_behaviors() -> None:
    table = RoutingTable(
        requests=(RequestRoute(Cancel, CancelHandler, (), 'pkg.Orders'),), streams=(), events=()
    )
    assert render_table(table).splitlines()[1:4] == [
        'request  handler        behaviors (outermost first)  module',
        '-------  -------------  ---------------------------  ------',
        'Cancel   CancelHandler  -                            Orders',
    ]


def test_render_table_qualified_names() -> None:
    table = RoutingTable(
        requests=(RequestRoute(Cancel, CancelHandler, (Logged,), SHOP),),
        streams=(),
        events=(EventDelivery(Placed, (EventRecipient(Audit, Happened, AUDIT),)),),
    )
    lines = render_table(table, qualified=True).splitlines()
    assert [line.split() for line in lines] == [
        ['Requests', '(1)'],
        ['request', 'handler', 'behaviors', '(outermost', 'first)', 'module'],
        [
            '-' * len(f'{HERE}.Cancel'),
            '-' * len(f'{HERE}.CancelHandler'),
            '-' * max(27, len(f'{HERE}.Logged')),
            '-' * len(SHOP),
        ],
        [f'{HERE}.Cancel', f'{HERE}.CancelHandler', f'{HERE}.Logged', SHOP],
        [],
        ['Events', '(1)'],
        ['event', '#', 'handler', 'bound', 'to', 'module'],
        [
            '-' * len(f'{HERE}.Placed'),
            '-',
            '-' * len(f'{HERE}.Audit'),
            '-' * len(f'{HERE}.Happened'),
            '-' * len(AUDIT),
        ],
        [f'{HERE}.Placed', '1', f'{HERE}.Audit', f'{HERE}.Happened', AUDIT],
    ]


def test_render_mermaid() -> None:
    assert render_mermaid(TABLE) == (
        'flowchart LR\n'
        '    subgraph m0["ShopModule"]\n'
        '        h0["PlaceHandler"]\n'
        '        h1["CancelHandler"]\n'
        '        h2["Reserve"]\n'
        '    end\n'
        '    subgraph m1["AuditModule"]\n'
        '        h3["Bill"]\n'
        '        h4["Audit"]\n'
        '    end\n'
        '    r0(["Place"]) -->|"Logged → Locked"| h0\n'
        '    r1(["Cancel"]) -->|"Logged"| h1\n'
        '    e0{{"Placed"}} -->|"1"| h2\n'
        '    e0 -->|"2"| h3\n'
        '    e0 -->|"3"| h4\n'
        '    e1{{"Happened"}} -->|"1"| h4'
    )


def test_render_mermaid_request_without_behaviors_has_a_plain_edge() -> None:
    table = RoutingTable(
        requests=(RequestRoute(Cancel, CancelHandler, (), 'pkg.Orders'),), streams=(), events=()
    )
    assert render_mermaid(table).splitlines()[-1] == '    r0(["Cancel"]) --> h0'


def test_render_mermaid_escapes_markup() -> None:
    class Local(IRequest):
        pass

    table = RoutingTable(
        requests=(RequestRoute(Local, CancelHandler, (), 'pkg.Orders'),), streams=(), events=()
    )
    assert render_mermaid(table, qualified=True).splitlines() == [
        'flowchart LR',
        '    subgraph m0["pkg.Orders"]',
        f'        h0["{HERE}.CancelHandler"]',
        '    end',
        f'    r0(["{HERE}.test_render_mermaid_escapes_markup.#lt;locals#gt;.Local"]) --> h0',
    ]


def test_routes_api_is_exported_from_messaging() -> None:
    exported = set(denpo.messaging.__all__)
    assert {
        'EventDelivery',
        'EventRecipient',
        'RoutingTable',
        'describe_routes',
        'render_mermaid',
        'render_table',
    } <= exported


def test_event_recipient_is_still_importable_from_the_routes_module() -> None:
    assert denpo.messaging.routes.EventRecipient is EventRecipient
    assert 'EventRecipient' in denpo.messaging.routes.__all__
