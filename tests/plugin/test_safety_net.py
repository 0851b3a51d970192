"""The plugin's safety net: a failing check falls back to mypy's own answer, unless debugging."""

from pathlib import Path

import pytest

from denpo_mypy._plugin import DEBUG_VARIABLE, guarded
from tests.plugin.conftest import SHOP, run_mypy, write_files


class CheckFailedError(Exception):
    pass


def _failing(ctx: str) -> str:
    raise CheckFailedError(ctx)


def _fallback(ctx: str) -> str:
    return f'default for {ctx}'


def test_a_failing_hook_answers_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)
    assert guarded(_failing, _fallback)('call') == 'default for call'


def test_a_working_hook_answers_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_VARIABLE, raising=False)
    assert guarded(str.upper, _fallback)('call') == 'CALL'


def test_debug_lets_the_exception_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEBUG_VARIABLE, '1')
    with pytest.raises(CheckFailedError, match=r'^call$'):
        guarded(_failing, _fallback)('call')


CRASHING_PLUGIN = """\
from denpo_mypy import DenpoPlugin
from denpo_mypy._features import handlers


def _crash(*args: object) -> None:
    raise RuntimeError('a check that crashed')


handlers.handler_problem = _crash


def plugin(version: str) -> type[DenpoPlugin]:
    return DenpoPlugin
"""

PROGRAM = """\
from denpo.messaging import MessagingExtension
from shop import CountOrdersHandler, OrderPlaced, PlaceOrder, PlaceOrderHandler

ext = MessagingExtension()
ext.bind_request(PlaceOrder, CountOrdersHandler)
ext.bind_request(OrderPlaced, PlaceOrderHandler)
"""


def test_a_crashed_binding_check_leaves_the_call_to_mypy(tmp_path: Path) -> None:
    # The handler check raises on line 5: the call keeps its real signature, so mypy's own
    # check reports it as plain mypy does. Line 6 never reaches the handler check.
    write_files(tmp_path, {'crashing.py': CRASHING_PLUGIN, 'main.py': PROGRAM})
    cache = tmp_path / '.cache'
    plugin = str(tmp_path / 'crashing.py')
    result = run_mypy(tmp_path, ['main.py'], cache=cache, mypy_path=[SHOP], plugins=plugin, debug=False)
    plain = run_mypy(tmp_path, ['main.py'], cache=tmp_path / '.plain', mypy_path=[SHOP], plugins='')
    assert not result.crashed, result.stdout + result.stderr
    line_5 = [item for item in result.diagnostics if item.line == 5]
    assert [item.message for item in line_5] == [item.message for item in plain.diagnostics if item.line == 5]
    assert {item.code for item in line_5} == {'misc'}
    assert [item.code for item in result.diagnostics if item.line == 6] == ['denpo-not-a-request']


def test_the_crash_surfaces_when_debugging(tmp_path: Path) -> None:
    write_files(tmp_path, {'crashing.py': CRASHING_PLUGIN, 'main.py': PROGRAM})
    plugin = str(tmp_path / 'crashing.py')
    result = run_mypy(tmp_path, ['main.py'], cache=tmp_path / '.cache', mypy_path=[SHOP], plugins=plugin)
    assert result.crashed
    assert 'a check that crashed' in result.stdout + result.stderr
