"""Reading the arguments of a binding call, once, into a :class:`BindingCall`.

The binding feature parses a call in the *signature* hook, before mypy checks the arguments,
because that is where it decides whether mypy's own check of the call is needed: an argument
the plugin cannot read is kept as an explicit :class:`Unreadable` marker, and the call is then
handed back to mypy instead of being relaxed (see ``_features/binding.py``).

Arguments are found by their role (:class:`~denpo_mypy._kinds.Role`): keyword parameters by
their name in the signature, positional-only parameters by their order, since mypy keeps no
name for them (a positional-only parameter's contract is its position).

Types are read by checking each argument expression once more, with its errors discarded and
its types kept in a private type map: the items of a list display, and the branches of a
conditional, are typed one by one (the display as a whole would be typed as a join that
forgets which classes it holds).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, NamedTuple, TypeAlias

from mypy.checker import TypeChecker
from mypy.erasetype import erase_typevars
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    ARG_STAR,
    ArgKind,
    CallExpr,
    ConditionalExpr,
    Context,
    Expression,
    IndexExpr,
    ListExpr,
    RefExpr,
    StarExpr,
    TupleExpr,
)
from mypy.plugin import CheckerPluginInterface, MethodContext, MethodSigContext
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
    UnpackType,
    get_proper_type,
)

from denpo_mypy import _fullnames
from denpo_mypy._kinds import RequestKind, Role
from denpo_mypy._types import ClassRef, class_ref, declared_arguments, is_value

__all__ = [
    'Argument',
    'BindingCall',
    'ClassArgument',
    'ListArgument',
    'NotAList',
    'Unreadable',
    'first_argument',
    'parse_binding',
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
        node: Where to report a problem with it.
        type: Its type: a class object, ``type[X]``, a plain value or ``Any``.
        ref: The class it names, read once for every check; ``None`` for a value or ``Any``.
        written: Whether it is one class spelled out in the call (so two equal items are
            certain duplicates), rather than a member of a union or an element type read off
            a sequence's type.
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
    """A list argument: a list or tuple display, or a sequence typed as such.

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


class BindingCall(NamedTuple):
    """One ``bind_request``, ``bind_stream`` or ``bind_event`` call, read once.

    Each attribute is ``None`` when the argument was not passed (or the call takes none).

    Attributes:
        call: The call expression, for the checks that read the chain of calls it ends.
        message: The request, stream request or event class.
        handler: The handler class of a request or stream request.
        handlers: The handler classes of an event.
        behaviors: The per-binding pipeline behavior classes.
        exception_handlers: The exception handler classes of a request.
    """

    call: CallExpr
    message: ClassParse | None = None
    handler: ClassParse | None = None
    handlers: ListParse | None = None
    behaviors: ListParse | None = None
    exception_handlers: ListParse | None = None

    def unreadable(self) -> Unreadable | None:
        """The first argument the plugin cannot read, if any."""
        parsed = (self.message, self.handler, self.handlers, self.behaviors, self.exception_handlers)
        return next((item for item in parsed if isinstance(item, Unreadable)), None)

    def classes_besides_message(self) -> bool:
        """Whether any argument other than the message may hold something other than ``Any``."""
        classes = [self.handler] if isinstance(self.handler, ClassArgument) else []
        for passed in (self.handlers, self.behaviors, self.exception_handlers):
            if isinstance(passed, NotAList):
                return True
            if isinstance(passed, ListArgument):
                classes.extend(passed.items)
        return any(
            not isinstance(alternative.type, AnyType)
            for argument in classes
            for alternative in argument.alternatives
        )


class _Passed(NamedTuple):
    """The actual argument of one parameter: an expression, or one item of a ``*tuple``."""

    node: Expression
    star_item: ProperType | None = None


class _CannotReadError(Exception):
    """Stops reading an argument; it becomes an :class:`Unreadable` marker."""


def parse_binding(ctx: MethodSigContext, kind: RequestKind) -> BindingCall | Unreadable:
    """Read the arguments of one binding call by their roles in ``kind``."""
    call = ctx.context
    if not isinstance(call, CallExpr):
        return Unreadable('not a call expression')
    reader = _Reader(ctx.api)
    try:
        passed = _passed_by_role(ctx, call, kind, reader)
    except _CannotReadError as error:
        return Unreadable(str(error))
    classes = {role: reader.class_argument(each) for role, each in passed.items() if role in _CLASS_ROLES}
    lists = {role: reader.list_argument(each) for role, each in passed.items() if role not in _CLASS_ROLES}
    return BindingCall(
        call,
        message=classes.get(Role.MESSAGE),
        handler=classes.get(Role.HANDLER),
        handlers=lists.get(Role.HANDLERS),
        behaviors=lists.get(Role.BEHAVIORS),
        exception_handlers=lists.get(Role.EXCEPTION_HANDLERS),
    )


_CLASS_ROLES: Final = frozenset({Role.MESSAGE, Role.HANDLER})
"""The roles of arguments that name one class; the others list classes."""
_PLAIN: Final = frozenset({ARG_POS, ARG_NAMED})
"""The kinds of an actual argument that is one expression (not ``*args`` or ``**kwargs``)."""


def _passed_by_role(
    ctx: MethodSigContext, call: CallExpr, kind: RequestKind, reader: _Reader
) -> dict[Role, _Passed]:
    """The actual argument of each role, from mypy's mapping of actuals to formal parameters."""
    signature = ctx.default_signature
    actual_kinds = {
        id(actual): actual_kind for actual, actual_kind in zip(call.args, call.arg_kinds, strict=True)
    }
    positional = iter(kind.positional)
    stars_used: dict[int, int] = {}
    found: dict[Role, _Passed] = {}
    for name, formal_kind, actuals in zip(signature.arg_names, signature.arg_kinds, ctx.args, strict=True):
        if name is None:
            role = next(positional, None) if formal_kind.is_positional() else None
        else:
            role = kind.keywords.get(name)
        if not actuals:
            continue
        if role is None or len(actuals) != 1:
            msg = f'an argument of {kind.call}() for no known parameter ({name})'
            raise _CannotReadError(msg)
        actual = actuals[0]
        actual_kind = actual_kinds.get(id(actual))
        star_item = None if actual_kind in _PLAIN else _star_item(reader, actual, actual_kind, stars_used)
        found[role] = _Passed(actual, star_item)
    return found


def _star_item(
    reader: _Reader, actual: Expression, actual_kind: ArgKind | None, used: dict[int, int]
) -> ProperType:
    """The next item of a ``*args`` whose type is a tuple of known length."""
    unpacked = reader.type_of(actual)
    if (
        actual_kind != ARG_STAR
        or not isinstance(unpacked, TupleType)
        or any(isinstance(item, UnpackType) for item in unpacked.items)
    ):
        msg = '**kwargs, or *args of unknown length'
        raise _CannotReadError(msg)
    index = used.get(id(actual), 0)
    if index >= len(unpacked.items):
        msg = '*args shorter than the parameters it fills'
        raise _CannotReadError(msg)
    used[id(actual)] = index + 1
    return get_proper_type(unpacked.items[index])


class _Reader:
    """Types argument expressions (each once) and reads them as classes or lists of classes."""

    def __init__(self, api: CheckerPluginInterface) -> None:
        self.api = api
        self.types: dict[Expression, Type] = {}

    def type_of(self, expression: Expression) -> ProperType:
        """The type of ``expression`` (checked anew, errors discarded, types kept here)."""
        known = self.types.get(expression)
        if known is None:
            known = self._check(expression)
        return get_proper_type(known)

    def _check(self, expression: Expression) -> Type:
        checker = self.api
        if not isinstance(checker, TypeChecker):
            return checker.get_expression_type(expression)
        with (
            checker.msg.filter_errors(filter_deprecated=True, filter_revealed_type=True),
            checker.local_type_map as types,
        ):
            typ = checker.get_expression_type(expression)
        self.types.update(types)
        return typ

    def class_argument(self, passed: _Passed) -> ClassParse:
        """Read an argument that names one class."""
        try:
            if passed.star_item is not None:
                return _class_of_type(passed.node, passed.star_item, written=False)
            return self._class_expression(passed.node)
        except _CannotReadError as error:
            return Unreadable(str(error))

    def list_argument(self, passed: _Passed) -> ListParse:
        """Read an argument that lists classes."""
        try:
            if passed.star_item is not None:
                return _list_of_type(passed.node, passed.star_item)
            return self._list_expression(passed.node)
        except _CannotReadError as error:
            return Unreadable(str(error))

    def _class_expression(self, expression: Expression) -> ClassArgument:
        if isinstance(expression, ConditionalExpr):
            self.type_of(expression)  # types both branches, each where its condition holds
            branches = (
                self._class_expression(expression.if_expr),
                self._class_expression(expression.else_expr),
            )
            return _unwritten(alternative for branch in branches for alternative in branch.alternatives)
        written = isinstance(expression, RefExpr | IndexExpr)
        return _class_of_type(expression, self.type_of(expression), written=written)

    def _list_expression(self, expression: Expression) -> ListArgument | NotAList:
        if isinstance(expression, ListExpr | TupleExpr):
            items: list[ClassArgument] = []
            for item in expression.items:
                if isinstance(item, StarExpr):
                    items.extend(_unwritten(each.alternatives) for each in self._sequence(item.expr))
                else:
                    items.append(self._class_expression(item))
            starred = any(isinstance(item, StarExpr) for item in expression.items)
            return ListArgument(tuple(items), display=None if starred else expression)
        if isinstance(expression, ConditionalExpr):
            self.type_of(expression)
            branches = (self._sequence(expression.if_expr), self._sequence(expression.else_expr))
            return ListArgument(
                tuple(_unwritten(item.alternatives) for branch in branches for item in branch)
            )
        return _list_of_type(expression, self.type_of(expression))

    def _sequence(self, expression: Expression) -> tuple[ClassArgument, ...]:
        """The items of an expression that must be a sequence (a starred item, a branch)."""
        parsed = self._list_expression(expression)
        if isinstance(parsed, NotAList):
            msg = 'a class where a sequence of classes is expected'
            raise _CannotReadError(msg)
        return parsed.items


def _unwritten(alternatives: Iterable[Argument]) -> ClassArgument:
    """The same classes, none of them certain to be passed (a branch, a starred sequence)."""
    return ClassArgument(
        tuple(Argument(each.node, each.type, each.ref, written=False) for each in alternatives)
    )


def _class_of_type(node: Context, typ: ProperType, *, written: bool) -> ClassArgument:
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
            raise _CannotReadError(msg)
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


def _list_of_type(node: Context, typ: ProperType) -> ListArgument | NotAList:
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
    raise _CannotReadError(msg)


def _items_of_type(node: Context, typ: ProperType) -> tuple[ClassArgument, ...]:
    """The items of a sequence type: each item of a tuple, the element type of a sequence."""
    if isinstance(typ, AnyType):
        return ()
    if isinstance(typ, TupleType):
        return tuple(_class_of_type(node, get_proper_type(item), written=False) for item in typ.items)
    if isinstance(typ, UnionType):
        return tuple(
            item for member in typ.relevant_items() for item in _items_of_type(node, get_proper_type(member))
        )
    element = _element_type(typ)
    if element is None:
        msg = f'a union of a sequence and {typ}'
        raise _CannotReadError(msg)
    return (_class_of_type(node, _some_subclass(element), written=False),)


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


def first_argument(ctx: MethodContext) -> tuple[Context, Type] | None:
    """The one plain argument passed for the first parameter of a method, if exactly one was.

    The ``invoke``, ``stream`` and ``container.get`` hooks apply to every method of that name
    whose first parameter has the expected shape, whatever its name.
    """
    if not ctx.args or len(ctx.args[0]) != 1 or ctx.arg_kinds[0][0].is_star():
        return None
    return ctx.args[0][0], ctx.arg_types[0][0]
