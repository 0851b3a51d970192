"""Every example the docs include runs, on asyncio and trio, and prints what the page shows."""

import importlib.util
import runpy
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, cast

import anyio
import pytest
from tests.docs._markdown import fenced_blocks

ROOT = Path(__file__).resolve().parents[2]
# `*_mistake.py` files hold a deliberate type error; tests/docs/test_getting_started.py runs them.
DOCS_EXAMPLES = sorted(
    path for path in (ROOT / 'docs' / 'examples').glob('*.py') if not path.stem.endswith('_mistake')
)


def _load_main(path: Path) -> Callable[[], Coroutine[Any, Any, None]]:
    spec = importlib.util.spec_from_file_location(f'docs_example_{path.stem}', path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return cast('Callable[[], Coroutine[Any, Any, None]]', module.main)


def test_every_docs_example_has_its_expected_output() -> None:
    assert DOCS_EXAMPLES, 'no docs examples found'
    missing = [path.name for path in DOCS_EXAMPLES if not path.with_suffix('.txt').is_file()]
    assert missing == []


@pytest.mark.parametrize('backend', ['asyncio', 'trio'])
@pytest.mark.parametrize('path', DOCS_EXAMPLES, ids=[path.stem for path in DOCS_EXAMPLES])
def test_docs_example_prints_what_the_page_shows(
    path: Path, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main = _load_main(path)
    anyio.run(main, backend=backend)
    assert capsys.readouterr().out == path.with_suffix('.txt').read_text()


def test_readme_example_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (block,) = fenced_blocks(ROOT / 'README.md', 'python')
    script = tmp_path / 'readme_example.py'
    script.write_text(block)
    runpy.run_path(str(script), run_name='__main__')
    assert capsys.readouterr().out.splitlines() == [
        'Order ORD-CUST-1-PROD-42: placed',
        'Confirmation email sent for order ORD-CUST-1-PROD-42',
        'Analytics updated for order ORD-CUST-1-PROD-42',
    ]
