"""The three binding calls, ``bind_request``, ``bind_stream`` and ``bind_event``, described as data.

A stream request is checked like a request, and an event's handlers like a request's handler:
the same mistakes, the same catalogue entries. The words of each kind (the contract, the handler
and behavior bases, what the handler produces, the roles a class of the wrong kind plays) are
the catalogue's (:class:`denpo._catalogue.Kind`); a :class:`RequestKind` adds what only mypy
needs, the fullnames of those classes and how the call's arguments are read, so the binding
feature takes a kind instead of being written three times, and never asks *which* kind it was
given.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final, NamedTuple

from denpo import _catalogue
from denpo._catalogue import Mistake
from denpo_mypy import _fullnames

__all__ = ['EVENT', 'KINDS', 'REQUEST', 'ROLES', 'STREAM', 'RequestKind', 'Role']


class Role(Enum):
    """What an argument of a binding call is, whatever its position or keyword."""

    MESSAGE = 'message'
    """The request, stream request or event class."""
    HANDLER = 'handler'
    """The one handler class of a request or stream request."""
    HANDLERS = 'handlers'
    """The list of an event's handler classes."""
    BEHAVIORS = 'behaviors'
    """The list of per-binding pipeline behavior classes."""
    EXCEPTION_HANDLERS = 'exception_handlers'
    """The list of exception handler classes of a request."""
    EXCEPTION_ACTIONS = 'exception_actions'
    """The list of exception action classes of a request."""


class RequestKind(NamedTuple):
    """What one binding call expects: the catalogue's words, and the fullnames mypy keys on.

    Attributes:
        words: The catalogue's words for the kind (its call, nouns and base class names).
        contract: Fullname of the message base class (``IRequest``, ``IStreamRequest``, ``IEvent``).
        handler_bases: Fullnames of the handler base class and of its protocol twin.
        behavior_base: Fullname of the behavior base class; ``None`` if the call takes none.
        wrong_roles: The base classes that make a class something else than this kind's
            handler, by fullname, with the catalogue's role, in the order the runtime checks them.
        produced_by: Fullname of what ``handle()`` returns, whose argument is the response:
            ``Awaitable`` (an ``async def``) or ``AsyncIterator`` (an async generator).
        not_produced: The mistake of a structural ``handle()`` that returns something else.
        mismatch: The mistake of a handler that handles another message.
        rival_call: The binding call of the kind that a message of this kind must not also be
            (a class that is both a request and a stream request cannot be dispatched to one
            kind of handler); ``None`` for none.
        exclusive: Whether a message has exactly one handler, so that binding it twice in one
            chain is a mistake.
        positional: The roles of the positional-only parameters, in order. mypy does not keep
            the names of positional-only parameters, and their position is their contract.
        keywords: The roles of the keyword parameters, by name.
    """

    words: _catalogue.Kind
    contract: str
    handler_bases: tuple[str, str]
    behavior_base: str | None
    wrong_roles: tuple[tuple[str, _catalogue.Role], ...]
    produced_by: str
    not_produced: Mistake
    mismatch: Mistake
    rival_call: str | None
    exclusive: bool
    positional: tuple[Role, ...]
    keywords: Mapping[str, Role]

    @property
    def call(self) -> str:
        """The binding method: ``bind_request``, ``bind_stream`` or ``bind_event``."""
        return self.words.call

    @property
    def response_checked(self) -> bool:
        """Whether the handler's response must fit what the message promises (an event promises nothing)."""
        return bool(self.words.result)

    @property
    def rival(self) -> RequestKind | None:
        """The kind that a message of this kind must not also be."""
        return None if self.rival_call is None else KINDS[self.rival_call]


def _kind(  # noqa: PLR0913  # the words, and what only mypy needs besides them
    words: _catalogue.Kind,
    *,
    produced_by: str,
    not_produced: Mistake,
    mismatch: Mistake,
    rival_call: str | None,
    exclusive: bool,
    positional: tuple[Role, ...],
    keywords: Mapping[str, Role],
) -> RequestKind:
    """Read the fullnames of ``words``' classes off their short names, in one place."""
    fullname = _fullnames.BY_SHORT_NAME
    return RequestKind(
        words=words,
        contract=fullname[words.contract],
        handler_bases=(fullname[words.handler_base], fullname[words.handler_protocol]),
        behavior_base=fullname[words.behavior_base] if words.behavior_base else None,
        wrong_roles=tuple((fullname[name], _catalogue.ROLES[name]) for name in words.wrong_roles),
        produced_by=produced_by,
        not_produced=not_produced,
        mismatch=mismatch,
        rival_call=rival_call,
        exclusive=exclusive,
        positional=positional,
        keywords=keywords,
    )


REQUEST: Final = _kind(
    _catalogue.REQUEST,
    produced_by=_fullnames.AWAITABLE,
    not_produced=_catalogue.HANDLE_NOT_AWAITABLE,
    mismatch=_catalogue.REQUEST_MISMATCH,
    rival_call=_fullnames.BIND_STREAM_METHOD,
    exclusive=True,
    positional=(Role.MESSAGE, Role.HANDLER),
    keywords={
        'behaviors': Role.BEHAVIORS,
        'exception_handlers': Role.EXCEPTION_HANDLERS,
        'exception_actions': Role.EXCEPTION_ACTIONS,
    },
)

STREAM: Final = _kind(
    _catalogue.STREAM,
    produced_by=_fullnames.ASYNC_ITERATOR,
    not_produced=_catalogue.HANDLE_NOT_ASYNC_GENERATOR,
    mismatch=_catalogue.REQUEST_MISMATCH,
    rival_call=_fullnames.BIND_REQUEST_METHOD,
    exclusive=True,
    positional=(Role.MESSAGE, Role.HANDLER),
    keywords={'behaviors': Role.BEHAVIORS},
)

EVENT: Final = _kind(
    _catalogue.EVENT,
    produced_by=_fullnames.AWAITABLE,
    not_produced=_catalogue.HANDLE_NOT_AWAITABLE,
    mismatch=_catalogue.EVENT_MISMATCH,
    rival_call=None,
    exclusive=False,
    positional=(Role.MESSAGE, Role.HANDLERS),
    keywords={},
)

KINDS: Final[Mapping[str, RequestKind]] = {kind.call: kind for kind in (REQUEST, STREAM, EVENT)}
"""Every kind by the name of its binding method."""

ROLES: Final = tuple((_fullnames.BY_SHORT_NAME[name], role) for name, role in _catalogue.ROLES.items())
"""Every role a class can play, by the fullname of the base class that gives it, in the catalogue's order."""
