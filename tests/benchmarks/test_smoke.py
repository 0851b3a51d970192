"""The benchmarks still run: every scenario, a tiny iteration count, and the JSON's shape.

Nothing here is about time. ``python -m benchmarks`` runs in a subprocess from the repository
root, exactly as ``make bench`` runs it, with a few operations per round and tiny start-up
sizes, so the whole module takes a few seconds.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 2
SIZES = (10, 20)

PER_CALL = (
    'direct',
    'dishka_get',
    'invoke',
    'invoke_global_behaviors',
    'invoke_request_behaviors',
    'direct_loop',
    'publish_sequential',
    'publish_group',
    'dishka_scope',
    'bus_scope',
    'scope_only',
    'bus_get_scope',
    'bus_scope_unlocked',
)
STARTUP = tuple(f'{prefix}startup_{size}' for size in SIZES for prefix in ('dishka_', ''))
GOALS = (
    'invoke',
    'invoke_global_behaviors',
    'invoke_request_behaviors',
    'publish_sequential',
    'bus_scope',
    *(f'startup_{size}' for size in SIZES),
    'startup_growth',
)
RECORD_KEYS = {
    'title',
    'baseline',
    'median_us',
    'min_us',
    'max_us',
    'samples_us',
    'iterations',
    'ratio',
    'overhead_us',
}
STARTUP_KEYS = RECORD_KEYS | {'size', 'per_binding_us', 'rss_peak_mib', 'rss_growth_mib'}


class SmokeRun:
    def __init__(self, report: dict[str, Any], table: str) -> None:
        self.report = report
        self.table = table


@pytest.fixture(scope='module')
def smoke(tmp_path_factory: pytest.TempPathFactory) -> SmokeRun:
    output = tmp_path_factory.mktemp('bench') / 'smoke.json'
    command = [
        sys.executable,
        '-m',
        'benchmarks',
        '--iterations=5',
        f'--rounds={ROUNDS}',
        f'--sizes={",".join(map(str, SIZES))}',
        f'--json={output}',
    ]
    environment = {name: value for name, value in os.environ.items() if name != 'DENPO_BENCH_LIBRARY'}
    completed = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return SmokeRun(json.loads(output.read_text()), completed.stdout)


def test_the_json_has_the_documented_top_level_keys(smoke: SmokeRun) -> None:
    assert set(smoke.report) == {'schema', 'created', 'command', 'machine', 'settings', 'runs', 'goals'}
    assert smoke.report['schema'] == 1
    assert set(smoke.report['runs']) == {'denpo'}
    assert smoke.report['settings']['rounds'] == ROUNDS
    assert smoke.report['settings']['sizes'] == list(SIZES)


def test_the_run_names_the_library_and_its_environment(smoke: SmokeRun) -> None:
    run = smoke.report['runs']['denpo']
    assert run['library'] == 'denpo'
    assert run['backend'] == 'asyncio'
    assert run['dishka']
    assert run['python'].startswith('CPython')


def test_every_scenario_ran_in_declared_order(smoke: SmokeRun) -> None:
    assert tuple(smoke.report['runs']['denpo']['scenarios']) == PER_CALL + STARTUP


@pytest.mark.parametrize('name', PER_CALL + STARTUP)
def test_every_scenario_produced_positive_numbers(smoke: SmokeRun, name: str) -> None:
    scenarios = smoke.report['runs']['denpo']['scenarios']
    item = scenarios[name]
    assert set(item) == (STARTUP_KEYS if 'startup' in name else RECORD_KEYS)
    assert item['baseline'] in scenarios
    assert len(item['samples_us']) == ROUNDS
    assert all(sample > 0 for sample in item['samples_us'])
    assert 0 < item['min_us'] <= item['median_us'] <= item['max_us']
    assert item['ratio'] > 0
    assert item['iterations'] >= 1


@pytest.mark.parametrize('size', SIZES)
def test_startup_reports_memory_and_cost_per_binding(smoke: SmokeRun, size: int) -> None:
    scenarios = smoke.report['runs']['denpo']['scenarios']
    for name in (f'startup_{size}', f'dishka_startup_{size}'):
        item = scenarios[name]
        assert item['size'] == size
        assert item['rss_peak_mib'] > 0
        assert item['rss_growth_mib'] >= 0
        assert item['per_binding_us'] == pytest.approx(item['median_us'] / size)
    assert scenarios[f'startup_{size}']['baseline'] == f'dishka_startup_{size}'


def test_every_goal_is_checked(smoke: SmokeRun) -> None:
    goals = smoke.report['goals']
    assert tuple(goal['scenario'] for goal in goals) == GOALS
    for goal in goals:
        assert set(goal) == {'scenario', 'goal', 'limit', 'value', 'met'}
        assert goal['met'] == (goal['value'] <= goal['limit'])


def test_the_table_lists_every_scenario_and_goal(smoke: SmokeRun) -> None:
    for name in PER_CALL + STARTUP:
        assert f'| `{name}` ' in smoke.table
    assert '| goal | measured | met |' in smoke.table
