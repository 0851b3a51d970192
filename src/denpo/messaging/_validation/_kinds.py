"""The three kinds of binding as the runtime checks them: the catalogue's words and the classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from denpo import _catalogue
from denpo._arguments import inherits
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest
from denpo.messaging.handlers import (
    EventHandler,
    IEventHandler,
    IRequestHandler,
    IStreamRequestHandler,
    RequestExceptionAction,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior

__all__ = ['EVENT', 'KINDS', 'REQUEST', 'STREAM', 'Kind', 'role_of']

_ROLE_BASES: Final[dict[str, type[Any]]] = {
    cls.__name__: cls
    for cls in (
        RequestHandler,
        IRequestHandler,
        StreamRequestHandler,
        IStreamRequestHandler,
        EventHandler,
        IEventHandler,
        IPipelineBehavior,
        IStreamPipelineBehavior,
        RequestExceptionHandler,
        RequestExceptionAction,
    )
}
_ROLES: Final = tuple((_ROLE_BASES[name], role) for name, role in _catalogue.ROLES.items())


def role_of(value: object) -> _catalogue.Role | None:
    """The role a class plays by inheriting a handler or behavior base, in the catalogue's order.

    ``None`` for a class of no role, and for a value that is not a class.
    """
    # As `is_subclass`: the MRO by identity, no ABC subclass check (which caches per class).
    return next((role for base, role in _ROLES if inherits(value, base)), None)


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: three constants
class Kind:
    """One kind of binding.

    Attributes:
        words: How the catalogue speaks of it.
        contract: The message base class.
        handler_base: The handler base class, whose declared arguments are compared.
        behavior_base: The behavior base class (``None``: the kind has no behaviors).
        generator: Whether ``handle()`` is an async generator rather than a coroutine function.
        wrong_bases: The classes of ``wrong_roles``, for one quick test per binding.
        wrong_roles: The base classes that make a class something else than this kind's
            handler, with the catalogue's role for each, in the catalogue's order.
    """

    words: _catalogue.Kind
    contract: type[Any]
    handler_base: type[Any]
    behavior_base: type[Any] | None
    generator: bool
    wrong_roles: tuple[tuple[type[Any], _catalogue.Role], ...]
    wrong_bases: frozenset[type[Any]]


def _kind(
    words: _catalogue.Kind,
    contract: type[Any],
    handler_base: type[Any],
    behavior_base: type[Any] | None,
    *,
    generator: bool,
) -> Kind:
    roles = tuple((_ROLE_BASES[name], _catalogue.ROLES[name]) for name in words.wrong_roles)
    return Kind(words, contract, handler_base, behavior_base, generator, roles, frozenset(dict(roles)))


REQUEST: Final = _kind(_catalogue.REQUEST, IRequest, RequestHandler, IPipelineBehavior, generator=False)
STREAM: Final = _kind(
    _catalogue.STREAM, IStreamRequest, StreamRequestHandler, IStreamPipelineBehavior, generator=True
)
EVENT: Final = _kind(_catalogue.EVENT, IEvent, EventHandler, None, generator=False)
KINDS: Final = (REQUEST, STREAM, EVENT)
