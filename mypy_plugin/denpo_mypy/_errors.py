"""The plugin's error codes and the one helper that reports them.

Every code is flat (no ``sub_code_of``) and carries the ``denpo-`` prefix, so each mistake can
be silenced on its own line with ``# type: ignore[denpo-<name>]`` or switched off globally with
``disable_error_code``.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from mypy.errorcodes import ErrorCode
from mypy.nodes import Context
from mypy.plugin import ClassDefContext, MethodContext, MethodSigContext

_CATEGORY: Final = 'denpo'

HANDLER_RESPONSE: Final = ErrorCode(
    'denpo-handler-response',
    "A request, stream or exception handler's response type is not a subtype of what its request promises",
    _CATEGORY,
)
RESPONSE_MISMATCH: Final = ErrorCode(
    'denpo-response-mismatch',
    "bind_request()/bind_stream(): the handler's response (item) type is not a subtype of the promised one",
    _CATEGORY,
)
REQUEST_MISMATCH: Final = ErrorCode(
    'denpo-request-mismatch',
    'bind_request()/bind_stream(): the handler handles another request type',
    _CATEGORY,
)
ABSTRACT_HANDLER: Final = ErrorCode(
    'denpo-abstract-handler',
    'A bound handler or behavior class is abstract and cannot be instantiated',
    _CATEGORY,
)
NOT_A_HANDLER: Final = ErrorCode(
    'denpo-not-a-handler',
    'A class bound as a request, stream or event handler is not one',
    _CATEGORY,
)
NOT_A_REQUEST: Final = ErrorCode(
    'denpo-not-a-request',
    'bind_request()/bind_stream(): the first argument is not an IRequest/IStreamRequest class',
    _CATEGORY,
)
NOT_AN_EVENT: Final = ErrorCode(
    'denpo-not-an-event',
    'bind_event(): the first argument is not an IEvent class',
    _CATEGORY,
)
PARAMETERIZED_REQUEST: Final = ErrorCode(
    'denpo-parameterized-request',
    'bind_request()/bind_stream(): a parameterized generic request such as GetById[int] cannot be dispatched',
    _CATEGORY,
)
BEHAVIOR_MISMATCH: Final = ErrorCode(
    'denpo-behavior-mismatch',
    'bind_request()/bind_stream(): a pipeline behavior does not fit the request or its response type',
    _CATEGORY,
)
EVENT_MISMATCH: Final = ErrorCode(
    'denpo-event-mismatch',
    'bind_event(): a handler handles an unrelated event type',
    _CATEGORY,
)
DUPLICATE_EVENT_HANDLER: Final = ErrorCode(
    'denpo-duplicate-event-handler',
    'bind_event(): the same handler class is listed twice',
    _CATEGORY,
)
DUPLICATE_REQUEST: Final = ErrorCode(
    'denpo-duplicate-request',
    'The same request is bound twice in one chain of bind_request()/bind_stream() calls',
    _CATEGORY,
)
EXCEPTION_HANDLER_MISMATCH: Final = ErrorCode(
    'denpo-exception-handler-mismatch',
    'bind_request(exception_handlers=...): an exception handler does not fit the request or its response',
    _CATEGORY,
)

ALL_CODES: Final = (
    HANDLER_RESPONSE,
    RESPONSE_MISMATCH,
    REQUEST_MISMATCH,
    ABSTRACT_HANDLER,
    NOT_A_HANDLER,
    NOT_A_REQUEST,
    NOT_AN_EVENT,
    PARAMETERIZED_REQUEST,
    BEHAVIOR_MISMATCH,
    EVENT_MISMATCH,
    DUPLICATE_EVENT_HANDLER,
    DUPLICATE_REQUEST,
    EXCEPTION_HANDLER_MISMATCH,
)


class Finding(NamedTuple):
    """One error found in a call: where, under which code, and what to say."""

    at: Context
    code: ErrorCode
    message: str


def report(
    ctx: MethodContext | MethodSigContext | ClassDefContext,
    code: ErrorCode,
    message: str,
    *,
    at: Context | None = None,
) -> None:
    """Report ``message`` under ``code`` at ``at`` (by default where the hook was called)."""
    if isinstance(ctx, ClassDefContext):
        ctx.api.fail(message, ctx.reason if at is None else at, code=code)
    else:
        ctx.api.fail(message, ctx.context if at is None else at, code=code)
