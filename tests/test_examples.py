"""The order-placement example (`examples/orders.py`) runs and prints exactly what it promises."""

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, cast

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / 'examples' / 'orders.py'

EXPECTED_OUTPUT = """\
Saved order ORD-CUST-1-PROD-42
Order ORD-CUST-1-PROD-42: placed
Confirmation email sent for order ORD-CUST-1-PROD-42
Analytics updated for order ORD-CUST-1-PROD-42
"""


def load_main(monkeypatch: pytest.MonkeyPatch) -> Callable[[], Coroutine[Any, Any, None]]:
    """Import ``examples/orders.py`` under a private name and return its ``main``."""
    spec = importlib.util.spec_from_file_location('denpo_example_orders', EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    # dataclasses and dishka look classes' modules up by name; the monkeypatch removes it after.
    monkeypatch.setitem(sys.modules, spec.name, example)
    spec.loader.exec_module(example)
    return cast('Callable[[], Coroutine[Any, Any, None]]', example.main)


@pytest.mark.anyio
async def test_orders_example_prints_the_order_flow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main = load_main(monkeypatch)
    await main()
    assert capsys.readouterr().out == EXPECTED_OUTPUT


def test_orders_example_runs_as_a_script() -> None:
    completed = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=False, timeout=60
    )
    assert completed.stderr == ''
    assert completed.returncode == 0
    assert completed.stdout == EXPECTED_OUTPUT
