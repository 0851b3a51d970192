"""``bind_request(R, H)``: the request class and its handler.

Reports, in the order the runtime checks them, a first argument that is not an ``IRequest``
class (``denpo-not-a-request``) or is a parameterized generic (``denpo-parameterized-request``),
then a second argument that is not a request handler (``denpo-not-a-handler``), is abstract
(``denpo-abstract-handler``), handles another request (``denpo-request-mismatch``) or returns
something its request does not promise (``denpo-response-mismatch``). One error per call.
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
from denpo_mypy._types import (
    ClassRef,
    name_of,
    promised_response,
    solve,
)

__all__ = ['check', 'handler_problem']

_BASES: Final = (_fullnames.REQUEST_HANDLER, _fullnames.IREQUEST_HANDLER)
_WRONG_ROLES: Final = {
    _fullnames.EVENT_HANDLER: (
        'is an event handler, not a request handler. Hint: bind it with bind_event(<event class>, [{name}]).'
    ),
    _fullnames.IEVENT_HANDLER: (
        'is an event handler, not a request handler. Hint: bind it with bind_event(<event class>, [{name}]).'
    ),
    _fullnames.PIPELINE_BEHAVIOR: (
        'is a pipeline behavior, not a request handler. '
        'Hint: pass it as bind_request(..., behaviors=[{name}]).'
    ),
}


def check(ctx: MethodContext) -> None:
    """Check the request and handler arguments of one ``bind_request`` call."""
    request_argument = argument(ctx, 0)
    if request_argument is None or has_star_arguments(ctx):
        return
    options = ctx.api.options
    request = request_class(request_argument.type, options)
    if request is None:
        return
    if not isinstance(request, ClassRef):
        _errors.report(ctx, *request, at=request_argument.node)
        return
    handler_argument = argument(ctx, 1)
    if handler_argument is None:
        return
    problem = handler_problem(request, handler_argument.type, options)
    if problem is not None:
        _errors.report(ctx, *problem, at=handler_argument.node)


def handler_problem(request: ClassRef, typ: Type, options: Options) -> Problem | None:
    """What is wrong with binding the handler class ``typ`` to ``request``, if anything."""
    fix = f'inherit RequestHandler[{request.name}, <response>] and implement handle()'
    handler = handler_class(typ, options, role='request handler', fix=fix, wrong_roles=_WRONG_ROLES)
    if not isinstance(handler, ClassRef):
        return handler
    signature = handler_signature(handler, _BASES, options)
    if not isinstance(signature, Signature):
        return signature
    promised = promised_response(request.instance)
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
                response_mismatch(handler.name, returned, request.name, promised, options),
            )
    return problem
