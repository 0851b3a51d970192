"""The plugin package: its public surface, entry point, version and error codes."""

import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import mypy.errorcodes
import mypy.version
import pytest
from mypy.options import Options
from mypy.plugin import ReportConfigContext

import denpo_mypy
from denpo import _catalogue, _text
from denpo_mypy import _errors, _plugin
from denpo_mypy._plugin import CHECKS_DIGEST, checks_digest, config_data, sources

CODES = {
    'denpo-handler-response',
    'denpo-response-mismatch',
    'denpo-request-mismatch',
    'denpo-abstract-handler',
    'denpo-not-a-handler',
    'denpo-not-a-request',
    'denpo-not-an-event',
    'denpo-parameterized-request',
    'denpo-redeclared-promise',
    'denpo-behavior-mismatch',
    'denpo-duplicate-behavior',
    'denpo-global-behavior',
    'denpo-event-mismatch',
    'denpo-duplicate-event-handler',
    'denpo-duplicate-request',
    'denpo-exception-handler-mismatch',
    'denpo-duplicate-exception-handler',
    'denpo-exception-action-mismatch',
    'denpo-duplicate-exception-action',
    'denpo-wrong-message',
}


def test_public_names() -> None:
    assert denpo_mypy.__all__ == sorted(denpo_mypy.__all__)
    assert set(denpo_mypy.__all__) == {'DenpoPlugin', 'plugin'}


def test_entry_point_returns_the_plugin_class() -> None:
    assert denpo_mypy.plugin(mypy.version.__version__) is denpo_mypy.DenpoPlugin


def test_version_is_the_distribution_version() -> None:
    assert denpo_mypy.__version__ == importlib.metadata.version('denpo')


def test_the_plugin_loads_nothing_of_the_runtime_but_the_catalogue() -> None:
    # Loaded on every mypy run: it reads the catalogue's words, never the bus, dishka or anyio.
    probe = (
        'import sys, denpo_mypy; '
        "print(sorted(name for name in sys.modules if name.split('.')[0] in {'denpo', 'dishka', 'anyio'}))"
    )
    result = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(['denpo', 'denpo._catalogue', 'denpo._text'])


def test_config_data_is_the_version_and_the_digest_of_the_checks() -> None:
    plugin = denpo_mypy.DenpoPlugin(Options())
    context = ReportConfigContext(id='app', path='app.py', is_check=False)
    reported = plugin.report_config_data(context)
    assert reported == f'{denpo_mypy.__version__}+checks.{CHECKS_DIGEST}'
    assert re.fullmatch(r'[0-9a-f]{16}', CHECKS_DIGEST)


def test_the_digest_covers_the_plugin_and_the_catalogue() -> None:
    package = Path(denpo_mypy.__file__).resolve().parent
    covered = set(sources())
    assert set(package.rglob('*.py')) <= covered
    assert {Path(str(_catalogue.__file__)), Path(str(_text.__file__))} <= covered
    assert checks_digest(sources()) == CHECKS_DIGEST


def test_any_change_of_a_source_changes_the_digest(tmp_path: Path) -> None:
    # A changed check or a reworded catalogue entry invalidates mypy's cache, with nothing to bump.
    copies: list[Path] = []
    for index, path in enumerate(sources()):
        copy = tmp_path / str(index) / path.name
        copy.parent.mkdir()
        shutil.copyfile(path, copy)
        copies.append(copy)
    assert checks_digest(copies) == CHECKS_DIGEST
    catalogue = next(copy for copy in copies if copy.name == '_catalogue.py')
    catalogue.write_text(catalogue.read_text().replace('is bound twice', 'is bound two times'))
    assert checks_digest(copies) != CHECKS_DIGEST


def test_config_data_follows_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    before = config_data()
    monkeypatch.setattr(_plugin, 'CHECKS_DIGEST', '0' * 16)
    assert config_data() != before


def test_error_codes_are_the_catalogue_codes() -> None:
    assert {code.code for code in _errors.ALL_CODES} == CODES
    assert set(_errors.catalogue_codes()) == CODES
    assert set(_errors.DESCRIPTIONS) == CODES
    for mistake in _catalogue.ALL_MISTAKES:
        for kind in _catalogue.KINDS:
            code = mistake.code_for(kind)
            assert _errors.CODES[code].code == code


@pytest.mark.parametrize('code', _errors.ALL_CODES, ids=[code.code for code in _errors.ALL_CODES])
def test_error_code_is_flat_and_registered(code: mypy.errorcodes.ErrorCode) -> None:
    assert re.fullmatch(r'denpo-[a-z]+(-[a-z]+)*', code.code)
    assert code.category == 'denpo'
    assert code.sub_code_of is None
    assert code.default_enabled
    assert code.description
    assert mypy.errorcodes.error_codes[code.code] is code
