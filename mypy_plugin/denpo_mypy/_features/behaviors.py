"""``bind_request(R, H, behaviors=[...])``: each behavior must fit the request and its response.

``bind_stream(S, H, behaviors=[...])`` is checked the same way: stream behaviors inherit
``IStreamPipelineBehavior[Q, T]`` and must fit the stream request and the item type it promises.

A behavior ``IPipelineBehavior[Q, X]`` fits request ``R`` promising ``Y`` when ``R`` is a
subtype of ``Q`` (it accepts the request) and ``X`` is ``Y`` (it returns what ``invoke``
promises, and accepts what ``call_next()`` returns). Type variables of a generic behavior are
solved first, so ``class Logging(IPipelineBehavior[Q, R], Generic[Q, R])`` always fits. A
mistake is ``denpo-behavior-mismatch`` (so is a class of another role: a handler, an exception
handler, a stream behavior around a request); the same class written twice in one list is
``denpo-duplicate-behavior``.
"""

from __future__ import annotations

from mypy.options import Options
from mypy.subtypes import is_subtype
from mypy.types import AnyType, Type

from denpo import _catalogue
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import (
    Verdict,
    abstract_problem,
    bare_class,
    plain_def_handle,
    role_of,
    written_again,
    wrong_role_problem,
)
from denpo_mypy._errors import Problem, problem
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import (
    ClassRef,
    declared_arguments,
    describe,
    is_value,
    name_of,
    promised_response,
    solve,
    solved_name,
)

__all__ = ['behavior_problem', 'duplicate_problem', 'not_a_list_problem']


def not_a_list_problem(request: ClassRef, kind: RequestKind, passed: Argument, options: Options) -> Problem:
    """Report one class or value passed as ``behaviors=`` in place of a list."""
    return problem(
        _catalogue.BEHAVIORS_NOT_A_LIST,
        kind=kind.words,
        where=f'{kind.call}({request.name}, ..., behaviors=...)',
        got=describe(passed.type, options),
        argument='behaviors',
        example='Behavior1, Behavior2' if passed.ref is None else passed.ref.name,
    )


def behavior_problem(
    request: ClassRef, passed: Argument, kind: RequestKind, base: str, options: Options
) -> Verdict:
    """What is wrong with running the behavior class ``passed`` (of ``base``) around ``request``."""
    behavior = _behavior_class(passed, kind, base, options)
    if not isinstance(behavior, ClassRef):
        return behavior
    declared = declared_arguments(behavior.instance, base)
    promised = promised_response(request.instance, kind.contract)
    if promised is None or declared is None or len(declared) != 2:  # noqa: PLR2004  # IPipelineBehavior[Q, R]
        return None if behavior.info.fallback_to_any else Unreadable(f'the behavior {behavior.name}')
    found = abstract_problem(behavior)
    if found is None and plain_def_handle(behavior, kind):
        found = problem(kind.not_produced, name=behavior.name)
    if found is None:
        solution = solve(
            behavior.variables,
            [(declared[0], request.instance, True), (declared[1], promised, True)],
            declared,
        )
        handled, returned = solution.types
        broken_request, broken_response = solution.breaks_in(declared[0]), solution.breaks_in(declared[1])
        if broken_request is not None or not is_subtype(request.instance, handled):
            found = problem(
                _catalogue.BEHAVIOR_REQUEST_MISMATCH,
                kind=kind.words,
                behavior=behavior.name,
                handled=solved_name(handled, declared[0], broken_request, options),
                request=request.name,
            )
        elif broken_response is not None or not _same(returned, promised):
            found = problem(
                _catalogue.BEHAVIOR_RESPONSE_MISMATCH,
                kind=kind.words,
                behavior=behavior.name,
                returned=solved_name(returned, declared[1], broken_response, options),
                request=request.name,
                promised=name_of(promised, options),
            )
    return found


def _same(returned: Type, promised: Type) -> bool:
    """A behavior both receives and returns the response: it must be the promised type itself."""
    return is_subtype(returned, promised) and is_subtype(promised, returned)


def duplicate_problem(request: ClassRef, kind: RequestKind, item: Argument, seen: set[str]) -> Problem | None:
    """Report a behavior class written a second time in one ``behaviors=[...]`` list."""
    behavior = written_again(item, seen)
    if behavior is None:
        return None
    words = kind.words
    return problem(
        _catalogue.BEHAVIOR_LISTED_TWICE,
        kind=words,
        behavior=behavior.name,
        pipeline=(
            f'the pipeline of {words.message} {request.name} (per-request behaviors repeat it, '
            'or repeat a global one)'
        ),
    )


def _behavior_class(passed: Argument, kind: RequestKind, base: str, options: Options) -> ClassRef | Verdict:
    behavior = passed.ref
    typ = passed.type
    if behavior is None:
        if isinstance(typ, AnyType):
            return None
        if is_value(typ):
            return problem(_catalogue.NOT_A_BEHAVIOR, kind=kind.words, got=describe(typ, options))
        return Unreadable(f'a behavior of type {typ}')
    if behavior.info.has_base(base) or behavior.info.fallback_to_any:
        # Written with arguments, the runtime refuses it whatever its unknown bases are.
        return bare_class(behavior, _catalogue.PARAMETERIZED_BEHAVIOR, options, kind=kind.words)
    role = role_of(behavior)
    if role is not None:
        return wrong_role_problem(_catalogue.BEHAVIOR_WRONG_ROLE, behavior, role, kind=kind.words)
    return problem(_catalogue.NOT_A_BEHAVIOR, kind=kind.words, got=describe(typ, options))
