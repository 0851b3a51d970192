"""``--compare``: the same scenarios against waku 0.37, in a throwaway virtualenv.

waku is never a dependency of denpo. The virtualenv lives in ``benchmarks/.compare-venv``
(git-ignored), gets waku plus the dishka, anyio and typing-extensions versions of the
project's own environment (so both sides run on the same DI container), and is reused while
those pins hold. The benchmark package itself runs there from the repository root with
``DENPO_BENCH_LIBRARY=waku``, which makes ``benchmarks._library`` export waku's names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from benchmarks._library import LIBRARY_ENV

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ['COMPARE_VENV', 'WAKU_VERSION', 'run_waku']

WAKU_VERSION: Final = '0.37.0'
ROOT: Final = Path(__file__).resolve().parent.parent
COMPARE_VENV: Final = ROOT / 'benchmarks' / '.compare-venv'


def _requirements() -> list[str]:
    shared = ('dishka', 'anyio', 'typing-extensions')
    return [f'waku=={WAKU_VERSION}', *(f'{name}=={metadata.version(name)}' for name in shared)]


def _ensure_venv(log: Any) -> Path:
    python = COMPARE_VENV / 'bin' / 'python'
    stamp = COMPARE_VENV / '.requirements'
    requirements = _requirements()
    if python.exists() and stamp.exists() and stamp.read_text().split() == requirements:
        return python
    print(f'creating {COMPARE_VENV.relative_to(ROOT)} with {" ".join(requirements)}', file=log)
    subprocess.run([sys.executable, '-m', 'venv', '--clear', str(COMPARE_VENV)], check=True)  # noqa: S603  # fixed argv
    install = [str(python), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', *requirements]
    subprocess.run(install, check=True)  # noqa: S603  # fixed argv
    stamp.write_text(' '.join(requirements))
    return python


def run_waku(worker_args: Sequence[str], log: Any) -> dict[str, Any]:
    """Run the benchmark suite against waku in the compare virtualenv; return its run record."""
    python = _ensure_venv(log)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / 'waku.json'
        command = [str(python), '-m', 'benchmarks', '--worker', '--json', str(output), *worker_args]
        environment = {**os.environ, LIBRARY_ENV: 'waku'}
        environment.pop('PYTHONPATH', None)  # the project's src/ must not leak into the waku side
        subprocess.run(command, check=True, cwd=ROOT, env=environment)  # noqa: S603  # fixed argv
        run: dict[str, Any] = json.loads(output.read_text())
    return run
