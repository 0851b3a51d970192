"""Properties of ``MessagingRegistry.merge`` for any module order and any event class hierarchy.

What "the same" means when module order changes: a request table does not depend on order;
an event's handlers are the same set, each in the order the documented rule gives *for that
module order* (MRO, most derived first; within a class, module order then list order). A
conflict is a property of the bindings, not of their order, but which binding counts as
"first" is: an error is the same when it has the same type and names the same unordered pair
of bindings. When the bindings hold several conflicts, the order may decide which one is
reported first, so each order must report *one of them*; with a single conflict every order
reports that one, and its "first" binding is the one that comes first in that order.

Every event class exists before the registry is built, so every conflict is reported by
``merge`` itself, never later by a lookup.

The bindings are made through ``MessagingExtension``, each extension free of the mistakes that
``bind_*`` refuses on its own (a request or a behavior twice in one extension, a handler twice
in one list): what is left are the mistakes only the merge of several modules can see.
"""

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any, TypeAlias

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import override

from denpo.messaging import (
    CallNext,
    EventHandler,
    EventHandlerAlreadyRegistered,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingError,
    MessagingExtension,
    MessagingRegistry,
    ModuleBindings,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestRoute,
)

# Bounded so the suite stays fast; no example database, so no `.hypothesis/` directory appears.
BOUNDED = settings(max_examples=300, deadline=None, database=None)

Problem: TypeAlias = tuple[Any, ...]
RequestSpec: TypeAlias = tuple[
    type[IRequest[Any]], type[RequestHandler[Any, Any]], tuple[type[IPipelineBehavior[Any, Any]], ...]
]
EventSpec: TypeAlias = tuple[type[IEvent], tuple[type[EventHandler[IEvent]], ...]]
ModuleSpec: TypeAlias = tuple[list[RequestSpec], list[EventSpec]]


def request_handler(name: str) -> type[RequestHandler[Any, Any]]:
    class Handler(RequestHandler[Any, Any]):
        @override
        async def handle(self, request: Any, /) -> Any:
            return None

    Handler.__name__ = Handler.__qualname__ = name
    return Handler


def behavior(name: str) -> type[IPipelineBehavior[Any, Any]]:
    class Behavior(IPipelineBehavior[Any, Any]):
        @override
        async def handle(self, request: Any, /, call_next: CallNext[Any]) -> Any:
            return await call_next()

    Behavior.__name__ = Behavior.__qualname__ = name
    return Behavior


def event_handler(name: str) -> type[EventHandler[IEvent]]:
    class Handler(EventHandler[IEvent]):
        @override
        async def handle(self, event: IEvent, /) -> None:
            pass

    Handler.__name__ = Handler.__qualname__ = name
    return Handler


REQUESTS: tuple[type[IRequest[Any]], ...] = tuple(
    type(f'Request{number}', (IRequest,), {}) for number in range(4)
)
HANDLERS: tuple[type[RequestHandler[Any, Any]], ...] = tuple(
    request_handler(f'Handler{number}') for number in range(4)
)
BEHAVIORS: tuple[type[IPipelineBehavior[Any, Any]], ...] = tuple(
    behavior(f'Behavior{number}') for number in range(5)
)
EVENT_HANDLERS: tuple[type[EventHandler[IEvent]], ...] = tuple(
    event_handler(f'EventHandler{number}') for number in range(8)
)


@st.composite
def hierarchies(draw: st.DrawFn, max_size: int = 6) -> list[type[IEvent]]:
    """Event classes, each inheriting up to three earlier ones (multiple inheritance included)."""
    classes: list[type[IEvent]] = []
    for number in range(draw(st.integers(1, max_size))):
        bases = draw(st.lists(st.sampled_from(classes), max_size=3, unique=True)) if classes else []
        try:
            event = type(f'Event{number}', tuple(bases) or (IEvent,), {})
        except TypeError:  # no consistent MRO for these bases in this order: keep the first one
            event = type(f'Event{number}', (bases[0],), {})
        classes.append(event)
    return classes


def module_specs(events: Sequence[type[IEvent]]) -> st.SearchStrategy[list[ModuleSpec]]:
    """Up to four modules binding requests (with behaviors) and events (with handler lists)."""
    request = st.tuples(
        st.sampled_from(REQUESTS),
        st.sampled_from(HANDLERS),
        st.lists(st.sampled_from(BEHAVIORS), max_size=2, unique=True).map(tuple),
    )
    event = st.tuples(
        st.sampled_from(events),
        st.lists(st.sampled_from(EVENT_HANDLERS), min_size=1, max_size=2, unique=True).map(tuple),
    )
    module = st.tuples(
        st.lists(request, max_size=2, unique_by=lambda spec: spec[0]), st.lists(event, max_size=2)
    )
    return st.lists(module, min_size=1, max_size=4)


def bind(specs: Sequence[ModuleSpec]) -> list[ModuleBindings]:
    """One ``MessagingExtension`` per module spec, as the bindings of ``app.Module<n>``."""
    modules: list[ModuleBindings] = []
    for number, (requests, events) in enumerate(specs):
        extension = MessagingExtension()
        for request_type, handler_type, behaviors in requests:
            extension.bind_request(request_type, handler_type, behaviors=behaviors)
        for event_type, handler_types in events:
            extension.bind_event(event_type, handler_types)
        modules.append(extension.bindings(f'app.Module{number}'))
    return modules


# --- the oracle: what merge must do, computed without it ---------------------------------------


def problems(
    modules: Sequence[ModuleBindings], global_behaviors: Sequence[type[Any]], events: Sequence[type[Any]]
) -> set[Problem]:
    """Every conflict in the bindings, each as an order-independent key."""
    found: set[Problem] = set()
    found.update(('behavior', None, behavior) for behavior, n in Counter(global_behaviors).items() if n > 1)
    requests: dict[type[Any], list[tuple[type[Any], str]]] = {}
    handlers: dict[type[Any], list[tuple[type[Any], str]]] = {}
    for bindings in modules:
        for binding in bindings.requests:
            requests.setdefault(binding.request_type, []).append((binding.handler_type, bindings.module))
            pipeline = Counter((*global_behaviors, *binding.behaviors))
            found.update(('behavior', binding.request_type, item) for item, n in pipeline.items() if n > 1)
        for event_binding in bindings.events:
            for handler in event_binding.handler_types:
                handlers.setdefault(handler, []).append((event_binding.event_type, bindings.module))
    for request, bound in requests.items():
        found.update(('request', request, frozenset(pair)) for pair in combinations(bound, 2))
    for handler, bindings_of_handler in handlers.items():
        for first, second in combinations(bindings_of_handler, 2):
            # Twice to one event, or to two classes that one event class inherits both of.
            if any(first[0] in event.__mro__ and second[0] in event.__mro__ for event in events):
                found.add(('event', handler, frozenset((first, second))))
    return found


def problem_of(error: MessagingError) -> Problem:
    """The order-independent key of a reported conflict."""
    if isinstance(error, RequestHandlerAlreadyRegistered):
        pair = ((error.first_handler, error.first_module), (error.second_handler, error.second_module))
        return 'request', error.request_type, frozenset(pair)
    if isinstance(error, EventHandlerAlreadyRegistered):
        pair = ((error.first_event, error.first_module), (error.event_type, error.second_module))
        return 'event', error.handler_type, frozenset(pair)
    assert isinstance(error, PipelineBehaviorAlreadyRegistered)
    return 'behavior', error.request_type, error.behavior_type


def delivery_order(event: type[Any], modules: Sequence[ModuleBindings]) -> tuple[type[Any], ...]:
    """The documented rule as a sort key: MRO position, then module order, then list order."""
    keyed = [
        ((event.__mro__.index(binding.event_type), module_index, binding_index, list_index), handler)
        for module_index, bindings in enumerate(modules)
        for binding_index, binding in enumerate(bindings.events)
        if binding.event_type in event.__mro__
        for list_index, handler in enumerate(binding.handler_types)
    ]
    return tuple(handler for _, handler in sorted(keyed, key=lambda item: item[0]))


def merge(
    modules: Sequence[ModuleBindings], global_behaviors: Sequence[type[Any]]
) -> MessagingRegistry | MessagingError:
    try:
        return MessagingRegistry.merge(modules, global_behaviors)
    except MessagingError as error:
        return error


def module_position(modules: Sequence[ModuleBindings]) -> dict[str, int]:
    return {bindings.module: position for position, bindings in enumerate(modules)}


# --- properties --------------------------------------------------------------------------------


@BOUNDED
@given(
    events=hierarchies(max_size=4),
    global_behaviors=st.lists(st.sampled_from(BEHAVIORS), max_size=2),
    data=st.data(),
)
def test_any_module_order_gives_the_same_tables_or_the_same_conflict(
    events: list[type[IEvent]], global_behaviors: list[type[IPipelineBehavior[Any, Any]]], data: st.DataObject
) -> None:
    modules = bind(data.draw(module_specs(events), label='modules'))
    orders = [
        modules,
        data.draw(st.permutations(modules), label='permuted'),
        modules[::-1],
    ]
    expected = problems(modules, global_behaviors, events)
    hypothesis.event(f'conflicts: {min(len(expected), 2)}')  # `--hypothesis-show-statistics` shows the mix
    hypothesis.event(f'kinds: {sorted({problem[0] for problem in expected})}')
    outcomes = [merge(order, global_behaviors) for order in orders]
    if not expected:
        registries = [outcome for outcome in outcomes if isinstance(outcome, MessagingRegistry)]
        assert len(registries) == len(orders)
        routes = {
            binding.request_type: RequestRoute(
                binding.request_type,
                binding.handler_type,
                (*global_behaviors, *binding.behaviors),
                bindings.module,
            )
            for bindings in modules
            for binding in bindings.requests
        }
        for order, registry in zip(orders, registries, strict=True):
            assert registry.requests == routes
            for event in events:
                assert registry.event_handlers(event) == delivery_order(event, order)
                assert set(registry.event_handlers(event)) == set(registries[0].event_handlers(event))
        return
    errors = [outcome for outcome in outcomes if isinstance(outcome, MessagingError)]
    assert len(errors) == len(orders)
    reported = [problem_of(error) for error in errors]
    assert all(problem in expected for problem in reported)
    if len(expected) == 1:
        assert reported == [reported[0]] * len(orders)
    for order, error in zip(orders, errors, strict=True):
        position = module_position(order)
        if not isinstance(error, RequestHandlerAlreadyRegistered | EventHandlerAlreadyRegistered):
            continue
        if isinstance(error, EventHandlerAlreadyRegistered) and error.first_event is not error.event_type:
            continue  # bound to two classes: the first binding is the base class one, not a module's
        assert error.first_module is not None  # the merge names both modules
        assert error.second_module is not None
        assert position[error.first_module] <= position[error.second_module]


@BOUNDED
@given(events=hierarchies(), data=st.data())
def test_event_handlers_follow_the_documented_order_for_any_hierarchy(
    events: list[type[IEvent]], data: st.DataObject
) -> None:
    # Fresh handler classes, each bound once: no conflicts, only order.
    layout = data.draw(
        st.lists(
            st.lists(st.tuples(st.sampled_from(events), st.integers(1, 3)), max_size=4),
            min_size=1,
            max_size=4,
        ),
        label='bindings',
    )
    serial = iter(range(1_000))
    extensions = [MessagingExtension() for _ in layout]
    for extension, bindings in zip(extensions, layout, strict=True):
        for event, size in bindings:
            extension.bind_event(event, [event_handler(f'Handler{next(serial)}') for _ in range(size)])
    modules = [extension.bindings(f'app.Module{number}') for number, extension in enumerate(extensions)]
    registry = MessagingRegistry.merge(modules)
    for event in events:
        plan = registry.event_handlers(event)
        assert plan == delivery_order(event, modules)
        assert len(set(plan)) == len(plan)  # each handler once
        assert registry.event_handlers(event) is plan  # planned once, then looked up
        assert tuple(recipient.handler_type for recipient in registry.event_recipients(event)) == plan
    bound = {
        handler for bindings in modules for binding in bindings.events for handler in binding.handler_types
    }
    delivered = {handler for event in events for handler in registry.event_handlers(event)}
    assert delivered == bound  # a handler bound to any class of the hierarchy is reachable
