"""``bind_request(R, H)`` and ``bind_stream(S, H)``: the request class and its handler.

Reports, in the order the runtime checks them, a first argument that is not an ``IRequest``
class (``denpo-not-a-request``) or is a parameterized generic (``denpo-parameterized-request``),
then a second argument that is not a request handler (``denpo-not-a-handler``), is abstract
(``denpo-abstract-handler``), handles another request (``denpo-request-mismatch``) or returns
something its request does not promise (``denpo-response-mismatch``). One error per call.
``bind_stream`` is checked the same way (see ``stream_binding``), with the item type a stream
handler yields in place of the response.
"""

from __future__ import annotations

from typing import Final

from mypy.options import Options
from mypy.plugin import MethodContext
from mypy.subtypes import is_subtype
from mypy.types import Type

from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import argument, has_star_arguments
from denpo_mypy._classes import (
    Problem,
    Signature,
    abstract_problem,
    handler_class,
    handler_signature,
    request_class,
    response_mismatch,
)
from denpo_mypy._kinds import REQUEST, RequestKind
from denpo_mypy._types import (
    ClassRef,
    name_of,
    promised_response,
    solve,
)

__all__ = ['check', 'check_binding', 'handler_problem']

_EVENT_HANDLER_ROLE: Final = (
    'is an event handler, not a {kind}. Hint: bind it with bind_event(<event class>, [{name}]).'
)
_STREAM_HANDLER_ROLE: Final = (
    'is a stream handler, not a request handler. '
    'Hint: bind it with bind_stream(<stream request class>, {name}).'
)
_REQUEST_HANDLER_ROLE: Final = (
    'is a request handler, not a stream handler. Hint: bind it with bind_request(<request class>, {name}).'
)
_EXCEPTION_HANDLER_ROLE: Final = (
    'is an exception handler, not a {kind}. Hint: pass it as bind_request(..., exception_handlers=[{name}]).'
)
_WRONG_ROLES: Final = {
    REQUEST: {
        _fullnames.EVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='request handler', name='{name}'),
        _fullnames.IEVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='request handler', name='{name}'),
        _fullnames.PIPELINE_BEHAVIOR: (
            'is a pipeline behavior, not a request handler. '
            'Hint: pass it as bind_request(..., behaviors=[{name}]).'
        ),
        _fullnames.STREAM_REQUEST_HANDLER: _STREAM_HANDLER_ROLE,
        _fullnames.ISTREAM_REQUEST_HANDLER: _STREAM_HANDLER_ROLE,
        _fullnames.STREAM_PIPELINE_BEHAVIOR: (
            'is a stream pipeline behavior, not a request handler. '
            'Hint: pass it as bind_stream(..., behaviors=[{name}]).'
        ),
        _fullnames.REQUEST_EXCEPTION_HANDLER: _EXCEPTION_HANDLER_ROLE.format(
            kind='request handler', name='{name}'
        ),
    },
    REQUEST.other: {
        _fullnames.EVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='stream handler', name='{name}'),
        _fullnames.IEVENT_HANDLER: _EVENT_HANDLER_ROLE.format(kind='stream handler', name='{name}'),
        _fullnames.PIPELINE_BEHAVIOR: (
            'is a pipeline behavior, not a stream handler. '
            'Hint: stream behaviors inherit IStreamPipelineBehavior; '
            'pass them as bind_stream(..., behaviors=[...]).'
        ),
        _fullnames.REQUEST_HANDLER: _REQUEST_HANDLER_ROLE,
        _fullnames.IREQUEST_HANDLER: _REQUEST_HANDLER_ROLE,
        _fullnames.STREAM_PIPELINE_BEHAVIOR: (
            'is a stream pipeline behavior, not a stream handler. '
            'Hint: pass it as bind_stream(..., behaviors=[{name}]).'
        ),
        _fullnames.REQUEST_EXCEPTION_HANDLER: _EXCEPTION_HANDLER_ROLE.format(
            kind='stream handler', name='{name}'
        ),
    },
}


def check(ctx: MethodContext) -> None:
    """Check the request and handler arguments of one ``bind_request`` call."""
    check_binding(ctx, REQUEST)


def check_binding(ctx: MethodContext, kind: RequestKind) -> None:
    """Check the request and handler arguments of one ``bind_request`` or ``bind_stream`` call."""
    request_argument = argument(ctx, 0)
    if request_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    request = request_class(request_argument.type, options, kind)
    if request is None:
        return
    if not isinstance(request, ClassRef):
        _errors.report(ctx, *request, at=request_argument.node)
        return
    handler_argument = argument(ctx, 1)
    if handler_argument is None:
        return
    problem = handler_problem(request, handler_argument.type, options, kind)
    if problem is not None:
        _errors.report(ctx, *problem, at=handler_argument.node)


def handler_problem(
    request: ClassRef, typ: Type, options: Options, kind: RequestKind = REQUEST
) -> Problem | None:
    """What is wrong with binding the handler class ``typ`` to ``request``, if anything."""
    role = 'request handler' if kind is REQUEST else 'stream handler'
    response = 'response' if kind is REQUEST else 'item'
    fix = f'inherit {kind.handler_name}[{request.name}, <{response}>] and implement handle()'
    handler = handler_class(typ, options, role=role, fix=fix, wrong_roles=_WRONG_ROLES[kind])
    if not isinstance(handler, ClassRef):
        return handler
    signature = handler_signature(handler, kind.handler_bases, options, kind)
    if not isinstance(signature, Signature):
        return signature
    promised = promised_response(request.instance, kind.contract)
    if promised is None:
        return None
    problem = abstract_problem(handler)
    if problem is None:
        handled, returned = solve(handler.variables, [(signature.handles, request.instance, True)], signature)
        if not is_subtype(request.instance, handled):
            problem = (
                _errors.REQUEST_MISMATCH,
                (
                    f'{handler.name} handles {name_of(handled, options)}, not {request.name}. '
                    f'Hint: bind {request.name} to a handler of {request.name} '
                    '(or of one of its base classes).'
                ),
            )
        elif not is_subtype(returned, promised):
            problem = (
                _errors.RESPONSE_MISMATCH,
                response_mismatch(handler.name, returned, request.name, promised, options=options, kind=kind),
            )
    return problem
