"""Bind-time checks: the runtime form of the mypy plugin's checks, with the same wording.

One module per binding kind; ``_common`` holds what they share.
"""

from denpo.messaging._validation._common import declared_item, declared_response, response_mismatch
from denpo.messaging._validation.events import check_event_handler, check_event_handlers, check_event_type
from denpo.messaging._validation.exception_handlers import check_exception_handler, check_exception_handlers
from denpo.messaging._validation.requests import (
    check_behavior,
    check_behaviors,
    check_request_handler,
    check_request_type,
)
from denpo.messaging._validation.streams import (
    check_stream_behavior,
    check_stream_behaviors,
    check_stream_handler,
    check_stream_type,
)

__all__ = [
    'check_behavior',
    'check_behaviors',
    'check_event_handler',
    'check_event_handlers',
    'check_event_type',
    'check_exception_handler',
    'check_exception_handlers',
    'check_request_handler',
    'check_request_type',
    'check_stream_behavior',
    'check_stream_behaviors',
    'check_stream_handler',
    'check_stream_type',
    'declared_item',
    'declared_response',
    'response_mismatch',
]
