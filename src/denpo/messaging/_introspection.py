"""Start-up-only reading of declared types: generic arguments, bounds, names (never called per message)."""

from __future__ import annotations

import inspect
import re
import sys
import types
from collections.abc import Hashable, Iterator
from typing import Any, ForwardRef, Literal, NamedTuple, TypeVar, Union, get_args, get_origin

from denpo._text import safe_repr

__all__ = [
    'Declaration',
    'certainly_not_subclass',
    'declarations',
    'declared_arguments',
    'handled_name',
    'is_abstract',
    'type_name',
]


def declared_arguments(cls: type[Any], generic_base: type[Any]) -> tuple[Any, ...] | None:
    """Return the arguments ``cls`` gives ``generic_base`` through its bases, or ``None``.

    Type variables of intermediate generic classes are substituted, so for
    ``class H(Base[Place, Conf])`` with ``class Base(RequestHandler[Q, R], Generic[Q, R])`` the
    result for ``RequestHandler`` is ``(Place, Conf)``. Where several bases give arguments, this
    is the first of [`declarations`][], the one type checkers read.
    """
    first = next(declarations(cls, generic_base), None)
    return None if first is None else first.arguments


class Declaration(NamedTuple):
    """One path by which a class gives arguments to a generic base."""

    arguments: tuple[Any, ...]
    """The arguments, with the type variables of the classes on the path substituted."""
    through: type[Any]
    """The direct base of the class that the path goes through; the class itself where it names
    the generic base among its own bases."""


def declarations(cls: type[Any], generic_base: type[Any]) -> Iterator[Declaration]:
    """Every argument list ``cls`` gives ``generic_base``, one per path through its bases.

    Depth first, in the order the bases are written, which is the order type checkers search:
    ``class GetAdmin(GetUser, IRequest[Admin])`` gives ``(User,)`` through ``GetUser``, then
    ``(Admin,)`` through ``GetAdmin`` itself.
    """
    for base in _own_bases(cls):
        origin = get_origin(base) or base
        if not isinstance(origin, type):
            continue
        arguments = get_args(base)
        if any(isinstance(argument, ForwardRef) for argument in arguments):
            arguments = tuple(_resolved(argument, cls) for argument in arguments)
        if origin is generic_base:
            yield Declaration(arguments, cls)
        elif issubclass(origin, generic_base):
            parameters: tuple[Any, ...] = getattr(origin, '__parameters__', ())
            mapping = dict(zip(parameters, arguments, strict=False))
            for inner in declarations(origin, generic_base):
                substituted = tuple(_substitute(argument, mapping) for argument in inner.arguments)
                yield Declaration(substituted, origin)


def _own_bases(cls: type[Any]) -> tuple[Any, ...]:
    """The bases written in the class statement of ``cls``, with their generic arguments.

    ``typing`` sets ``__orig_bases__`` only on a class that names a parameterized generic; read
    as an attribute, a class whose bases are all plain would get its first ancestor's instead.
    """
    bases: tuple[Any, ...] = vars(cls).get('__orig_bases__', cls.__bases__)
    return bases


def _resolved(argument: Any, owner: type[Any]) -> Any:
    """A ``ForwardRef`` argument evaluated where ``owner`` was defined, as type checkers read it.

    ``class Notify(EventHandler['OrderPlaced'])`` written above ``OrderPlaced`` names the class
    once it exists (``typing`` keeps the string as a ``ForwardRef``). An argument that does not
    evaluate (yet) is left as it is: the checks then cannot compare it, and say nothing.
    """
    if not isinstance(argument, ForwardRef):
        return argument  # a resolved argument next to a forward reference
    module = sys.modules.get(owner.__module__)
    namespace = dict(vars(module)) if module is not None else {}
    try:
        return eval(argument.__forward_arg__, namespace, {owner.__name__: owner})  # noqa: S307  # as typing.get_type_hints
    except Exception:  # noqa: BLE001  # an unresolvable name stays as it is, and is not compared
        return argument


def _substitute(argument: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(argument, TypeVar):
        return mapping.get(argument, argument)
    parameters = getattr(argument, '__parameters__', ())
    if parameters and get_origin(argument) is not None:
        return argument[tuple(mapping.get(parameter, parameter) for parameter in parameters)]
    return argument


_NAMED: dict[object, str] = {None: 'None', type(None): 'None', Any: 'Any', Ellipsis: '...'}


def type_name(annotation: Any) -> str:
    """Render an annotation the way users write it: ``OrderConfirmation``, ``Dog | None``, ``list[int]``."""
    named = _NAMED.get(annotation) if isinstance(annotation, Hashable) else None
    if named is not None:
        return named
    if isinstance(annotation, type) and get_origin(annotation) is None:
        return annotation.__qualname__
    if isinstance(annotation, TypeVar):
        return str(annotation.__name__)  # as mypy shows it
    if isinstance(annotation, list):  # the parameters of a Callable
        return f'[{", ".join(map(type_name, annotation))}]'  # pyright: ignore[reportUnknownArgumentType]  # any list
    return _parameterized_name(annotation)


def _parameterized_name(annotation: Any) -> str:
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin in {Union, types.UnionType}:
        return ' | '.join(map(type_name, arguments))
    if origin is Literal:
        return f'Literal[{", ".join(map(safe_repr, arguments))}]'
    if origin is not None and arguments:
        return f'{type_name(origin)}[{", ".join(map(type_name, arguments))}]'
    return re.sub(r'\btyping\.', '', safe_repr(annotation))


def is_abstract(cls: type[Any]) -> bool:
    """Whether ``cls`` still has abstract methods."""
    return inspect.isabstract(cls)


_PROMOTIONS: dict[type[Any], tuple[type[Any], ...]] = {float: (int,), complex: (int, float)}
"""The numeric tower as type checkers read it: an ``int`` is accepted where a ``float`` is promised."""


def certainly_not_subclass(left: type[Any], right: type[Any]) -> bool:
    """``not issubclass(left, right)``, where a type checker would also say no; ``False`` if unsure.

    Protocols, ``TypedDict`` and other classes that refuse ``issubclass`` are left to the checkers
    (structural matching), and so is the numeric tower's promotion.
    """
    if left in _PROMOTIONS.get(right, ()):
        return False
    if getattr(right, '_is_protocol', False):  # structural: a class fits without inheriting it
        return False
    try:
        return not issubclass(left, right)
    except TypeError:  # a class that refuses the question: the checkers decide
        return False


def handled_name(annotation: Any) -> str:
    """[`type_name`][], with the bound or the constraints of a type variable: ``A (bound to Audited)``."""
    if isinstance(annotation, TypeVar) and annotation.__bound__ is not None:
        return f'{annotation.__name__} (bound to {type_name(annotation.__bound__)})'
    if isinstance(annotation, TypeVar) and annotation.__constraints__:
        return f'{annotation.__name__} (one of {", ".join(map(type_name, annotation.__constraints__))})'
    return type_name(annotation)
