"""Properties of ``MessagingRegistry.merge`` for any module order and any event class hierarchy.

What "the same" means when module order changes: a request table does not depend on order;
an event's handlers are the same set, each in the order the documented rule gives *for that
module order* (MRO, most derived first; within a class, module order then list order). A
conflict is a property of the bindings, not of their order, but which binding counts as
"first" is: an error is the same when it has the same type and names the same unordered pair
of bindings. When the bindings hold several conflicts, the order may decide which one is
reported first, so each order must report *one of them*; with a single conflict every order
reports that one, and its "first" binding is the one that comes first in that order.
"""

from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import Any, TypeAlias

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

from denpo.messaging import (
    EventHandlerAlreadyRegistered,
    IEvent,
    IRequest,
    MessagingError,
    MessagingRegistry,
    PipelineBehaviorAlreadyRegistered,
    RequestHandlerAlreadyRegistered,
    RequestRoute,
)
from denpo.messaging.registry import EventBinding, RequestBinding

# Bounded so the suite stays fast; no example database, so no `.hypothesis/` directory appears.
BOUNDED = settings(max_examples=300, deadline=None, database=None)

Source: TypeAlias = tuple[str, list[RequestBinding], list[EventBinding]]
Problem: TypeAlias = tuple[Any, ...]

# The registry compares classes only, so plain classes stand in for handlers and behaviors.
REQUESTS: tuple[type[Any], ...] = tuple(type(f'Request{number}', (IRequest,), {}) for number in range(4))
HANDLERS: tuple[type[Any], ...] = tuple(type(f'Handler{number}', (), {}) for number in range(4))
BEHAVIORS: tuple[type[Any], ...] = tuple(type(f'Behavior{number}', (), {}) for number in range(5))
EVENT_HANDLERS: tuple[type[Any], ...] = tuple(type(f'EventHandler{number}', (), {}) for number in range(8))


@st.composite
def hierarchies(draw: st.DrawFn, max_size: int = 6) -> list[type[Any]]:
    """Event classes, each inheriting up to three earlier ones (multiple inheritance included)."""
    classes: list[type[Any]] = []
    for number in range(draw(st.integers(1, max_size))):
        bases = draw(st.lists(st.sampled_from(classes), max_size=3, unique=True)) if classes else []
        try:
            event = type(f'Event{number}', tuple(bases) or (IEvent,), {})
        except TypeError:  # no consistent MRO for these bases in this order: keep the first one
            event = type(f'Event{number}', (bases[0],), {})
        classes.append(event)
    return classes


def module_sources(events: Sequence[type[Any]]) -> st.SearchStrategy[list[Source]]:
    """Up to four modules binding requests (with behaviors) and events (with handler lists)."""
    request_binding = st.builds(
        RequestBinding,
        st.sampled_from(REQUESTS),
        st.sampled_from(HANDLERS),
        st.lists(st.sampled_from(BEHAVIORS), max_size=2).map(tuple),
    )
    event_binding = st.builds(
        EventBinding,
        st.sampled_from(events),
        st.lists(st.sampled_from(EVENT_HANDLERS), min_size=1, max_size=2).map(tuple),
    )
    module = st.tuples(st.lists(request_binding, max_size=2), st.lists(event_binding, max_size=2))
    return st.lists(module, min_size=1, max_size=4).map(
        lambda modules: [(f'app.Module{number}', *bindings) for number, bindings in enumerate(modules)]
    )


# --- the oracle: what merge must do, computed without it ---------------------------------------


def problems(
    sources: Sequence[Source], global_behaviors: Sequence[type[Any]], events: Sequence[type[Any]]
) -> set[Problem]:
    """Every conflict in the bindings, each as an order-independent key."""
    found: set[Problem] = set()
    found.update(('behavior', None, behavior) for behavior, n in Counter(global_behaviors).items() if n > 1)
    requests: dict[type[Any], list[tuple[type[Any], str]]] = {}
    handlers: dict[type[Any], list[tuple[type[Any], str]]] = {}
    for module, request_bindings, event_bindings in sources:
        for binding in request_bindings:
            requests.setdefault(binding.request_type, []).append((binding.handler_type, module))
            pipeline = Counter((*global_behaviors, *binding.behaviors))
            found.update(('behavior', binding.request_type, item) for item, n in pipeline.items() if n > 1)
        for event_binding in event_bindings:
            for handler in event_binding.handler_types:
                handlers.setdefault(handler, []).append((event_binding.event_type, module))
    for request, bound in requests.items():
        found.update(('request', request, frozenset(pair)) for pair in combinations(bound, 2))
    for handler, bindings in handlers.items():
        for first, second in combinations(bindings, 2):
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


def delivery_order(event: type[Any], sources: Sequence[Source]) -> tuple[type[Any], ...]:
    """The documented rule as a sort key: MRO position, then module order, then list order."""
    keyed = [
        ((event.__mro__.index(binding.event_type), module_index, binding_index, list_index), handler)
        for module_index, (_, _, event_bindings) in enumerate(sources)
        for binding_index, binding in enumerate(event_bindings)
        if binding.event_type in event.__mro__
        for list_index, handler in enumerate(binding.handler_types)
    ]
    return tuple(handler for _, handler in sorted(keyed, key=lambda item: item[0]))


def merge(
    sources: Sequence[Source], global_behaviors: Sequence[type[Any]], events: Sequence[type[Any]]
) -> MessagingRegistry | MessagingError:
    """Merge, then compute the dispatch plan of every event class (publishing each once)."""
    try:
        registry = MessagingRegistry.merge(sources, global_behaviors)
        for event in events:
            registry.event_handlers(event)
    except MessagingError as error:
        return error
    return registry


def module_position(sources: Sequence[Source]) -> dict[str, int]:
    return {name: position for position, (name, _, _) in enumerate(sources)}


# --- properties --------------------------------------------------------------------------------


@BOUNDED
@given(
    events=hierarchies(max_size=4),
    global_behaviors=st.lists(st.sampled_from(BEHAVIORS), max_size=2),
    data=st.data(),
)
def test_any_module_order_gives_the_same_tables_or_the_same_conflict(
    events: list[type[Any]], global_behaviors: list[type[Any]], data: st.DataObject
) -> None:
    sources = data.draw(module_sources(events), label='modules')
    orders = [
        sources,
        data.draw(st.permutations(sources), label='permuted'),
        sources[::-1],
    ]
    expected = problems(sources, global_behaviors, events)
    hypothesis.event(f'conflicts: {min(len(expected), 2)}')  # `--hypothesis-show-statistics` shows the mix
    hypothesis.event(f'kinds: {sorted({problem[0] for problem in expected})}')
    outcomes = [merge(order, global_behaviors, events) for order in orders]
    if not expected:
        registries = [outcome for outcome in outcomes if isinstance(outcome, MessagingRegistry)]
        assert len(registries) == len(orders)
        routes = {
            binding.request_type: RequestRoute(
                binding.request_type, binding.handler_type, (*global_behaviors, *binding.behaviors), module
            )
            for module, request_bindings, _ in sources
            for binding in request_bindings
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
        if isinstance(error, RequestHandlerAlreadyRegistered):
            assert position[error.first_module] <= position[error.second_module]
        if isinstance(error, EventHandlerAlreadyRegistered) and error.first_event is error.event_type:
            assert position[error.first_module] <= position[error.second_module]


@BOUNDED
@given(events=hierarchies(), data=st.data())
def test_event_handlers_follow_the_documented_order_for_any_hierarchy(
    events: list[type[Any]], data: st.DataObject
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
    sources: list[Source] = [
        (
            f'app.Module{number}',
            [],
            [
                EventBinding(event, tuple(type(f'Handler{next(serial)}', (), {}) for _ in range(size)))
                for event, size in bindings
            ],
        )
        for number, bindings in enumerate(layout)
    ]
    registry = MessagingRegistry.merge(sources)
    for event in events:
        plan = registry.event_handlers(event)
        assert plan == delivery_order(event, sources)
        assert len(set(plan)) == len(plan)  # each handler once
        assert registry.event_handlers(event) is plan  # computed once, then looked up
    bound = {
        handler for _, _, bindings in sources for binding in bindings for handler in binding.handler_types
    }
    delivered = {handler for event in events for handler in registry.event_handlers(event)}
    assert delivered == bound  # a handler bound to any class of the hierarchy is reachable
