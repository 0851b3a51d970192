"""How denpo words things in messages, shared by the runtime and the mypy plugin.

This module imports nothing from denpo and nothing outside the standard library, so the plugin
can read it without loading the runtime (``denpo/__init__.py`` imports its names lazily).
"""

from __future__ import annotations

import reprlib

__all__ = ['REPR_LIMIT', 'a', 'bounded', 'capitalized', 'describe', 'safe_repr']

REPR_LIMIT = 80
"""The longest rendering of a user value in a message, in characters."""

_repr = reprlib.Repr()  # keyword arguments to Repr() are Python 3.12+
_repr.maxstring = _repr.maxother = REPR_LIMIT


def a(noun: str) -> str:
    """``noun`` with its indefinite article: ``a request``, ``an event``."""
    return f'an {noun}' if noun[:1].lower() in set('aeiou') else f'a {noun}'


def capitalized(text: str) -> str:
    """``text`` with its first letter in upper case (the rest unchanged, unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def describe(name: str | None, *, is_class: bool) -> str:
    """Word a value passed where a class was expected: ``the class X``, ``an instance of X``, ``None``.

    Args:
        name: The class's name, or the name of the value's class; ``None`` for the value ``None``.
        is_class: Whether the value is the class itself rather than an instance of it.
    """
    if name is None:
        return 'None'
    return f'the class {name}' if is_class else f'an instance of {name}'


def safe_repr(value: object) -> str:
    """A bounded ``repr`` that cannot raise: a hostile ``__repr__`` becomes ``<Type instance at 0x…>``.

    The result is a plain ``str`` of at most [`REPR_LIMIT`][] characters, whatever ``value``
    does in ``__repr__``, ``__len__`` or its metaclass.
    """
    try:
        text = _repr.repr(value)  # reprlib truncates, and catches what a user's __repr__ raises
    except Exception:  # noqa: BLE001  # reprlib's own fallback reads attributes a class may refuse
        text = object.__repr__(value)  # reads the C-level type name: no user code runs
    return bounded(text)


def bounded(text: str, limit: int = REPR_LIMIT) -> str:
    """``text`` as a plain ``str`` of at most ``limit`` characters, its middle elided with ``...``.

    A ``str`` subclass is copied into a plain ``str`` first, so none of its methods run later.
    """
    text = str.__str__(text)
    if len(text) <= limit:
        return text
    head = (limit - 3) // 2
    return f'{text[:head]}...{text[len(text) - (limit - 3 - head) :]}'
