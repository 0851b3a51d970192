"""Timing: calibrated batches, interleaved rounds, median and min-max per scenario."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

__all__ = ['Batch', 'Stats', 'measure']

Batch = Callable[[int], Awaitable[None]]
"""Runs ``n`` operations of one scenario in a loop, inside the running event loop."""


@dataclass(frozen=True, slots=True)
class Stats:
    """The rounds of one scenario, each the mean µs of one operation over a batch.

    Attributes:
        samples: µs per operation, one per round.
        iterations: Operations per round.
    """

    samples: tuple[float, ...]
    iterations: int

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def min(self) -> float:
        return min(self.samples)

    @property
    def max(self) -> float:
        return max(self.samples)


async def _time_batch(batch: Batch, iterations: int) -> float:
    """Return µs per operation for one batch, with the collector paused as ``timeit`` does."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        await batch(iterations)
        elapsed = time.perf_counter_ns() - start
    finally:
        gc.enable()
    return elapsed / iterations / 1000


async def _calibrate(batch: Batch, min_time: float) -> int:
    """The smallest count in 1, 2, 5, 10, 20, 50, ... whose batch takes at least ``min_time`` s."""
    iterations = 1
    while True:
        for factor in (1, 2, 5):
            count = iterations * factor
            if await _time_batch(batch, count) * count >= min_time * 1e6:
                return count
        iterations *= 10


async def measure(
    batches: Mapping[str, Batch], *, rounds: int, min_time: float, iterations: int | None
) -> dict[str, Stats]:
    """Warm up and calibrate every scenario, then time them round-robin, ``rounds`` times.

    Interleaving the rounds puts every scenario and its baseline under the same machine
    conditions, so a ratio compares like with like even when the machine drifts.

    Args:
        batches: The scenarios by name.
        rounds: Timed rounds per scenario.
        min_time: Seconds a calibrated batch lasts at least (ignored with ``iterations``).
        iterations: A fixed count of operations per batch (smoke runs), or ``None`` to calibrate.
    """
    counts: dict[str, int] = {}
    for name, batch in batches.items():
        await batch(max(1, (iterations or 1000) // 10))  # warm-up: caches, lazy imports, scopes
        counts[name] = iterations if iterations is not None else await _calibrate(batch, min_time)
    samples: dict[str, list[float]] = {name: [] for name in batches}
    for _ in range(rounds):
        for name, batch in batches.items():
            samples[name].append(await _time_batch(batch, counts[name]))
    return {name: Stats(tuple(values), counts[name]) for name, values in samples.items()}
