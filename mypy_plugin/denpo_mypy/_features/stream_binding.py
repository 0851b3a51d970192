"""``bind_stream(S, H)``: the stream request class and its stream handler.

The same checks as ``bind_request``, with the same codes: a first argument that is not an
``IStreamRequest`` class (``denpo-not-a-request``; a plain request gets a hint towards
``bind_request``) or is a parameterized generic (``denpo-parameterized-request``), then a
handler that is not a stream handler (``denpo-not-a-handler``; a structural ``handle()`` must be
an async generator), is abstract (``denpo-abstract-handler``), handles another request
(``denpo-request-mismatch``) or yields items its request does not promise
(``denpo-response-mismatch``). One error per call.
"""

from __future__ import annotations

from mypy.plugin import MethodContext

from denpo_mypy._features.request_binding import check_binding
from denpo_mypy._kinds import STREAM

__all__ = ['check']


def check(ctx: MethodContext) -> None:
    """Check the stream request and handler arguments of one ``bind_stream`` call."""
    check_binding(ctx, STREAM)
