"""``invoke(request)`` and ``stream(request)`` typed by the request passed: the concrete signature.

mypy solves ``invoke(self, request: IRequest[_R], /) -> _R`` from the call's context first: for
``count: int = await bus.invoke(GetUser(...))`` it takes ``_R = int`` from the annotation and then
blames the argument. Given the request's own type, the plugin solves ``_R`` from it alone and
hands mypy a signature without type variables, ``(GetUser) -> Coroutine[Any, Any, User]``, so the
mismatch is reported on the assignment, naming both types.

For a union of requests, ``_R`` is solved for each member and the solutions are joined as a union:
``invoke(a_or_b)`` returns ``A | B`` where mypy would join the two responses, usually to
``object``. ``stream(request)`` likewise returns ``AsyncGenerator[A | B, None]``.

The shape of the method, not its owner, decides: its first parameter is ``IRequest[...]`` (or
``IStreamRequest[...]``) and the rest of the signature is kept, whatever it is (``ISender``'s
``async def``, ``MessageBus``'s plain method returning a ``Coroutine``, a protocol's).
"""

from __future__ import annotations

from mypy.checkexpr import has_uninhabited_component
from mypy.expandtype import expand_type
from mypy.infer import infer_type_arguments
from mypy.typeops import get_all_type_vars, make_simplified_union
from mypy.types import CallableType, Instance, ProperType, Type, TypeVarId, UnionType, get_proper_type

__all__ = ['concrete_signature']


def concrete_signature(signature: CallableType, passed: ProperType, contract: str) -> CallableType | None:
    """``signature`` with its first parameter typed as ``passed`` and the response solved from it.

    Args:
        signature: The method's signature, its first parameter an instance of ``contract``.
        passed: The type of the request passed: a class that inherits ``contract``, or a union
            of such classes.
        contract: The fullname of the request contract (``IRequest``, ``IStreamRequest``).

    Returns:
        The concrete signature, or ``None`` when the response cannot be read off ``passed``
        (mypy's own signature then decides, as without the plugin).
    """
    parameter = signature.arg_types[0]
    own = {variable.id for variable in get_all_type_vars(parameter)}
    solved = [variable for variable in signature.variables if variable.id in own]
    members = passed.relevant_items() if isinstance(passed, UnionType) else [passed]
    solutions: dict[TypeVarId, list[Type]] = {variable.id: [] for variable in solved}
    for member in map(get_proper_type, members):
        if not isinstance(member, Instance) or not member.type.has_base(contract):
            return None
        inferred = infer_type_arguments(solved, parameter, member, is_supertype=True)
        for variable, value in zip(solved, inferred, strict=True):
            # A generic request built without its type argument (`GetById(1)`) is typed from the
            # call's context, which this reading does not have: leave it to mypy.
            if value is None or has_uninhabited_component(value):
                return None
            solutions[variable.id].append(value)
    environment = {key: make_simplified_union(values) for key, values in solutions.items()}
    return signature.copy_modified(  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately
        arg_types=[passed, *(expand_type(typ, environment) for typ in signature.arg_types[1:])],
        ret_type=expand_type(signature.ret_type, environment),
        variables=[variable for variable in signature.variables if variable.id not in own],
    )
