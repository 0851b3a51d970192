"""``bind_request(R, H, exception_handlers=[...])``: each exception handler must fit the binding.

An exception handler ``RequestExceptionHandler[Q, E, X]`` fits request ``R`` promising ``Y``
when ``R`` is a subtype of ``Q`` (it accepts the request) and ``X`` is a subtype of ``Y`` (its
response stands in for the handler's, so ``invoke`` still returns what ``R`` promises). Type
variables of a generic exception handler are solved first, so
``class Fallback(RequestExceptionHandler[Q, Exception, R], Generic[Q, R])`` fits any request
whose response it can produce. A mistake is ``denpo-exception-handler-mismatch``; an abstract
class is ``denpo-abstract-handler``.
"""

from __future__ import annotations

from typing import Final

from mypy.options import Options
from mypy.subtypes import is_subtype
from mypy.types import AnyType

from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import Problem, Verdict, abstract_problem
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import (
    ClassRef,
    declared_arguments,
    describe,
    is_value,
    name_of,
    promised_response,
    solve,
)

__all__ = ['exception_handler_problem', 'not_a_list_problem']

_FIX: Final = (
    'Hint: inherit RequestExceptionHandler[<request>, <exception>, <response>] and implement handle().'
)


def not_a_list_problem(passed: Argument, options: Options) -> Problem:
    """Report one class or value passed as ``exception_handlers=`` in place of a list."""
    return _errors.EXCEPTION_HANDLER_MISMATCH, (
        'bind_request(..., exception_handlers=...) expects a list of exception handler classes, '
        f'got {describe(passed.type, options)}. '
        'Hint: write exception_handlers=[<exception handler class>, ...].'
    )


def exception_handler_problem(
    request: ClassRef, passed: Argument, kind: RequestKind, options: Options
) -> Verdict:
    """What is wrong with mapping the failures of ``request`` with the class ``passed``, if anything."""
    handler = _exception_handler_class(passed, options)
    if not isinstance(handler, ClassRef):
        return handler
    declared = declared_arguments(handler.instance, _fullnames.REQUEST_EXCEPTION_HANDLER)
    promised = promised_response(request.instance, kind.contract)
    if promised is None or declared is None or len(declared) != 3:  # noqa: PLR2004  # [Q, E, R]
        return Unreadable(f'the exception handler {handler.name}')
    problem = abstract_problem(handler)
    if problem is None:
        handled, _, returned = solve(
            handler.variables,
            [(declared[0], request.instance, True), (declared[2], promised, False)],
            declared,
        )
        if not is_subtype(request.instance, handled):
            problem = (
                _errors.EXCEPTION_HANDLER_MISMATCH,
                (
                    f'Exception handler {handler.name} handles {name_of(handled, options)}, not '
                    f'{request.name}. Hint: make it generic in the request '
                    f'(RequestExceptionHandler[Q, <exception>, R]) or bind it to requests of '
                    f'{name_of(handled, options)}.'
                ),
            )
        elif not is_subtype(returned, promised):
            got = name_of(returned, options)
            want = name_of(promised, options)
            problem = (
                _errors.EXCEPTION_HANDLER_MISMATCH,
                (
                    f'Exception handler {handler.name} returns {got}, but {request.name} promises {want} '
                    f'(IRequest[{want}]). Hint: return {want} or a subtype from the exception handler, '
                    'or make it generic in its response (RequestExceptionHandler[Q, <exception>, R]).'
                ),
            )
    return problem


def _exception_handler_class(passed: Argument, options: Options) -> ClassRef | Verdict:
    """Read a class given as an exception handler; ``None`` for what fits unchecked (``Any``)."""
    handler = passed.ref
    typ = passed.type
    if handler is None:
        if isinstance(typ, AnyType):
            return None
        if is_value(typ):
            return (
                _errors.EXCEPTION_HANDLER_MISMATCH,
                f'{describe(typ, options)} is not an exception handler. {_FIX}',
            )
        return Unreadable(f'an exception handler of type {typ}')
    if handler.info.has_base(_fullnames.REQUEST_EXCEPTION_HANDLER):
        return handler
    if handler.info.fallback_to_any:
        return None
    return _errors.EXCEPTION_HANDLER_MISMATCH, f'{handler.name} is not an exception handler. {_FIX}'
