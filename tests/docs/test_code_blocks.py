"""Every Python block in the docs is an include of a file that the suite runs and type-checks.

Inline blocks could drift from the API unnoticed; included files are executed by
``test_docs_examples.py`` and type-checked by mypy and pyright (``docs`` is in both checkers' paths).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / 'docs').rglob('*.md'))
# A whole file, or a range of its lines (`path:first:last`).
INCLUDE = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::\d+:\d+)?"$')
# Pages whose Python blocks are deliberately wrong code, each one checked by a typing test instead.
TYPING_CHECKED_PAGES = {'typing.md'}


def _python_blocks(page: Path) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in page.read_text().splitlines():
        if current is None and line.strip() == '```python':
            current = []
        elif current is not None and line.strip() == '```':
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line.strip())
    return blocks


def test_docs_have_python_blocks() -> None:
    assert any(_python_blocks(page) for page in PAGES)


@pytest.mark.parametrize('page', PAGES, ids=[str(page.relative_to(ROOT / 'docs')) for page in PAGES])
def test_python_blocks_include_checked_files(page: Path) -> None:
    if page.name in TYPING_CHECKED_PAGES:
        return
    for block in _python_blocks(page):
        assert len(block) == 1, f'{page.name}: inline Python block; move it to docs/examples/ and include it'
        match = INCLUDE.match(block[0])
        assert match is not None, f'{page.name}: {block[0]!r} is not a snippet include'
        included = ROOT / match['path']
        assert included.is_file(), f'{page.name}: {included} does not exist'
        assert included.suffix == '.py'
        assert included.is_relative_to(ROOT / 'docs' / 'examples') or included.is_relative_to(
            ROOT / 'examples'
        )
