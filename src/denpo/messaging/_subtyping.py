"""What the bind-time checks can tell about declared types without a type checker.

Each question answers "certainly wrong" or "cannot tell": a check refuses a binding only on a
certain answer, and leaves what it cannot read (type variables with no bound, ``Any``,
parameters of generic containers) to the type checkers. Unions, ``Optional``, ``Annotated``,
``Literal`` and the origin of a parameterized class (``list`` of ``list[int]``) are read.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from denpo.messaging._introspection import certainly_not_subclass, declared_arguments

__all__ = [
    'admits',
    'certainly_not_handled',
    'certainly_not_subtype',
    'certainly_outside_bound',
    'substituted',
]

_UNIONS = (Union, types.UnionType)


def _stripped(annotation: Any) -> Any:
    """``None`` as ``NoneType``, ``Annotated[X, ...]`` as ``X``."""
    if annotation is None:
        return type(None)
    if get_origin(annotation) is Annotated:
        return _stripped(get_args(annotation)[0])
    return annotation


def _is_class(annotation: Any) -> bool:
    return isinstance(annotation, type) and get_origin(annotation) is None and annotation is not Any


def _origin(annotation: Any) -> type[Any] | None:
    """The class of ``annotation``: itself, or the origin of a parameterized class."""
    if _is_class(annotation):
        return annotation  # type: ignore[no-any-return]  # a class, checked above
    origin = get_origin(annotation)
    return origin if _is_class(origin) else None


def certainly_not_subtype(left: Any, right: Any) -> bool:
    """Whether ``left`` is certainly not a subtype of ``right`` (``False``: it is, or it cannot tell)."""
    if type(left) is type and type(right) is type:  # two plain classes: the common case, paid per binding
        return certainly_not_subclass(left, right)
    left, right = _stripped(left), _stripped(right)
    if get_origin(left) in _UNIONS:  # every member must fit
        return any(certainly_not_subtype(member, right) for member in get_args(left))
    if get_origin(right) in _UNIONS:  # one member must fit
        return all(certainly_not_subtype(left, member) for member in get_args(right))
    if Literal in {get_origin(left), get_origin(right)}:
        return _literal_not_subtype(left, right)
    left_class, right_class = _origin(left), _origin(right)
    if left_class is None or right_class is None:
        return False  # a type variable, Any, a protocol alias...: the type checkers decide
    return certainly_not_subclass(left_class, right_class)


def _literal_not_subtype(left: Any, right: Any) -> bool:
    if get_origin(right) is not Literal:  # a literal fits a class that all its values are of
        expected = _origin(right)
        return expected is not None and not all(isinstance(value, expected) for value in get_args(left))
    if get_origin(left) is not Literal:  # a class is wider than any literal of it
        return _origin(left) is not None
    return not set(get_args(left)) <= set(get_args(right))


def certainly_not_handled(message: type[Any], handled: Any) -> bool:
    """Whether a handler that declares it handles ``handled`` certainly cannot take ``message``.

    ``handled`` may be a class, a parameterized generic class (``GetById[T]`` fits the bare
    ``GetById``; ``GetById[int]`` does not, since the bare class may carry any parameter), or
    a union of those.
    """
    if type(handled) is type:  # a plain class: the common case, paid per binding
        return certainly_not_subclass(message, handled)
    if isinstance(handled, TypeVar):  # a generic handler: its bound or constraints must admit the message
        return not admits(handled, message)
    handled = _stripped(handled)
    if get_origin(handled) in _UNIONS:
        return all(certainly_not_handled(message, member) for member in get_args(handled))
    origin = _origin(handled)
    if origin is None or handled is origin:
        return origin is not None and certainly_not_subclass(message, origin)
    if certainly_not_subclass(message, origin):
        return True
    promised = _arguments_for(message, origin)
    wanted_arguments = get_args(handled)
    # A class that keeps no parameters (a builtin generic such as `list`) is read as invariant.
    parameters: tuple[Any, ...] = getattr(origin, '__parameters__', ()) or (None,) * len(wanted_arguments)
    return any(
        not isinstance(wanted, TypeVar)
        and wanted is not Any
        and (isinstance(given, TypeVar) or _certainly_not_argument(given, wanted, parameter))
        for given, wanted, parameter in zip(promised, wanted_arguments, parameters, strict=False)
    )


def _certainly_not_argument(given: Any, wanted: Any, parameter: Any) -> bool:
    """Whether the argument ``given`` certainly does not fit ``wanted`` for the type variable ``parameter``.

    As a type checker reads variance: a covariant parameter takes a subtype, a contravariant one
    a supertype, an invariant one (the default of ``TypeVar``) the same type only.
    """
    if getattr(parameter, '__covariant__', False):
        return certainly_not_subtype(given, wanted)
    if getattr(parameter, '__contravariant__', False):
        return certainly_not_subtype(wanted, given)
    return certainly_not_subtype(given, wanted) or certainly_not_subtype(wanted, given)


def admits(variable: object, cls: type[Any]) -> bool:
    """Whether the class ``cls`` may stand for ``variable``: within its bound, or one of its constraints.

    A bound is read like a handled type ([`certainly_not_handled`][]): a class, a union of
    classes (``A | B`` or ``Union[A, B]``), a parameterized class (``Command[Confirmation]``
    takes the subclasses of ``Command`` that declare ``Confirmation``). What cannot be read (a
    protocol, a string, ``Any``) admits every class: the type checkers judge it. Anything else
    than a type variable admits every class too.
    """
    if not isinstance(variable, TypeVar):
        return True
    limits = (variable.__bound__,) if variable.__bound__ is not None else variable.__constraints__
    return not limits or any(not certainly_not_handled(cls, limit) for limit in limits)


def certainly_outside_bound(declared: Any, promised: Any) -> bool:
    """Whether ``declared`` is a type variable that the class ``promised`` certainly cannot stand for.

    A behavior or an exception handler generic in its response (``R = TypeVar('R', bound=int)``)
    takes the request's promise as ``R``: a promise outside the bound or the constraints breaks it.
    """
    return isinstance(declared, TypeVar) and isinstance(promised, type) and not admits(declared, promised)


def substituted(annotation: Any, message: type[Any], handled: Any) -> Any:
    """``annotation`` with the type variables of a bare generic ``message`` replaced by ``handled``'s.

    For ``class GetById(IRequest[T], Generic[T])`` and a handler of ``GetById[U]``, the promise
    ``T`` becomes ``U``: a handler generic in ``U`` must then return ``U``.
    """
    if not isinstance(annotation, TypeVar):
        return annotation
    parameters: tuple[Any, ...] = getattr(message, '__parameters__', ())
    if get_origin(handled) is not message or annotation not in parameters:
        return annotation
    return dict(zip(parameters, get_args(handled), strict=False)).get(annotation, annotation)


def _arguments_for(message: type[Any], origin: type[Any]) -> tuple[Any, ...]:
    """The arguments ``message`` gives the generic ``origin``: its own parameters if it is ``origin``."""
    if message is origin:
        parameters: tuple[Any, ...] = getattr(origin, '__parameters__', ())
        return parameters
    return declared_arguments(message, origin) or ()
