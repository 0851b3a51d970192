"""``bind_request(R, H, behaviors=[...])``: each behavior must fit the request and its response.

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

from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import argument, has_star_arguments, sequence_items
from denpo_mypy._classes import Problem, abstract_problem, request_class
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

__all__ = ['check']

_FIX = 'Hint: inherit IPipelineBehavior[<request>, <response>] and implement handle().'


def check(ctx: MethodContext) -> None:
    """Check every per-request behavior of one ``bind_request`` call."""
    request_argument = argument(ctx, 0)
    behaviors_argument = argument(ctx, 2)
    if request_argument is None or behaviors_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    request = request_class(request_argument.type, options)
    if not isinstance(request, ClassRef):
        return  # the request itself is reported by the request_binding feature
    items = sequence_items(ctx, behaviors_argument)
    if items is None:
        proper = get_proper_type(behaviors_argument.type)
        if is_value(proper) or class_ref(proper) is not None:
            _errors.report(
                ctx,
                _errors.BEHAVIOR_MISMATCH,
                f'bind_request(..., behaviors=...) expects a list of pipeline behavior classes, got '
                f'{describe(proper, options)}. Hint: write behaviors=[<behavior class>, ...].',
                at=behaviors_argument.node,
            )
        return
    for item in items:
        problem = behavior_problem(request, item.type, options)
        if problem is not None:
            _errors.report(ctx, *problem, at=item.node)


def behavior_problem(request: ClassRef, typ: Type, options: Options) -> Problem | None:
    """What is wrong with running the behavior class ``typ`` around ``request``, if anything."""
    behavior = _behavior_class(typ, options)
    if not isinstance(behavior, ClassRef):
        return behavior
    declared = declared_arguments(behavior.instance, _fullnames.PIPELINE_BEHAVIOR)
    promised = promised_response(request.instance)
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
                    f'Pipeline behavior {behavior.name} handles {name_of(handled, options)}, not '
                    f'{request.name}. Hint: make it generic (IPipelineBehavior[Q, R]) or bind it to requests '
                    f'of {name_of(handled, options)}.'
                ),
            )
        elif not (is_subtype(returned, promised) and is_subtype(promised, returned)):
            problem = (
                _errors.BEHAVIOR_MISMATCH,
                (
                    f'Pipeline behavior {behavior.name} works on {name_of(returned, options)} responses, but '
                    f'{request.name} promises {name_of(promised, options)}. Hint: make the behavior generic '
                    f'in its response (IPipelineBehavior[Q, R]).'
                ),
            )
    return problem


def _behavior_class(typ: Type, options: Options) -> ClassRef | Problem | None:
    proper = get_proper_type(typ)
    behavior = class_ref(proper)
    if behavior is None:
        if is_value(proper):
            return (
                _errors.BEHAVIOR_MISMATCH,
                f'{describe(proper, options)} is not a pipeline behavior. {_FIX}',
            )
        return None
    if behavior.info.has_base(_fullnames.PIPELINE_BEHAVIOR) or behavior.info.fallback_to_any:
        return behavior
    return _errors.BEHAVIOR_MISMATCH, f'{behavior.name} is not a pipeline behavior. {_FIX}'
