"""The same request bound twice within one fluent chain of ``bind_request``/``bind_stream`` calls.

``MessagingExtension().bind_request(A, H1).bind_event(...).bind_request(A, H2)`` would raise
``RequestHandlerAlreadyRegistered`` when the application starts. The chain is read from the
syntax tree of the call (each call walks back through the calls it is chained on), so nothing
is remembered between calls. Streams and requests share one namespace at runtime (a class is
dispatched by its class), so a ``bind_stream`` and a ``bind_request`` of the same class clash too.
"""

from __future__ import annotations

from mypy.nodes import ARG_POS, CallExpr, Expression, MemberExpr, RefExpr, TypeInfo

from denpo_mypy import _errors, _fullnames
from denpo_mypy._errors import Finding

__all__ = ['duplicate_in_chain']

_BINDERS = frozenset({_fullnames.BIND_REQUEST_METHOD, _fullnames.BIND_STREAM_METHOD})
_CHAINABLE = _BINDERS | {_fullnames.BIND_EVENT_METHOD}


def duplicate_in_chain(call: CallExpr) -> Finding | None:
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
        if receiver.callee.name in _BINDERS:
            earlier = _bound_request(receiver)
            if earlier is not None and earlier.fullname == request.fullname:
                return Finding(
                    call.args[0],
                    _errors.DUPLICATE_REQUEST,
                    f'Request {request.name} is bound twice in this chain: to {_handler_name(receiver)} '
                    f'and to {_handler_name(call)}. A request has exactly one handler. Hint: remove one '
                    f'of the two {_calls(receiver.callee.name, call.callee.name)}; to react in several '
                    'places, publish an event instead.',
                )
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


def _calls(earlier: str, later: str) -> str:
    if earlier == later:
        return f'{later}() calls'
    return f'calls, {earlier}() and {later}()'
