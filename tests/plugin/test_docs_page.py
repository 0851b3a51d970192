"""``docs/typing.md``: every Python example reports exactly the errors its comments announce.

Each block is checked on its own, under a preamble that imports denpo and the order-placement
vocabulary the page describes (``typing_tests/mypy/lib/shop.py``). A line ending in
``# error: [<code>]`` must report that code, and no other line may report anything.
"""

import re
from pathlib import Path

import pytest

from tests.plugin.conftest import ROOT, SHOP, run_mypy, write_files

PAGE = ROOT / 'docs' / 'typing.md'
PREAMBLE = """\
from collections.abc import AsyncIterator
from typing import Generic, TypeVar

from denpo.messaging import *  # noqa: F403
from shop import *  # noqa: F403

ext = MessagingExtension()
"""
_MARKER = re.compile(r'  # error: \[(?P<code>[a-z-]+)\]$')


def _python_blocks() -> list[str]:
    blocks: list[str] = []
    current: list[str] | None = None
    for line in PAGE.read_text().splitlines():
        if current is None and line.strip() == '```python':
            current = []
        elif current is not None and line.strip() == '```':
            blocks.append('\n'.join(current) + '\n')
            current = None
        elif current is not None:
            current.append(line)
    return blocks


BLOCKS = _python_blocks()


def test_page_documents_every_error_code() -> None:
    documented = {
        match['code'] for block in BLOCKS for line in block.splitlines() if (match := _MARKER.search(line))
    }
    headings = set(re.findall(r'^### `(denpo-[a-z-]+)`$', PAGE.read_text(), flags=re.MULTILINE))
    assert documented == headings
    assert len(headings) == 13


@pytest.fixture(scope='module')
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp('mypy-cache')


@pytest.mark.parametrize('index', range(len(BLOCKS)))
def test_block_reports_what_it_announces(index: int, tmp_path: Path, shared_cache: Path) -> None:
    block = BLOCKS[index]
    offset = PREAMBLE.count('\n')
    expected = sorted(
        (offset + number, match['code'])
        for number, line in enumerate(block.splitlines(), start=1)
        if (match := _MARKER.search(line))
    )
    write_files(tmp_path, {'example.py': PREAMBLE + block})
    result = run_mypy(tmp_path, ['example.py'], cache=shared_cache, mypy_path=[SHOP])
    assert not result.crashed, result.stdout + result.stderr
    reported = sorted((item.line, item.code) for item in result.diagnostics if item.severity == 'error')
    assert reported == expected, result.stdout
