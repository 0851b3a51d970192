"""The same request bound twice within one fluent chain of ``bind_request``/``bind_stream`` calls.

``MessagingExtension().bind_request(A, H1).bind_event(...).bind_request(A, H2)`` raises
``RequestHandlerAlreadyRegistered`` at the second call, as one extension binding the request
twice. The chain is read from the syntax tree of the call (each call walks back through the
calls it is chained on), so nothing is remembered between calls.

Only an earlier call of the same method counts: the call being judged has a valid message of its
kind, so an earlier call of the other method with the same class was wrong in its message (and
is reported there); at runtime it raises before binding anything.
"""

from __future__ import annotations

from mypy.nodes import ARG_POS, CallExpr, Expression, MemberExpr, RefExpr, TypeInfo

from denpo import _catalogue
from denpo_mypy import _fullnames
from denpo_mypy._errors import Finding, problem
from denpo_mypy._kinds import RequestKind

__all__ = ['duplicate_in_chain']

_CHAINABLE = frozenset(
    {_fullnames.BIND_REQUEST_METHOD, _fullnames.BIND_STREAM_METHOD, _fullnames.BIND_EVENT_METHOD}
)


def duplicate_in_chain(call: CallExpr, kind: RequestKind) -> Finding | None:
    """Report this binding call if an earlier call of its chain bound the same request class."""
    if not isinstance(call.callee, MemberExpr):
        return None
    request = _bound_request(call)
    if request is None:
        return None
    receiver = call.callee.expr
    while isinstance(receiver, CallExpr) and isinstance(receiver.callee, MemberExpr):
        if receiver.callee.name not in _CHAINABLE:
            return None
        if receiver.callee.name == call.callee.name:
            earlier = _bound_request(receiver)
            if earlier is not None and earlier.fullname == request.fullname:
                found = problem(
                    _catalogue.REQUEST_BOUND_TWICE,
                    kind=kind.words,
                    request=request.name,
                    within=' in one MessagingExtension',
                    first=_handler_name(receiver),
                    second=_handler_name(call),
                    calls=f'{kind.call}() calls',
                )
                return Finding(call.args[0], found)
        receiver = receiver.callee.expr
    return None


def _bound_request(call: CallExpr) -> TypeInfo | None:
    """The class named by the first argument, when it is written as a plain class reference."""
    if not call.args or call.arg_kinds[0] != ARG_POS:
        return None
    return _class_named(call.args[0])


def _class_named(expression: Expression) -> TypeInfo | None:
    if isinstance(expression, RefExpr) and isinstance(expression.node, TypeInfo):
        return expression.node
    return None


def _handler_name(call: CallExpr) -> str:
    handler = _class_named(call.args[1]) if len(call.args) > 1 else None
    return 'another handler' if handler is None else handler.name
