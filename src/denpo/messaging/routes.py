"""The routing table for humans: which handler and behaviors serve each request and event.

[`describe_routes`][] turns an application's [`MessagingRegistry`][denpo.messaging.MessagingRegistry]
into frozen rows; [`render_table`][] and [`render_mermaid`][] print them. The registry is
held by the application's container (APP scope), so reading it is one ``await``; it does not
start the application (no lifespan or init hook runs)::

    app = ApplicationFactory(AppModule).create()
    registry = await app.container.get(MessagingRegistry)
    print(render_table(describe_routes(registry)))

The same table from a shell: ``python -m denpo routes package.module:AppModule``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from denpo._arguments import is_instance
from denpo._naming import qualname
from denpo.messaging._validation._common import described
from denpo.messaging.registry import EventRecipient, MessagingRegistry, RequestRoute, StreamRoute

__all__ = [
    'EventDelivery',
    'EventRecipient',  # defined in the registry, whose delivery plans are made of them
    'RoutingTable',
    'describe_routes',
    'render_mermaid',
    'render_table',
]


@dataclass(frozen=True, slots=True)
class EventDelivery:
    """Everything ``publish`` calls for one bound event class, in delivery order.

    Attributes:
        event_type: An event class that has handlers bound to it directly.
        recipients: Its handlers and those of its bound base classes, most derived class
            first; within a class, module order and then list order.
    """

    event_type: type[Any]
    recipients: tuple[EventRecipient, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingTable:
    """The routes of an application, in binding order.

    Attributes:
        requests: One route per bound request class: its handler, its behaviors (outermost
            first: global ones in config order, then per-request ones in bind order) and the
            module that bound it.
        streams: One route per bound stream request class: its handler, its stream behaviors
            (outermost first: global ones in config order, then per-stream ones in bind order)
            and the module that bound it.
        events: One delivery per event class that has handlers bound to it directly.
    """

    requests: tuple[RequestRoute, ...]
    streams: tuple[StreamRoute, ...]
    events: tuple[EventDelivery, ...]


def describe_routes(registry: MessagingRegistry) -> RoutingTable:
    """Describe the routes of ``registry``, the frozen routes the bus dispatches with.

    Args:
        registry: The application's registry: ``await app.container.get(MessagingRegistry)``,
            or inject it (APP scope) where a container resolves your code.

    Raises:
        TypeError: ``registry`` is not a ``MessagingRegistry`` (the application itself, say).

    Example::

        table = describe_routes(await app.container.get(MessagingRegistry))
        assert [route.handler_type for route in table.requests] == [PlaceOrderHandler]
    """
    if not is_instance(registry, MessagingRegistry):
        message = (
            f'describe_routes() expects a MessagingRegistry, got {described(registry)}. Hint: pass the '
            'registry of the application: describe_routes(await app.container.get(MessagingRegistry)).'
        )
        raise TypeError(message)
    return RoutingTable(
        requests=tuple(registry.requests.values()),
        streams=tuple(registry.streams.values()),
        # The registry's own delivery plans: the order the bus delivers in.
        events=tuple(EventDelivery(event, registry.event_recipients(event)) for event in registry.events),
    )


def _namer(*, qualified: bool) -> tuple[Callable[[type[Any]], str], Callable[[str], str]]:
    """How to name types and modules: ``module.QualName`` or the bare class name."""
    if qualified:
        return qualname, str
    return (lambda cls: cls.__name__), (lambda module: module.rpartition('.')[2])


def render_table(table: RoutingTable, *, qualified: bool = False) -> str:
    """Render ``table`` as two aligned plain-text tables, requests then events.

    Args:
        table: What [`describe_routes`][] returned.
        qualified: Name classes and modules ``package.module.Name`` instead of ``Name``.

    Returns:
        The text, without a trailing newline. Requests list their behaviors outermost first
        (``-`` for none) and, when any request has some, their exception handlers in match
        order with the exception each catches, and likewise their exception actions in run
        order with the exception each observes; a streams table follows when streams are
        bound; events list their handlers numbered in delivery order, with the event class
        each handler was bound to.
    """
    name, module_name = _namer(qualified=qualified)
    with_exception_handlers = any(route.exception_handlers for route in table.requests)
    request_header: tuple[str, ...] = ('request', 'handler', 'behaviors (outermost first)', 'module')
    with_exception_actions = any(route.exception_actions for route in table.requests)
    if with_exception_handlers:
        request_header = (*request_header[:-1], 'exception handlers', 'module')
    if with_exception_actions:
        request_header = (*request_header[:-1], 'exception actions', 'module')
    request_rows: list[tuple[str, ...]] = []
    for route in table.requests:
        row = [name(route.request_type), name(route.handler_type), _names(name, route.behaviors)]
        if with_exception_handlers:
            catches = (f'{name(handler)} ({name(error)})' for error, handler in route.exception_handlers)
            row.append(', '.join(catches) or '-')
        if with_exception_actions:
            observes = (f'{name(action)} ({name(error)})' for error, action in route.exception_actions)
            row.append(', '.join(observes) or '-')
        request_rows.append((*row, module_name(route.module)))
    stream_lines: list[str] = []
    if table.streams:
        stream_rows = [
            (
                name(route.request_type),
                name(route.handler_type),
                _names(name, route.behaviors),
                module_name(route.module),
            )
            for route in table.streams
        ]
        stream_lines = [
            f'Streams ({len(table.streams)})',
            *_aligned(('stream', 'handler', 'behaviors (outermost first)', 'module'), stream_rows),
            '',
        ]
    event_rows = [
        (
            name(delivery.event_type) if position == 1 else '',
            str(position),
            name(recipient.handler_type),
            name(recipient.bound_to),
            module_name(recipient.module),
        )
        for delivery in table.events
        for position, recipient in enumerate(delivery.recipients, start=1)
    ]
    return '\n'.join(
        [
            f'Requests ({len(table.requests)})',
            *_aligned(request_header, request_rows),
            '',
            *stream_lines,
            f'Events ({len(table.events)})',
            *_aligned(('event', '#', 'handler', 'bound to', 'module'), event_rows),
        ]
    )


def _names(name: Callable[[type[Any]], str], classes: Iterable[type[Any]]) -> str:
    return ', '.join(name(cls) for cls in classes) or '-'


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return ['(none)']
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    rule = ['-' * width for width in widths]
    return [
        '  '.join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, rule, *rows)
    ]


def render_mermaid(table: RoutingTable, *, qualified: bool = False) -> str:
    """Render ``table`` as a Mermaid flowchart.

    Requests are stadium nodes with an edge to their handler, labelled with the behaviors
    (outermost first), and a dotted edge from the handler to each exception handler,
    labelled with the exception it catches, and to each exception action, labelled with
    the exception it observes and ``(observes)``; streams are parallelogram nodes drawn like
    requests; events are hexagon nodes with edges to their handlers, labelled with
    the delivery position. Each binding's handler sits in a subgraph named after the module
    that made the binding; a handler bound to a base event class is one node, reached from
    the base class and from every bound subclass.

    Args:
        table: What [`describe_routes`][] returned.
        qualified: Name classes and modules ``package.module.Name`` instead of ``Name``.

    Returns:
        The Mermaid source (``flowchart LR ...``), without a trailing newline.
    """
    name, module_name = _namer(qualified=qualified)
    # One handler node per binding: (request class,) for requests, (handler, event) for events.
    handler_nodes: dict[tuple[type[Any], ...], str] = {}
    modules: dict[str, list[str]] = {}

    def handler_node(key: tuple[type[Any], ...], handler: type[Any], module: str) -> str:
        node = handler_nodes.get(key)
        if node is None:
            node = handler_nodes[key] = f'h{len(handler_nodes)}'
            modules.setdefault(module, []).append(f'{node}["{_label(name(handler))}"]')
        return node

    edges: list[str] = []
    for index, route in enumerate(table.requests):
        target = handler_node((route.request_type,), route.handler_type, route.module)
        via = ' → '.join(name(behavior) for behavior in route.behaviors)
        arrow = f'-->|"{_label(via)}"|' if via else '-->'
        edges.append(f'r{index}(["{_label(name(route.request_type))}"]) {arrow} {target}')
        for error, exception_handler in route.exception_handlers:
            key = (exception_handler, route.request_type)
            catcher = handler_node(key, exception_handler, route.module)
            edges.append(f'{target} -.->|"{_label(name(error))}"| {catcher}')
        for error, action in route.exception_actions:
            observer = handler_node((action, route.request_type), action, route.module)
            edges.append(f'{target} -.->|"{_label(name(error))} (observes)"| {observer}')
    for index, stream in enumerate(table.streams):
        target = handler_node((stream.request_type,), stream.handler_type, stream.module)
        via = ' → '.join(name(behavior) for behavior in stream.behaviors)
        arrow = f'-->|"{_label(via)}"|' if via else '-->'
        edges.append(f's{index}[/"{_label(name(stream.request_type))}"/] {arrow} {target}')
    for index, delivery in enumerate(table.events):
        source = f'e{index}{{{{"{_label(name(delivery.event_type))}"}}}}'
        for position, recipient in enumerate(delivery.recipients, start=1):
            key = (recipient.handler_type, recipient.bound_to)
            target = handler_node(key, recipient.handler_type, recipient.module)
            edges.append(f'{source} -->|"{position}"| {target}')
            source = f'e{index}'
    return '\n'.join(['flowchart LR', *_subgraphs(modules, module_name), *(f'    {edge}' for edge in edges)])


def _subgraphs(modules: dict[str, list[str]], module_name: Callable[[str], str]) -> Iterable[str]:
    for index, (module, nodes) in enumerate(modules.items()):
        yield f'    subgraph m{index}["{_label(module_name(module))}"]'
        yield from (f'        {node}' for node in nodes)
        yield '    end'


def _label(text: str) -> str:
    """Escape what Mermaid would read as markup (``<locals>`` in qualified names, quotes)."""
    return text.replace('"', '#quot;').replace('<', '#lt;').replace('>', '#gt;')
