"""Start-up: bind + create + enter an application with N request bindings, and peak RSS.

Timing runs in a fresh interpreter (``python -m benchmarks._startup time``), both kinds
interleaved round by round like the per-call scenarios; peak RSS is measured once per kind,
each in its own fresh interpreter (``... rss``), so it is that start-up's own and not the
high-water mark of whatever ran before it in the same process.
The request and handler classes are made before timing starts: defining classes is the cost
of importing the user's code, not of the framework. The bindings are spread over feature
modules of ``_PER_MODULE`` each, as a real application spreads them.

Kinds:
    library: ``MessagingExtension().bind_request(...)`` per binding, ``@module`` per feature,
        the messaging module in the root, ``ApplicationFactory(...).create()`` and
        ``async with app``.
    dishka: the same handler classes in one dishka ``Provider`` per feature and
        ``make_async_container(..., validation_settings=STRICT_VALIDATION)``, the
        validation denpo (and waku) build with.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import subprocess
import sys
import time
import types
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal, TypeAlias, cast

from dishka import STRICT_VALIDATION, Provider, Scope, make_async_container

from benchmarks._app import OrderConfirmation
from benchmarks._library import (
    ApplicationFactory,
    IRequest,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
    module,
)

__all__ = ['Kind', 'StartupResult', 'run_startup']

Kind: TypeAlias = Literal['library', 'dishka']
StartupResult: TypeAlias = dict[str, Any]

_PER_MODULE = 10


async def _handle(_self: object, _request: object, /) -> OrderConfirmation:
    return OrderConfirmation(order_id='ORD', status='placed')


def _bindings(size: int) -> list[tuple[type[Any], type[Any]]]:
    """``size`` distinct request classes, each with its own handler class."""
    pairs: list[tuple[type[Any], type[Any]]] = []
    for index in range(size):
        request = types.new_class(f'Request{index}', (IRequest[OrderConfirmation],))
        # Subscripted through Any: the request class is a runtime value, not a static type.
        base = cast('Any', RequestHandler)[request, OrderConfirmation]
        handler = types.new_class(
            f'Handler{index}', (base,), exec_body=lambda namespace: namespace.update(handle=_handle)
        )
        pairs.append((request, handler))
    return pairs


def _chunks(pairs: Sequence[tuple[type[Any], type[Any]]]) -> list[Sequence[tuple[type[Any], type[Any]]]]:
    return [pairs[start : start + _PER_MODULE] for start in range(0, len(pairs), _PER_MODULE)]


def _module_classes(pairs: Sequence[tuple[type[Any], type[Any]]]) -> list[type[Any]]:
    """Fresh module classes for one round (root last): ``@module`` marks a class only once."""
    return [types.new_class(f'Feature{index}') for index in range(len(_chunks(pairs)))] + [
        types.new_class('AppModule')
    ]


async def _library_round(pairs: Sequence[tuple[type[Any], type[Any]]], classes: Sequence[type[Any]]) -> float:
    *targets, root = classes
    start = time.perf_counter_ns()
    features: list[type[Any]] = []
    for target, chunk in zip(targets, _chunks(pairs), strict=True):
        extension = MessagingExtension()
        bind: Any = extension.bind_request  # the classes are runtime values the checkers cannot see
        for request, handler in chunk:
            bind(request, handler)
        features.append(module(extensions=[extension])(target))
    app_module = module(imports=[MessagingModule.register(), *features])(root)
    app = ApplicationFactory(app_module).create()
    await app.__aenter__()
    elapsed = time.perf_counter_ns() - start
    await app.__aexit__(None, None, None)
    return elapsed / 1000


async def _dishka_round(pairs: Sequence[tuple[type[Any], type[Any]]], _classes: Sequence[type[Any]]) -> float:
    start = time.perf_counter_ns()
    providers: list[Provider] = []
    for chunk in _chunks(pairs):
        provider = Provider(scope=Scope.REQUEST)
        for _, handler in chunk:
            provider.provide(handler)
        providers.append(provider)
    container = make_async_container(*providers, validation_settings=STRICT_VALIDATION)
    elapsed = time.perf_counter_ns() - start
    await container.close()
    return elapsed / 1000


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


_Round: TypeAlias = Callable[[Sequence[tuple[type[Any], type[Any]]], Sequence[type[Any]]], Awaitable[float]]
_ROUNDS: dict[Kind, _Round] = {
    'library': _library_round,
    'dishka': _dishka_round,
}


async def _time(size: int, rounds: int) -> dict[str, list[float]]:
    """Both kinds in one process, warmed up, then round-robin like the per-call scenarios.

    The collector stays on: start-up allocates enough to trigger it, as it does in real life.
    """
    pairs = _bindings(size)
    samples: dict[str, list[float]] = {kind: [] for kind in _ROUNDS}
    for run in _ROUNDS.values():
        await run(pairs, _module_classes(pairs))  # warm-up: first-use caches in typing, dishka, the library
    for _ in range(rounds):
        for kind, run in _ROUNDS.items():
            classes = _module_classes(pairs)  # made before the clock starts, like the bindings
            gc.collect()
            samples[kind].append(await run(pairs, classes))
    return samples


async def _rss(size: int, kind: Kind) -> dict[str, float]:
    """Peak RSS of one start-up in a fresh interpreter, and what it was before the start-up."""
    pairs = _bindings(size)
    classes = _module_classes(pairs)
    gc.collect()
    before = _peak_rss_mib()
    await _ROUNDS[kind](pairs, classes)
    return {'rss_before_mib': before, 'rss_peak_mib': _peak_rss_mib()}


def _run(arguments: Sequence[str]) -> Any:
    command = [sys.executable, '-m', 'benchmarks._startup', *arguments]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # fixed argv
    if completed.returncode != 0:
        msg = f'start-up benchmark {" ".join(arguments)} failed:\n{completed.stderr}'
        raise RuntimeError(msg)
    return json.loads(completed.stdout)


def run_startup(size: int, rounds: int) -> StartupResult:
    """Measure start-up with ``size`` bindings, each measurement in a fresh interpreter.

    Returns ``{kind: {'samples_us': [...], 'rss_before_mib': ..., 'rss_peak_mib': ...}}``.
    """
    times: dict[str, list[float]] = _run(['time', str(size), str(rounds)])
    return {kind: {'samples_us': times[kind], **_run(['rss', str(size), kind])} for kind in _ROUNDS}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='python -m benchmarks._startup')
    commands = parser.add_subparsers(dest='command', required=True)
    timing = commands.add_parser('time', help='time both kinds, interleaved')
    timing.add_argument('size', type=int)
    timing.add_argument('rounds', type=int)
    rss = commands.add_parser('rss', help='peak RSS of one start-up')
    rss.add_argument('size', type=int)
    rss.add_argument('kind', choices=list(_ROUNDS))
    args = parser.parse_args(argv)
    if args.command == 'time':
        print(json.dumps(asyncio.run(_time(args.size, args.rounds))))
    else:
        kind: Kind = 'library' if args.kind == 'library' else 'dishka'
        print(json.dumps(asyncio.run(_rss(args.size, kind))))


if __name__ == '__main__':
    main()
