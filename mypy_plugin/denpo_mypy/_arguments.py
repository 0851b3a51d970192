"""Reading the arguments of a binding call, once, into a :class:`BindingCall`.

The binding feature parses a call in the *signature* hook, before mypy checks the arguments,
because that is where it decides whether mypy's own check of the call is needed: an argument
the plugin cannot read is kept as an explicit ``Unreadable`` marker, and the call is then
handed back to mypy instead of being relaxed (see ``_features/binding.py``). What an argument
may hold, and reading it off its type, is ``_argument_types``.

Arguments are found by their role (:class:`~denpo_mypy._kinds.Role`): keyword parameters by
their name in the signature, positional-only parameters by their order, since mypy keeps no
name for them (a positional-only parameter's contract is its position).

Types are read by checking each argument expression once more, with its errors discarded and
its types kept in a private type map: the items of a list display, and the branches of a
conditional, are typed one by one (the display as a whole would be typed as a join that
forgets which classes it holds). For the same reason a copy of a sequence (``list(xs)``,
``tuple(xs)``, ``[x for x in xs]``) is read through the sequence it copies, and a variable
assigned once and never changed (see ``_variables``) through the expression it was assigned,
with the types mypy gave that expression where it was written; a problem found there is
reported at the variable passed.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from mypy.checker import TypeChecker
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    ARG_STAR,
    ArgKind,
    CallExpr,
    ConditionalExpr,
    Context,
    Expression,
    GeneratorExpr,
    IndexExpr,
    ListComprehension,
    ListExpr,
    NameExpr,
    RefExpr,
    StarExpr,
    TupleExpr,
    TypeInfo,
    Var,
)
from mypy.plugin import CheckerPluginInterface, MethodContext, MethodSigContext
from mypy.types import AnyType, ProperType, TupleType, Type, UnpackType, get_proper_type

from denpo_mypy._argument_types import (
    Argument,
    CannotReadError,
    ClassArgument,
    ClassParse,
    ListArgument,
    ListParse,
    NotAList,
    Unreadable,
    class_of_type,
    list_of_type,
    unwritten,
)
from denpo_mypy._kinds import RequestKind, Role
from denpo_mypy._types import quietly_typed
from denpo_mypy._variables import assigned_expression

__all__ = [
    'PLAIN',
    'Argument',
    'BindingCall',
    'ClassArgument',
    'ClassParse',
    'ListArgument',
    'ListParse',
    'NotAList',
    'Unreadable',
    'first_argument',
    'parse_binding',
    'read_list',
]


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
        exception_actions: The exception action classes of a request.
    """

    call: CallExpr
    message: ClassParse | None = None
    handler: ClassParse | None = None
    handlers: ListParse | None = None
    behaviors: ListParse | None = None
    exception_handlers: ListParse | None = None
    exception_actions: ListParse | None = None

    def unreadable(self) -> Unreadable | None:
        """The first argument the plugin cannot read, if any."""
        parsed = (
            self.message,
            self.handler,
            self.handlers,
            self.behaviors,
            self.exception_handlers,
            self.exception_actions,
        )
        return next((item for item in parsed if isinstance(item, Unreadable)), None)

    def classes_besides_message(self) -> bool:
        """Whether any argument other than the message may hold something other than ``Any``."""
        classes = [self.handler] if isinstance(self.handler, ClassArgument) else []
        for passed in (self.handlers, self.behaviors, self.exception_handlers, self.exception_actions):
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


def parse_binding(ctx: MethodSigContext, kind: RequestKind) -> BindingCall | Unreadable:
    """Read the arguments of one binding call by their roles in ``kind``."""
    call = ctx.context
    if not isinstance(call, CallExpr):
        return Unreadable('not a call expression')
    reader = _Reader(ctx.api)
    try:
        passed = _passed_by_role(ctx, call, kind, reader)
    except CannotReadError as error:
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
        exception_actions=lists.get(Role.EXCEPTION_ACTIONS),
    )


def read_list(api: CheckerPluginInterface, expression: Expression) -> ListParse:
    """Read one expression that lists classes, outside a binding call (``MessagingConfig(...)``)."""
    return _Reader(api).list_argument(_Passed(expression))


_COPIES: Final = frozenset({'builtins.list', 'builtins.tuple'})
"""The calls whose result holds the items of the one sequence they are given."""
_CLASS_ROLES: Final = frozenset({Role.MESSAGE, Role.HANDLER})
"""The roles of arguments that name one class; the others list classes."""
PLAIN: Final = frozenset({ARG_POS, ARG_NAMED})
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
            raise CannotReadError(msg)
        actual = actuals[0]
        actual_kind = actual_kinds.get(id(actual))
        star_item = None if actual_kind in PLAIN else _star_item(reader, actual, actual_kind, stars_used)
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
        raise CannotReadError(msg)
    index = used.get(id(actual), 0)
    if index >= len(unpacked.items):
        msg = '*args shorter than the parameters it fills'
        raise CannotReadError(msg)
    used[id(actual)] = index + 1
    return get_proper_type(unpacked.items[index])


class _Reader:
    """Types argument expressions (each once) and reads them as classes or lists of classes."""

    def __init__(self, api: CheckerPluginInterface) -> None:
        self.api = api
        self.types: dict[Expression, Type] = {}
        self.variables: list[Var] = []  # the variables being read through their assignments

    def type_of(self, expression: Expression) -> ProperType:
        """The type of ``expression``.

        An argument is checked anew (errors discarded, types kept here); an expression read
        through a variable is typed as mypy typed it where it was written.
        """
        known = self.types.get(expression)
        if known is None:
            known = self._recorded(expression) if self.variables else self._check(expression)
        return get_proper_type(known)

    def _recorded(self, expression: Expression) -> Type:
        """The type mypy gave an expression written in a variable's assignment.

        Checked anew here, it would be typed where the variable is passed, under the narrowing
        of that place; only a class name is the same everywhere (the assignment may come later
        in the module than a function that passes the variable).
        """
        checker = self.api
        recorded = checker.lookup_type_or_none(expression) if isinstance(checker, TypeChecker) else None
        if recorded is not None:
            return recorded
        named = expression.base if isinstance(expression, IndexExpr) else expression
        if isinstance(named, RefExpr) and isinstance(named.node, TypeInfo):
            return self._check(expression)
        msg = "an expression of a variable's assignment that mypy has not checked yet"
        raise CannotReadError(msg)

    def _check(self, expression: Expression) -> Type:
        typ, types = quietly_typed(self.api, expression)
        self.types.update(types)
        return typ

    def class_argument(self, passed: _Passed) -> ClassParse:
        """Read an argument that names one class."""
        try:
            if passed.star_item is not None:
                return class_of_type(passed.node, passed.star_item, written=False)
            return self._class_expression(passed.node)
        except CannotReadError as error:
            return Unreadable(str(error))

    def list_argument(self, passed: _Passed) -> ListParse:
        """Read an argument that lists classes."""
        try:
            if passed.star_item is not None:
                return list_of_type(passed.node, passed.star_item)
            return self._list_expression(passed.node)
        except CannotReadError as error:
            return Unreadable(str(error))

    def _class_expression(self, expression: Expression) -> ClassArgument:
        if isinstance(expression, ConditionalExpr):
            self.type_of(expression)  # types both branches, each where its condition holds
            branches = (
                self._class_expression(expression.if_expr),
                self._class_expression(expression.else_expr),
            )
            return unwritten(alternative for branch in branches for alternative in branch.alternatives)
        written = isinstance(expression, RefExpr | IndexExpr)
        return class_of_type(expression, self.type_of(expression), written=written)

    def _list_expression(self, expression: Expression) -> ListArgument | NotAList:
        if isinstance(expression, ListExpr | TupleExpr):
            items: list[ClassArgument] = []
            for item in expression.items:
                if isinstance(item, StarExpr):
                    items.extend(unwritten(each.alternatives) for each in self._sequence(item.expr))
                else:
                    items.append(self._class_expression(item))
            starred = any(isinstance(item, StarExpr) for item in expression.items)
            return ListArgument(tuple(items), display=None if starred else expression)
        if isinstance(expression, ConditionalExpr):
            self.type_of(expression)
            branches = (self._sequence(expression.if_expr), self._sequence(expression.else_expr))
            return ListArgument(tuple(unwritten(item.alternatives) for branch in branches for item in branch))
        read = self._through_variable(expression) if isinstance(expression, NameExpr) else None
        if read is None and isinstance(expression, ListComprehension | CallExpr):
            read = self._copy(expression)
        return list_of_type(expression, self.type_of(expression)) if read is None else read

    def _through_variable(self, name: NameExpr) -> ListArgument | None:
        """The list a variable was assigned, each item reported at ``name``; ``None`` to read its type."""
        variable = name.node
        tree = self.api.tree if isinstance(self.api, TypeChecker) else None
        assigned = None if tree is None else assigned_expression(tree, name)
        if assigned is None or not isinstance(variable, Var) or variable in self.variables:
            return None
        self.variables.append(variable)
        try:
            read = self._list_expression(assigned)
        except CannotReadError:
            return None  # its type says less, but never more than it holds
        finally:
            self.variables.pop()
        if isinstance(read, NotAList):
            return None
        return ListArgument(
            tuple(
                ClassArgument(tuple(each._replace(node=name) for each in item.alternatives))
                for item in read.items
            )
        )

    def _copy(self, expression: ListComprehension | CallExpr) -> ListArgument | None:
        """The items of ``[x for x in xs]``, ``list(xs)`` or ``tuple(xs)``: those of ``xs``."""
        if isinstance(expression, ListComprehension):
            return self._generated(expression.generator)
        source = _copied_by_call(expression)
        if isinstance(source, GeneratorExpr):
            return self._generated(source)
        return None if source is None else self._items_or_none(source, written=True)

    def _generated(self, generator: GeneratorExpr) -> ListArgument | None:
        """The items a generator yields, if it yields those of one sequence unchanged and unfiltered.

        They are not certain to be spelled out in the sequence (it is iterated, whatever it
        is), so none is reported as listed twice.
        """
        source = _iterated_unchanged(generator)
        return None if source is None else self._items_or_none(source, written=False)

    def _items_or_none(self, source: Expression, *, written: bool) -> ListArgument | None:
        try:
            items = self._sequence(source)
        except CannotReadError:
            return None  # the copy's own type is read instead
        return ListArgument(items if written else tuple(unwritten(item.alternatives) for item in items))

    def _sequence(self, expression: Expression) -> tuple[ClassArgument, ...]:
        """The items of an expression that must be a sequence (a starred item, a branch)."""
        parsed = self._list_expression(expression)
        if isinstance(parsed, NotAList):
            msg = 'a class where a sequence of classes is expected'
            raise CannotReadError(msg)
        return parsed.items


def _copied_by_call(call: CallExpr) -> Expression | None:
    """The sequence ``list(xs)`` or ``tuple(xs)`` copies, else ``None``."""
    callee = call.callee
    if isinstance(callee, RefExpr) and callee.fullname in _COPIES and call.arg_kinds == [ARG_POS]:
        return call.args[0]
    return None


def _iterated_unchanged(generator: GeneratorExpr) -> Expression | None:
    """``xs`` of ``x for x in xs``, with no condition, no other loop, nothing done to ``x``.

    A condition may leave an item out: reading it would report a class never passed.
    """
    (index, *more), element = generator.indices, generator.left_expr
    if (
        more
        or any(generator.is_async)
        or any(generator.condlists)
        or not isinstance(index, NameExpr)
        or not isinstance(element, NameExpr)
        or element.node is not index.node
    ):
        return None
    return generator.sequences[0]


def first_argument(ctx: MethodContext) -> tuple[Context, Type] | None:
    """The one plain argument passed for the first parameter of a method, if exactly one was.

    The ``invoke``, ``stream`` and ``container.get`` hooks apply to every method of that name
    whose first parameter has the expected shape, whatever its name.
    """
    if not ctx.args or len(ctx.args[0]) != 1 or ctx.arg_kinds[0][0].is_star():
        return None
    return ctx.args[0][0], ctx.arg_types[0][0]
