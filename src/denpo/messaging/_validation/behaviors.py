"""Pipeline and stream behaviors: per binding, or global (``MessagingConfig``)."""

from __future__ import annotations

from typing import Any, Final

from denpo import _catalogue
from denpo._arguments import is_instance
from denpo._naming import qualname
from denpo.messaging._introspection import declared_arguments, handled_name, type_name
from denpo.messaging._subtyping import (
    certainly_not_handled,
    certainly_not_subtype,
    certainly_outside_bound,
)
from denpo.messaging._validation._common import (
    concrete_class,
    declared_result,
    described,
    fail,
    fail_parameterized,
    fail_wrong_role,
    is_subclass,
    sequence,
    short,
    written_class,
)
from denpo.messaging._validation._kinds import Kind, role_of
from denpo.messaging.exceptions import PipelineBehaviorAlreadyRegistered

__all__ = ['check_behavior', 'check_behaviors']

_NO_BEHAVIORS: Final[tuple[()]] = ()
"""The default argument: CPython has one empty tuple, so the default is this very object."""


def check_behaviors(kind: Kind, message: type[Any] | None, values: object) -> tuple[type[Any], ...]:
    """Check the behaviors of a binding of ``kind`` (``message`` is ``None``: the global list)."""
    if values is _NO_BEHAVIORS:  # the default: skip the Sequence ABC check, paid per binding at start-up
        return ()
    items = sequence(values)
    if items is None:
        if message is None:
            argument = kind.words.global_list
            where = f'MessagingConfig({argument}=...)'
        else:
            where, argument = f'{kind.words.call}({message.__name__}, ..., behaviors=...)', 'behaviors'
        example = short(values) if is_instance(values, type) else 'Behavior1, Behavior2'
        fail(
            _catalogue.BEHAVIORS_NOT_A_LIST,
            values,
            kind=kind.words,
            where=where,
            got=described(values),
            argument=argument,
            example=example,
        )
    behaviors: dict[type[Any], None] = {}
    for value in items:
        behavior = check_behavior(kind, message, value)
        if behavior in behaviors:
            raise PipelineBehaviorAlreadyRegistered(message, behavior)
        behaviors[behavior] = None
    return tuple(behaviors)


def check_behavior(kind: Kind, message: type[Any] | None, value: object) -> type[Any]:
    """Check one behavior of a binding of ``kind`` against ``message`` (``None``: global)."""
    base = kind.behavior_base
    written = written_class(value)
    if written is None or base is None or not is_subclass(written, base):
        role = role_of(written)
        if role is not None:
            fail_wrong_role(_catalogue.BEHAVIOR_WRONG_ROLE, written, role, kind=kind.words)
        fail(_catalogue.NOT_A_BEHAVIOR, value, kind=kind.words, got=described(value))
    if not isinstance(value, type):  # the class written with arguments
        fail_parameterized(_catalogue.PARAMETERIZED_BEHAVIOR, value, written, kind=kind.words)
    concrete_class(written, kind)
    arguments = declared_arguments(written, base)
    if message is None or not arguments:
        return written
    handled, returned = arguments
    if certainly_not_handled(message, handled):
        fail(
            _catalogue.BEHAVIOR_REQUEST_MISMATCH,
            value,
            kind=kind.words,
            behavior=qualname(value),
            handled=handled_name(handled),
            request=type_name(message),
        )
    promised = declared_result(message, kind)
    # The behavior receives the handler's response and returns the caller's: both must be it.
    if (
        certainly_not_subtype(promised, returned)
        or certainly_not_subtype(returned, promised)
        or certainly_outside_bound(returned, promised)
    ):
        fail(
            _catalogue.BEHAVIOR_RESPONSE_MISMATCH,
            value,
            kind=kind.words,
            behavior=qualname(value),
            returned=handled_name(returned),
            request=type_name(message),
            promised=type_name(promised),
        )
    return written
