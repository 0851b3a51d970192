"""Which requests a global behavior wraps: the ones its type variables admit.

A global behavior (``MessagingConfig(pipeline_behaviors=...)``, or ``stream_behaviors=...`` for
stream requests) is generic in its request and response. A bound on the request type variable
(``Q = TypeVar('Q', bound=Command)``) or constraints limit it to the requests within them: a
transaction around commands only. A bound on the response (or item) type variable limits it to
requests whose declared response (or item) is a class within the bound. Decided once per
request class at start-up; no behavior ever receives a request it was not typed for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from denpo.messaging._introspection import declared_arguments
from denpo.messaging._subtyping import admits
from denpo.messaging.contracts import IRequest, IStreamRequest
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior

__all__ = ['fixed_parameters', 'request_filter']

_CONTRACTS: Final[dict[type[Any], type[Any]]] = {
    IPipelineBehavior: IRequest,
    IStreamPipelineBehavior: IStreamRequest,
}
"""The message base whose declared response a behavior base's second parameter stands for."""


def fixed_parameters(behavior: type[Any], base: type[Any] = IPipelineBehavior) -> tuple[Any, ...]:
    """The request and response parameters ``behavior`` declares that are not type variables."""
    declared = declared_arguments(behavior, base) or ()
    return tuple(
        parameter for parameter in declared if not isinstance(parameter, TypeVar) and parameter is not Any
    )


def request_filter(behavior: type[Any], base: type[Any] = IPipelineBehavior) -> Callable[[type[Any]], bool]:
    """A test of whether ``behavior`` wraps a request class (read once, asked per request class).

    Args:
        behavior: A global behavior class.
        base: Its behavior base, ``IPipelineBehavior`` or ``IStreamPipelineBehavior``: the
            response it limits is then a request's response or a stream request's item.
    """
    declared = declared_arguments(behavior, base) or ()
    request_variable, response_variable = (*declared, None, None)[:2]
    contract = _CONTRACTS[base]

    def wraps(request: type[Any]) -> bool:
        if not admits(request_variable, request):
            return False
        if not isinstance(response_variable, TypeVar) or not _limited(response_variable):
            return True
        promised = (declared_arguments(request, contract) or (None,))[0]
        promised_class = type(None) if promised is None else promised
        return isinstance(promised_class, type) and admits(response_variable, promised_class)

    return wraps


def _limited(variable: TypeVar) -> bool:
    return variable.__bound__ is not None or bool(variable.__constraints__)
