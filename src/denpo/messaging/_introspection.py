"""Start-up-only reading of declared generic arguments (never called per message)."""

from __future__ import annotations

import inspect
from typing import Any, TypeVar, get_args, get_origin

__all__ = ['declared_arguments', 'is_plain', 'is_subtype', 'type_name']


def declared_arguments(cls: type[Any], generic_base: type[Any]) -> tuple[Any, ...] | None:
    """Return the arguments ``cls`` gives ``generic_base`` through its bases, or ``None``.

    Type variables of intermediate generic classes are substituted, so for
    ``class H(Base[Place, Conf])`` with ``class Base(RequestHandler[Q, R], Generic[Q, R])`` the
    result for ``RequestHandler`` is ``(Place, Conf)``.
    """
    for base in getattr(cls, '__orig_bases__', ()):
        origin = get_origin(base) or base
        if not isinstance(origin, type):
            continue
        arguments = get_args(base)
        if origin is generic_base:
            return arguments
        if origin is not cls and issubclass(origin, generic_base):
            inner = declared_arguments(origin, generic_base)
            if inner is None:
                continue
            parameters: tuple[Any, ...] = getattr(origin, '__parameters__', ())
            mapping = dict(zip(parameters, arguments, strict=False))
            return tuple(_substitute(argument, mapping) for argument in inner)
    return None


def _substitute(argument: Any, mapping: dict[Any, Any]) -> Any:
    if isinstance(argument, TypeVar):
        return mapping.get(argument, argument)
    parameters = getattr(argument, '__parameters__', ())
    if parameters and get_origin(argument) is not None:
        return argument[tuple(mapping.get(parameter, parameter) for parameter in parameters)]
    return argument


def is_plain(annotation: Any) -> bool:
    """Whether ``annotation`` is a class (or ``None``) that ``issubclass`` can compare.

    ``typing.Any`` is a class on Python 3.11+, but it means "anything", not a class to compare.
    """
    if annotation is Any:
        return False
    return annotation is None or (isinstance(annotation, type) and get_origin(annotation) is None)


def is_subtype(left: Any, right: Any) -> bool:
    """``left <: right`` for plain annotations, with ``None`` standing for ``NoneType``."""
    left_type = type(None) if left is None else left
    right_type = type(None) if right is None else right
    return issubclass(left_type, right_type)


def type_name(annotation: Any) -> str:
    """Render an annotation the way users write it: ``OrderConfirmation``, ``None``, ``list[int]``."""
    if annotation is None or annotation is type(None):
        return 'None'
    if isinstance(annotation, type) and get_origin(annotation) is None:
        return annotation.__qualname__
    return repr(annotation).replace('typing.', '')


def is_abstract(cls: type[Any]) -> bool:
    """Whether ``cls`` still has abstract methods."""
    return inspect.isabstract(cls)
