"""Bind-time checks: the runtime side of the catalogue of binding mistakes (``denpo._catalogue``).

One function per part of a binding, each taking the binding's kind; the mypy plugin reports the
same catalogue entries at check time.
"""

from denpo.messaging._validation._kinds import EVENT, REQUEST, STREAM, Kind
from denpo.messaging._validation.behaviors import check_behavior, check_behaviors
from denpo.messaging._validation.config import check_config
from denpo.messaging._validation.exception_actions import check_exception_action, check_exception_actions
from denpo.messaging._validation.exception_handlers import check_exception_handler, check_exception_handlers
from denpo.messaging._validation.handlers import check_event_handlers, check_handler
from denpo.messaging._validation.messages import check_message

__all__ = [
    'EVENT',
    'REQUEST',
    'STREAM',
    'Kind',
    'check_behavior',
    'check_behaviors',
    'check_config',
    'check_event_handlers',
    'check_exception_action',
    'check_exception_actions',
    'check_exception_handler',
    'check_exception_handlers',
    'check_handler',
    'check_message',
]
