"""Running mypy with the denpo plugin on small programs written to a temporary directory.

Every run is a subprocess of this interpreter's mypy with ``DENPO_MYPY_DEBUG=1``: an exception
inside the plugin then crashes mypy (and fails the test) instead of being swallowed by the
plugin's safety net.
"""

import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / 'typing_tests' / 'mypy' / 'lib'
"""The order-placement vocabulary shared with the YAML suite (``shop.py``)."""

_DIAGNOSTIC = re.compile(r'^(?P<path>[^:\s]+):(?P<line>\d+): (?P<severity>error|note): (?P<message>.*)$')
_CODE = re.compile(r'  \[(?P<code>[a-z-]+)\]$')

CONFIG = """\
[mypy]
strict = True
plugins = denpo_mypy
"""


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: str

    @property
    def code(self) -> str | None:
        match = _CODE.search(self.message)
        return None if match is None else match['code']


@dataclass(frozen=True)
class MypyRun:
    status: int
    stdout: str
    stderr: str

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for line in self.stdout.splitlines():
            match = _DIAGNOSTIC.match(line)
            if match is not None:
                found.append(
                    Diagnostic(match['path'], int(match['line']), match['severity'], match['message'])
                )
        return found

    @property
    def crashed(self) -> bool:
        output = self.stdout + self.stderr
        return self.status not in {0, 1} or 'Traceback' in output or 'INTERNAL ERROR' in output

    def denpo_errors(self) -> list[Diagnostic]:
        return [item for item in self.diagnostics if (item.code or '').startswith('denpo-')]


def write_files(folder: Path, files: Mapping[str, str]) -> None:
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def write_config(folder: Path) -> Path:
    path = folder / 'mypy.ini'
    path.write_text(CONFIG)
    return path


def run_mypy(
    folder: Path,
    targets: Sequence[str],
    *,
    cache: Path,
    mypy_path: Sequence[Path] = (),
    options: Sequence[str] = (),
) -> MypyRun:
    """Type-check ``targets`` (relative to ``folder``) with the plugin, in a subprocess."""
    command = [
        sys.executable,
        '-m',
        'mypy',
        '--config-file',
        str(write_config(folder)),
        '--cache-dir',
        str(cache),
        '--show-traceback',
        '--no-error-summary',
        '--no-pretty',
        *options,
        *targets,
    ]
    environment = {**os.environ, 'DENPO_MYPY_DEBUG': '1', 'MYPYPATH': os.pathsep.join(map(str, mypy_path))}
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)
    return MypyRun(result.returncode, result.stdout, result.stderr)
