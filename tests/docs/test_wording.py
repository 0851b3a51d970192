"""User-facing text says nothing that only makes sense inside the project's own workflow.

Readers of the docs site, of the examples and of the README on PyPI cannot follow a reference to
a numbered issue, to the example the project started from, or to a path on a developer's machine.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = {'.md', '.py', '.txt', '.toml', '.css'}
FILES = sorted(
    path
    for path in [
        ROOT / 'README.md',
        *(ROOT / 'docs').rglob('*'),
        *(ROOT / 'examples').rglob('*'),
    ]
    if path.is_file() and path.suffix in TEXT_SUFFIXES and '__pycache__' not in path.parts
)
BANNED = {
    'a numbered issue': re.compile(r'\bissues? #?\d+', re.IGNORECASE),
    'the starting example (call it "the order example")': re.compile(
        r'\bthe seed\b|\bseed example\b', re.IGNORECASE
    ),
    'a private path': re.compile(r'/work/|/tmp/'),
    'a helper name': re.compile(r'\bhelper-', re.IGNORECASE),
    'a work brief': re.compile(r'\bbriefs?\b', re.IGNORECASE),
}


def test_files_are_found() -> None:
    names = {path.name for path in FILES}
    assert {'README.md', 'index.md', 'getting-started.md', 'orders.py'} <= names


@pytest.mark.parametrize('path', FILES, ids=[str(path.relative_to(ROOT)) for path in FILES])
def test_no_internal_wording(path: Path) -> None:
    found = [
        f'{path.relative_to(ROOT)}:{number}: {what}: {match[0]!r}'
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for what, pattern in BANNED.items()
        if (match := pattern.search(line))
    ]
    assert found == []


@pytest.mark.parametrize(
    'line',
    [
        'as decided in issue 4',
        'see Issue #12',
        'The seed example runs unchanged',
        'a seed example',
        'saved in /tmp/site',
        'open /work/main/docs',
        'written by helper-pages',
        'as the brief says',
    ],
)
def test_each_banned_phrase_is_caught(line: str) -> None:
    assert any(pattern.search(line) for pattern in BANNED.values())


@pytest.mark.parametrize(
    'line',
    ['Issues: https://github.com/denpo-project/denpo/issues', 'briefly', 'a typed helper'],
)
def test_ordinary_wording_is_allowed(line: str) -> None:
    assert not any(pattern.search(line) for pattern in BANNED.values())
