"""The three binding calls, ``bind_request``, ``bind_stream`` and ``bind_event``, described as data.

A stream request is checked like a request, and an event's handlers like a request's handler:
the same mistakes, the same error codes. Only the words differ (the contract, the handler and
behavior bases, what the handler produces, the roles a class of the wrong kind plays), so the
binding feature takes a :class:`RequestKind` instead of being written three times, and never
asks *which* kind it was given.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final, NamedTuple

from mypy.errorcodes import ErrorCode

from denpo_mypy import _errors, _fullnames

__all__ = ['EVENT', 'KINDS', 'REQUEST', 'STREAM', 'BehaviorWords', 'RequestKind', 'Role']


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


class BehaviorWords(NamedTuple):
    """How the per-binding behaviors of one kind are named in errors.

    Attributes:
        base: Fullname of the behavior base class.
        noun: ``pipeline behavior`` or ``stream pipeline behavior``.
        works_on: What a behavior's second type argument describes, in the plural.
        generic_in: What a behavior should be generic in.
        placeholder: The name of the second type argument in a hint, ``<response>``.
    """

    base: str
    noun: str
    works_on: str
    generic_in: str
    placeholder: str

    @property
    def name(self) -> str:
        """The short name of the behavior base class."""
        return self.base.rpartition('.')[2]


class RequestKind(NamedTuple):
    """What one binding call expects, and how its mistakes are worded.

    Attributes:
        call: The binding method, ``bind_request``, ``bind_stream`` or ``bind_event``.
        noun: How the message is called in errors: ``request``, ``stream request``, ``event``.
        contract: Fullname of the message base class (``IRequest``, ``IStreamRequest``, ``IEvent``).
        declaration: How a message class declares the contract, for the hint of a class that
            does not (``IRequest[<response type>]``).
        message_code: The code of a first argument that is not such a message class.
        parameterized_checked: Whether a parameterized generic message (``GetById[int]``) is
            reported.
        other_call: The binding call of the neighbouring kind, named in the hint when a message
            of that kind is passed (a stream request to ``bind_request``); ``None`` for none.
        role: How a handler of this kind is called: ``request handler``, ``event handler``.
        handler_bases: Fullnames of the handler base class and of its protocol twin.
        handler_fix: The hint for a class that is no such handler; ``{message}`` in it is the
            message class's name.
        wrong_roles: Fullname of a base class that makes a class something else than this
            kind's handler, mapped to the rest of its message; ``{name}`` is the class's name.
        produced_by: Fullname of what ``handle()`` returns, whose argument is the response:
            ``Awaitable`` (an ``async def``) or ``AsyncIterator`` (an async generator).
        verb: How the handler hands over its response: ``returns`` or ``yields``.
        handle_fix: How to declare a structural ``handle()`` that returns the wrong thing.
        response_checked: Whether the handler's response must fit what the message promises
            (an event promises nothing).
        mismatch_code: The code of a handler that handles another message.
        mismatch_hint: The hint for it; ``{message}`` and ``{handled}`` are filled in.
        exclusive: Whether a message has exactly one handler, so that binding it twice in one
            chain is a mistake.
        behaviors: The words for per-binding behaviors; ``None`` if the call takes none.
        positional: The roles of the positional-only parameters, in order. mypy does not keep
            the names of positional-only parameters, and their position is their contract.
        keywords: The roles of the keyword parameters, by name.
    """

    call: str
    noun: str
    contract: str
    declaration: str
    message_code: ErrorCode
    parameterized_checked: bool
    other_call: str | None
    role: str
    handler_bases: tuple[str, str]
    handler_fix: str
    wrong_roles: Mapping[str, str]
    produced_by: str
    verb: str
    handle_fix: str
    response_checked: bool
    mismatch_code: ErrorCode
    mismatch_hint: str
    exclusive: bool
    behaviors: BehaviorWords | None
    positional: tuple[Role, ...]
    keywords: Mapping[str, Role]

    @property
    def contract_name(self) -> str:
        """The short name of the contract: ``IRequest``, ``IStreamRequest`` or ``IEvent``."""
        return self.contract.rpartition('.')[2]

    @property
    def handler_name(self) -> str:
        """The short name of the handler base: ``RequestHandler`` or ``StreamRequestHandler``."""
        return self.handler_bases[0].rpartition('.')[2]

    @property
    def other(self) -> RequestKind | None:
        """The neighbouring kind, named in hints when a message of it is bound as this kind."""
        return None if self.other_call is None else KINDS[self.other_call]


_AWAITABLE_FIX: Final = 'which cannot be awaited. Hint: declare it with `async def handle(...)`'

_EVENT_HANDLER_ROLE: Final = (
    'is an event handler, not a {kind}. Hint: bind it with bind_event(<event class>, [{{name}}]).'
)
_STREAM_HANDLER_ROLE: Final = (
    'is a stream handler, not a request handler. '
    'Hint: bind it with bind_stream(<stream request class>, {name}).'
)
_REQUEST_HANDLER_ROLE: Final = (
    'is a request handler, not a stream handler. Hint: bind it with bind_request(<request class>, {name}).'
)
_EXCEPTION_HANDLER_ROLE: Final = (
    'is an exception handler, not a {kind}. '
    'Hint: pass it as bind_request(..., exception_handlers=[{{name}}]).'
)
_EVENTS_REQUEST_HANDLER_ROLE: Final = (
    'is a request handler, not an event handler. Hint: bind it with bind_request(<request class>, {name}).'
)

REQUEST: Final = RequestKind(
    call=_fullnames.BIND_REQUEST_METHOD,
    noun='request',
    contract=_fullnames.IREQUEST,
    declaration='IRequest[<response type>]',
    message_code=_errors.NOT_A_REQUEST,
    parameterized_checked=True,
    other_call=_fullnames.BIND_STREAM_METHOD,
    role='request handler',
    handler_bases=(_fullnames.REQUEST_HANDLER, _fullnames.IREQUEST_HANDLER),
    handler_fix='inherit RequestHandler[{message}, <response>] and implement handle()',
    wrong_roles={
        _fullnames.EVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='request handler'),
        _fullnames.IEVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='request handler'),
        _fullnames.PIPELINE_BEHAVIOR: (
            'is a pipeline behavior, not a request handler. '
            'Hint: pass it as bind_request(..., behaviors=[{name}]).'
        ),
        _fullnames.STREAM_REQUEST_HANDLER: _STREAM_HANDLER_ROLE,
        _fullnames.ISTREAM_REQUEST_HANDLER: _STREAM_HANDLER_ROLE,
        _fullnames.STREAM_PIPELINE_BEHAVIOR: (
            'is a stream pipeline behavior, not a request handler. '
            'Hint: pass it as bind_stream(..., behaviors=[{name}]).'
        ),
        _fullnames.REQUEST_EXCEPTION_HANDLER: _EXCEPTION_HANDLER_ROLE.format(kind='request handler'),
    },
    produced_by=_fullnames.AWAITABLE,
    verb='returns',
    handle_fix=_AWAITABLE_FIX,
    response_checked=True,
    mismatch_code=_errors.REQUEST_MISMATCH,
    mismatch_hint='bind {message} to a handler of {message} (or of one of its base classes).',
    exclusive=True,
    behaviors=BehaviorWords(
        base=_fullnames.PIPELINE_BEHAVIOR,
        noun='pipeline behavior',
        works_on='responses',
        generic_in='response',
        placeholder='response',
    ),
    positional=(Role.MESSAGE, Role.HANDLER),
    keywords={'behaviors': Role.BEHAVIORS, 'exception_handlers': Role.EXCEPTION_HANDLERS},
)

STREAM: Final = RequestKind(
    call=_fullnames.BIND_STREAM_METHOD,
    noun='stream request',
    contract=_fullnames.ISTREAM_REQUEST,
    declaration='IStreamRequest[<item type>]',
    message_code=_errors.NOT_A_REQUEST,
    parameterized_checked=True,
    other_call=_fullnames.BIND_REQUEST_METHOD,
    role='stream handler',
    handler_bases=(_fullnames.STREAM_REQUEST_HANDLER, _fullnames.ISTREAM_REQUEST_HANDLER),
    handler_fix='inherit StreamRequestHandler[{message}, <item>] and implement handle()',
    wrong_roles={
        _fullnames.EVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='stream handler'),
        _fullnames.IEVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='stream handler'),
        _fullnames.PIPELINE_BEHAVIOR: (
            'is a pipeline behavior, not a stream handler. '
            'Hint: stream behaviors inherit IStreamPipelineBehavior; '
            'pass them as bind_stream(..., behaviors=[...]).'
        ),
        _fullnames.REQUEST_HANDLER: _REQUEST_HANDLER_ROLE,
        _fullnames.IREQUEST_HANDLER: _REQUEST_HANDLER_ROLE,
        _fullnames.STREAM_PIPELINE_BEHAVIOR: (
            'is a stream pipeline behavior, not a stream handler. '
            'Hint: pass it as bind_stream(..., behaviors=[{name}]).'
        ),
        _fullnames.REQUEST_EXCEPTION_HANDLER: _EXCEPTION_HANDLER_ROLE.format(kind='stream handler'),
    },
    produced_by=_fullnames.ASYNC_ITERATOR,
    verb='yields',
    handle_fix=(
        'which is not an async iterator. Hint: make it an async generator, '
        '`async def handle(...) -> AsyncIterator[<item>]` that yields its items'
    ),
    response_checked=True,
    mismatch_code=_errors.REQUEST_MISMATCH,
    mismatch_hint='bind {message} to a handler of {message} (or of one of its base classes).',
    exclusive=True,
    behaviors=BehaviorWords(
        base=_fullnames.STREAM_PIPELINE_BEHAVIOR,
        noun='stream pipeline behavior',
        works_on='items',
        generic_in='item type',
        placeholder='item',
    ),
    positional=(Role.MESSAGE, Role.HANDLER),
    keywords={'behaviors': Role.BEHAVIORS},
)

EVENT: Final = RequestKind(
    call=_fullnames.BIND_EVENT_METHOD,
    noun='event',
    contract=_fullnames.IEVENT,
    declaration='IEvent',
    message_code=_errors.NOT_AN_EVENT,
    parameterized_checked=False,
    other_call=None,
    role='event handler',
    handler_bases=(_fullnames.EVENT_HANDLER, _fullnames.IEVENT_HANDLER),
    handler_fix='inherit EventHandler[{message}] and implement handle()',
    wrong_roles={
        _fullnames.REQUEST_HANDLER: _EVENTS_REQUEST_HANDLER_ROLE,
        _fullnames.IREQUEST_HANDLER: _EVENTS_REQUEST_HANDLER_ROLE,
        _fullnames.PIPELINE_BEHAVIOR: (
            'is a pipeline behavior, not an event handler. '
            'Hint: pass it as bind_request(..., behaviors=[{name}]).'
        ),
    },
    produced_by=_fullnames.AWAITABLE,
    verb='returns',
    handle_fix=_AWAITABLE_FIX,
    response_checked=False,
    mismatch_code=_errors.EVENT_MISMATCH,
    mismatch_hint='bind it to {handled} or one of its subclasses.',
    exclusive=False,
    behaviors=None,
    positional=(Role.MESSAGE, Role.HANDLERS),
    keywords={},
)

KINDS: Final[Mapping[str, RequestKind]] = {kind.call: kind for kind in (REQUEST, STREAM, EVENT)}
"""Every kind by the name of its binding method."""
