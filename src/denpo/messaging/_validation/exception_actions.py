"""``bind_request(..., exception_actions=...)``: each one must observe the request, awaitably."""

from __future__ import annotations

import inspect
from typing import Any

from denpo import _catalogue
from denpo._naming import qualname
from denpo.messaging._introspection import declared_arguments, handled_name, is_abstract, type_name
from denpo.messaging._subtyping import certainly_not_handled
from denpo.messaging._validation._common import (
    described,
    fail,
    fail_parameterized,
    fail_wrong_role,
    is_subclass,
    written_class,
)
from denpo.messaging._validation._kinds import role_of
from denpo.messaging._validation.exception_handlers import checked_pairs, declared_exception
from denpo.messaging.handlers import RequestExceptionAction

__all__ = ['check_exception_action', 'check_exception_actions']


def check_exception_actions(
    request: type[Any], values: object
) -> tuple[tuple[type[Exception], type[Any]], ...]:
    """Check the ``exception_actions`` list: ``(exception type, exception action)`` pairs, in list order."""
    # Listed twice, it would run twice for one failure.
    return checked_pairs(
        request,
        values,
        check_exception_action,
        not_a_list=_catalogue.EXCEPTION_ACTIONS_NOT_A_LIST,
        listed_twice=_catalogue.EXCEPTION_ACTION_LISTED_TWICE,
        placeholder='<exception action class>, ...',
    )


def check_exception_action(request: type[Any], value: object) -> tuple[type[Exception], type[Any]]:
    """Check an exception action: role, concreteness, ``execute()``, exception type and request."""
    written = written_class(value)
    if written is None or not is_subclass(written, RequestExceptionAction):
        role = role_of(written)
        if role is not None:
            fail_wrong_role(_catalogue.EXCEPTION_ACTION_WRONG_ROLE, written, role)
        fail(_catalogue.NOT_AN_EXCEPTION_ACTION, value, got=described(value))
    if not isinstance(value, type):  # the class written with arguments
        fail_parameterized(_catalogue.PARAMETERIZED_EXCEPTION_ACTION, value, written)
    name = qualname(written)
    if is_abstract(written):
        missing = ', '.join(sorted(written.__abstractmethods__))
        fail(_catalogue.ABSTRACT_CLASS, value, name=name, missing=missing)
    if not inspect.iscoroutinefunction(_execute_of(written)):
        fail(_catalogue.EXECUTE_NOT_AWAITABLE, value, name=name)
    arguments = declared_arguments(written, RequestExceptionAction)
    observed, arguments = declared_exception(
        request,
        value,
        name,
        arguments,
        not_a_class=_catalogue.ACTION_EXCEPTION_TYPE_NOT_A_CLASS,
        parameterized=_catalogue.ACTION_PARAMETERIZED_EXCEPTION_TYPE,
    )
    if certainly_not_handled(request, arguments[0]):
        fail(
            _catalogue.EXCEPTION_ACTION_REQUEST_MISMATCH,
            value,
            handler=name,
            handled=handled_name(arguments[0]),
            request=type_name(request),
        )
    return observed, written


def _execute_of(value: type[Any]) -> object:
    """``value.execute``, or ``None`` where reading it fails (a metaclass ``__getattr__`` may raise)."""
    try:
        return getattr(value, 'execute', None)
    except Exception:  # noqa: BLE001  # the class then has no usable execute(), which is reported
        return None
