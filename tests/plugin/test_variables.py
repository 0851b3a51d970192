"""Which variables the plugin reads through their one assignment (``denpo_mypy._variables``).

Each module below ends with ``print(handlers)`` (at its top level, or in its last function or
class): the variable it passes is readable through its assignment only if nothing in the
module can have changed it. The modules are analysed by one in-process mypy build.
"""

from __future__ import annotations

from textwrap import dedent
from typing import Final

import pytest
from mypy import build, nodes, patterns
from mypy.modulefinder import BuildSource
from mypy.nodes import (
    AssignmentStmt,
    CallExpr,
    ClassDef,
    Expression,
    ExpressionStmt,
    FuncDef,
    ImportBase,
    ListExpr,
    MypyFile,
    NameExpr,
    Node,
    Statement,
    TupleExpr,
)
from mypy.options import Options
from mypy.patterns import Pattern

from denpo_mypy._variables import BINDS, NESTING, assigned_expression

READABLE: Final = {
    'module_list': """
        handlers = [int, str]
        print(handlers)
    """,
    'module_tuple': """
        handlers = (int, str)
        print(handlers)
    """,
    'bare_final': """
        from typing import Final
        handlers: Final = [int, str]
        print(handlers)
    """,
    'function_local': """
        def wire() -> None:
            handlers = [int, str]
            print(handlers)
    """,
    'passed_to_calls_and_iterated': """
        handlers = [int, str]
        names = sorted(handlers, key=str)
        copies = [*handlers, *(each for each in handlers)]
        first = handlers[0]
        print(handlers)
    """,
    'comprehension_target_of_the_same_name': """
        handlers = [int, str]
        names = [handlers for handlers in [[bytes]]]
        print(handlers)
    """,
    'used_in_a_nested_function': """
        def wire() -> None:
            handlers = [int, str]

            def inner() -> None:
                print(handlers)

            inner()
            print(handlers)
    """,
}

READ_BY_TYPE: Final = {
    'assigned_twice': """
        handlers = [int, str]
        handlers = [int]
        print(handlers)
    """,
    'augmented': """
        handlers = [int, str]
        handlers += [bytes]
        print(handlers)
    """,
    'method_called': """
        handlers = [int, str]
        handlers.remove(str)
        print(handlers)
    """,
    'item_assigned': """
        handlers = [int, str]
        handlers[1] = int
        print(handlers)
    """,
    'slice_deleted': """
        handlers = [int, str]
        del handlers[1:]
        print(handlers)
    """,
    'aliased': """
        handlers = [int, str]
        alias = handlers
        print(handlers)
    """,
    'chained': """
        handlers = other = [int, str]
        print(handlers)
    """,
    'unpacked': """
        handlers, count = [int, str], 2
        print(handlers)
    """,
    'annotated': """
        handlers: list[type[object]] = [int, str]
        print(handlers)
    """,
    'changed_in_a_function': """
        handlers = [int, str]

        def clear() -> None:
            handlers.clear()

        print(handlers)
    """,
    'declared_global': """
        handlers = [int, str]

        def look() -> None:
            global handlers

        print(handlers)
    """,
    'declared_nonlocal': """
        def wire() -> None:
            handlers = [int, str]

            def look() -> None:
                nonlocal handlers

            print(handlers)
    """,
    'changed_where_mypy_does_not_look': """
        from typing import TYPE_CHECKING
        handlers = [int, str]
        if TYPE_CHECKING:
            pass
        else:
            handlers.pop()
        print(handlers)
    """,
    'loop_target': """
        handlers = [int, str]
        for handlers in [[int]]:
            pass
        print(handlers)
    """,
    'with_target': """
        from typing import Any

        def wire(opened: Any) -> None:
            handlers = [int, str]
            with opened as handlers:
                pass
            print(handlers)
    """,
    'walrus_target': """
        def wire() -> None:
            handlers = [int, str]
            if handlers := [int]:
                pass
            print(handlers)
    """,
    'match_capture': """
        from typing import Any

        def wire(value: Any) -> None:
            handlers = [int, str]
            match value:
                case [*handlers]:
                    pass
            print(handlers)
    """,
    'match_as': """
        from typing import Any

        def wire(value: Any) -> None:
            handlers = [int, str]
            match value:
                case [int] as handlers:
                    pass
            print(handlers)
    """,
    'match_rest': """
        from typing import Any

        def wire(value: Any) -> None:
            handlers = [int, str]
            match value:
                case {'a': 1, **handlers}:
                    pass
            print(handlers)
    """,
    'except_target': """
        def wire() -> None:
            handlers = [int, str]
            try:
                pass
            except Exception as handlers:
                pass
            print(handlers)
    """,
    'parameter': """
        def wire(handlers: list[type[object]]) -> None:
            print(handlers)
            handlers = [int, str]
    """,
    'class_attribute': """
        class Wiring:
            handlers = [int, str]
            print(handlers)
    """,
    'imported': """
        from variables_module_list import handlers
        print(handlers)
    """,
}


def _module(name: str) -> str:
    return f'variables_{name}'


@pytest.fixture(scope='module')
def trees() -> dict[str, MypyFile]:
    options = Options()
    options.incremental = False
    options.preserve_asts = True  # mypy frees the trees after a build otherwise
    sources = {**READABLE, **READ_BY_TYPE}
    result = build.build(
        [
            BuildSource(f'{_module(name)}.py', _module(name), text=dedent(source))
            for name, source in sources.items()
        ],
        options,
    )
    found: dict[str, MypyFile] = {}
    for name in sources:
        tree = result.graph[_module(name)].tree
        assert tree is not None
        found[name] = tree
    return found


def _printed(statements: list[Statement]) -> NameExpr:
    """The name passed to the last ``print(...)`` of a body, looking into its last definition."""
    for statement in reversed(statements):
        if isinstance(statement, FuncDef | ClassDef):
            return _printed(statement.body.body if isinstance(statement, FuncDef) else statement.defs.body)
        if isinstance(statement, ExpressionStmt) and isinstance(statement.expr, CallExpr):
            (argument,) = statement.expr.args
            assert isinstance(argument, NameExpr)
            return argument
    msg = 'no print(...) in the body'
    raise AssertionError(msg)


def _assigned(tree: MypyFile) -> Expression | None:
    return assigned_expression(tree, _printed(tree.defs))


@pytest.mark.parametrize('name', sorted(READABLE))
def test_a_variable_assigned_once_and_never_changed_is_read_through_its_display(
    name: str, trees: dict[str, MypyFile]
) -> None:
    display = _assigned(trees[name])
    assert isinstance(display, ListExpr | TupleExpr)
    assert [item.name for item in display.items if isinstance(item, NameExpr)] == ['int', 'str']


@pytest.mark.parametrize('name', sorted(READ_BY_TYPE))
def test_a_variable_that_may_have_changed_is_read_by_its_type(name: str, trees: dict[str, MypyFile]) -> None:
    assert _assigned(trees[name]) is None


def test_a_name_that_is_not_a_variable_is_read_by_its_type(trees: dict[str, MypyFile]) -> None:
    tree = trees['module_list']
    statement = tree.defs[0]
    assert isinstance(statement, AssignmentStmt)
    assert isinstance(statement.rvalue, ListExpr)
    first_item = statement.rvalue.items[0]
    assert isinstance(first_item, NameExpr)
    assert assigned_expression(tree, first_item) is None  # `int`, a class


def test_the_facts_of_each_module_are_its_own(trees: dict[str, MypyFile]) -> None:
    # Alternating modules must not answer from the facts of the module asked before.
    for _ in range(2):
        assert _assigned(trees['module_list']) is not None
        assert _assigned(trees['assigned_twice']) is None


def _attributes(kind: type[Node]) -> set[str]:
    names: tuple[str, ...] | None = getattr(kind, '__mypyc_attrs__', None)
    if names is None:
        names = tuple(name for klass in kind.__mro__ for name in getattr(klass, '__slots__', ()))
    return set(names)


def test_every_statement_and_pattern_kind_of_mypy_is_walked_by_name() -> None:
    # A kind that a later mypy adds is walked through all its attributes; add it to the table.
    kinds = {
        kind
        for module in (nodes, patterns)
        for kind in vars(module).values()
        if isinstance(kind, type) and issubclass(kind, Statement | Pattern)
    }
    assert kinds - set(NESTING) == {Statement, ImportBase, Pattern}


@pytest.mark.parametrize(
    ('kind', 'attribute'),
    [(kind, name) for kind, names in NESTING.items() for name in names] + list(BINDS.items()),
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_the_attributes_named_in_the_tables_are_mypys(kind: type[Node], attribute: str) -> None:
    assert attribute in _attributes(kind)
