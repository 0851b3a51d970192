"""``bind_event(E, [H1, H2, ...])``: the event class and each of its handlers.

Reports a first argument that is not an ``IEvent`` class (``denpo-not-an-event``), and for
each handler: not an event handler (``denpo-not-a-handler``), abstract
(``denpo-abstract-handler``), written for an event that ``E`` does not derive from
(``denpo-event-mismatch``), or listed twice (``denpo-duplicate-event-handler``). A handler of a
base event fits a derived event: handlers receive the subclasses of their event.
"""

from __future__ import annotations

from typing import Final

from mypy.options import Options
from mypy.plugin import MethodContext
from mypy.subtypes import is_subtype
from mypy.types import Type, get_proper_type

from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import Argument, argument, has_star_arguments, sequence_items
from denpo_mypy._classes import (
    Problem,
    Signature,
    abstract_problem,
    handler_class,
    handler_signature,
    message_class,
)
from denpo_mypy._types import (
    ClassRef,
    class_ref,
    describe,
    is_value,
    name_of,
    solve,
)

__all__ = ['check', 'handler_problem']

_BASES: Final = (_fullnames.EVENT_HANDLER, _fullnames.IEVENT_HANDLER)
_WRONG_ROLES: Final = {
    _fullnames.REQUEST_HANDLER: (
        'is a request handler, not an event handler. '
        'Hint: bind it with bind_request(<request class>, {name}).'
    ),
    _fullnames.IREQUEST_HANDLER: (
        'is a request handler, not an event handler. '
        'Hint: bind it with bind_request(<request class>, {name}).'
    ),
    _fullnames.PIPELINE_BEHAVIOR: (
        'is a pipeline behavior, not an event handler. '
        'Hint: pass it as bind_request(..., behaviors=[{name}]).'
    ),
}


def check(ctx: MethodContext) -> None:
    """Check the event and handler arguments of one ``bind_event`` call."""
    event_argument = argument(ctx, 0)
    handlers_argument = argument(ctx, 1)
    if event_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    event = message_class(event_argument.type, _fullnames.IEVENT, options, call='bind_event', kind='event')
    if event is None:
        return
    if not isinstance(event, ClassRef):
        _errors.report(ctx, *event, at=event_argument.node)
        return
    if handlers_argument is None:
        return
    items = sequence_items(ctx, handlers_argument)
    if items is None:
        _report_not_a_list(ctx, event, handlers_argument, options)
        return
    seen: set[str] = set()
    for item in items:
        problem = handler_problem(event, item.type, options)
        if problem is None:
            problem = _duplicate(event, item, seen)
        if problem is not None:
            _errors.report(ctx, *problem, at=item.node)


def handler_problem(event: ClassRef, typ: Type, options: Options) -> Problem | None:
    """What is wrong with delivering ``event`` to the handler class ``typ``, if anything."""
    fix = f'inherit EventHandler[{event.name}] and implement handle()'
    handler = handler_class(typ, options, role='event handler', fix=fix, wrong_roles=_WRONG_ROLES)
    if not isinstance(handler, ClassRef):
        return handler
    signature = handler_signature(handler, _BASES, options)
    if not isinstance(signature, Signature):
        return signature
    problem = abstract_problem(handler)
    if problem is None:
        (handled,) = solve(
            handler.variables, [(signature.handles, event.instance, True)], [signature.handles]
        )
        if not is_subtype(event.instance, handled):
            problem = (
                _errors.EVENT_MISMATCH,
                (
                    f'{handler.name} handles {name_of(handled, options)}, not {event.name}. '
                    f'Hint: bind it to {name_of(handled, options)} or one of its subclasses.'
                ),
            )
    return problem


def _duplicate(event: ClassRef, item: Argument, seen: set[str]) -> Problem | None:
    handler = class_ref(item.type)
    if handler is None or not handler.exact or not item.written:
        return None
    if handler.info.fullname not in seen:
        seen.add(handler.info.fullname)
        return None
    return _errors.DUPLICATE_EVENT_HANDLER, (
        f'Event handler {handler.name} is listed twice in bind_event({event.name}, [...]); it would '
        f'receive each {event.name} twice. Hint: list it once.'
    )


def _report_not_a_list(ctx: MethodContext, event: ClassRef, passed: Argument, options: Options) -> None:
    proper = get_proper_type(passed.type)
    single = class_ref(proper)
    if not is_value(proper) and single is None:
        return
    example = single.name if single is not None else 'Handler1, Handler2'
    _errors.report(
        ctx,
        _errors.NOT_A_HANDLER,
        f'bind_event({event.name}, ...) expects a list of handler classes, got {describe(proper, options)}. '
        f'Hint: write bind_event({event.name}, [{example}]).',
        at=passed.node,
    )
