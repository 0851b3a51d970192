"""How denpo names types in messages: the qualified name users can search for."""

from __future__ import annotations

from typing import Any

from denpo._text import safe_repr

__all__ = ['qualname']


def qualname(obj: Any) -> str:
    """Return ``module.QualName`` for classes and functions, ``repr`` for anything else."""
    name = getattr(obj, '__qualname__', None)
    module = getattr(obj, '__module__', None)
    if not isinstance(name, str):
        return safe_repr(obj)
    if module in {None, 'builtins'}:
        return name
    return f'{module}.{name}'
