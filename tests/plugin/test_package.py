"""The plugin package: its public surface, entry point, version and error codes."""

import importlib.metadata
import re

import mypy.errorcodes
import mypy.version
import pytest
from mypy.options import Options
from mypy.plugin import ReportConfigContext

import denpo_mypy
from denpo_mypy import _errors, _plugin
from denpo_mypy._plugin import CHECKS_REVISION, config_data

CODES = {
    'denpo-handler-response',
    'denpo-response-mismatch',
    'denpo-request-mismatch',
    'denpo-abstract-handler',
    'denpo-not-a-handler',
    'denpo-not-a-request',
    'denpo-not-an-event',
    'denpo-parameterized-request',
    'denpo-behavior-mismatch',
    'denpo-event-mismatch',
    'denpo-duplicate-event-handler',
    'denpo-duplicate-request',
    'denpo-exception-handler-mismatch',
}


def test_public_names() -> None:
    assert denpo_mypy.__all__ == sorted(denpo_mypy.__all__)
    assert set(denpo_mypy.__all__) == {'DenpoPlugin', 'plugin'}


def test_entry_point_returns_the_plugin_class() -> None:
    assert denpo_mypy.plugin(mypy.version.__version__) is denpo_mypy.DenpoPlugin


def test_version_is_the_distribution_version() -> None:
    assert denpo_mypy.__version__ == importlib.metadata.version('denpo')


def test_config_data_is_the_version_so_an_upgrade_invalidates_the_cache() -> None:
    plugin = denpo_mypy.DenpoPlugin(Options())
    context = ReportConfigContext(id='app', path='app.py', is_check=False)
    reported = plugin.report_config_data(context)
    assert reported == f'{denpo_mypy.__version__}+checks.{CHECKS_REVISION}'


def test_config_data_changes_with_the_checks_revision(monkeypatch: pytest.MonkeyPatch) -> None:
    # A changed plugin between two releases must invalidate mypy's cache too.
    before = config_data()
    monkeypatch.setattr(_plugin, 'CHECKS_REVISION', CHECKS_REVISION + 1)
    assert config_data() != before


def test_error_codes_are_the_documented_ones() -> None:
    assert {code.code for code in _errors.ALL_CODES} == CODES
    defined = {value.code for value in vars(_errors).values() if isinstance(value, mypy.errorcodes.ErrorCode)}
    assert defined == CODES


@pytest.mark.parametrize('code', _errors.ALL_CODES, ids=[code.code for code in _errors.ALL_CODES])
def test_error_code_is_flat_and_registered(code: mypy.errorcodes.ErrorCode) -> None:
    assert re.fullmatch(r'denpo-[a-z]+(-[a-z]+)*', code.code)
    assert code.category == 'denpo'
    assert code.sub_code_of is None
    assert code.default_enabled
    assert code.description
    assert mypy.errorcodes.error_codes[code.code] is code
