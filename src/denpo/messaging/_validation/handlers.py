"""The handler classes of every ``bind_*`` call: role, concreteness, message and response."""

from __future__ import annotations

from typing import Any, TypeVar, get_args

from denpo import _catalogue
from denpo._arguments import inherits
from denpo._naming import qualname
from denpo.messaging._introspection import declared_arguments, handled_name, type_name
from denpo.messaging._subtyping import (
    certainly_not_handled,
    certainly_not_subtype,
    substituted,
)
from denpo.messaging._validation._common import (
    concrete_class,
    declared_result,
    described,
    fail,
    fail_parameterized,
    fail_wrong_role,
    handle_of,
    sequence,
    short,
    written_class,
)
from denpo.messaging._validation._kinds import EVENT, Kind
from denpo.messaging.exceptions import EventHandlerAlreadyRegistered

__all__ = ['check_event_handlers', 'check_handler']


def check_handler(kind: Kind, message: type[Any], value: object) -> type[Any]:
    """Check ``value`` as the handler of ``message`` in a binding of ``kind`` and return it."""
    words = kind.words
    written = written_class(value)
    if written is None:
        fix = words.handler_fix(message.__name__)
        fail(_catalogue.HANDLER_NOT_A_CLASS, value, kind=words, got=described(value), fix=fix)
    name = qualname(written)
    if not kind.wrong_bases.isdisjoint(written.__mro__):  # one test per binding; then the first role
        role = next(role for base, role in kind.wrong_roles if inherits(written, base))
        fail_wrong_role(_catalogue.HANDLER_WRONG_ROLE, written, role, kind=words)
    if not callable(handle_of(written)):
        fix = words.handler_fix(message.__name__)
        fail(_catalogue.HANDLER_WITHOUT_HANDLE, written, kind=words, name=name, fix=fix)
    if not isinstance(value, type):  # the class written with arguments
        fail_parameterized(_catalogue.PARAMETERIZED_HANDLER, value, written, kind=words)
    concrete_class(value, kind)
    arguments = declared_arguments(value, kind.handler_base)
    if not arguments:
        return value  # structural, or inherits the bare base: nothing declared to compare
    handled = arguments[0]
    if certainly_not_handled(message, handled):
        if kind is EVENT:
            fail(
                _catalogue.EVENT_MISMATCH,
                value,
                handler=name,
                handled=handled_name(handled),
                event=type_name(message),
            )
        fail(
            _catalogue.REQUEST_MISMATCH,
            value,
            kind=words,
            handler=name,
            handled=handled_name(handled),
            request=type_name(message),
        )
    if kind is not EVENT:
        returned = arguments[1]
        promised = substituted(declared_result(message, kind), message, handled)
        if _breaks_promise(returned, promised, handled):
            fail(
                _catalogue.RESPONSE_MISMATCH,
                value,
                kind=words,
                handler=name,
                returned=type_name(returned),
                request=type_name(message),
                promised=type_name(promised),
            )
    return value


def _breaks_promise(returned: Any, promised: Any, handled: Any) -> bool:
    """Whether a handler's declared response certainly does not fit its request's promise.

    A promise that stays generic (``GetById[T]`` promising ``T``, handled as ``GetById[U]``)
    is kept only by returning that same type variable.
    """
    if isinstance(promised, TypeVar) and promised in get_args(handled):
        return returned is not promised
    return certainly_not_subtype(returned, promised)


def check_event_handlers(event: type[Any], values: object) -> tuple[type[Any], ...]:
    """Check the handler list of ``bind_event``: a non-empty list of distinct event handlers."""
    items = sequence(values)
    if items is None:
        example = short(values) if isinstance(values, type) else 'Handler1, Handler2'
        fail(
            _catalogue.EVENT_HANDLERS_NOT_A_LIST,
            values,
            event=event.__name__,
            got=described(values),
            example=example,
        )
    if not items:
        fail(_catalogue.NO_EVENT_HANDLERS, values, event=event.__name__)
    handlers: dict[type[Any], None] = {}
    for value in items:
        handler = check_handler(EVENT, event, value)
        if handler in handlers:
            raise EventHandlerAlreadyRegistered(
                event, handler, first_event=event, first_module=None, second_module=None
            )
        handlers[handler] = None
    return tuple(handlers)
