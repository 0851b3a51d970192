"""``docs/typing.md``: every Python example reports exactly the errors its comments announce.

Each block is checked on its own, under a preamble that imports denpo and the order-placement
vocabulary the page describes (``typing_tests/mypy/lib/shop.py``). A line ending in
``# error: [<code>]`` must report that code, and no other line may report anything. A message
quoted right after a block (``> ...``) must be, word for word, one that the block reports.
"""

import re
from pathlib import Path

import pytest

from denpo_mypy._errors import catalogue_codes
from tests.plugin.conftest import ROOT, SHOP, run_mypy, write_files

PAGE = ROOT / 'docs' / 'typing.md'
PREAMBLE = """\
from collections.abc import AsyncIterator
from typing import Any, Generic, TypeVar

from denpo.messaging import *  # noqa: F403
from shop import *  # noqa: F403

ext = MessagingExtension()
"""
_MARKER = re.compile(r'  # error: \[(?P<code>[a-z-]+)\]$')


def _python_blocks() -> list[tuple[str, list[str]]]:
    """Each Python block of the page, with the messages quoted right after it (one per quote)."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    quoting: list[str] | None = None
    for line in PAGE.read_text().splitlines():
        if current is None and line.strip() == '```python':
            current, quoting = [], None
        elif current is not None and line.strip() == '```':
            blocks.append(('\n'.join(current) + '\n', []))
            current = None
            quoting = []
        elif current is not None:
            current.append(line)
        elif quoting is not None and line.startswith('> '):
            quoting.append(line.removeprefix('> '))
        elif quoting is not None and not line.strip() and quoting:
            blocks[-1][1].append(' '.join(quoting))
            quoting = []
        elif quoting is not None and line.strip():
            quoting = None
    return blocks


BLOCKS = _python_blocks()


def test_page_documents_every_error_code() -> None:
    documented = {
        match['code']
        for block, _ in BLOCKS
        for line in block.splitlines()
        if (match := _MARKER.search(line)) and match['code'].startswith('denpo-')
    }
    headings = set(re.findall(r'^### `(denpo-[a-z-]+)`$', PAGE.read_text(), flags=re.MULTILINE))
    assert documented == headings
    assert headings == set(catalogue_codes())


def test_every_code_quotes_a_message() -> None:
    sections = re.split(r'^### `denpo-', PAGE.read_text(), flags=re.MULTILINE)[1:]
    assert all('\n> ' in section for section in sections)
    assert sum(len(quotes) for _, quotes in BLOCKS) == PAGE.read_text().count('\n\n> ')


@pytest.fixture(scope='module')
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp('mypy-cache')


@pytest.mark.parametrize('index', range(len(BLOCKS)))
def test_block_reports_what_it_announces(index: int, tmp_path: Path, shared_cache: Path) -> None:
    block, quotes = BLOCKS[index]
    offset = PREAMBLE.count('\n')
    expected = sorted(
        (offset + number, match['code'])
        for number, line in enumerate(block.splitlines(), start=1)
        if (match := _MARKER.search(line))
    )
    write_files(tmp_path, {'example.py': PREAMBLE + block})
    result = run_mypy(tmp_path, ['example.py'], cache=shared_cache, mypy_path=[SHOP])
    assert not result.crashed, result.stdout + result.stderr
    errors = [item for item in result.diagnostics if item.severity == 'error']
    # a line may carry its code more than once (mypy's "Cannot infer" once per type variable)
    assert sorted({(item.line, item.code) for item in errors}) == expected, result.stdout
    messages = {item.message.removesuffix(f'  [{item.code}]') for item in errors}
    for quote in quotes:
        assert quote in messages, result.stdout
