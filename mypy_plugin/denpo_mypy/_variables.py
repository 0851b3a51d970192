"""Which variables can be read through the one expression they were assigned.

mypy types ``handlers = [SendConfirmationEmail, WelcomeUser]`` as ``list[type[object]]``: the
join of two unrelated class objects, which forgets the classes the list holds. A binding call
given ``handlers`` can still be judged item by item by reading the display instead of the
variable's type, but only where the display is certainly what the variable holds when it is
passed. That is decided here, conservatively, from the module's tree alone:

- the variable is a module variable or a local of a function (not a class attribute, which any
  code can reach through the class), and its assignment has no declared type (an annotation is
  the variable's contract: the declared element type is read instead);
- it is bound exactly once, by a plain ``name = <expression>`` (not a chained or unpacking
  assignment, which would make it one of several names for the same list);
- nothing in the module can change it: no other binding of the name (an assignment, an
  augmented assignment, a ``for``/``with``/``except``/``match``/walrus target, ``del``), no
  ``global`` or ``nonlocal`` declaration of the name, no attribute access on it (``.append``,
  ``.remove``, ``.clear``, ... and every other method, to be safe), no item or slice assignment
  or deletion, and no other name made an alias of it (``other = handlers``).

A call that is given the variable itself (``add(handlers)``) may change it too, unless it is
one known to only read it (a binding call, ``list(...)``, ``len(...)``...). Code in another
module that reaches the variable through its module (``app.handlers.append``) is not followed.

The facts are gathered in one walk of the module's tree, the first time a binding call of the
module passes a variable, and kept for the module being checked (mypy checks one module at a
time, so one module is kept).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final, cast

from mypy.nodes import (
    GDEF,
    LDEF,
    AssertStmt,
    AssignmentExpr,
    AssignmentStmt,
    Block,
    BreakStmt,
    CallExpr,
    ClassDef,
    ContinueStmt,
    Decorator,
    DelStmt,
    Expression,
    ExpressionStmt,
    ForStmt,
    FuncDef,
    FuncItem,
    GlobalDecl,
    IfStmt,
    Import,
    ImportAll,
    ImportFrom,
    IndexExpr,
    LambdaExpr,
    ListExpr,
    MatchStmt,
    MemberExpr,
    MypyFile,
    NameExpr,
    Node,
    NonlocalDecl,
    OperatorAssignmentStmt,
    OverloadedFuncDef,
    PassStmt,
    RaiseStmt,
    ReturnStmt,
    StarExpr,
    Statement,
    TryStmt,
    TupleExpr,
    TypeAliasStmt,
    Var,
    WhileStmt,
    WithStmt,
)
from mypy.patterns import (
    AsPattern,
    ClassPattern,
    MappingPattern,
    OrPattern,
    Pattern,
    SequencePattern,
    SingletonPattern,
    StarredPattern,
    ValuePattern,
)
from mypy.server.subexpr import get_subexpressions

__all__ = ['BINDS', 'NESTING', 'assigned_expression']


def assigned_expression(tree: MypyFile, name: NameExpr) -> Expression | None:
    """The expression ``name`` was assigned, if the variable certainly still holds it.

    ``None`` for a name that is not such a variable of ``tree``: a class, an annotated or
    imported variable, a class attribute, a variable bound or changed anywhere else.
    """
    variable = name.node
    if not isinstance(variable, Var) or name.kind not in {GDEF, LDEF}:
        return None
    facts = _facts_of(tree)
    if variable in facts.spoiled or variable.name in facts.spoiled_names:
        return None
    return facts.assigned.get(variable)


class _Facts:
    """What one walk of a module found: each variable's single assignment, and what may change it."""

    def __init__(self) -> None:
        self.assigned: dict[Var, Expression] = {}
        self.spoiled: set[Var] = set()
        # Names bound where mypy binds no node (an unreachable block) and names declared
        # global or nonlocal: every variable of that name is left to its type.
        self.spoiled_names: set[str] = set()

    def spoil(self, target: object) -> None:
        """Whatever variable ``target`` binds or changes can no longer be read through its value."""
        for name in _roots(target):
            if isinstance(name.node, Var):
                self.spoiled.add(name.node)
            elif name.node is None:
                # mypy binds no node in a block it finds unreachable, but the block may run
                # (the `else` of `if TYPE_CHECKING:`): every variable of that name is spoiled.
                self.spoiled_names.add(name.name)

    def see(self, node: Node) -> None:
        """Note what ``node`` binds or changes (its children are seen on their own)."""
        if isinstance(node, AssignmentStmt):
            self._assignment(node)
        elif isinstance(node, GlobalDecl | NonlocalDecl):
            self.spoiled_names.update(node.names)
        elif isinstance(node, FuncItem):
            # A parameter is bound by the call: a later assignment is not its only value.
            self.spoiled.update(argument.variable for argument in node.arguments)
        elif isinstance(node, CallExpr):
            if _callee_name(node.callee) not in READING_CALLS:
                self.spoil([argument for argument in node.args if isinstance(argument, NameExpr)])
        else:
            attribute = BINDS.get(type(node))
            if attribute is not None:
                self.spoil(getattr(node, attribute))

    def _assignment(self, statement: AssignmentStmt) -> None:
        lvalue = statement.lvalues[0]
        if (
            len(statement.lvalues) == 1
            and isinstance(lvalue, NameExpr)
            and isinstance(lvalue.node, Var)
            and lvalue.node not in self.assigned
            and statement.type is None
        ):
            self.assigned[lvalue.node] = statement.rvalue
        else:
            self.spoil(statement.lvalues)
        if isinstance(statement.rvalue, NameExpr):
            self.spoil(statement.rvalue)  # an alias: changes through it change the variable


READING_CALLS: Final = frozenset(
    {
        'bind_request',
        'bind_stream',
        'bind_event',
        'MessagingConfig',
        'list',
        'tuple',
        'len',
        'sorted',
        'reversed',
        'set',
        'frozenset',
        'iter',
        'enumerate',
        'print',
        'repr',
        'isinstance',
    }
)
"""Calls known to read, not change, a list they are given; any other call may change it
(``add(handlers)`` with ``def add(xs): xs.append(...)``), which spoils the variable."""


def _callee_name(callee: Expression) -> str | None:
    return callee.name if isinstance(callee, NameExpr | MemberExpr) else None


BINDS: Final[Mapping[type[Node], str]] = {
    OperatorAssignmentStmt: 'lvalue',
    ForStmt: 'index',
    WithStmt: 'target',
    TryStmt: 'vars',
    DelStmt: 'expr',
    AssignmentExpr: 'target',
    AsPattern: 'name',
    StarredPattern: 'capture',
    MappingPattern: 'rest',
    MemberExpr: 'expr',  # handlers.append(...), handlers.remove(...), handlers.x = ...
}
"""The other nodes that bind or change what they name, and the attribute that names it.

The targets of a comprehension are not among them: they are variables of the comprehension.
"""


def _walk(tree: MypyFile) -> Iterator[Node]:
    """Every statement and pattern of ``tree``, and every expression that may bind or change a name.

    The expressions, by far the most nodes, are found by mypy's own (compiled) traversal; mypy's
    ``TraverserVisitor`` cannot be subclassed from interpreted code when mypy is compiled, so
    the statements and patterns are found here, through the attributes that nest them.
    """
    yield from _binding_expressions(tree)
    pending: list[object] = list(tree.defs)
    seen: set[int] = set()
    while pending:
        value = pending.pop()
        if isinstance(value, list | tuple):
            pending.extend(cast('list[object] | tuple[object, ...]', value))
        elif isinstance(value, Statement | Pattern) and id(value) not in seen:
            seen.add(id(value))
            yield value
            pending.extend(getattr(value, name, None) for name in _nesting(type(value)))
            # mypy's traversal does not look into the copies of a function generic in a
            # constrained type variable (checked instead of the function itself), nor into the
            # statements taken out of a NamedTuple or TypedDict class body (which still run).
            for unvisited in _unvisited(value):
                yield from _binding_expressions(unvisited)


def _unvisited(node: Node) -> list[FuncItem] | list[Statement]:
    if isinstance(node, FuncItem):
        return node.expanded
    return node.removed_statements if isinstance(node, ClassDef) else []


def _binding_expressions(node: Node) -> Iterator[Expression]:
    return (each for each in get_subexpressions(node) if type(each) in _BINDING_EXPRESSIONS)


_BINDING_EXPRESSIONS: Final = frozenset({MemberExpr, AssignmentExpr, LambdaExpr, CallExpr})
"""The kinds of expression that bind a name (``:=``, a lambda's parameters) or may change its value
(a call may change a list it is given)."""


NESTING: Final[Mapping[type[Node], tuple[str, ...]]] = {
    Block: ('body',),
    FuncDef: ('body', 'expanded'),
    Decorator: ('func',),
    OverloadedFuncDef: ('items', 'impl'),
    ClassDef: ('defs', 'removed_statements'),
    IfStmt: ('body', 'else_body'),
    WhileStmt: ('body', 'else_body'),
    ForStmt: ('body', 'else_body'),
    WithStmt: ('body',),
    TryStmt: ('body', 'handlers', 'else_body', 'finally_body'),
    MatchStmt: ('patterns', 'bodies'),
    AsPattern: ('pattern',),
    OrPattern: ('patterns',),
    SequencePattern: ('patterns',),
    MappingPattern: ('values',),
    ClassPattern: ('positionals', 'keyword_values'),
    **dict.fromkeys(
        (
            ExpressionStmt,
            AssignmentStmt,
            OperatorAssignmentStmt,
            ReturnStmt,
            AssertStmt,
            DelStmt,
            BreakStmt,
            ContinueStmt,
            PassStmt,
            RaiseStmt,
            GlobalDecl,
            NonlocalDecl,
            Import,
            ImportFrom,
            ImportAll,
            TypeAliasStmt,
            ValuePattern,
            SingletonPattern,
            StarredPattern,
        ),
        (),
    ),
}
"""The attributes of each statement and pattern kind that hold the statements and patterns in it."""
_SYMBOL_REFERENCES: Final = frozenset({'node', 'original_def', 'def_var', 'info', 'var', 'variable'})
"""Attributes that refer to a symbol defined elsewhere (a name's definition), not to a child."""
_by_kind: Final[dict[type[Node], tuple[str, ...]]] = dict(NESTING)


def _nesting(kind: type[Node]) -> tuple[str, ...]:
    """The attributes of ``kind`` that may nest statements or patterns.

    A kind that a later mypy adds is not in the table: each of its attributes is looked into,
    except the references to symbols, so that nothing it holds is missed.
    """
    known = _by_kind.get(kind)
    if known is None:
        # A compiled mypy lists a class's attributes in `__mypyc_attrs__`, an interpreted one
        # in the `__slots__` of each class of the MRO.
        names = getattr(kind, '__mypyc_attrs__', None) or [
            name for klass in kind.__mro__ for name in getattr(klass, '__slots__', ())
        ]
        known = _by_kind[kind] = tuple(
            name for name in names if name not in _SYMBOL_REFERENCES and not name.startswith('__')
        )
    return known


def _roots(target: object) -> Iterator[NameExpr]:
    """The names that binding or changing ``target`` affects.

    ``a`` for ``a``, ``a[0]``, ``a.b`` and ``*a``; each name of ``(a, b)``, of a list of
    targets; nothing for ``None`` (a ``with`` without ``as``).
    """
    if isinstance(target, NameExpr):
        yield target
    elif isinstance(target, IndexExpr):
        yield from _roots(target.base)
    elif isinstance(target, MemberExpr | StarExpr):
        yield from _roots(target.expr)
    elif isinstance(target, TupleExpr | ListExpr):
        yield from _roots(target.items)
    elif isinstance(target, list | tuple):
        for item in cast('list[object] | tuple[object, ...]', target):
            yield from _roots(item)


class _LastModule:
    """The facts of the module checked last, with its tree and its list of statements.

    Under ``dmypy`` an edited module keeps its ``MypyFile`` object but gets a new list of
    statements, so both are compared.
    """

    def __init__(self) -> None:
        self.tree: MypyFile | None = None
        self.defs: list[Statement] = []
        self.facts = _Facts()


_last: Final = _LastModule()


def _facts_of(tree: MypyFile) -> _Facts:
    if _last.tree is not tree or _last.defs is not tree.defs:
        facts = _Facts()
        for node in _walk(tree):
            facts.see(node)
        _last.tree, _last.defs, _last.facts = tree, tree.defs, facts
    return _last.facts
