"""The soak at a size that proves its property: nothing lost, no object left behind per scope.

It runs in a subprocess from the repository root, as ``make soak`` does at full size (1,000,000
invokes over 10,000 scopes, two threads: asyncio and trio); ``docs/performance.md`` has those
figures.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCOPES = 2_000  # after the warm-up, one object kept per scope would add 1,800


def run_soak(*options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, '-m', 'benchmarks.soak', *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)


def test_many_scopes_from_two_loops_lose_nothing_and_keep_nothing() -> None:
    limit = str(SCOPES // 2)
    done = run_soak(
        '--invokes', '20000', '--scopes', str(SCOPES), '--threads', '2', '--max-object-growth', limit
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(
        '20,000 invokes and 2,000 publishes over 2,000 scopes, 2 thread(s) (asyncio, trio)'
    )
    assert 'lost: 0 responses, 0 deliveries' in done.stdout
    growth = re.search(r'live objects: .* \(([-+][\d,]+)\)', done.stdout)
    assert growth is not None, done.stdout
    assert int(growth[1].replace(',', '')) < SCOPES // 2


def test_a_growth_over_the_limit_fails_the_run() -> None:
    done = run_soak('--invokes', '200', '--scopes', '20', '--threads', '1', '--max-object-growth', '-100000')
    assert done.returncode == 1, done.stdout + done.stderr


@pytest.mark.parametrize(
    ('sizes', 'message'),
    [
        pytest.param(('10', '3', '1'), 'do not divide evenly', id='uneven'),
        pytest.param(('10', '1', '1'), 'leave a thread fewer than 2 scopes', id='no-scope-to-measure'),
        pytest.param(('-4', '2', '1'), 'must be positive, got -4, 2 and 1', id='negative'),
        pytest.param(('4', '2', '0'), 'must be positive, got 4, 2 and 0', id='no-thread'),
    ],
)
def test_sizes_it_cannot_run_are_refused(sizes: tuple[str, str, str], message: str) -> None:
    invokes, scopes, threads = sizes
    done = run_soak('--invokes', invokes, '--scopes', scopes, '--threads', threads)
    assert done.returncode == 2  # argparse's usage error
    assert message in done.stderr
