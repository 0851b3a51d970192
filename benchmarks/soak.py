"""Soak: many invokes and publishes over many scopes, from several threads and event loops at once.

One application serves every thread (asyncio in one, trio in the next, and so on); each thread
opens its share of REQUEST scopes one after another, and in each scope invokes a request many
times and publishes an event once. At the end nothing may be lost (every response arrived,
every event reached both of its handlers) and memory must be flat: the live objects and the
resident set after a warm-up tenth of the scopes are compared with those at the end.

    python -m benchmarks.soak                          # 1,000,000 invokes over 10,000 scopes
    python -m benchmarks.soak --invokes 20000 --scopes 200 --threads 1

The suite runs it small (``tests/benchmarks/test_soak.py``); ``make soak`` runs it at full size.
"""

from __future__ import annotations

import argparse
import gc
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import anyio
from typing_extensions import override

from denpo import Application, ApplicationFactory, module
from denpo.di import singleton
from denpo.messaging import (
    EventHandler,
    IEvent,
    IMessageBus,
    IRequest,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

__all__ = ['SoakReport', 'main', 'soak']

BACKENDS = ('asyncio', 'trio')


@dataclass(frozen=True, slots=True)
class Ping(IRequest[int]):
    number: int


@dataclass(frozen=True, slots=True)
class Pinged(IEvent):
    scope: int


class Tally:
    """Deliveries counted across threads (an APP singleton)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.deliveries = 0

    def add(self) -> None:
        with self._lock:
            self.deliveries += 1


class PingHandler(RequestHandler[Ping, int]):
    @override
    async def handle(self, request: Ping, /) -> int:
        return request.number


class FirstListener(EventHandler[Pinged]):
    def __init__(self, tally: Tally) -> None:
        self._tally = tally

    @override
    async def handle(self, event: Pinged, /) -> None:
        self._tally.add()


class SecondListener(FirstListener):
    pass


def build() -> Application:
    @module(
        providers=[singleton(Tally)],
        extensions=[
            MessagingExtension()
            .bind_request(Ping, PingHandler)
            .bind_event(Pinged, [FirstListener, SecondListener])
        ],
    )
    class SoakModule:
        pass

    @module(imports=[MessagingModule.register(), SoakModule])
    class SoakRoot:
        pass

    return ApplicationFactory(SoakRoot).create()


@dataclass(frozen=True, slots=True)
class SoakReport:
    """What a soak run did and what it left behind."""

    invokes: int
    scopes: int
    threads: int
    seconds: float
    responses_lost: int
    deliveries_lost: int
    objects_after_warmup: int
    objects_at_end: int
    rss_after_warmup_kib: int
    rss_at_end_kib: int

    @property
    def object_growth(self) -> int:
        return self.objects_at_end - self.objects_after_warmup

    @property
    def rss_growth_kib(self) -> int:
        return self.rss_at_end_kib - self.rss_after_warmup_kib

    def lines(self) -> list[str]:
        loops = ', '.join(BACKENDS[index % 2] for index in range(self.threads))
        return [
            (
                f'{self.invokes:,} invokes and {self.scopes:,} publishes over {self.scopes:,} scopes, '
                f'{self.threads} thread(s) ({loops}): {self.seconds:.1f} s'
            ),
            f'lost: {self.responses_lost} responses, {self.deliveries_lost} deliveries',
            (
                f'live objects: {self.objects_after_warmup:,} after the warm-up, '
                f'{self.objects_at_end:,} at the end ({self.object_growth:+,})'
            ),
            (
                f'resident set: {self.rss_after_warmup_kib:,} KiB after the warm-up, '
                f'{self.rss_at_end_kib:,} KiB at the end ({self.rss_growth_kib:+,} KiB)'
            ),
        ]


def _rss_kib() -> int:
    """The resident set of this process, from /proc (0 where there is none)."""
    statm = Path('/proc/self/statm')
    if not statm.exists():  # pragma: no cover - Linux has it
        return 0
    pages = int(statm.read_text().split()[1])
    return pages * 4


def _check_sizes(invokes: int, scopes: int, threads: int) -> None:
    if min(invokes, scopes, threads) < 1:
        msg = f'invokes, scopes and threads must be positive, got {invokes}, {scopes} and {threads}'
        raise ValueError(msg)
    if scopes % threads or invokes % scopes:
        msg = f'{invokes} invokes over {scopes} scopes in {threads} threads do not divide evenly'
        raise ValueError(msg)
    if scopes // threads < 2:  # a warm-up scope and a measured one
        msg = f'{scopes} scopes in {threads} threads leave a thread fewer than 2 scopes'
        raise ValueError(msg)


def soak(*, invokes: int, scopes: int, threads: int) -> SoakReport:
    """Run the soak and return its report.

    Raises:
        ValueError: The sizes are not positive, do not divide evenly, or leave a thread fewer than
            two scopes (one to warm up, one to measure).
    """
    _check_sizes(invokes, scopes, threads)
    app = build()
    per_scope = invokes // scopes
    per_thread = scopes // threads
    warmup_scopes = max(1, per_thread // 10)
    warm = threading.Barrier(threads + 1)
    go_on = threading.Event()
    sums: list[int] = []

    async def serve(backend_index: int) -> None:
        total = 0
        for scope_number in range(per_thread):
            if scope_number == warmup_scopes:
                await anyio.to_thread.run_sync(warm.wait)
                await anyio.to_thread.run_sync(go_on.wait)
            async with app.container() as container:
                bus = await container.get(IMessageBus)
                for number in range(per_scope):
                    total += await bus.invoke(Ping(number))
                await bus.publish(Pinged(backend_index))
        sums.append(total)

    def thread_main(index: int) -> None:
        anyio.run(serve, index, backend=BACKENDS[index % 2])

    async def run() -> SoakReport:
        async with app:
            workers = [threading.Thread(target=thread_main, args=(index,)) for index in range(threads)]
            started = time.perf_counter()
            for worker in workers:
                worker.start()
            await anyio.to_thread.run_sync(warm.wait)
            gc.collect()
            objects_warm, rss_warm = len(gc.get_objects()), _rss_kib()
            go_on.set()
            for worker in workers:
                await anyio.to_thread.run_sync(worker.join)
            seconds = time.perf_counter() - started
            gc.collect()
            objects_end, rss_end = len(gc.get_objects()), _rss_kib()
            async with app.container() as container:
                deliveries = (await container.get(Tally)).deliveries
        expected_sum = threads * per_thread * (per_scope * (per_scope - 1) // 2)
        return SoakReport(
            invokes=invokes,
            scopes=scopes,
            threads=threads,
            seconds=seconds,
            responses_lost=expected_sum - sum(sums),
            deliveries_lost=2 * scopes - deliveries,
            objects_after_warmup=objects_warm,
            objects_at_end=objects_end,
            rss_after_warmup_kib=rss_warm,
            rss_at_end_kib=rss_end,
        )

    return anyio.run(run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog='python -m benchmarks.soak', description='Soak the bus: many invokes over many scopes.'
    )
    parser.add_argument('--invokes', type=int, default=1_000_000)
    parser.add_argument('--scopes', type=int, default=10_000)
    parser.add_argument('--threads', type=int, default=2, help='threads, alternately asyncio and trio')
    parser.add_argument('--max-object-growth', type=int, default=1_000)
    arguments = parser.parse_args(argv)
    try:
        report = soak(invokes=arguments.invokes, scopes=arguments.scopes, threads=arguments.threads)
    except ValueError as error:
        parser.error(str(error))  # exits with status 2 and the usage
    print('\n'.join(report.lines()))
    failed = (
        report.responses_lost or report.deliveries_lost or report.object_growth > arguments.max_object_growth
    )
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
