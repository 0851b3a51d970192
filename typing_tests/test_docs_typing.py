"""The README's Python blocks type-check with no error under mypy (with the plugin) and pyright."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _python_blocks(markdown: Path) -> list[str]:
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.read_text().splitlines():
        if current is None and line.strip() == '```python':
            current = []
        elif current is not None and line.strip() == '```':
            blocks.append('\n'.join(current) + '\n')
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.fixture(scope='module')
def readme_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp('readme')
    blocks = _python_blocks(ROOT / 'README.md')
    assert blocks, 'the README has no Python block'
    for index, block in enumerate(blocks):
        (folder / f'readme_block_{index}.py').write_text(block)
    return folder


def test_readme_blocks_pass_mypy_strict_with_the_plugin(readme_sources: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / 'mypy'),
            '--config-file',
            str(ROOT / 'pyproject.toml'),
            '--cache-dir',
            str(readme_sources / '.mypy_cache'),
            str(readme_sources),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Success: no issues found' in result.stdout


def test_readme_blocks_pass_pyright_strict(readme_sources: Path) -> None:
    config = {
        'include': ['.'],
        'typeCheckingMode': 'strict',
        'pythonVersion': '3.11',
        'reportUnnecessaryTypeIgnoreComment': 'error',
        'enableTypeIgnoreComments': False,
    }
    (readme_sources / 'pyrightconfig.json').write_text(json.dumps(config))
    result = subprocess.run(
        [str(BIN / 'pyright'), '--pythonpath', sys.executable, '-p', str(readme_sources)],
        capture_output=True,
        text=True,
        check=False,
        cwd=readme_sources,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '0 errors' in result.stdout


# ---------------------------------------------------------------- docs/getting-started.md
# The page shows the checkers' settings (its ```toml block) and what `mypy <file>` and
# `pyright <file>` print for the program and for its one deliberate mistake (```text blocks whose
# lines start with `$ `). Each command runs here, in a directory that holds only the two files and
# a pyproject.toml made of the page's block, and must print exactly what the page shows.
GETTING_STARTED = ROOT / 'docs' / 'getting-started.md'
EXAMPLES = ROOT / 'docs' / 'examples'


def _fenced_blocks(markdown: Path, language: str) -> list[str]:
    # tests/docs/_markdown.py has the same; the typing suite runs without `tests` importable.
    blocks: list[str] = []
    current: list[str] | None = None
    for line in markdown.read_text().splitlines():
        if current is None and line.strip() == f'```{language}':
            current = []
        elif current is not None and line.strip() == '```':
            blocks.append('\n'.join(current) + '\n')
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def _shown_commands() -> list[tuple[str, str, str]]:
    """Each `$ <checker> <file>` line of the page, with the output shown under it."""
    commands: list[tuple[str, str, str]] = []
    for block in _fenced_blocks(GETTING_STARTED, 'text'):
        if not block.startswith('$ '):
            continue
        for chunk in block.removeprefix('$ ').split('\n$ '):
            command, _, output = chunk.partition('\n')
            checker, file = command.split()
            commands.append((checker, file, output.rstrip('\n') + '\n'))
    return commands


SHOWN_COMMANDS = _shown_commands()


def test_getting_started_shows_both_checkers_on_the_program_and_the_mistake() -> None:
    assert sorted((checker, file) for checker, file, _ in SHOWN_COMMANDS) == [
        ('mypy', 'getting_started.py'),
        ('mypy', 'getting_started_mistake.py'),
        ('pyright', 'getting_started.py'),
        ('pyright', 'getting_started_mistake.py'),
    ]


@pytest.fixture(scope='module')
def getting_started_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp('getting-started')
    (settings,) = _fenced_blocks(GETTING_STARTED, 'toml')
    assert 'plugins = ["denpo_mypy"]' in settings
    (folder / 'pyproject.toml').write_text(settings)
    for name in ('getting_started.py', 'getting_started_mistake.py'):
        (folder / name).write_text((EXAMPLES / name).read_text())
    return folder


@pytest.mark.parametrize(
    ('checker', 'file', 'shown'),
    SHOWN_COMMANDS,
    ids=[f'{checker}-{file}' for checker, file, _ in SHOWN_COMMANDS],
)
def test_getting_started_shows_exactly_what_the_checker_prints(
    getting_started_project: Path, checker: str, file: str, shown: str
) -> None:
    # Only what a reader's shell would not need: a private cache, and the interpreter to search.
    extra = {
        'mypy': ['--cache-dir', str(getting_started_project / f'.mypy_cache_{file}')],
        'pyright': ['--pythonpath', sys.executable],
    }[checker]
    result = subprocess.run(
        [str(BIN / checker), *extra, file],
        capture_output=True,
        text=True,
        check=False,
        cwd=getting_started_project,
    )
    # pyright prints absolute paths, which the page shortens to the file name, and indents the
    # detail lines of a message with no-break spaces, which the page shows as spaces.
    printed = result.stdout.replace(f'{getting_started_project}/', '').replace('\xa0', ' ')
    assert printed == shown, result.stderr
    assert result.returncode == (1 if file.endswith('_mistake.py') else 0)
