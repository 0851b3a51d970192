"""The two kinds of request binding, ``bind_request`` and ``bind_stream``, described as data.

A stream request is checked like a request: the same mistakes, the same error codes. Only the
names differ (the contract, the handler and behavior bases, what the handler produces and how
that is read off its ``handle``), so the binding features take a :class:`RequestKind` instead of
being written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from denpo_mypy import _fullnames

__all__ = ['REQUEST', 'STREAM', 'RequestKind']


@dataclass(frozen=True, slots=True)
class RequestKind:
    """What one kind of request binding expects.

    Attributes:
        call: The binding method, ``bind_request`` or ``bind_stream``.
        noun: How the message is called in errors: ``request`` or ``stream request``.
        contract: Fullname of the message base class (``IRequest``, ``IStreamRequest``).
        handler_bases: Fullnames of the handler base class and of its protocol twin.
        behavior_base: Fullname of the per-binding behavior base class.
        produced_by: Fullname of what ``handle()`` returns, whose argument is the response:
            ``Awaitable`` (an ``async def``) or ``AsyncIterator`` (an async generator).
        verb: How the handler hands over its response: ``returns`` or ``yields``.
        handle_fix: How to declare a structural ``handle()`` that returns the wrong thing.
    """

    call: str
    noun: str
    contract: str
    handler_bases: tuple[str, str]
    behavior_base: str
    produced_by: str
    verb: str
    handle_fix: str

    @property
    def contract_name(self) -> str:
        """The short name of the contract: ``IRequest`` or ``IStreamRequest``."""
        return self.contract.rpartition('.')[2]

    @property
    def handler_name(self) -> str:
        """The short name of the handler base: ``RequestHandler`` or ``StreamRequestHandler``."""
        return self.handler_bases[0].rpartition('.')[2]

    @property
    def behavior_name(self) -> str:
        """The short name of the behavior base."""
        return self.behavior_base.rpartition('.')[2]

    @property
    def other(self) -> RequestKind:
        """The other kind, named in hints when a message of one kind is bound as the other."""
        return STREAM if self is REQUEST else REQUEST


REQUEST: Final = RequestKind(
    call=_fullnames.BIND_REQUEST_METHOD,
    noun='request',
    contract=_fullnames.IREQUEST,
    handler_bases=(_fullnames.REQUEST_HANDLER, _fullnames.IREQUEST_HANDLER),
    behavior_base=_fullnames.PIPELINE_BEHAVIOR,
    produced_by=_fullnames.AWAITABLE,
    verb='returns',
    handle_fix='which cannot be awaited. Hint: declare it with `async def handle(...)`',
)

STREAM: Final = RequestKind(
    call=_fullnames.BIND_STREAM_METHOD,
    noun='stream request',
    contract=_fullnames.ISTREAM_REQUEST,
    handler_bases=(_fullnames.STREAM_REQUEST_HANDLER, _fullnames.ISTREAM_REQUEST_HANDLER),
    behavior_base=_fullnames.STREAM_PIPELINE_BEHAVIOR,
    produced_by=_fullnames.ASYNC_ITERATOR,
    verb='yields',
    handle_fix=(
        'which is not an async iterator. Hint: make it an async generator, '
        '`async def handle(...) -> AsyncIterator[<item>]` that yields its items'
    ),
)
