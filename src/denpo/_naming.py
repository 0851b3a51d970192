"""How denpo names types in messages: the qualified name users can search for."""

from __future__ import annotations

from typing import Any, Final

from denpo._text import bounded, safe_repr

__all__ = ['NAME_LIMIT', 'described_error', 'qualname']

NAME_LIMIT: Final = 200
"""The longest qualified name shown in a message; a longer one is elided in the middle."""


def qualname(obj: Any) -> str:
    """Return ``module.QualName`` for classes and functions, a bounded ``repr`` for anything else.

    Never raises: a ``__qualname__`` or ``__module__`` that cannot be read, or is not a string,
    falls back to [`safe_repr`][denpo._text.safe_repr].
    """
    name = _attribute(obj, '__qualname__')
    if name is None:
        return safe_repr(obj)
    module = _attribute(obj, '__module__')
    if module in {None, 'builtins'}:
        return bounded(name, NAME_LIMIT)
    return bounded(f'{module}.{name}', NAME_LIMIT)


def described_error(error: BaseException) -> str:
    """``Type: 'message'``, bounded; only the type when ``str(error)`` is empty or raises."""
    name = qualname(type(error))
    try:
        message = str(error)
    except Exception:  # noqa: BLE001  # a hostile __str__ must not hide the error being raised
        return name
    return f'{name}: {safe_repr(message)}' if message else name


def _attribute(obj: object, attribute: str) -> str | None:
    """``obj.<attribute>`` as a plain ``str``, or ``None`` if it is missing, not a string or raises."""
    try:
        value = getattr(obj, attribute, None)
    except Exception:  # noqa: BLE001  # a hostile __getattr__ or metaclass: the caller falls back
        return None
    return str.__str__(value) if isinstance(value, str) else None
