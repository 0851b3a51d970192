"""``invoke(request)`` on a union of requests returns the union of their responses.

``stream(request)`` likewise: for a union of stream requests it returns
``AsyncGenerator[A | B, None]``, the union of their item types.

mypy solves ``invoke(self, request: IRequest[_R]) -> _R`` for ``A | B`` by joining the two
responses, which is usually ``object``. The plugin solves the type variables for each member of
the union and joins them as a union instead. It applies to every method named ``invoke`` whose
first parameter is ``IRequest[...]``: ``ISender``, ``IMessageBus``, ``MessageBus``, their
subclasses, and protocols that describe a bus structurally.
"""

from __future__ import annotations

from mypy.expandtype import expand_type
from mypy.infer import infer_type_arguments
from mypy.plugin import MethodContext
from mypy.subtypes import find_member
from mypy.typeops import make_simplified_union
from mypy.types import CallableType, Instance, Type, TypeVarId, UnionType, get_proper_type

from denpo_mypy import _fullnames
from denpo_mypy._arguments import first_argument

__all__ = ['distribute', 'distribute_stream']


def distribute(ctx: MethodContext) -> Type:
    """Return the precise result of ``invoke`` for a union of requests, else mypy's own."""
    return _distribute(ctx, _fullnames.INVOKE_METHOD, _fullnames.IREQUEST)


def distribute_stream(ctx: MethodContext) -> Type:
    """Return the precise result of ``stream`` for a union of stream requests, else mypy's own."""
    return _distribute(ctx, _fullnames.STREAM_METHOD, _fullnames.ISTREAM_REQUEST)


def _distribute(ctx: MethodContext, name: str, contract: str) -> Type:
    default = ctx.default_return_type
    passed = first_argument(ctx)
    receiver = ctx.type
    union = None if passed is None else get_proper_type(passed[1])
    if not isinstance(union, UnionType) or not isinstance(receiver, Instance):
        return default
    member = find_member(name, receiver, receiver)
    method = None if member is None else get_proper_type(member)
    if not isinstance(method, CallableType) or not method.arg_types or not method.variables:
        return default
    parameter = get_proper_type(method.arg_types[0])
    if not isinstance(parameter, Instance) or parameter.type.fullname != contract:
        return default
    solutions: dict[TypeVarId, list[Type]] = {variable.id: [] for variable in method.variables}
    for item in map(get_proper_type, union.relevant_items()):
        if not isinstance(item, Instance) or not item.type.has_base(contract):
            return default
        inferred = infer_type_arguments(method.variables, parameter, item, is_supertype=True)
        for variable, value in zip(method.variables, inferred, strict=True):
            if value is None:
                return default
            solutions[variable.id].append(value)
    environment = {key: make_simplified_union(values) for key, values in solutions.items()}
    return expand_type(method.ret_type, environment)
