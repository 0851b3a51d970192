"""The first argument of every ``bind_*`` call: a message class of the binding's kind."""

from __future__ import annotations

from typing import Any, Final, NoReturn, cast

from denpo import _catalogue
from denpo._arguments import is_instance
from denpo._naming import qualname
from denpo._text import a
from denpo.messaging._introspection import Declaration, declarations, type_name
from denpo.messaging._subtyping import certainly_not_subtype
from denpo.messaging._validation._common import described, fail, is_subclass, origin_of, short
from denpo.messaging._validation._kinds import KINDS, REQUEST, STREAM, Kind, role_of

__all__ = ['check_message']

_RIVAL: Final = {REQUEST: STREAM, STREAM: REQUEST}
"""The kind a message class must not also be: the bus dispatches a request to one kind of handler."""


def check_message(kind: Kind, value: object) -> type[Any]:
    """Check the message class of a binding of ``kind`` and return it."""
    words = kind.words
    origin = origin_of(value)
    if is_instance(origin, type):
        if issubclass(origin, kind.contract):
            fail(
                _catalogue.PARAMETERIZED_MESSAGE,
                value,
                kind=words,
                written=type_name(value),
                short=origin.__name__,
            )
        cls: type[Any] = origin  # `S[int]`, `list[int]`: judged by its class, as the plugin reads it
    elif is_instance(value, type):
        cls = cast('type[Any]', value)
    else:
        fail(_catalogue.MESSAGE_NOT_A_CLASS, value, kind=words, got=described(value))
    if not is_subclass(cls, kind.contract):
        _refuse(kind, value, cls)
    rival = _RIVAL.get(kind)
    if rival is not None and is_subclass(cls, rival.contract):
        fail(_catalogue.MESSAGE_BOTH_KINDS, value, kind=words, name=qualname(cls))
    if words.result:  # a request or a stream request promises something; an event does not
        _check_promise(kind, cls)
    return cls


def _check_promise(kind: Kind, cls: type[Any]) -> None:
    """Refuse a message class with two promises, such as ``class GetAdmin(GetUser, IRequest[Admin])``.

    Type checkers read only the first promise (the first ``IRequest[...]`` of the bases, depth
    first), so the other would be dropped without a word; the plugin reports the class where it
    is defined.
    """
    found = _two_promises(cls, kind.contract)
    if found is None:
        return
    owner, first, second = found
    fail(
        _catalogue.REDECLARED_PROMISE,
        cls,
        kind=kind.words,
        name=qualname(owner),
        inherited=type_name(_promise(first)),
        source=qualname(first.through),
        promised=type_name(_promise(second)),
        origin=qualname(second.through),
    )


def _two_promises(cls: type[Any], contract: type[Any]) -> tuple[type[Any], Declaration, Declaration] | None:
    """The class where two different promises meet, and the two; ``None`` for one promise.

    The same promise declared again, or reached through two bases, is one promise. Two that come
    through one base meet in that base, which is named (the plugin reports it there), unless only
    its subclass makes them differ (``Base[User, Admin]`` of a ``Base(Get[T], IRequest[U])``).
    """
    paths = list(declarations(cls, contract))
    second = next((path for path in paths[1:] if _differ(paths[0], path)), None)
    if second is None:
        return None
    first = paths[0]
    if first.through is second.through:
        return _two_promises(first.through, contract) or (cls, first, second)
    return cls, first, second


def _promise(declaration: Declaration) -> Any:
    """The promised type of one path: a bare ``IRequest`` promises ``None``."""
    return declaration.arguments[0] if declaration.arguments else None


def _differ(left: Declaration, right: Declaration) -> bool:
    """Whether two paths certainly promise different types; a type variable or ``Any`` cannot tell."""
    first, second = _promise(left), _promise(right)
    return certainly_not_subtype(first, second) or certainly_not_subtype(second, first)


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
