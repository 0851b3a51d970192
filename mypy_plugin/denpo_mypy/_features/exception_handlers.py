"""``bind_request(R, H, exception_handlers=[...])``: each exception handler must fit the binding.

An exception handler ``RequestExceptionHandler[Q, E, X]`` fits request ``R`` promising ``Y``
when ``R`` is a subtype of ``Q`` (it accepts the request) and ``X`` is a subtype of ``Y`` (its
response stands in for the handler's, so ``invoke`` still returns what ``R`` promises). Type
variables of a generic exception handler are solved first, so
``class Fallback(RequestExceptionHandler[Q, Exception, R], Generic[Q, R])`` fits any request
whose response it can produce; the exception it declares must be one ``Exception`` class (the
bus catches it with ``except``), never a type variable, and bare (or with ``Any`` arguments):
``ExceptionGroup[KeyError]`` would catch any ``ExceptionGroup``. A mistake is
``denpo-exception-handler-mismatch`` (so is a class of another role, such as a behavior); an
abstract class is ``denpo-abstract-handler``; the same class written twice in one list is
``denpo-duplicate-exception-handler``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from mypy.options import Options
from mypy.subtypes import is_same_type, is_subtype
from mypy.types import AnyType, Instance, Type, get_proper_type

from denpo import _catalogue
from denpo_mypy import _fullnames
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

if TYPE_CHECKING:
    from denpo._catalogue import Mistake
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

__all__ = [
    'Role',
    'duplicate_problem',
    'exception_handler_problem',
    'exception_type_problem',
    'is_exception_class',
    'not_a_list_problem',
    'parameterized_exception',
    'role_class',
]


def not_a_list_problem(request: ClassRef, passed: Argument, options: Options) -> Problem:
    """Report one class or value passed as ``exception_handlers=`` in place of a list."""
    return problem(
        _catalogue.EXCEPTION_HANDLERS_NOT_A_LIST,
        request=request.name,
        got=describe(passed.type, options),
        example='<exception handler class>, ...' if passed.ref is None else passed.ref.name,
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
    found = abstract_problem(handler)
    if found is None and plain_def_handle(handler, kind):
        found = problem(kind.not_produced, name=handler.name)
    if found is None:
        found = exception_type_problem(handler, declared[1], request, options, _HANDLER_ROLE)
    if found is None:
        solution = solve(
            handler.variables,
            [(declared[0], request.instance, True), (declared[2], promised, False)],
            declared,
        )
        handled, _, returned = solution.types
        broken_request, broken_response = solution.breaks_in(declared[0]), solution.breaks_in(declared[2])
        if broken_request is not None or not is_subtype(request.instance, handled):
            found = problem(
                _catalogue.EXCEPTION_HANDLER_REQUEST_MISMATCH,
                handler=handler.name,
                handled=solved_name(handled, declared[0], broken_request, options),
                request=request.name,
            )
        elif broken_response is not None or not is_subtype(returned, promised):
            found = problem(
                _catalogue.EXCEPTION_HANDLER_RESPONSE_MISMATCH,
                handler=handler.name,
                returned=solved_name(returned, declared[2], broken_response, options),
                request=request.name,
                promised=name_of(promised, options),
            )
    return found


def duplicate_problem(request: ClassRef, item: Argument, seen: set[str]) -> Problem | None:
    """Report an exception handler class written a second time in one ``exception_handlers=[...]`` list."""
    handler = written_again(item, seen)
    if handler is None:
        return None
    return problem(_catalogue.EXCEPTION_HANDLER_LISTED_TWICE, handler=handler.name, request=request.name)


def is_exception_class(declared: Type) -> bool:
    """Whether the exception a handler declares is one ``Exception`` subclass (or unknown).

    The bus catches it with ``except``, so it must be a class: a type variable, a union or a
    ``BaseException`` outside ``Exception`` (``KeyboardInterrupt``) is refused at runtime.
    """
    proper = get_proper_type(declared)
    if isinstance(proper, AnyType):
        return True
    return isinstance(proper, Instance) and (
        proper.type.has_base(_fullnames.EXCEPTION) or proper.type.fallback_to_any
    )


def parameterized_exception(declared: Type) -> Instance | None:
    """The declared exception if it is a generic class with type arguments other than ``Any``.

    The bus matches exceptions by class, so ``GenErr[int]`` would also match a ``GenErr[str]``
    (and ``ExceptionGroup[KeyError]`` any group). As at runtime, arguments that say no more than
    the bare class are accepted: ``Any``, and the type parameter's default (mypy reads the bare
    ``ExceptionGroup`` as ``ExceptionGroup[Exception]``, and a bare class without defaults with
    ``Any`` arguments).
    """
    proper = get_proper_type(declared)
    if not isinstance(proper, Instance):
        return None
    # Not strict: a variadic generic packs its arguments, and the plugin must never crash mypy.
    pairs = zip(proper.args, proper.type.defn.type_vars, strict=False)
    narrowing = (
        not isinstance(get_proper_type(argument), AnyType) and not is_same_type(argument, variable.default)
        for argument, variable in pairs
    )
    return proper if any(narrowing) else None


def _exception_handler_class(passed: Argument, options: Options) -> ClassRef | Verdict:
    """Read a class given as an exception handler; ``None`` for what fits unchecked (``Any``)."""
    return role_class(passed, options, _HANDLER_ROLE)


@dataclass(frozen=True, slots=True)
class Role:
    """How a list of exception handlers or actions names its role: base class, words, mistakes."""

    base: str
    words: str
    parameterized: Mistake
    wrong_role: Mistake
    not_one: Mistake
    exception_not_a_class: Mistake
    parameterized_exception: Mistake


_HANDLER_ROLE: Final = Role(
    _fullnames.REQUEST_EXCEPTION_HANDLER,
    'an exception handler',
    _catalogue.PARAMETERIZED_EXCEPTION_HANDLER,
    _catalogue.EXCEPTION_HANDLER_WRONG_ROLE,
    _catalogue.NOT_AN_EXCEPTION_HANDLER,
    _catalogue.EXCEPTION_TYPE_NOT_A_CLASS,
    _catalogue.PARAMETERIZED_EXCEPTION_TYPE,
)


def exception_type_problem(
    ref: ClassRef, exception: Type, request: ClassRef, options: Options, role: Role
) -> Problem | None:
    """Report an exception type that is not an ``Exception`` class, or narrows its type arguments."""
    if not is_exception_class(exception):
        return problem(
            role.exception_not_a_class,
            handler=ref.name,
            declared=name_of(exception, options),
            request=request.name,
        )
    if (generic := parameterized_exception(exception)) is not None:
        return problem(
            role.parameterized_exception,
            handler=ref.name,
            declared=name_of(exception, options),
            short=generic.type.name,
            request=request.name,
        )
    return None


def role_class(passed: Argument, options: Options, role: Role) -> ClassRef | Verdict:
    """Read a class given in ``role``'s list; ``None`` for what fits unchecked (``Any``)."""
    ref = passed.ref
    typ = passed.type
    if ref is None:
        if isinstance(typ, AnyType):
            return None
        if not is_value(typ):
            return Unreadable(f'{role.words} of type {typ}')
    elif ref.info.has_base(role.base):
        return bare_class(ref, role.parameterized, options)
    elif ref.info.fallback_to_any:
        return None
    # A class of another role, or a value.
    other = None if ref is None else role_of(ref)
    if ref is not None and other is not None:
        return wrong_role_problem(role.wrong_role, ref, other)
    return problem(role.not_one, got=describe(typ, options))
