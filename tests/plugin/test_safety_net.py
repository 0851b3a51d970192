"""The plugin's safety net: a failing check falls back to mypy's own answer, unless debugging."""

import pytest

from denpo_mypy._plugin import DEBUG_VARIABLE, guarded


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
