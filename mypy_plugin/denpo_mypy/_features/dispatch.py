"""The bus calls, ``invoke(request)``, ``stream(request)``, ``publish(event)``, read before mypy checks them.

A signature hook on every method of those names whose first parameter is the contract of the
method's kind (``IRequest[...]``, ``IStreamRequest[...]``, ``IEvent``): ``ISender``,
``IPublisher``, ``IMessageBus``, ``MessageBus``, their subclasses, and protocols that describe a
bus structurally. Any other method of those names keeps its signature.

The argument is typed once, with its errors discarded (mypy checks it again against the
signature the hook returns), and then:

- a message of the method's kind, or a union of them: the signature is made concrete for it
  (:mod:`invoke <denpo_mypy._features.invoke>`), so a response that does not fit its target is
  reported on the assignment;
- a message of another kind, a class instead of an instance, a plain value: the catalogue's
  entry (``denpo-wrong-message``) on the argument, in the words the runtime raises, and a
  signature that takes it and returns ``Any``, so that nothing else is reported for the call;
- anything the hook cannot judge (``Any``, a type variable, a union with something else than
  messages of the method's kind, ``*args``): mypy's own signature, which checks it as plain mypy
  does.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.expandtype import expand_type
from mypy.nodes import ARG_POS, CallExpr, Expression, TypeInfo
from mypy.options import Options
from mypy.plugin import MethodSigContext
from mypy.types import (
    AnyType,
    CallableType,
    FunctionLike,
    Instance,
    ProperType,
    Type,
    TypeOfAny,
    TypeVarId,
    get_proper_type,
)

from denpo import _catalogue
from denpo_mypy import _fullnames
from denpo_mypy._errors import Problem, problem, report
from denpo_mypy._features.invoke import concrete_signature
from denpo_mypy._kinds import KINDS, RequestKind
from denpo_mypy._types import class_ref, describe, is_value, name_of, quietly_typed

__all__ = ['signature_hook']


def signature_hook(kind: RequestKind) -> Callable[[MethodSigContext], FunctionLike]:
    """The signature hook of the bus method that sends messages of ``kind``."""

    def hook(ctx: MethodSigContext) -> FunctionLike:
        return _dispatch(ctx, kind)

    return hook


def _dispatch(ctx: MethodSigContext, kind: RequestKind) -> FunctionLike:
    signature = ctx.default_signature
    passed = _only_argument(ctx)
    if passed is None or not _sends(signature, kind):
        return signature
    typ = get_proper_type(quietly_typed(ctx.api, passed)[0])
    found = _problem(typ, kind, ctx.api.options)
    if found is not None:
        report(ctx, found, at=passed)
        return _accepting_anything(signature)
    if not signature.variables:
        return signature
    return concrete_signature(signature, typ, kind.contract) or signature


def _only_argument(ctx: MethodSigContext) -> Expression | None:
    """The one positional expression passed for the first parameter, if that is how it was passed."""
    call = ctx.context
    if not isinstance(call, CallExpr) or not ctx.args or len(ctx.args[0]) != 1:
        return None
    (passed,) = ctx.args[0]
    kinds = [kind for argument, kind in zip(call.args, call.arg_kinds, strict=True) if argument is passed]
    return passed if kinds == [ARG_POS] else None


def _sends(signature: CallableType, kind: RequestKind) -> bool:
    """Whether the method takes a message of ``kind`` first: the bus method, not a namesake."""
    if not signature.arg_types or not signature.arg_kinds[0].is_positional():
        return False
    parameter = get_proper_type(signature.arg_types[0])
    return isinstance(parameter, Instance) and parameter.type.fullname == kind.contract


def _problem(typ: ProperType, kind: RequestKind, options: Options) -> Problem | None:
    """What is wrong with ``typ`` as the argument of ``kind``'s bus method, in the runtime's order.

    ``None`` when it fits, or when the hook cannot tell (mypy's own check then decides).
    """
    ref = class_ref(typ)
    if ref is not None:
        if ref.info.fullname == _fullnames.OBJECT:
            return None  # mypy's join of unrelated classes, not a class that was written
        if ref.info.has_base(kind.contract):
            name = name_of(ref.instance, options) if ref.parameterized else ref.name
            return problem(_catalogue.DISPATCH_A_CLASS, kind=kind.words, name=name, short=ref.name)
        return _other_kind(ref.info, kind) or _not_a_message(typ, kind, options)
    if isinstance(typ, Instance):
        if typ.type.has_base(kind.contract):
            return None
        return _other_kind(typ.type, kind) or _not_a_message(typ, kind, options)
    return _not_a_message(typ, kind, options)


def _other_kind(info: TypeInfo, kind: RequestKind) -> Problem | None:
    """The message of another kind that ``info`` is, in the catalogue's order of kinds."""
    other = next((each for each in KINDS.values() if info.has_base(each.contract)), None)
    if other is None:
        return None
    return problem(
        _catalogue.DISPATCH_OTHER_KIND, kind=kind.words, other=other.words, name=info.name, short=info.name
    )


def _not_a_message(typ: ProperType, kind: RequestKind, options: Options) -> Problem | None:
    """A plain value or a class that is no message at all; ``None`` for what may still be one."""
    if class_ref(typ) is None and not is_value(typ):
        return None
    return problem(_catalogue.DISPATCH_NOT_A_MESSAGE, kind=kind.words, got=describe(typ, options))


def _accepting_anything(signature: CallableType) -> CallableType:
    """``signature`` with its first parameter ``Any`` and its type variables ``Any``.

    The argument has been reported; mypy then reports nothing more for the call, and the code
    after it is checked as if the call had gone right.
    """
    error = AnyType(TypeOfAny.from_error)
    environment: dict[TypeVarId, Type] = {variable.id: error for variable in signature.variables}
    return signature.copy_modified(  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately
        arg_types=[error, *(expand_type(typ, environment) for typ in signature.arg_types[1:])],
        ret_type=expand_type(signature.ret_type, environment),
        variables=[],
    )
