"""Every docs example runs when copied on its own and started as ``python file.py``.

Each file is copied into an empty directory and run there in a fresh interpreter, so an example
that relies on the repository layout, on a sibling module or on pytest's event loop fails here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    path
    for path in (ROOT / 'docs' / 'examples').glob('*.py')
    if not path.stem.endswith('_mistake')  # a deliberate type error: test_getting_started.py
)


def test_examples_are_found() -> None:
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize('path', EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_example_prints_its_output_when_run_as_a_script(path: Path, tmp_path: Path) -> None:
    script = tmp_path / path.name
    shutil.copyfile(path, script)
    result = subprocess.run(
        [sys.executable, script.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.with_suffix('.txt').read_text(), (
        f'{path.name} run as a script printed something else than {path.stem}.txt'
    )
