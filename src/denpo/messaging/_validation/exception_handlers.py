"""``bind_request(..., exception_handlers=...)``: each one must fit the request and its response."""

from __future__ import annotations

from collections.abc import Callable
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

from denpo import _catalogue
from denpo._naming import qualname
from denpo.messaging._introspection import declared_arguments, handled_name, type_name
from denpo.messaging._subtyping import (
    certainly_not_handled,
    certainly_not_subtype,
    certainly_outside_bound,
)
from denpo.messaging._validation._common import (
    concrete_class,
    declared_result,
    described,
    fail,
    fail_parameterized,
    fail_wrong_role,
    is_subclass,
    sequence,
    short,
    written_class,
)
from denpo.messaging._validation._kinds import REQUEST, role_of
from denpo.messaging.handlers import RequestExceptionHandler

if TYPE_CHECKING:
    from denpo._catalogue import Mistake

__all__ = [
    'check_exception_handler',
    'check_exception_handlers',
    'checked_pairs',
    'declared_exception',
    'exception_class',
    'has_type_arguments',
]


def check_exception_handlers(
    request: type[Any], values: object
) -> tuple[tuple[type[Exception], type[Any]], ...]:
    """Check the ``exception_handlers`` list: ``(exception type, exception handler)`` pairs."""
    # Listed twice, the first one would catch everything the second would.
    return checked_pairs(
        request,
        values,
        check_exception_handler,
        not_a_list=_catalogue.EXCEPTION_HANDLERS_NOT_A_LIST,
        listed_twice=_catalogue.EXCEPTION_HANDLER_LISTED_TWICE,
        placeholder='<exception handler class>, ...',
    )


def checked_pairs(  # noqa: PLR0913  # keyword-only: the two lists' own words
    request: type[Any],
    values: object,
    check: Callable[[type[Any], object], tuple[type[Exception], type[Any]]],
    *,
    not_a_list: Mistake,
    listed_twice: Mistake,
    placeholder: str,
) -> tuple[tuple[type[Exception], type[Any]], ...]:
    """Check a list of exception handlers or actions: each with ``check``, none listed twice.

    Returns ``(exception type, class)`` pairs in list order.
    """
    if values == ():  # the default, as in check_behaviors
        return ()
    items = sequence(values)
    if items is None:
        example = short(values) if isinstance(values, type) else placeholder
        fail(not_a_list, values, request=request.__name__, got=described(values), example=example)
    pairs: dict[type[Any], type[Exception]] = {}
    for value in items:
        error, checked = check(request, value)
        if checked in pairs:
            fail(listed_twice, value, handler=qualname(checked), request=request.__name__)
        pairs[checked] = error
    return tuple((error, checked) for checked, error in pairs.items())


def check_exception_handler(request: type[Any], value: object) -> tuple[type[Exception], type[Any]]:
    """Check an exception handler: role, concreteness, request, exception type and response."""
    written = written_class(value)
    if written is None or not is_subclass(written, RequestExceptionHandler):
        role = role_of(written)
        if role is not None:
            fail_wrong_role(_catalogue.EXCEPTION_HANDLER_WRONG_ROLE, written, role)
        fail(_catalogue.NOT_AN_EXCEPTION_HANDLER, value, got=described(value))
    if not isinstance(value, type):  # the class written with arguments
        fail_parameterized(_catalogue.PARAMETERIZED_EXCEPTION_HANDLER, value, written)
    concrete_class(written, REQUEST)
    name = qualname(written)
    arguments = declared_arguments(written, RequestExceptionHandler)
    caught, arguments = declared_exception(
        request,
        value,
        name,
        arguments,
        not_a_class=_catalogue.EXCEPTION_TYPE_NOT_A_CLASS,
        parameterized=_catalogue.PARAMETERIZED_EXCEPTION_TYPE,
    )
    handled, _, returned = arguments
    if certainly_not_handled(request, handled):
        fail(
            _catalogue.EXCEPTION_HANDLER_REQUEST_MISMATCH,
            value,
            handler=name,
            handled=handled_name(handled),
            request=type_name(request),
        )
    promised = declared_result(request, REQUEST)
    if certainly_not_subtype(returned, promised) or certainly_outside_bound(returned, promised):
        fail(
            _catalogue.EXCEPTION_HANDLER_RESPONSE_MISMATCH,
            value,
            handler=name,
            returned=handled_name(returned),
            request=type_name(request),
            promised=type_name(promised),
        )
    return caught, written


def declared_exception(  # noqa: PLR0913  # keyword-only: the role's own catalogue entries
    request: type[Any],
    value: object,
    name: str,
    arguments: tuple[Any, ...] | None,
    *,
    not_a_class: Mistake,
    parameterized: Mistake,
) -> tuple[type[Exception], tuple[Any, ...]]:
    """The exception class an exception handler or action declares second, checked, and all it declares.

    It must be an ``Exception`` class, written bare, with ``[Any]`` or with its parameters'
    defaults: the bus matches by class, so narrowing type arguments would be a promise it breaks.
    """
    if not arguments or (declared := exception_class(arguments[1])) is None:
        fail(
            not_a_class,
            value,
            handler=name,
            declared=type_name(arguments[1]) if arguments else 'nothing',
            request=request.__name__,
        )
    if has_type_arguments(arguments[1]):
        fail(
            parameterized,
            value,
            handler=name,
            declared=type_name(arguments[1]),
            short=declared.__name__,
            request=request.__name__,
        )
    return declared, arguments


def exception_class(value: object) -> type[Exception] | None:
    """The ``Exception`` class a declared exception type names: itself, or the origin of ``GenErr[Any]``.

    ``None`` for anything else (a type variable, a union, a ``BaseException`` outside
    ``Exception``). Whether the arguments of a parameterized class are allowed is
    [`has_type_arguments`][]'s question.
    """
    candidate = get_origin(value) or value
    if isinstance(candidate, type) and issubclass(candidate, Exception):
        return candidate
    return None


def has_type_arguments(value: object) -> bool:
    """Whether ``value`` is a generic exception class with type arguments that narrow it.

    The bus matches an exception with ``isinstance`` on its class, so ``GenErr[int]`` would also
    match a ``GenErr[str]`` and ``ExceptionGroup[KeyError]`` a group of any errors. Arguments that
    say no more than the bare class are allowed: ``Any`` (how ``mypy --strict`` wants a bare
    generic written) and the type parameter's default, which the checkers read the bare class as
    (``ExceptionGroup`` is ``ExceptionGroup[Exception]``).
    """
    origin = get_origin(value)
    if origin is None:
        return False
    defaults = _BARE_DEFAULTS.get(origin) or tuple(
        getattr(parameter, '__default__', None) for parameter in getattr(origin, '__parameters__', ())
    )
    return any(
        argument is not Any and argument != default
        for argument, default in zip_longest(get_args(value), defaults)
    )


_BARE_DEFAULTS: Final[dict[object, tuple[object, ...]]] = {ExceptionGroup: (Exception,)}
"""The defaults of builtin generic exceptions, which keep no type parameters at runtime (typeshed's)."""
