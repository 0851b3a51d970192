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

__all__ = ['check', 'exception_handler_problem']

_PARAMETER: Final = 3
"""The index of ``exception_handlers`` among the parameters of ``bind_request``."""
_FIX: Final = (
    'Hint: inherit RequestExceptionHandler[<request>, <exception>, <response>] and implement handle().'
)


def check(ctx: MethodContext) -> None:
    """Check every exception handler of one ``bind_request`` call."""
    request_argument = argument(ctx, 0)
    handlers_argument = argument(ctx, _PARAMETER)
    if request_argument is None or handlers_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    request = request_class(request_argument.type, options)
    if not isinstance(request, ClassRef):
        return  # the request itself is reported by the request_binding feature
    items = sequence_items(ctx, handlers_argument)
    if items is None:
        proper = get_proper_type(handlers_argument.type)
        if is_value(proper) or class_ref(proper) is not None:
            _errors.report(
                ctx,
                _errors.EXCEPTION_HANDLER_MISMATCH,
                'bind_request(..., exception_handlers=...) expects a list of exception handler classes, '
                f'got {describe(proper, options)}. '
                'Hint: write exception_handlers=[<exception handler class>, ...].',
                at=handlers_argument.node,
            )
        return
    for item in items:
        problem = exception_handler_problem(request, item.type, options)
        if problem is not None:
            _errors.report(ctx, *problem, at=item.node)


def exception_handler_problem(request: ClassRef, typ: Type, options: Options) -> Problem | None:
    """What is wrong with mapping the failures of ``request`` with the class ``typ``, if anything."""
    proper = get_proper_type(typ)
    handler = class_ref(proper)
    if handler is None:
        if is_value(proper):
            return (
                _errors.EXCEPTION_HANDLER_MISMATCH,
                f'{describe(proper, options)} is not an exception handler. {_FIX}',
            )
        return None
    if not handler.info.has_base(_fullnames.REQUEST_EXCEPTION_HANDLER):
        if handler.info.fallback_to_any:
            return None
        return _errors.EXCEPTION_HANDLER_MISMATCH, f'{handler.name} is not an exception handler. {_FIX}'
    declared = declared_arguments(handler.instance, _fullnames.REQUEST_EXCEPTION_HANDLER)
    promised = promised_response(request.instance)
    if promised is None or declared is None or len(declared) != 3:  # noqa: PLR2004  # [Q, E, R]
        return None
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
