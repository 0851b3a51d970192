"""Running mypy with the denpo plugin on small programs written to a temporary directory.

Every run is a subprocess of this interpreter's mypy with ``DENPO_MYPY_DEBUG=1`` (unless a test
asks for a user's run with ``debug=False``): an exception inside the plugin then crashes mypy
(and fails the test) instead of being swallowed by the plugin's safety net. ``plugins=''`` runs
plain mypy, for comparison.
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
plugins = {plugins}
"""
PLUGIN = 'denpo_mypy'


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

    def error_lines(self) -> set[tuple[str, int]]:
        return {(item.path, item.line) for item in self.diagnostics if item.severity == 'error'}


def write_files(folder: Path, files: Mapping[str, str]) -> None:
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def write_config(folder: Path, *, plugins: str = PLUGIN) -> Path:
    path = folder / ('mypy.ini' if plugins == PLUGIN else 'mypy-plain.ini')
    path.write_text(CONFIG.format(plugins=plugins))
    return path


def run_mypy(  # noqa: PLR0913  # the keyword-only options of one mypy run
    folder: Path,
    targets: Sequence[str],
    *,
    cache: Path,
    mypy_path: Sequence[Path] = (),
    options: Sequence[str] = (),
    plugins: str = PLUGIN,
    debug: bool = True,
) -> MypyRun:
    """Type-check ``targets`` (relative to ``folder``) in a subprocess, by default with the plugin.

    ``plugins=''`` runs plain mypy, for comparison; ``debug=False`` lets the plugin's safety net
    swallow its own exceptions, as in a user's run.
    """
    command = [
        sys.executable,
        '-m',
        'mypy',
        '--config-file',
        str(write_config(folder, plugins=plugins)),
        '--cache-dir',
        str(cache),
        '--show-traceback',
        '--no-error-summary',
        '--no-pretty',
        *options,
        *targets,
    ]
    environment = {**os.environ, 'MYPYPATH': os.pathsep.join(map(str, mypy_path))}
    environment.pop('DENPO_MYPY_DEBUG', None)
    if debug:
        environment['DENPO_MYPY_DEBUG'] = '1'
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)
    return MypyRun(result.returncode, result.stdout, result.stderr)
