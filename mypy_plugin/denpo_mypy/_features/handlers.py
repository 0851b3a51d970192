"""The handler of ``bind_request(R, H)`` and ``bind_stream(S, H)``, the handlers of ``bind_event(E, [...])``.

Reports, in the order the runtime checks them, a handler that is not one of the call's kind
(``denpo-not-a-handler``: an event handler given to ``bind_request``, a class with no
``handle()``, a structural ``handle()`` that is not ``async``), is abstract
(``denpo-abstract-handler``), handles another message (``denpo-request-mismatch``,
``denpo-event-mismatch``) or returns (yields) something its request does not promise
(``denpo-response-mismatch``). A handler of a base message fits a derived message. In a
``bind_event`` list, a handler listed twice is ``denpo-duplicate-event-handler``; one class given
instead of a list, and an empty list display, are ``denpo-not-a-handler``.
"""

from __future__ import annotations

from mypy.options import Options
from mypy.subtypes import is_subtype

from denpo import _catalogue
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._classes import (
    Signature,
    Verdict,
    abstract_problem,
    handler_class,
    handler_signature,
    written_again,
)
from denpo_mypy._errors import Problem, problem
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import ClassRef, describe, name_of, promised_response, solve, solved_name

__all__ = ['duplicate_problem', 'handler_problem', 'no_handlers_problem', 'not_a_list_problem']


def handler_problem(message: ClassRef, passed: Argument, kind: RequestKind, options: Options) -> Verdict:
    """What is wrong with binding the handler class ``passed`` to ``message``, if anything."""
    handler = handler_class(passed, kind, message, options)
    if not isinstance(handler, ClassRef):
        return handler
    signature = handler_signature(handler, kind)
    if not isinstance(signature, Signature):
        return signature
    promised = promised_response(message.instance, kind.contract)
    if promised is None:
        return Unreadable(f'what {message.name} promises')
    found = abstract_problem(handler)
    if found is None:
        solution = solve(handler.variables, [(signature.handles, message.instance, True)], signature)
        handled, returned = solution.types
        broken = solution.breaks_in(signature.handles)
        if broken is not None or not is_subtype(message.instance, handled):
            found = problem(
                kind.mismatch,
                kind=kind.words,
                handler=handler.name,
                handled=solved_name(handled, signature.handles, broken, options),
                request=message.name,
                event=message.name,
            )
        elif kind.response_checked and not is_subtype(returned, promised):
            found = problem(
                _catalogue.RESPONSE_MISMATCH,
                kind=kind.words,
                handler=handler.name,
                returned=name_of(returned, options),
                request=message.name,
                promised=name_of(promised, options),
            )
    return found


def duplicate_problem(event: ClassRef, item: Argument, seen: set[str]) -> Problem | None:
    """Report a handler class written a second time in one ``bind_event`` list."""
    handler = written_again(item, seen)
    if handler is None:
        return None
    return problem(_catalogue.EVENT_HANDLER_LISTED_TWICE, handler=handler.name, event=event.name)


def no_handlers_problem(event: ClassRef) -> Problem:
    """Report ``bind_event(E, [])``: a list display with no handler in it."""
    return problem(_catalogue.NO_EVENT_HANDLERS, event=event.name)


def not_a_list_problem(event: ClassRef, passed: Argument, options: Options) -> Problem:
    """Report one class or value passed to ``bind_event`` in place of the list of its handlers."""
    return problem(
        _catalogue.EVENT_HANDLERS_NOT_A_LIST,
        event=event.name,
        got=describe(passed.type, options),
        example='Handler1, Handler2' if passed.ref is None else passed.ref.name,
    )
