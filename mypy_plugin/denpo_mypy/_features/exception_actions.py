"""``bind_request(R, H, exception_actions=[...])``: each exception action must fit the binding.

An exception action ``RequestExceptionAction[Q, E]`` fits request ``R`` when ``R`` is a subtype
of ``Q`` (it accepts the request). It returns nothing and the exception propagates after it, so
the response the request promises does not constrain it. Type variables of a generic action are
solved first, bounds included, so ``class Audit(RequestExceptionAction[Q, Exception],
Generic[Q])`` fits any request and one bounded to commands fits commands only. The exception it
declares must be one ``Exception`` class (the bus tests it with ``isinstance``), never a type
variable, and bare (or with ``Any`` arguments): ``GenErr[int]`` would match any ``GenErr``. A
mistake is ``denpo-exception-action-mismatch`` (so is a class of another role, such as an
exception handler, and an ``execute()`` that is a plain ``def``); an abstract class is
``denpo-abstract-handler``; the same class written twice in one list is
``denpo-duplicate-exception-action``.
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import FuncDef
from mypy.options import Options
from mypy.subtypes import is_subtype

from denpo import _catalogue
from denpo_mypy import _fullnames
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import (
    Verdict,
    abstract_problem,
    written_again,
)
from denpo_mypy._errors import Problem, problem
from denpo_mypy._features.exception_handlers import Role, exception_type_problem, role_class
from denpo_mypy._types import ClassRef, declared_arguments, describe, solve, solved_name

__all__ = ['duplicate_problem', 'exception_action_problem', 'not_a_list_problem']


def not_a_list_problem(request: ClassRef, passed: Argument, options: Options) -> Problem:
    """Report one class or value passed as ``exception_actions=`` in place of a list."""
    return problem(
        _catalogue.EXCEPTION_ACTIONS_NOT_A_LIST,
        request=request.name,
        got=describe(passed.type, options),
        example='<exception action class>, ...' if passed.ref is None else passed.ref.name,
    )


def exception_action_problem(request: ClassRef, passed: Argument, options: Options) -> Verdict:
    """What is wrong with observing the failures of ``request`` with the class ``passed``, if anything.

    The checks run in the runtime's order: role, arguments, concreteness, ``execute()``, the
    exception type, the request.
    """
    action = _exception_action_class(passed, options)
    if not isinstance(action, ClassRef):
        return action
    declared = declared_arguments(action.instance, _fullnames.REQUEST_EXCEPTION_ACTION)
    if declared is None or len(declared) != 2:  # noqa: PLR2004  # [Q, E]
        return Unreadable(f'the exception action {action.name}')
    found = abstract_problem(action)
    if found is None and _plain_def_execute(action):
        found = problem(_catalogue.EXECUTE_NOT_AWAITABLE, name=action.name)
    if found is None:
        found = exception_type_problem(action, declared[1], request, options, _ACTION_ROLE)
    if found is None:
        solution = solve(action.variables, [(declared[0], request.instance, True)], declared)
        observed = solution.types[0]
        broken = solution.breaks_in(declared[0])
        if broken is not None or not is_subtype(request.instance, observed):
            found = problem(
                _catalogue.EXCEPTION_ACTION_REQUEST_MISMATCH,
                handler=action.name,
                handled=solved_name(observed, declared[0], broken, options),
                request=request.name,
            )
    return found


def duplicate_problem(request: ClassRef, item: Argument, seen: set[str]) -> Problem | None:
    """Report an exception action class written a second time in one ``exception_actions=[...]`` list."""
    action = written_again(item, seen)
    if action is None:
        return None
    return problem(_catalogue.EXCEPTION_ACTION_LISTED_TWICE, handler=action.name, request=request.name)


def _plain_def_execute(ref: ClassRef) -> bool:
    """Whether ``ref``'s ``execute`` is an undecorated plain ``def``, which the bus cannot await.

    As ``plain_def_handle`` for ``handle``: the base declares ``execute`` as returning an
    awaitable, so ``def execute(...) -> Awaitable[None]`` type-checks, but binding requires a
    coroutine function. A decorated method, and a body of ``...``, are not judged.
    """
    method = ref.info.get_method('execute')
    return isinstance(method, FuncDef) and not method.is_trivial_body and not method.is_coroutine


_ACTION_ROLE: Final = Role(
    _fullnames.REQUEST_EXCEPTION_ACTION,
    'an exception action',
    _catalogue.PARAMETERIZED_EXCEPTION_ACTION,
    _catalogue.EXCEPTION_ACTION_WRONG_ROLE,
    _catalogue.NOT_AN_EXCEPTION_ACTION,
    _catalogue.ACTION_EXCEPTION_TYPE_NOT_A_CLASS,
    _catalogue.ACTION_PARAMETERIZED_EXCEPTION_TYPE,
)


def _exception_action_class(passed: Argument, options: Options) -> ClassRef | Verdict:
    """Read a class given as an exception action; ``None`` for what fits unchecked (``Any``)."""
    return role_class(passed, options, _ACTION_ROLE)
