"""The checker-neutral cases in `typing_tests/pyright/` hold in pyright strict and in mypy --strict.

Each case file states positive facts with `assert_type` and marks every expected error with
`# type: ignore[<mypy code>]  # pyright: ignore[<rule>]`. Both checkers report a marker that
matches no error (pyright through `reportUnnecessaryTypeIgnoreComment = "error"` and
`enableTypeIgnoreComments = false` in the directory's `pyrightconfig.json`, mypy through
`warn_unused_ignores`), so an expected error that disappears fails the run as surely as an
unexpected one. mypy runs with the project's configuration, which loads the denpo plugin.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / 'typing_tests' / 'pyright'
BIN = Path(sys.executable).parent
CASE_FILES = sorted(CASES.glob('*.py'))

_MYPY_IGNORE = re.compile(r'# type: ignore\[[\w, -]+\]')
_PYRIGHT_IGNORE = re.compile(r'# pyright: ignore\[[\w, ]+\]')


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, env=env)


def _render(diagnostics: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for diagnostic in diagnostics:
        start = diagnostic['range']['start']
        path = Path(diagnostic['file']).relative_to(ROOT)
        lines.append(
            f'{path}:{start["line"] + 1}:{start["character"] + 1}: {diagnostic["severity"]}: '
            f'{diagnostic["message"]} ({diagnostic.get("rule", "-")})'
        )
    return '\n'.join(lines)


def test_the_case_files_exist() -> None:
    names = {path.name for path in CASE_FILES}
    assert names >= {
        'behaviors.py',
        'bindings.py',
        'bus_interfaces.py',
        'decorated.py',
        'events.py',
        'exception_handlers.py',
        'literals.py',
        'requests.py',
        'seed_example.py',
        'streams.py',
        'structural.py',
    }


def test_cases_pass_pyright_strict() -> None:
    result = _run(
        [
            str(BIN / 'pyright'),
            '--project',
            str(CASES / 'pyrightconfig.json'),
            '--pythonpath',
            sys.executable,
            '--outputjson',
        ],
        cwd=CASES,
    )
    assert result.stdout, result.stderr
    report = json.loads(result.stdout)
    diagnostics = report['generalDiagnostics']
    assert not diagnostics, 'pyright:\n' + _render(diagnostics)
    assert report['summary']['errorCount'] == 0, result.stdout
    assert report['summary']['filesAnalyzed'] == len(CASE_FILES), result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


def test_cases_pass_mypy_strict_with_the_plugin(tmp_path: Path) -> None:
    # The project's `mypy_path` alone decides what is importable (the YAML suite's conftest
    # exports a MYPYPATH of its own), and an exception inside the plugin fails the run instead
    # of being swallowed by the plugin's safety net.
    env = {name: value for name, value in os.environ.items() if name != 'MYPYPATH'}
    env['DENPO_MYPY_DEBUG'] = '1'
    result = _run(
        [
            str(BIN / 'mypy'),
            '--config-file',
            str(ROOT / 'pyproject.toml'),
            '--strict',
            '--warn-unused-ignores',
            '--cache-dir',
            str(tmp_path / '.mypy_cache'),
            *(str(path.relative_to(ROOT)) for path in CASE_FILES),
        ],
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, 'mypy:\n' + result.stdout + result.stderr
    assert f'Success: no issues found in {len(CASE_FILES)} source files' in result.stdout, result.stdout


def test_a_single_checker_marker_is_explained() -> None:
    """A line that only one checker flags says why in the comment right above it."""
    unexplained: list[str] = []
    for path in CASE_FILES:
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            mypy_marker = _MYPY_IGNORE.search(line) is not None
            pyright_marker = _PYRIGHT_IGNORE.search(line) is not None
            if mypy_marker == pyright_marker:
                continue
            above = lines[number - 2].strip() if number > 1 else ''
            if not above.startswith('#'):
                unexplained.append(f'{path.name}:{number}: {line.strip()}')
    assert not unexplained, 'single-checker markers without a comment above:\n' + '\n'.join(unexplained)


MESSAGES = CASES / 'messages'

# The first line pyright prints for a typical bad binding of each kind, by the call it flags.
# It names the parameter's type with the `bind_*` type variables, so those read as public names.
FIRST_LINES = {
    'ext.bind_request(PlaceOrder, PlaceOrderReturnsInt)': (
        'Argument of type "type[PlaceOrderReturnsInt]" cannot be assigned to parameter "handler_type" of '
        'type "type[IRequestHandler[RequestT@bind_request, ResponseT@bind_request]]" in function '
        '"bind_request"'
    ),
    'ext.bind_request(OrderPlaced, PlaceOrderReturnsInt)': (
        'Argument of type "type[OrderPlaced]" cannot be assigned to parameter "request_type" of type '
        '"RequestClass[RequestT@bind_request, ResponseT@bind_request]" in function "bind_request"'
    ),
    'ext.bind_stream(ListOrderLines, ListOrderLinesAsText)': (
        'Argument of type "type[ListOrderLinesAsText]" cannot be assigned to parameter "handler_type" of '
        'type "type[IStreamRequestHandler[StreamRequestT@bind_stream, ResponseT@bind_stream]]" in function '
        '"bind_stream"'
    ),
    'ext.bind_event(OrderPlaced, [WelcomeUser])': (
        'Argument of type "list[type[WelcomeUser]]" cannot be assigned to parameter "handler_types" of type '
        '"Sequence[type[IEventHandler[EventT@bind_event]]]" in function "bind_event"'
    ),
}


def test_first_lines_of_binding_errors_name_public_type_variables() -> None:
    source = (MESSAGES / 'bad_bindings.py').read_text().splitlines()
    expected = {source.index(call) + 1: first_line for call, first_line in FIRST_LINES.items()}
    result = _run(
        [
            str(BIN / 'pyright'),
            '--project',
            str(MESSAGES / 'pyrightconfig.json'),
            '--pythonpath',
            sys.executable,
            '--outputjson',
        ],
        cwd=MESSAGES,
    )
    assert result.stdout, result.stderr
    diagnostics = json.loads(result.stdout)['generalDiagnostics']
    first_lines = {
        diagnostic['range']['start']['line'] + 1: diagnostic['message'].splitlines()[0]
        for diagnostic in diagnostics
    }
    assert len(first_lines) == len(diagnostics), 'pyright:\n' + _render(diagnostics)
    assert first_lines == expected


def test_examples_and_docs_pass_pyright_strict() -> None:
    # The project's own configuration (pyright strict), on the runnable examples and doc snippets.
    targets = [str(ROOT / 'examples'), str(ROOT / 'docs')]
    result = _run([str(BIN / 'pyright'), '--pythonpath', sys.executable, *targets], cwd=ROOT)
    assert result.returncode == 0, 'pyright:\n' + result.stdout + result.stderr
    assert '0 errors' in result.stdout, result.stdout
