"""The handler of ``bind_request(R, H)`` and ``bind_stream(S, H)``, the handlers of ``bind_event(E, [...])``.

Reports, in the order the runtime checks them, a handler that is not one of the call's kind
(``denpo-not-a-handler``: an event handler given to ``bind_request``, a class with no
``handle()``, a structural ``handle()`` that is not ``async``), is abstract
(``denpo-abstract-handler``), handles another message (``denpo-request-mismatch``,
``denpo-event-mismatch``) or returns (yields) something its request does not promise
(``denpo-response-mismatch``). A handler of a base message fits a derived message. In a
``bind_event`` list, a handler listed twice is ``denpo-duplicate-event-handler``, and one class
given instead of a list is ``denpo-not-a-handler``.
"""

from __future__ import annotations

from mypy.options import Options
from mypy.subtypes import is_subtype

from denpo_mypy import _errors
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import (
    Problem,
    Signature,
    Verdict,
    abstract_problem,
    handler_class,
    handler_signature,
    response_mismatch,
)
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import ClassRef, describe, name_of, promised_response, solve

__all__ = ['duplicate_problem', 'handler_problem', 'not_a_list_problem']


def handler_problem(message: ClassRef, passed: Argument, kind: RequestKind, options: Options) -> Verdict:
    """What is wrong with binding the handler class ``passed`` to ``message``, if anything."""
    handler = handler_class(passed, kind, message, options)
    if not isinstance(handler, ClassRef):
        return handler
    signature = handler_signature(handler, kind, options)
    if not isinstance(signature, Signature):
        return signature
    promised = promised_response(message.instance, kind.contract)
    if promised is None:
        return Unreadable(f'what {message.name} promises')
    problem = abstract_problem(handler)
    if problem is None:
        handled, returned = solve(handler.variables, [(signature.handles, message.instance, True)], signature)
        if not is_subtype(message.instance, handled):
            handled_name = name_of(handled, options)
            problem = (
                kind.mismatch_code,
                (
                    f'{handler.name} handles {handled_name}, not {message.name}. '
                    f'Hint: {kind.mismatch_hint.format(message=message.name, handled=handled_name)}'
                ),
            )
        elif kind.response_checked and not is_subtype(returned, promised):
            problem = (
                _errors.RESPONSE_MISMATCH,
                response_mismatch(handler.name, returned, message.name, promised, options=options, kind=kind),
            )
    return problem


def duplicate_problem(event: ClassRef, item: Argument, seen: set[str]) -> Problem | None:
    """Report a handler class written a second time in one ``bind_event`` list."""
    handler = item.ref
    if handler is None or not handler.exact or not item.written:
        return None
    if handler.info.fullname not in seen:
        seen.add(handler.info.fullname)
        return None
    return _errors.DUPLICATE_EVENT_HANDLER, (
        f'Event handler {handler.name} is listed twice in bind_event({event.name}, [...]); it would '
        f'receive each {event.name} twice. Hint: list it once.'
    )


def not_a_list_problem(event: ClassRef, passed: Argument, options: Options) -> Problem:
    """Report one class or value passed to ``bind_event`` in place of the list of its handlers."""
    single = passed.ref
    example = single.name if single is not None else 'Handler1, Handler2'
    return _errors.NOT_A_HANDLER, (
        f'bind_event({event.name}, ...) expects a list of handler classes, got '
        f'{describe(passed.type, options)}. Hint: write bind_event({event.name}, [{example}]).'
    )
