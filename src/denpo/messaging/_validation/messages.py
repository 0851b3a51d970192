"""The first argument of every ``bind_*`` call: a message class of the binding's kind."""

from __future__ import annotations

from typing import Any, Final, NoReturn, get_origin

from denpo import _catalogue
from denpo._naming import qualname
from denpo._text import a
from denpo.messaging._introspection import type_name
from denpo.messaging._validation._common import described, fail, is_subclass, short
from denpo.messaging._validation._kinds import KINDS, REQUEST, STREAM, Kind, role_of

__all__ = ['check_message']

_RIVAL: Final = {REQUEST: STREAM, STREAM: REQUEST}
"""The kind a message class must not also be: the bus dispatches a request to one kind of handler."""


def check_message(kind: Kind, value: object) -> type[Any]:
    """Check the message class of a binding of ``kind`` and return it."""
    words = kind.words
    origin = get_origin(value)
    if isinstance(origin, type):
        if issubclass(origin, kind.contract):
            fail(
                _catalogue.PARAMETERIZED_MESSAGE,
                value,
                kind=words,
                written=type_name(value),
                short=origin.__name__,
            )
        cls: type[Any] = origin  # `S[int]`, `list[int]`: judged by its class, as the plugin reads it
    elif isinstance(value, type):
        cls = value
    else:
        fail(_catalogue.MESSAGE_NOT_A_CLASS, value, kind=words, got=described(value))
    if not is_subclass(cls, kind.contract):
        _refuse(kind, value, cls)
    rival = _RIVAL.get(kind)
    if rival is not None and is_subclass(cls, rival.contract):
        fail(_catalogue.MESSAGE_BOTH_KINDS, value, kind=words, name=qualname(cls))
    return cls


def _refuse(kind: Kind, value: object, cls: type[Any]) -> NoReturn:
    """Say what the class ``cls`` (of ``value``) is instead of a message of ``kind``."""
    words, name = kind.words, qualname(cls)
    for other in KINDS:
        if is_subclass(cls, other.contract):
            fail(
                _catalogue.MESSAGE_OTHER_KIND,
                value,
                kind=words,
                other=other.words,
                name=name,
                short=short(cls),
            )
    role = role_of(cls)
    if role is not None:
        fail(
            _catalogue.MESSAGE_IS_A_HANDLER,
            value,
            kind=words,
            name=name,
            role=a(role.noun),
            binding=words.misplaced_binding(role, short(cls)),
        )
    fail(_catalogue.MESSAGE_NOT_INHERITED, value, kind=words, name=name, short=short(cls))
