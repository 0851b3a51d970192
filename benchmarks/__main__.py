"""``python -m benchmarks`` (``make bench``): measure, print a Markdown table, write JSON.

See ``benchmarks/README.md`` for the options and ``docs/performance.md`` for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from benchmarks._compare import ROOT, WAKU_VERSION, run_waku
from benchmarks._library import LIBRARY, VERSION
from benchmarks._measure import Stats
from benchmarks._report import evaluate_goals, record, render
from benchmarks._scenarios import PER_CALL, run_per_call
from benchmarks._startup import run_startup

if TYPE_CHECKING:
    from collections.abc import Sequence

SCHEMA = 1
RESULTS = ROOT / 'benchmarks' / 'results'


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='python -m benchmarks',
        description='Measure the denpo message bus against a direct handler call and dishka alone.',
    )
    parser.add_argument('--rounds', type=int, default=9, help='timed rounds per scenario (default: 9)')
    parser.add_argument(
        '--min-time',
        type=float,
        default=0.1,
        help='seconds one calibrated batch of a per-call scenario lasts at least (default: 0.1)',
    )
    parser.add_argument(
        '--iterations', type=int, default=None, help='fixed operations per batch instead of calibrating'
    )
    parser.add_argument(
        '--sizes',
        default='1000,10000',
        help='request bindings of the start-up scenarios, comma-separated (default: 1000,10000)',
    )
    parser.add_argument(
        '--only',
        default='',
        help='comma-separated scenario names to run (with their baselines); "startup" for start-up',
    )
    parser.add_argument('--backend', choices=['asyncio', 'trio'], default='asyncio', help='event loop')
    parser.add_argument(
        '--json', type=Path, default=None, help='write the JSON here (default: benchmarks/results/)'
    )
    parser.add_argument(
        '--compare',
        action='store_true',
        help=f'also run every scenario against waku {WAKU_VERSION} in benchmarks/.compare-venv',
    )
    parser.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)  # the --compare side
    return parser


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _startup_records(size: int, rounds: int) -> dict[str, dict[str, Any]]:
    _log(f'[{LIBRARY}] start-up with {size:,} bindings')
    raw = run_startup(size, rounds)
    stats = {kind: Stats(tuple(result['samples_us']), 1) for kind, result in raw.items()}
    baseline = f'dishka_startup_{size}'
    titles = {
        'dishka': f'dishka alone: a container of the same {size:,} handlers',
        'library': f'start-up, {size:,} request bindings: bind + create + enter',
    }
    records: dict[str, dict[str, Any]] = {}
    for kind, name in (('dishka', baseline), ('library', f'startup_{size}')):
        item = record(titles[kind], baseline, stats[kind], stats['dishka'])
        item['size'] = size
        item['per_binding_us'] = item['median_us'] / size
        item['rss_peak_mib'] = raw[kind]['rss_peak_mib']
        item['rss_growth_mib'] = raw[kind]['rss_peak_mib'] - raw[kind]['rss_before_mib']
        records[name] = item
    return records


def run_suite(args: argparse.Namespace) -> dict[str, Any]:
    """Run every selected scenario against the library of this process; return its run record."""
    only = [name for name in args.only.split(',') if name]
    sizes = [int(size) for size in args.sizes.split(',') if size]
    scenarios: dict[str, dict[str, Any]] = {}
    per_call_names = {scenario.name for scenario in PER_CALL}
    if not only or per_call_names.intersection(only):
        _log(f'[{LIBRARY}] per-call scenarios ({args.rounds} rounds, {args.backend})')
        measure = partial(
            run_per_call, rounds=args.rounds, min_time=args.min_time, iterations=args.iterations, only=only
        )
        stats = anyio.run(measure, backend=args.backend)
        for scenario in PER_CALL:
            if scenario.name in stats:
                scenarios[scenario.name] = record(
                    scenario.title, scenario.baseline, stats[scenario.name], stats[scenario.baseline]
                )
    if not only or 'startup' in only:
        for size in sizes:
            scenarios.update(_startup_records(size, args.rounds))
    return {
        'library': LIBRARY,
        'version': VERSION,
        'python': f'{platform.python_implementation()} {platform.python_version()}',
        'dishka': metadata.version('dishka'),
        'backend': args.backend,
        'scenarios': scenarios,
    }


def _worker_args(args: argparse.Namespace) -> list[str]:
    forwarded = ['--rounds', str(args.rounds), '--min-time', str(args.min_time), '--sizes', args.sizes]
    forwarded += ['--backend', args.backend, '--only', args.only]
    if args.iterations is not None:
        forwarded += ['--iterations', str(args.iterations)]
    return forwarded


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.rounds < 1 or (args.iterations is not None and args.iterations < 1):
        _log('--rounds and --iterations must be at least 1')
        return 2
    run = run_suite(args)
    if args.worker:
        args.json.write_text(json.dumps(run))
        return 0
    runs = {'denpo': run}
    if args.compare:
        _log(f'[waku] running the same scenarios against waku {WAKU_VERSION}')
        runs['waku'] = run_waku(_worker_args(args), sys.stderr)
    sizes = [int(size) for size in args.sizes.split(',') if size]
    goals = evaluate_goals(runs, sizes)
    header = (
        f'denpo {run["version"]} · {run["python"]} · dishka {run["dishka"]} · {args.backend} · '
        f'{args.rounds} rounds · {os.cpu_count()} CPUs · {platform.platform()}'
    )
    report = {
        'schema': SCHEMA,
        'created': time.strftime('%Y-%m-%dT%H:%M:%S%z'),
        'command': ' '.join(['python -m benchmarks', *(argv if argv is not None else sys.argv[1:])]),
        'machine': {'platform': platform.platform(), 'cpu_count': os.cpu_count(), 'python': run['python']},
        'settings': {
            'rounds': args.rounds,
            'min_time': args.min_time,
            'iterations': args.iterations,
            'sizes': sizes,
            'backend': args.backend,
            'only': args.only,
        },
        'runs': runs,
        'goals': [goal.as_json() for goal in goals],
    }
    path = args.json
    if path is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f'bench-{time.strftime("%Y%m%d-%H%M%S")}.json'
    path.write_text(json.dumps(report, indent=2) + '\n')
    print(render(runs, goals, header))
    _log(f'JSON written to {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
