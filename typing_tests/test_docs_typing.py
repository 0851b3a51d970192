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
