"""The first argument of every ``bind_*`` call: a message class of the binding's kind."""

from __future__ import annotations

from typing import Any, Final, get_origin

from denpo import _catalogue
from denpo._naming import qualname
from denpo.messaging._introspection import type_name
from denpo.messaging._validation._common import described, fail, is_subclass, short
from denpo.messaging._validation._kinds import REQUEST, STREAM, Kind

__all__ = ['check_message']

_OTHER_KIND: Final = {REQUEST: STREAM, STREAM: REQUEST}
"""The kind a request class passed to the wrong ``bind_*`` call belongs to (events have none)."""


def check_message(kind: Kind, value: object) -> type[Any]:
    """Check the message class of a binding of ``kind`` and return it."""
    words = kind.words
    origin = get_origin(value)
    if isinstance(origin, type) and issubclass(origin, kind.contract):
        fail(
            _catalogue.PARAMETERIZED_MESSAGE,
            value,
            kind=words,
            written=type_name(value),
            short=origin.__name__,
        )
    if not isinstance(value, type):
        fail(_catalogue.MESSAGE_NOT_A_CLASS, value, kind=words, got=described(value))
    other = _OTHER_KIND.get(kind)
    if other is not None and is_subclass(value, other.contract):
        if is_subclass(value, kind.contract):
            fail(_catalogue.MESSAGE_BOTH_KINDS, value, kind=words, name=qualname(value))
        fail(
            _catalogue.MESSAGE_OTHER_KIND,
            value,
            kind=words,
            other=other.words,
            name=qualname(value),
            short=short(value),
        )
    if not is_subclass(value, kind.contract):
        fail(_catalogue.MESSAGE_NOT_INHERITED, value, kind=words, name=qualname(value), short=short(value))
    return value
