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
from mypy.subtypes import is_subtype
from mypy.types import AnyType

from denpo_mypy import _errors
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import Problem, Verdict, abstract_problem
from denpo_mypy._kinds import BehaviorWords, RequestKind
from denpo_mypy._types import (
    ClassRef,
    declared_arguments,
    describe,
    is_value,
    name_of,
    promised_response,
    solve,
)

__all__ = ['behavior_problem', 'not_a_list_problem']


def not_a_list_problem(
    kind: RequestKind, words: BehaviorWords, passed: Argument, options: Options
) -> Problem:
    """Report one class or value passed as ``behaviors=`` in place of a list."""
    return _errors.BEHAVIOR_MISMATCH, (
        f'{kind.call}(..., behaviors=...) expects a list of {words.noun} classes, got '
        f'{describe(passed.type, options)}. Hint: write behaviors=[<behavior class>, ...].'
    )


def behavior_problem(
    request: ClassRef, passed: Argument, kind: RequestKind, words: BehaviorWords, options: Options
) -> Verdict:
    """What is wrong with running the behavior class ``passed`` around ``request``, if anything."""
    behavior = _behavior_class(passed, words, options)
    if not isinstance(behavior, ClassRef):
        return behavior
    declared = declared_arguments(behavior.instance, words.base)
    promised = promised_response(request.instance, kind.contract)
    if promised is None or declared is None or len(declared) != 2:  # noqa: PLR2004  # IPipelineBehavior[Q, R]
        return None if behavior.info.fallback_to_any else Unreadable(f'the behavior {behavior.name}')
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
                    f'{words.noun.capitalize()} {behavior.name} handles {name_of(handled, options)}, not '
                    f'{request.name}. Hint: make it generic ({words.name}[Q, R]) or bind it to '
                    f'requests of {name_of(handled, options)}.'
                ),
            )
        elif not (is_subtype(returned, promised) and is_subtype(promised, returned)):
            problem = (
                _errors.BEHAVIOR_MISMATCH,
                (
                    f'{words.noun.capitalize()} {behavior.name} works on {name_of(returned, options)} '
                    f'{words.works_on}, but {request.name} promises {name_of(promised, options)}. Hint: '
                    f'make the behavior generic in its {words.generic_in} ({words.name}[Q, R]).'
                ),
            )
    return problem


def _behavior_class(passed: Argument, words: BehaviorWords, options: Options) -> ClassRef | Verdict:
    behavior = passed.ref
    typ = passed.type
    fix = f'Hint: inherit {words.name}[<request>, <{words.placeholder}>] and implement handle().'
    if behavior is None:
        if isinstance(typ, AnyType):
            return None
        if is_value(typ):
            return _errors.BEHAVIOR_MISMATCH, f'{describe(typ, options)} is not a {words.noun}. {fix}'
        return Unreadable(f'a behavior of type {typ}')
    if behavior.info.has_base(words.base) or behavior.info.fallback_to_any:
        return behavior
    return _errors.BEHAVIOR_MISMATCH, f'{behavior.name} is not a {words.noun}. {fix}'
