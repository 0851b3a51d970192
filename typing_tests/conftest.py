"""Settings of the typing suites under ``typing_tests/``.

The YAML plugin suite (``typing_tests/mypy/test_*.yml``, collected by pytest-mypy-plugins):

- runs mypy with ``typing_tests/mypy/mypy.ini`` (strict, ``plugins = denpo_mypy``) unless the
  command line names another configuration;
- runs mypy in a subprocess per case: pytest-mypy-plugins' ``--mypy-same-process`` swaps
  ``sys.modules`` for a copy around each run, which breaks later lazy imports in the pytest
  process (hypothesis' pytest plugin fails at session end);
- keeps mypy's cache in a fresh directory per pytest process (each xdist worker its own),
  shared by the cases of that process, so that no cache of an earlier run leaks in;
- finds the shared vocabulary of the cases (``typing_tests/mypy/lib/shop.py``) through
  ``MYPYPATH``;
- passes ``DENPO_MYPY_DEBUG=1`` to each mypy run, so that an exception inside the plugin fails
  the case instead of being swallowed by the plugin's safety net.
"""

import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import pytest
from pytest_mypy_plugins.item import YamlTestItem

HERE = Path(__file__).resolve().parent
MYPY_INI = HERE / 'mypy' / 'mypy.ini'
LIBRARY = HERE / 'mypy' / 'lib'
DEBUG_VARIABLE = 'DENPO_MYPY_DEBUG'


def pytest_configure(config: pytest.Config) -> None:
    option = config.option
    if not option.mypy_ini_file and not option.mypy_pyproject_toml_file:
        option.mypy_ini_file = str(MYPY_INI)
    if option.mypy_testing_base == tempfile.gettempdir():  # the default: make it private
        option.mypy_testing_base = tempfile.mkdtemp(prefix='denpo-typing-')
        config.add_cleanup(partial(shutil.rmtree, option.mypy_testing_base, ignore_errors=True))
    # pytest-mypy-plugins runs the first `mypy` on PATH: make it the one of this interpreter.
    binaries = str(Path(sys.executable).parent)
    os.environ['PATH'] = os.pathsep.join([binaries, os.environ.get('PATH', '')])
    os.environ['MYPYPATH'] = str(LIBRARY)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, YamlTestItem):
            # Only a case's own `env:` reaches its mypy subprocess.
            item.environment_variables.setdefault(DEBUG_VARIABLE, '1')
