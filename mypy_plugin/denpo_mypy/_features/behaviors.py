"""``bind_request(R, H, behaviors=[...])``: each behavior must fit the request and its response.

``bind_stream(S, H, behaviors=[...])`` is checked the same way: stream behaviors inherit
``IStreamPipelineBehavior[Q, T]`` and must fit the stream request and the item type it promises.

A behavior ``IPipelineBehavior[Q, X]`` fits request ``R`` promising ``Y`` when ``R`` is a
subtype of ``Q`` (it accepts the request) and ``X`` is ``Y`` (it returns what ``invoke``
promises, and accepts what ``call_next()`` returns). Type variables of a generic behavior are
solved first, so ``class Logging(IPipelineBehavior[Q, R], Generic[Q, R])`` always fits.
"""

from __future__ import annotations

from mypy.options import Options
from mypy.plugin import MethodContext
from mypy.subtypes import is_subtype
from mypy.types import Type, get_proper_type

from denpo_mypy import _errors
from denpo_mypy._arguments import argument, has_star_arguments, sequence_items
from denpo_mypy._classes import Problem, abstract_problem, request_class
from denpo_mypy._kinds import REQUEST, STREAM, RequestKind
from denpo_mypy._types import (
    ClassRef,
    class_ref,
    declared_arguments,
    describe,
    is_value,
    name_of,
    promised_response,
    solve,
)

__all__ = ['check', 'check_stream']


def check(ctx: MethodContext) -> None:
    """Check every per-request behavior of one ``bind_request`` call."""
    _check(ctx, REQUEST)


def check_stream(ctx: MethodContext) -> None:
    """Check every per-stream behavior of one ``bind_stream`` call."""
    _check(ctx, STREAM)


def _check(ctx: MethodContext, kind: RequestKind) -> None:
    request_argument = argument(ctx, 0)
    behaviors_argument = argument(ctx, 2)
    if request_argument is None or behaviors_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    request = request_class(request_argument.type, options, kind)
    if not isinstance(request, ClassRef):
        return  # the request itself is reported by the request_binding feature
    items = sequence_items(ctx, behaviors_argument)
    if items is None:
        proper = get_proper_type(behaviors_argument.type)
        if is_value(proper) or class_ref(proper) is not None:
            _errors.report(
                ctx,
                _errors.BEHAVIOR_MISMATCH,
                f'{kind.call}(..., behaviors=...) expects a list of {_noun(kind)} classes, got '
                f'{describe(proper, options)}. Hint: write behaviors=[<behavior class>, ...].',
                at=behaviors_argument.node,
            )
        return
    for item in items:
        problem = behavior_problem(request, item.type, options, kind)
        if problem is not None:
            _errors.report(ctx, *problem, at=item.node)


def _noun(kind: RequestKind) -> str:
    return 'pipeline behavior' if kind is REQUEST else 'stream pipeline behavior'


def behavior_problem(
    request: ClassRef, typ: Type, options: Options, kind: RequestKind = REQUEST
) -> Problem | None:
    """What is wrong with running the behavior class ``typ`` around ``request``, if anything."""
    behavior = _behavior_class(typ, options, kind)
    if not isinstance(behavior, ClassRef):
        return behavior
    declared = declared_arguments(behavior.instance, kind.behavior_base)
    promised = promised_response(request.instance, kind.contract)
    if promised is None or declared is None or len(declared) != 2:  # noqa: PLR2004  # IPipelineBehavior[Q, R]
        return None
    problem = abstract_problem(behavior)
    if problem is None:
        handled, returned = solve(
            behavior.variables,
            [(declared[0], request.instance, True), (declared[1], promised, True)],
            declared,
        )
        if not is_subtype(request.instance, handled):
            problem = (
                _errors.BEHAVIOR_MISMATCH,
                (
                    f'{_noun(kind).capitalize()} {behavior.name} handles {name_of(handled, options)}, not '
                    f'{request.name}. Hint: make it generic ({kind.behavior_name}[Q, R]) or bind it to '
                    f'requests of {name_of(handled, options)}.'
                ),
            )
        elif not (is_subtype(returned, promised) and is_subtype(promised, returned)):
            problem = (
                _errors.BEHAVIOR_MISMATCH,
                (
                    f'{_noun(kind).capitalize()} {behavior.name} works on {name_of(returned, options)} '
                    f'{"responses" if kind is REQUEST else "items"}, but {request.name} promises '
                    f'{name_of(promised, options)}. Hint: make the behavior generic in its '
                    f'{"response" if kind is REQUEST else "item type"} ({kind.behavior_name}[Q, R]).'
                ),
            )
    return problem


def _behavior_class(typ: Type, options: Options, kind: RequestKind) -> ClassRef | Problem | None:
    proper = get_proper_type(typ)
    behavior = class_ref(proper)
    response = 'response' if kind is REQUEST else 'item'
    fix = f'Hint: inherit {kind.behavior_name}[<request>, <{response}>] and implement handle().'
    if behavior is None:
        if is_value(proper):
            return (
                _errors.BEHAVIOR_MISMATCH,
                f'{describe(proper, options)} is not a {_noun(kind)}. {fix}',
            )
        return None
    if behavior.info.has_base(kind.behavior_base) or behavior.info.fallback_to_any:
        return behavior
    return _errors.BEHAVIOR_MISMATCH, f'{behavior.name} is not a {_noun(kind)}. {fix}'
