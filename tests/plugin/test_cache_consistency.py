"""A cold run, a warm-cache rerun, a parallel run and a ``dmypy run`` give identical diagnostics.

The plugin keeps no state between modules, so mypy's incremental cache and the daemon cannot
change what it reports. The sample spreads requests, handlers and bindings over several
modules, with good and bad bindings of every kind the plugin checks.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent

import pytest

from tests.plugin.conftest import MypyRun, run_mypy, write_config, write_files

SAMPLE = {
    'app/__init__.py': '',
    'app/messages.py': """
        from dataclasses import dataclass
        from typing import Generic, TypeVar
        from denpo.messaging import IEvent, IRequest

        T = TypeVar('T')

        class Receipt: ...

        @dataclass(frozen=True)
        class Checkout(IRequest[Receipt]):
            cart_id: str

        @dataclass(frozen=True)
        class CountCarts(IRequest[int]): ...

        @dataclass(frozen=True)
        class GetById(IRequest[T], Generic[T]):
            id: int

        class CartEvent(IEvent): ...

        class CartClosed(CartEvent): ...

        class UserJoined(IEvent): ...
    """,
    'app/handlers.py': """
        from typing import Generic, TypeVar
        from typing_extensions import override
        from denpo.messaging import EventHandler, RequestHandler
        from app.messages import CartClosed, CartEvent, Checkout, CountCarts, GetById, Receipt, UserJoined

        T = TypeVar('T')

        class CheckoutHandler(RequestHandler[Checkout, Receipt]):
            @override
            async def handle(self, request: Checkout, /) -> Receipt:
                return Receipt()

        class CheckoutAsCount(RequestHandler[Checkout, int]):
            @override
            async def handle(self, request: Checkout, /) -> int:
                return 0

        class CountCartsHandler(RequestHandler[CountCarts, int]):
            @override
            async def handle(self, request: CountCarts, /) -> int:
                return 0

        class ById(RequestHandler[GetById[T], T], Generic[T]):
            @override
            async def handle(self, request: GetById[T], /) -> T:
                raise NotImplementedError

        class AuditCarts(EventHandler[CartEvent]):
            @override
            async def handle(self, event: CartEvent, /) -> None: ...

        class Greet(EventHandler[UserJoined]):
            @override
            async def handle(self, event: UserJoined, /) -> None: ...
    """,
    'app/queries.py': """
        from denpo.messaging import IRequest
        from app.messages import Checkout

        class QuickCheckout(Checkout, IRequest[str]): ...
    """,
    'app/wiring.py': """
        from denpo.messaging import MessagingExtension
        from app.handlers import AuditCarts, ById, CheckoutAsCount, CheckoutHandler, CountCartsHandler, Greet
        from app.messages import CartClosed, Checkout, CountCarts, GetById

        good = (
            MessagingExtension()
            .bind_request(Checkout, CheckoutHandler)
            .bind_request(GetById, ById)
            .bind_event(CartClosed, [AuditCarts])
        )
        bad = (
            MessagingExtension()
            .bind_request(Checkout, CheckoutAsCount)
            .bind_request(CountCarts, CheckoutHandler)
            .bind_request(GetById[int], ById)
            .bind_event(CartClosed, [Greet, AuditCarts, AuditCarts])
        )
        twice = (
            MessagingExtension()
            .bind_request(CountCarts, CountCartsHandler)
            .bind_request(CountCarts, CountCartsHandler)
        )
    """,
}
EXPECTED_CODES = [
    ('app/queries.py', 'denpo-redeclared-promise'),
    ('app/handlers.py', 'denpo-handler-response'),
    ('app/wiring.py', 'denpo-response-mismatch'),
    ('app/wiring.py', 'denpo-request-mismatch'),
    ('app/wiring.py', 'denpo-parameterized-request'),
    ('app/wiring.py', 'denpo-event-mismatch'),
    ('app/wiring.py', 'denpo-duplicate-event-handler'),
    ('app/wiring.py', 'denpo-duplicate-request'),
]


def _lines(run: MypyRun) -> list[str]:
    return sorted(f'{item.path}:{item.line}: {item.severity}: {item.message}' for item in run.diagnostics)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    write_files(tmp_path, {path: dedent(source) for path, source in SAMPLE.items()})
    return tmp_path


@pytest.fixture
def daemon(sample: Path) -> Iterator[list[str]]:
    """The command prefix of a dmypy daemon private to this test; stopped afterwards."""
    command = [sys.executable, '-m', 'mypy.dmypy', '--status-file', str(sample / '.dmypy.json')]
    try:
        yield command
    finally:
        subprocess.run([*command, 'stop'], cwd=sample, capture_output=True, check=False)


def _dmypy_run(daemon: list[str], sample: Path, cache: Path) -> MypyRun:
    options = ['--config-file', str(write_config(sample)), '--cache-dir', str(cache), '--no-error-summary']
    result = subprocess.run(
        [*daemon, 'run', '--', *options, 'app'], cwd=sample, capture_output=True, text=True, check=False
    )
    return MypyRun(result.returncode, result.stdout, result.stderr)


def test_cold_warm_parallel_and_daemon_runs_agree(sample: Path, daemon: list[str]) -> None:
    cold = run_mypy(sample, ['app'], cache=sample / '.cache')
    warm = run_mypy(sample, ['app'], cache=sample / '.cache')
    parallel = run_mypy(sample, ['app'], cache=sample / '.parallel-cache', options=['--num-workers', '2'])
    served = _dmypy_run(daemon, sample, sample / '.daemon-cache')
    assert not cold.crashed, cold.stdout + cold.stderr
    assert [(item.path, item.code) for item in cold.denpo_errors()] == EXPECTED_CODES
    assert len(cold.diagnostics) == len(EXPECTED_CODES)
    assert _lines(warm) == _lines(cold)
    assert _lines(parallel) == _lines(cold)
    assert _lines(served) == _lines(cold)


def test_an_edit_elsewhere_is_picked_up_by_cache_and_daemon(sample: Path, daemon: list[str]) -> None:
    run_mypy(sample, ['app'], cache=sample / '.cache')
    _dmypy_run(daemon, sample, sample / '.daemon-cache')
    handlers = sample / 'app' / 'handlers.py'
    source = handlers.read_text()
    fixed = source.replace('(RequestHandler[Checkout, int])', '(RequestHandler[Checkout, Receipt])')
    fixed = fixed.replace(
        '-> int:\n        return 0\n\nclass CountCartsHandler',
        '-> Receipt:\n        return Receipt()\n\nclass CountCartsHandler',
    )
    assert fixed.count('Receipt()') == source.count('Receipt()') + 1
    handlers.write_text(fixed)
    warm = run_mypy(sample, ['app'], cache=sample / '.cache')
    served = _dmypy_run(daemon, sample, sample / '.daemon-cache')
    codes = [item.code for item in warm.denpo_errors()]
    assert 'denpo-handler-response' not in codes
    assert 'denpo-response-mismatch' not in codes
    assert len(codes) == len(EXPECTED_CODES) - 2
    assert _lines(served) == _lines(warm)
