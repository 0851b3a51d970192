"""The plugin's error codes, derived from denpo's catalogue of binding mistakes, and how they are reported.

Every mistake the plugin reports is an entry of ``denpo._catalogue``, shared with the runtime: the
entry gives the code and the words, the plugin only the fields (the names mypy shows). There is
one mypy ``ErrorCode`` per distinct code of the catalogue. Every code is flat (no
``sub_code_of``) and carries the ``denpo-`` prefix, so each mistake can be silenced on its own
line with ``# type: ignore[denpo-<name>]`` or switched off globally with ``disable_error_code``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple

from mypy.errorcodes import ErrorCode
from mypy.nodes import Context
from mypy.plugin import ClassDefContext, FunctionSigContext, MethodContext, MethodSigContext

from denpo import _catalogue
from denpo._catalogue import Mistake

__all__ = ['ALL_CODES', 'CODES', 'DESCRIPTIONS', 'Finding', 'Problem', 'catalogue_codes', 'problem', 'report']

_CATEGORY: Final = 'denpo'

DESCRIPTIONS: Final[Mapping[str, str]] = {
    'denpo-handler-response': (
        "A request, stream or exception handler's response type is not a subtype of the promised one"
    ),
    'denpo-response-mismatch': (
        "bind_request()/bind_stream(): the handler's response (item) type is not a subtype of the "
        'promised one'
    ),
    'denpo-request-mismatch': 'bind_request()/bind_stream(): the handler handles another request type',
    'denpo-abstract-handler': 'A bound handler or behavior class is abstract and cannot be instantiated',
    'denpo-not-a-handler': 'A class bound as a request, stream or event handler is not one',
    'denpo-not-a-request': (
        'bind_request()/bind_stream(): the first argument is not an IRequest/IStreamRequest class'
    ),
    'denpo-not-an-event': 'bind_event(): the first argument is not an IEvent class',
    'denpo-parameterized-request': (
        'bind_*(): a parameterized generic message such as GetById[int] cannot be dispatched'
    ),
    'denpo-redeclared-promise': (
        'A request or stream request class inherits one response (item) type and declares another'
    ),
    'denpo-behavior-mismatch': (
        'bind_request()/bind_stream(): a pipeline behavior does not fit the request or its response type, '
        'or is not a behavior of the call'
    ),
    'denpo-duplicate-behavior': 'bind_request()/bind_stream(): the same behavior class is listed twice',
    'denpo-global-behavior': (
        'MessagingConfig(pipeline_behaviors=..., stream_behaviors=...): a behavior is declared for one '
        'request or response instead of being generic'
    ),
    'denpo-event-mismatch': 'bind_event(): a handler handles an unrelated event type',
    'denpo-duplicate-event-handler': 'bind_event(): the same handler class is listed twice',
    'denpo-duplicate-request': (
        'The same request is bound twice in one chain of bind_request()/bind_stream() calls'
    ),
    'denpo-exception-handler-mismatch': (
        'bind_request(exception_handlers=...): an exception handler does not fit the request or its response'
    ),
    'denpo-duplicate-exception-handler': (
        'bind_request(exception_handlers=...): the same exception handler class is listed twice'
    ),
    'denpo-exception-action-mismatch': (
        'bind_request(exception_actions=...): an exception action does not fit the request, or is '
        'not an exception action'
    ),
    'denpo-duplicate-exception-action': (
        'bind_request(exception_actions=...): the same exception action class is listed twice'
    ),
    'denpo-wrong-message': (
        'invoke()/stream()/publish(): the argument is not an instance of the kind of message the '
        'method sends (an event given to invoke(), a class instead of an instance)'
    ),
}
"""What each code is about, as ``mypy --list-error-codes`` style help shows it."""


def catalogue_codes() -> tuple[str, ...]:
    """Every distinct code the plugin reports, in catalogue order, with ``{kind.message_code}`` resolved.

    Entries only the runtime can see (``checked_by == 'runtime'``) add no code of their own.
    """
    codes = (
        mistake.code_for(kind)
        for mistake in _catalogue.ALL_MISTAKES
        if mistake.checked_by != 'runtime'
        for kind in _catalogue.KINDS
    )
    return tuple(dict.fromkeys(codes))


CODES: Final[Mapping[str, ErrorCode]] = {
    code: ErrorCode(code, DESCRIPTIONS[code], _CATEGORY) for code in catalogue_codes()
}
"""The mypy error code of each catalogue code."""

ALL_CODES: Final = tuple(CODES.values())


class Problem(NamedTuple):
    """One catalogue entry and the fields that fill in its words.

    Attributes:
        mistake: The entry.
        fields: Its fields, as the runtime passes them (names as mypy shows them).
    """

    mistake: Mistake
    fields: Mapping[str, object]

    @property
    def code(self) -> ErrorCode:
        """The error code; it may depend on the binding's kind (``fields['kind']``)."""
        return CODES[self.mistake.code_for(self.fields.get('kind'))]

    @property
    def message(self) -> str:
        """The full message, hint included."""
        return self.mistake.render(self.fields)


def problem(mistake: Mistake, **fields: object) -> Problem:
    """The entry ``mistake`` with ``fields``, as the runtime raises it."""
    return Problem(mistake, fields)


class Finding(NamedTuple):
    """One problem found in a call, and where to report it."""

    at: Context
    problem: Problem


def report(
    ctx: MethodContext | MethodSigContext | FunctionSigContext | ClassDefContext,
    found: Problem,
    *,
    at: Context | None = None,
) -> None:
    """Report ``found`` at ``at`` (by default where the hook was called)."""
    message, code = found.message, found.code
    if isinstance(ctx, ClassDefContext):
        ctx.api.fail(message, ctx.reason if at is None else at, code=code)
    else:
        ctx.api.fail(message, ctx.context if at is None else at, code=code)
