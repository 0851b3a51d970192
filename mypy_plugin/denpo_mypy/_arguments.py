"""Reading the actual arguments of a call in a method hook.

Star arguments, missing arguments and expressions the plugin cannot type without re-checking
them are reported as ``None``: the checks then stay silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from mypy.checker import TypeChecker
from mypy.erasetype import erase_typevars
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    Context,
    Expression,
    IndexExpr,
    ListExpr,
    RefExpr,
    StarExpr,
    TupleExpr,
)
from mypy.plugin import MethodContext
from mypy.types import (
    AnyType,
    FunctionLike,
    Instance,
    TupleType,
    Type,
    TypeOfAny,
    TypeType,
    get_proper_type,
)

from denpo_mypy import _fullnames
from denpo_mypy._types import declared_arguments

__all__ = ['Argument', 'argument', 'has_star_arguments', 'sequence_items']


@dataclass(frozen=True, slots=True)
class Argument:
    """One actual argument, or one item of a list/tuple argument.

    Attributes:
        node: Where to report a problem with it.
        type: Its type.
        written: Whether it is spelled out in the call (so two equal items are certain
            duplicates), rather than an element type read off a sequence's type.
    """

    node: Context
    type: Type
    written: bool = True


def argument(ctx: MethodContext, index: int) -> Argument | None:
    """The argument passed for formal parameter ``index``, if exactly one plain one was."""
    if index >= len(ctx.args) or len(ctx.args[index]) != 1:
        return None
    if ctx.arg_kinds[index][0] not in {ARG_POS, ARG_NAMED}:
        return None
    return Argument(ctx.args[index][0], ctx.arg_types[index][0])


def sequence_items(ctx: MethodContext, passed: Argument) -> list[Argument] | None:
    """The items of a list or tuple argument; ``None`` if ``passed`` is not a sequence.

    Items written in a list or tuple display are typed one by one (``[A, B]`` alone would be
    typed as a join that forgets which classes it holds). A starred item is skipped.
    """
    node = passed.node
    if isinstance(node, ListExpr | TupleExpr):
        typed = ((item, _item_type(ctx, item)) for item in node.items if not isinstance(item, StarExpr))
        return [Argument(item, typ) for item, typ in typed if typ is not None]
    proper = get_proper_type(passed.type)
    if isinstance(proper, TupleType):
        return [Argument(node, item, written=False) for item in proper.items]
    if isinstance(proper, Instance) and proper.type.fullname not in {'builtins.str', 'builtins.bytes'}:
        element = declared_arguments(proper, _fullnames.SEQUENCE)
        if element:
            return [Argument(node, _some_subclass(element[0]), written=False)]
    return None


def _some_subclass(element: Type) -> Type:
    """Read the element type of a sequence as "some subclass of", never as one exact class.

    mypy types ``handlers = [A, B]`` as a list of the *join* of the two class objects, which
    looks like the class object of a common base (often ``object``). That base was never
    written by the user, so it is not reported as abstract, and ``object`` is not understood.
    """
    proper = get_proper_type(element)
    if isinstance(proper, FunctionLike) and proper.is_type_obj():
        instance = get_proper_type(proper.items[0].ret_type)
        if isinstance(instance, Instance) and instance.type.fullname != _fullnames.OBJECT:
            return TypeType(erase_typevars(instance))
        return AnyType(TypeOfAny.implementation_artifact)
    return element


def _item_type(ctx: MethodContext, item: Expression) -> Type | None:
    """The type mypy inferred for ``item`` while checking the call's arguments.

    mypy stores it in the checker's type map; that lookup is not part of the plugin interface,
    so a name or ``C[int]`` (cheap to type again, with no side effect) is typed anew if the
    checker is not the one expected. Other items are then skipped.
    """
    if isinstance(ctx.api, TypeChecker):
        known = ctx.api.lookup_type_or_none(item)
        if known is not None:
            return known
    if isinstance(item, RefExpr | IndexExpr):
        return ctx.api.get_expression_type(item)
    return None


def has_star_arguments(ctx: MethodContext) -> bool:
    """Whether the call unpacks ``*args`` or ``**kwargs`` (the plugin cannot tell what they hold)."""
    return any(kind.is_star() for kinds in ctx.arg_kinds for kind in kinds)
