"""What the denpo mypy plugin adds to a mypy run, measured on a generated application.

Run from the repository root::

    python -m benchmarks.plugin_cost [--modules 50] [--per-module 10] [--rounds 3] [--json PATH]

The application has ``modules`` modules; each declares ``per-module`` requests with their
handlers and ``per-module`` events with two handlers each, and binds them all in one fluent
chain (so 50 x 10 gives 500 request bindings and 500 event bindings). It also invokes every
request through a bus taken from a dishka container, so the ``invoke`` and ``container.get``
hooks run too. All of it is correct code: the run measures the plugin's checks, not its
error reporting.

mypy runs in a subprocess, ``--strict``, once with ``plugins = denpo_mypy`` and once with no
plugin, in three states of the cache:

- ``cold``: an empty cache (a first run, or CI without a cache);
- ``edited``: the dependencies are cached, every application module changed (a developer's run
  after touching the application);
- ``warm``: nothing changed since the last run.

Each state is timed ``rounds`` times per variant, alternating the variants, and the ratio of
medians (with plugin / without) comes from this one run. The goal is a ratio below 1.05.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final, Literal, TypeAlias

Variant: TypeAlias = Literal['without', 'with']
State: TypeAlias = Literal['cold', 'edited', 'warm']

VARIANTS: Final[tuple[Variant, ...]] = ('without', 'with')
STATES: Final[tuple[State, ...]] = ('cold', 'edited', 'warm')
PLUGINS: Final[dict[Variant, str]] = {'without': '', 'with': 'denpo_mypy'}
GOAL: Final = 1.05

_CONFIG = """\
[mypy]
strict = True
plugins = {plugins}
"""

_SHARED = """\
from typing import Generic, TypeVar

from typing_extensions import override

from denpo.messaging import CallNext, IPipelineBehavior

Q = TypeVar('Q')
R = TypeVar('R')


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()
"""

_HEADER = """\
from dataclasses import dataclass

from dishka import AsyncContainer
from typing_extensions import override

from denpo.messaging import EventHandler, IEvent, IMessageBus, IRequest, MessagingExtension, RequestHandler

from app.shared import Logging

EDIT = {edit}


class Result{m}:
    value: int = 0
"""

_REQUEST = """

@dataclass(frozen=True)
class Query{m}x{i}(IRequest[Result{m}]):
    key: int


class Query{m}x{i}Handler(RequestHandler[Query{m}x{i}, Result{m}]):
    @override
    async def handle(self, request: Query{m}x{i}, /) -> Result{m}:
        return Result{m}()
"""

_EVENT = """

@dataclass(frozen=True)
class Happened{m}x{i}(IEvent):
    key: int


class Audit{m}x{i}(EventHandler[Happened{m}x{i}]):
    @override
    async def handle(self, event: Happened{m}x{i}, /) -> None: ...


class Notify{m}x{i}(EventHandler[Happened{m}x{i}]):
    @override
    async def handle(self, event: Happened{m}x{i}, /) -> None: ...
"""


def generate_module(m: int, per_module: int, edit: int = 0) -> str:
    """The source of application module ``m``: its messages, handlers, bindings and uses."""
    parts = [_HEADER.format(m=m, edit=edit)]
    parts.extend(_REQUEST.format(m=m, i=i) for i in range(per_module))
    parts.extend(_EVENT.format(m=m, i=i) for i in range(per_module))
    chain = ['', '', 'extension = (', '    MessagingExtension()']
    for i in range(per_module):
        behaviors = ', behaviors=[Logging]' if i % 2 else ''
        chain.append(f'    .bind_request(Query{m}x{i}, Query{m}x{i}Handler{behaviors})')
        chain.append(f'    .bind_event(Happened{m}x{i}, [Audit{m}x{i}, Notify{m}x{i}])')
    chain.extend([')', '', '', 'async def use(container: AsyncContainer) -> int:'])
    chain.append(
        '    bus: IMessageBus = await container.get(IMessageBus)  # annotated: plain mypy infers Any'
    )
    chain.append('    total = 0')
    for i in range(per_module):
        chain.append(f'    total += (await bus.invoke(Query{m}x{i}({i}))).value')
        chain.append(f'    await bus.publish(Happened{m}x{i}({i}))')
    chain.extend(['    return total', ''])
    return ''.join(parts) + '\n'.join(chain)


def generate(root: Path, modules: int, per_module: int, edit: int = 0) -> Path:
    """Write the application under ``root/app`` and return that package's path."""
    package = root / 'app'
    package.mkdir(parents=True, exist_ok=True)
    (package / '__init__.py').write_text('')
    (package / 'shared.py').write_text(_SHARED)
    for m in range(modules):
        (package / f'module_{m}.py').write_text(generate_module(m, per_module, edit))
    return package


def write_configs(root: Path) -> dict[Variant, Path]:
    """One mypy configuration per variant."""
    configs: dict[Variant, Path] = {}
    for variant, plugins in PLUGINS.items():
        path = root / f'mypy-{variant}.ini'
        path.write_text(_CONFIG.format(plugins=plugins))
        configs[variant] = path
    return configs


def run_mypy(config: Path, cache: Path, package: Path) -> float:
    """Type-check ``package`` once; return the wall time in seconds. Fails on any mypy error."""
    command = [sys.executable, '-m', 'mypy', '--config-file', str(config), '--cache-dir', str(cache)]
    started = time.perf_counter()
    result = subprocess.run([*command, str(package)], capture_output=True, text=True, check=False)  # noqa: S603
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        msg = f'mypy failed on the generated application:\n{result.stdout}{result.stderr}'
        raise RuntimeError(msg)
    return elapsed


def measure(modules: int, per_module: int, rounds: int) -> dict[State, dict[Variant, list[float]]]:
    """Time every state and variant ``rounds`` times; return the samples in seconds."""
    samples: dict[State, dict[Variant, list[float]]] = {
        state: {variant: [] for variant in VARIANTS} for state in STATES
    }
    with tempfile.TemporaryDirectory(prefix='denpo-plugin-cost-') as folder:
        root = Path(folder)
        configs = write_configs(root)
        package = generate(root, modules, per_module)
        edit = 0
        for round_ in range(rounds):
            order = VARIANTS if round_ % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                cache = root / f'cache-{variant}'
                shutil.rmtree(cache, ignore_errors=True)
                samples['cold'][variant].append(run_mypy(configs[variant], cache, package))
                samples['warm'][variant].append(run_mypy(configs[variant], cache, package))
                edit += 1
                generate(root, modules, per_module, edit)
                samples['edited'][variant].append(run_mypy(configs[variant], cache, package))
    return samples


def summarize(samples: dict[State, dict[Variant, list[float]]]) -> dict[str, dict[str, float]]:
    """Medians per state and variant, and the ratio with / without the plugin."""
    summary: dict[str, dict[str, float]] = {}
    for state in STATES:
        without = statistics.median(samples[state]['without'])
        with_plugin = statistics.median(samples[state]['with'])
        summary[state] = {'without_s': without, 'with_s': with_plugin, 'ratio': with_plugin / without}
    return summary


def render(summary: dict[str, dict[str, float]], modules: int, per_module: int, rounds: int) -> str:
    """A Markdown table of the summary."""
    bindings = modules * per_module
    title = (
        f'mypy --strict on {modules} modules: {bindings} request and {bindings} event bindings '
        f'(median of {rounds} rounds; goal: ratio < {GOAL})'
    )
    lines = [
        title,
        '',
        '| cache | without plugin | with plugin | ratio |',
        '|---|---:|---:|---:|',
    ]
    for state, row in summary.items():
        mark = '' if row['ratio'] < GOAL else ' (over goal)'
        lines.append(
            f'| {state} | {row["without_s"]:.2f} s | {row["with_s"]:.2f} s | {row["ratio"]:.3f}{mark} |'
        )
    return '\n'.join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='python -m benchmarks.plugin_cost',
        description='What the denpo mypy plugin adds to a mypy run, measured on a generated application.',
    )
    parser.add_argument('--modules', type=int, default=50, help='application modules (default: 50)')
    parser.add_argument(
        '--per-module', type=int, default=10, help='requests and events per module (default: 10)'
    )
    parser.add_argument(
        '--rounds', type=int, default=3, help='timed rounds per state and variant (default: 3)'
    )
    parser.add_argument('--json', type=Path, default=None, help='also write the samples and summary here')
    return parser


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, optionally write JSON; exit 1 if a ratio misses the goal."""
    args = _parser().parse_args(argv)
    samples = measure(args.modules, args.per_module, args.rounds)
    summary = summarize(samples)
    print(render(summary, args.modules, args.per_module, args.rounds))
    if args.json is not None:
        record = {
            'modules': args.modules,
            'request_bindings': args.modules * args.per_module,
            'event_bindings': args.modules * args.per_module,
            'rounds': args.rounds,
            'goal_ratio': GOAL,
            'samples_s': samples,
            'summary': summary,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=2) + '\n')
    return 0 if all(row['ratio'] < GOAL for row in summary.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
