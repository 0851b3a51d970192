"""``docs/getting-started.md``: the program is the README's, and its one mistake is one line.

The checkers' output for the mistake is compared with the page in
``typing_tests/test_docs_typing.py``; this file checks what needs no checker.
"""

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.docs._markdown import fenced_blocks

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / 'docs' / 'getting-started.md'
PROGRAM = ROOT / 'docs' / 'examples' / 'getting_started.py'
MISTAKE = ROOT / 'docs' / 'examples' / 'getting_started_mistake.py'


def _changed_lines() -> list[int]:
    program = PROGRAM.read_text().splitlines()
    mistake = MISTAKE.read_text().splitlines()
    matcher = difflib.SequenceMatcher(a=program, b=mistake, autojunk=False)
    changed: list[int] = []
    for tag, _, _, first, last in matcher.get_opcodes():
        if tag != 'equal':
            changed.extend(range(first + 1, last + 1))
    return changed


def test_the_program_is_the_readme_example() -> None:
    (readme_block,) = fenced_blocks(ROOT / 'README.md', 'python')
    assert readme_block == PROGRAM.read_text(), (
        "README.md's example and docs/examples/getting_started.py differ: copy the file into the README block"
    )


def test_the_page_includes_the_program_and_its_output() -> None:
    blocks = fenced_blocks(PAGE, 'python') + fenced_blocks(PAGE, 'text')
    assert '--8<-- "docs/examples/getting_started.py"\n' in blocks
    assert '--8<-- "docs/examples/getting_started.txt"\n' in blocks


def test_the_mistake_is_one_changed_line_that_the_page_names_and_shows() -> None:
    (line,) = _changed_lines()
    text = PAGE.read_text()
    assert f'(line {line})' in text
    match = re.search(r'--8<-- "docs/examples/getting_started_mistake\.py:(\d+):(\d+)"', text)
    assert match is not None
    first, last = int(match[1]), int(match[2])
    assert first <= line <= last
    shown = MISTAKE.read_text().splitlines()[first - 1 : last]
    assert shown[0].startswith('@module(')  # the whole module definition, no more
    assert shown[-1] == '    pass'


def test_running_the_mistake_fails_with_the_message_on_the_page(tmp_path: Path) -> None:
    shutil.copyfile(MISTAKE, tmp_path / MISTAKE.name)
    result = subprocess.run(
        [sys.executable, MISTAKE.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ''
    last_line = result.stderr.splitlines()[-1]
    assert f'{last_line}\n' in fenced_blocks(PAGE, 'text')
