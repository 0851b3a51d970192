"""The plugin never makes mypy weaker: where plain mypy reports an error, so does mypy with the plugin.

Every bad case of the YAML suite (``typing_tests/mypy/test_*.yml``: a case whose ``main``
expects an error, by ``# E:`` or in ``out:``), and every program of ``typing_tests/never_weaker/``
(bad programs whose output with the plugin is not pinned by the suite: what the plugin leaves
to mypy, and its known gaps), is type-checked twice, by plain mypy
(``--strict``, no plugin) and by mypy with the denpo plugin, with the suite's configuration
otherwise. Every statement on which plain mypy reports an error must carry an error with the
plugin too, usually the plugin's own readable one in place of mypy's.

Lines are compared by statement: mypy reports an inference failure of a call on the first line
of its chain, the plugin on the argument at fault, which may be a later line of the same
statement. A class wrong in a list built before the call (a variable's one assignment, the
sequence a copy copies) is reported by the plugin at the argument that passes the list, not
where the class is written, so the statement is the binding call in both modes; no error is
matched across statements. A statement with a ``# type: ignore[...]`` comment is skipped: the
comment names the error expected with the plugin and hides it.

The programs are batched, one module per case, into one mypy run per mode (the two run
concurrently), with a fresh cache.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
import yaml
from pytest_mypy_plugins.collect import parse_parametrized
from pytest_mypy_plugins.utils import render_template

HERE: Final = Path(__file__).resolve().parent
SUITE: Final = HERE / 'mypy'
LIBRARY: Final = SUITE / 'lib'
CURATED: Final = HERE / 'never_weaker'

_COMMENT: Final = re.compile(r'\s+#.*$')
_DIAGNOSTIC: Final = re.compile(
    r'^(?P<path>[^:\s]+\.py):(?P<line>\d+): error: (?P<message>.*?)(  \[(?P<code>[a-z-]+)\])?$'
)

_JOINED: Final = (
    'mypy types a list of unrelated classes as list[type[object]] (their join), and plain mypy rejects '
    'it whether its items fit or not (without_plugin_prebuilt_list_is_a_false_error)'
)
_RIGHT_BUT_JOINED: Final = 'right code, which plain mypy rejects: ' + _JOINED
EXEMPT: Final[Mapping[tuple[str, str], str]] = {  # (case, the statement's first line): the reason
    (
        'without_plugin_prebuilt_list_is_a_false_error',
        'MessagingExtension().bind_event(OrderPlaced, handlers)',
    ): _RIGHT_BUT_JOINED,
    (
        'without_plugin_lists_built_from_a_variable_are_false_errors',
        'ext.bind_event(OrderPlaced, [*handlers])',
    ): _RIGHT_BUT_JOINED,
    (
        'without_plugin_lists_built_from_a_variable_are_false_errors',
        'ext.bind_event(OrderPlaced, [h for h in handlers])',
    ): _RIGHT_BUT_JOINED,
    (
        'without_plugin_lists_built_from_a_variable_are_false_errors',
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=generic)',
    ): (
        'right code, which plain mypy rejects: it types a list of two generic behaviors with their '
        'type variables left free, which match no request'
    ),
    ('binding_arguments_unknown_message', 'ext.bind_request(discovered, discovered, behaviors=[request])'): (
        'right code, which plain mypy rejects: every argument is `Any` or `type[Any]`, so nothing '
        'can be wrong with the types, but plain mypy does not accept `type[Any]` as a request class'
    ),
}
"""Statements where plain mypy reports an error and the plugin does not, with the reason.

Each is a place where plain mypy only "catches" a mistake by rejecting the correct form of the
same code too, so its error says nothing about the mistake. A listed statement that no longer
needs its entry fails the test, so the list cannot hide anything.
"""


@dataclass(frozen=True)
class Program:
    """One bad case of the YAML suite: its main module and its other files."""

    name: str
    main: str
    files: tuple[tuple[str, str], ...]

    def top_level_names(self) -> set[str]:
        """The top-level modules and packages its other files define (they must not collide)."""
        return {Path(path).parts[0].removesuffix('.py') for path, _ in self.files}


def _cases(path: Path) -> Iterator[Program]:
    for raw in yaml.safe_load(path.read_text()) or []:
        for params in parse_parametrized(raw.get('parametrized', [])):
            suffix = ','.join(f'{key}={value}' for key, value in params.items())
            name = f'{raw["case"]}[{suffix}]' if suffix else raw['case']
            main = render_template(template=raw['main'], data=params)
            files = tuple((item['path'], item.get('content', '')) for item in raw.get('files', []))
            expected = [main, render_template(template=raw.get('out', ''), data=params)]
            expected.extend(content for _, content in files)
            if any('# E:' in text for text in expected) or ': error:' in expected[1]:
                yield Program(name, main, files)


def bad_programs() -> list[Program]:
    """Every bad case of the YAML suite, in file order, then the curated programs."""
    programs = [program for path in sorted(SUITE.glob('test_*.yml')) for program in _cases(path)]
    programs.extend(
        Program(f'{CURATED.name}/{path.stem}', path.read_text(), ()) for path in sorted(CURATED.glob('*.py'))
    )
    return programs


def _batches(programs: list[Program]) -> list[list[Program]]:
    """Group the programs so that no two in one group define the same top-level module."""
    batches: list[tuple[set[str], list[Program]]] = []
    for program in programs:
        names = program.top_level_names()
        for used, members in batches:
            if not used & names:
                used.update(names)
                members.append(program)
                break
        else:
            batches.append((set(names), [program]))
    return [members for _, members in batches]


def _config(folder: Path, *, plugin: bool) -> Path:
    parser = configparser.ConfigParser()
    parser.read(SUITE / 'mypy.ini')
    if not plugin:
        parser['mypy']['plugins'] = ''
    path = folder / ('with-plugin.ini' if plugin else 'plain.ini')
    with path.open('w') as stream:
        parser.write(stream)
    return path


@dataclass(frozen=True)
class Error:
    path: str
    line: int
    message: str
    code: str | None


@dataclass(frozen=True)
class Checked:
    """The errors of every program in both modes, and where its modules were written."""

    plain: list[Error]
    plugin: list[Error]
    modules: dict[str, tuple[Program, Path]]


def _start(folder: Path, config: Path, targets: list[str], *, plugin: bool) -> subprocess.Popen[str]:
    cache = folder / ('.cache-plugin' if plugin else '.cache-plain')
    command = [sys.executable, '-m', 'mypy', '--config-file', str(config), '--cache-dir', str(cache)]
    command += ['--no-error-summary', '--no-pretty', '--show-traceback', *targets]
    environment = {**os.environ, 'MYPYPATH': str(LIBRARY), 'DENPO_MYPY_DEBUG': '1'}
    return subprocess.Popen(
        command, cwd=folder, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _errors(folder: Path, output: str) -> list[Error]:
    found: list[Error] = []
    for line in output.splitlines():
        match = _DIAGNOSTIC.match(line)
        if match is not None:
            path = str((folder / match['path']).resolve())
            found.append(Error(path, int(match['line']), match['message'], match['code']))
    return found


def check_both_ways(programs: list[Program], root: Path) -> Checked:
    """Type-check ``programs`` by plain mypy and with the plugin, one run per mode and batch."""
    plain: list[Error] = []
    plugin: list[Error] = []
    modules: dict[str, tuple[Program, Path]] = {}
    runs: list[tuple[Path, subprocess.Popen[str], bool]] = []
    for number, batch in enumerate(_batches(programs)):
        folder = root / f'batch_{number}'
        folder.mkdir()
        targets: list[str] = []
        for index, program in enumerate(batch):
            main = folder / f'case_{index:03d}.py'
            main.write_text(program.main)
            targets.append(main.name)
            modules[str(main.resolve())] = (program, main)
            for path, content in program.files:
                written = folder / path
                written.parent.mkdir(parents=True, exist_ok=True)
                written.write_text(content)
                modules[str(written.resolve())] = (program, written)
        runs.extend(
            (folder, _start(folder, _config(folder, plugin=mode), targets, plugin=mode), mode)
            for mode in (False, True)
        )
    for folder, process, mode in runs:
        stdout, stderr = process.communicate()
        assert process.returncode in {0, 1}, stdout + stderr
        assert 'Traceback' not in stdout + stderr, stdout + stderr
        (plugin if mode else plain).extend(_errors(folder, stdout))
    return Checked(plain, plugin, modules)


def statement_starts(source: str) -> dict[int, int]:
    """Map each line to the first line of the statement (or decorator, or header) it belongs to."""
    spans: list[tuple[int, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            spans.extend((item.lineno, item.end_lineno or item.lineno) for item in node.decorator_list)
        if isinstance(node, ast.stmt):
            body: list[Any] = getattr(node, 'body', [])
            end = body[0].lineno - 1 if body and isinstance(body[0], ast.stmt) else node.end_lineno
            spans.append((node.lineno, max(node.lineno, end or node.lineno)))
    starts: dict[int, int] = {}
    for start, end in sorted(spans, key=lambda span: span[1] - span[0], reverse=True):
        for line in range(start, end + 1):
            starts[line] = start  # narrower spans, written later, win
    return starts


@dataclass(frozen=True)
class Missing:
    case: str
    statement: str
    plain: str


def weaker_statements(checked: Checked) -> list[Missing]:
    """Statements where plain mypy reports an error and mypy with the plugin does not."""
    starts: dict[str, dict[int, int]] = {}
    sources: dict[str, list[str]] = {}
    for path, (_, written) in checked.modules.items():
        source = written.read_text()
        starts[path] = statement_starts(source)
        sources[path] = source.splitlines()

    def statement(error: Error) -> tuple[str, int]:
        return error.path, starts[error.path].get(error.line, error.line)

    with_plugin = {statement(error) for error in checked.plugin}
    missing: dict[tuple[str, int], Missing] = {}
    for error in checked.plain:
        if error.path not in checked.modules or error.code == 'unused-ignore':
            continue  # an ignore comment written for the plugin's own code is unused without it
        key = statement(error)
        lines = sources[error.path][key[1] - 1 : _statement_end(starts[error.path], key[1])]
        if key in with_plugin or any('# type: ignore' in line for line in lines):
            continue
        program = checked.modules[error.path][0]
        text = _COMMENT.sub('', sources[error.path][key[1] - 1]).strip()
        missing.setdefault(key, Missing(program.name, text, f'{error.line}: {error.message}'))
    return list(missing.values())


def _statement_end(starts: dict[int, int], start: int) -> int:
    return max(line for line, first in starts.items() if first == start)


@pytest.fixture(scope='module')
def programs() -> list[Program]:
    return bad_programs()


def test_the_bad_cases_are_collected(programs: list[Program]) -> None:
    names = {program.name.partition('[')[0] for program in programs}
    assert len(programs) > 100
    # the programs of the issue: *args, a union handler, a list in a variable, a conditional list
    assert {
        'binding_arguments_star_tuple',
        'binding_arguments_union_of_handlers',
        'binding_arguments_behaviors_in_a_variable',
        'binding_arguments_conditional_lists',
        'request_binding_values_that_may_be_classes',
        'prebuilt_lists_variable_display',
        'never_weaker/prebuilt_lists',
        'never_weaker/lists_read_by_type',
        'never_weaker/loops_and_helpers',
    } <= names
    assert 'request_binding_good' not in names


def test_statement_starts_follow_statements_decorators_and_headers() -> None:
    source = 'x = (\n    1,\n)\n@decorate(\n    2,\n)\nclass C:\n    y = 3\n'
    assert statement_starts(source) == {1: 1, 2: 1, 3: 1, 4: 4, 5: 4, 6: 4, 7: 7, 8: 8}


def test_the_plugin_is_never_weaker_than_plain_mypy(programs: list[Program]) -> None:
    with tempfile.TemporaryDirectory(prefix='denpo-never-weaker-') as folder:
        checked = check_both_ways(programs, Path(folder))
        missing = weaker_statements(checked)
    assert checked.plain, 'plain mypy reported nothing: the programs were not checked'
    unexplained = [item for item in missing if (item.case, item.statement) not in EXEMPT]
    assert not unexplained, '\n'.join(
        f'{item.case}: {item.statement}\n    plain mypy: {item.plain}' for item in unexplained
    )
    stale = set(EXEMPT) - {(item.case, item.statement) for item in missing}
    assert not stale, f'exemptions no longer needed: {sorted(stale)}'
