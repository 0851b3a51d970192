"""What an argument of a binding call may hold, and reading that off the argument's type.

The checks judge :class:`Argument` values: each class (or value) an argument may hold, with
where to report it. They come from reading argument expressions (``_arguments``), or, where an
expression says no more than its type, from the type itself (:func:`class_of_type`,
:func:`list_of_type`): a class object, ``type[X]``, a union of them, a tuple of them, or the
element type of a sequence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeAlias

from mypy.erasetype import erase_typevars
from mypy.nodes import Context, Expression
from mypy.types import (
    AnyType,
    FunctionLike,
    Instance,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    TypeType,
    UnionType,
    get_proper_type,
)

from denpo_mypy import _fullnames
from denpo_mypy._types import ClassRef, class_ref, declared_arguments, is_value

__all__ = [
    'Argument',
    'CannotReadError',
    'ClassArgument',
    'ClassParse',
    'ListArgument',
    'ListParse',
    'NotAList',
    'Unreadable',
    'class_of_type',
    'list_of_type',
    'unwritten',
]


class Unreadable(NamedTuple):
    """The marker of what the plugin cannot read: the call goes back to mypy's own check.

    Attributes:
        reason: What could not be read, for the plugin's tests and for debugging.
    """

    reason: str


class Argument(NamedTuple):
    """One class (or value) an argument may hold.

    Attributes:
        node: Where to report a problem with it: the expression in the call that holds it
            (for a class listed in a variable's assignment, the variable passed).
        type: Its type: a class object, ``type[X]``, a plain value or ``Any``.
        ref: The class it names, read once for every check; ``None`` for a value or ``Any``.
        written: Whether it is one class spelled out in the call or in the list a variable
            passed was assigned (so two equal items are certain duplicates), rather than a
            member of a union or an element type read off a sequence's type.
    """

    node: Context
    type: ProperType
    ref: ClassRef | None
    written: bool


class ClassArgument(NamedTuple):
    """An argument, or an item of a list argument, that names one class.

    Attributes:
        alternatives: What it may hold: one class, or each branch of a conditional expression
            and each member of a union.
    """

    alternatives: tuple[Argument, ...]


class ListArgument(NamedTuple):
    """A list argument: a list or tuple display, a copy of one, or a sequence typed as such.

    Attributes:
        items: Its items, each read like a class argument. A sequence whose items are not
            spelled out gives one item, its element type.
        display: The list or tuple display written in the call, if it has no starred item
            (its items are then exactly those it holds: ``[]`` is certainly empty); ``None``
            for a sequence read off its type.
    """

    items: tuple[ClassArgument, ...]
    display: Expression | None = None


class NotAList(NamedTuple):
    """One class or value passed where a list of classes is expected.

    Attributes:
        passed: What was passed.
    """

    passed: Argument


ClassParse: TypeAlias = ClassArgument | Unreadable
ListParse: TypeAlias = ListArgument | NotAList | Unreadable


class CannotReadError(Exception):
    """Stops reading an argument; it becomes an :class:`Unreadable` marker."""


def unwritten(alternatives: Iterable[Argument]) -> ClassArgument:
    """The same classes, none of them certain to be passed (a branch, a starred sequence)."""
    return ClassArgument(
        tuple(Argument(each.node, each.type, each.ref, written=False) for each in alternatives)
    )


def class_of_type(node: Context, typ: ProperType, *, written: bool) -> ClassArgument:
    """Read a class argument off its type: a class, ``type[X]``, a value, ``Any``, or a union of them."""
    members = (
        [get_proper_type(item) for item in typ.relevant_items()] if isinstance(typ, UnionType) else [typ]
    )
    alternatives: list[Argument] = []
    for each in members:
        member = _any_class_as_any(each)
        ref = _class_named(member)
        if ref is None and not (isinstance(member, AnyType) or is_value(member)):
            msg = f'an argument of type {member}'
            raise CannotReadError(msg)
        alternatives.append(Argument(node, member, ref, written=written and len(members) == 1))
    return ClassArgument(tuple(alternatives))


def _any_class_as_any(typ: ProperType) -> ProperType:
    """``type[Any]`` says as little as ``Any``."""
    if isinstance(typ, TypeType) and isinstance(typ.item, AnyType):
        return typ.item
    return typ


def _class_named(typ: ProperType) -> ClassRef | None:
    """The class ``typ`` names, if it names one other than ``object``.

    mypy types a variable that held several unrelated classes (``for handler in [A, B]``) as the
    class object of ``object``, their join, which says nothing about the class it holds.
    """
    ref = class_ref(typ)
    return None if ref is None or ref.info.fullname == _fullnames.OBJECT else ref


def list_of_type(node: Context, typ: ProperType) -> ListArgument | NotAList:
    """Read a list argument off its type: a sequence, ``Any``, or one class or value."""
    typ = _any_class_as_any(typ)
    if isinstance(typ, AnyType):
        return ListArgument(())
    if isinstance(typ, TupleType | UnionType) or _element_type(typ) is not None:
        return ListArgument(_items_of_type(node, typ))
    ref = _class_named(typ)
    if ref is not None or is_value(typ):
        return NotAList(Argument(node, typ, ref, written=True))
    msg = f'a list argument of type {typ}'
    raise CannotReadError(msg)


def _items_of_type(node: Context, typ: ProperType) -> tuple[ClassArgument, ...]:
    """The items of a sequence type: each item of a tuple, the element type of a sequence."""
    if isinstance(typ, AnyType):
        return ()
    if isinstance(typ, TupleType):
        return tuple(class_of_type(node, get_proper_type(item), written=False) for item in typ.items)
    if isinstance(typ, UnionType):
        return tuple(
            item for member in typ.relevant_items() for item in _items_of_type(node, get_proper_type(member))
        )
    element = _element_type(typ)
    if element is None:
        msg = f'a union of a sequence and {typ}'
        raise CannotReadError(msg)
    return (class_of_type(node, _some_subclass(element), written=False),)


def _element_type(typ: ProperType) -> Type | None:
    """The element type of a sequence other than a string, else ``None``."""
    if not isinstance(typ, Instance) or typ.type.fullname in {'builtins.str', 'builtins.bytes'}:
        return None
    element = declared_arguments(typ, _fullnames.SEQUENCE)
    return element[0] if element else None


def _some_subclass(element: Type) -> ProperType:
    """Read the element type of a sequence as "some subclass of", never as one exact class.

    mypy types ``handlers = [A, B]`` as a list of the *join* of the two class objects, which
    looks like the class object of a common base (often ``object``). That base was never
    written by the user, so it is not reported as abstract, and ``object`` says nothing about
    the items: it is read as ``Any``, which fits.
    """
    proper = get_proper_type(element)
    if isinstance(proper, FunctionLike) and proper.is_type_obj():
        instance = get_proper_type(proper.items[0].ret_type)
        if isinstance(instance, Instance) and instance.type.fullname != _fullnames.OBJECT:
            return TypeType(erase_typevars(instance))
        return AnyType(TypeOfAny.implementation_artifact)
    return proper
