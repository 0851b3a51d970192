"""What the distribution promises without building it: licence, links, version, sdist contents.

`make package` builds the archives and runs the unpacked sdist's suite; these checks are the fast
half, run with every test run, so a path the suite starts to read cannot be left out of the sdist.
"""

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import denpo

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / 'pyproject.toml').read_text())
PROJECT: dict[str, Any] = PYPROJECT['project']

# Every top-level path that the tests, the typing tests or the docs build read from the tree.
READ_BY_THE_SUITE = [
    'benchmarks',  # tests/benchmarks runs `python -m benchmarks`
    'docs',
    'examples',
    'mypy_plugin',
    'src',
    'tests',
    'typing_tests',
    'Makefile',  # `make unit docs` in the unpacked sdist
    'mkdocs.yml',
    'README.md',  # the package's readme; typing_tests check its code blocks
    'LICENSE',
    'CHANGELOG.md',
]


def sdist_includes() -> list[str]:
    patterns: list[str] = PYPROJECT['tool']['hatch']['build']['targets']['sdist']['include']
    return patterns


def test_licence_is_mit_and_names_the_year_and_the_holders() -> None:
    text = (ROOT / 'LICENSE').read_text()
    assert text.startswith('MIT License\n')
    assert 'Copyright (c) 2026 denpo developers\n' in text
    assert 'Permission is hereby granted, free of charge, to any person obtaining a copy' in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def test_metadata_declares_the_licence_and_ships_its_file() -> None:
    assert PROJECT['license'] == 'MIT'
    assert PROJECT['license-files'] == ['LICENSE']


def test_project_urls_are_the_five_links_over_https() -> None:
    urls: dict[str, str] = PROJECT['urls']
    assert set(urls) == {'Homepage', 'Documentation', 'Repository', 'Issues', 'Changelog'}
    for name, url in urls.items():
        parts = urlsplit(url)
        assert (parts.scheme, bool(parts.netloc)) == ('https', True), f'{name}: {url}'
    assert urls['Issues'] == f'{urls["Repository"]}/issues'
    assert urls['Changelog'] == f'{urls["Repository"]}/blob/main/CHANGELOG.md'


@pytest.mark.parametrize('path', READ_BY_THE_SUITE)
def test_sdist_includes_what_the_suite_reads(path: str) -> None:
    # Anchored at the root: hatchling reads a bare name as a gitignore pattern at any depth.
    assert f'/{path}' in sdist_includes()


def test_every_sdist_pattern_names_an_existing_path() -> None:
    missing = [pattern for pattern in sdist_includes() if not (ROOT / pattern.lstrip('/')).exists()]
    assert missing == []


@pytest.mark.parametrize('package', ['src/denpo', 'mypy_plugin/denpo_mypy'])
def test_both_packages_are_in_the_wheel_and_typed(package: str) -> None:
    assert package in PYPROJECT['tool']['hatch']['build']['targets']['wheel']['packages']
    assert (ROOT / package / 'py.typed').is_file()


def test_check_wheel_contents_expects_exactly_the_wheel_packages() -> None:
    packages: list[str] = PYPROJECT['tool']['hatch']['build']['targets']['wheel']['packages']
    toplevel: list[str] = PYPROJECT['tool']['check-wheel-contents']['toplevel']
    assert sorted(toplevel) == sorted(Path(package).name for package in packages)


@pytest.mark.parametrize('tool', ['build', 'check-wheel-contents', 'twine'])
def test_packaging_tools_are_pinned_in_the_dev_group(tool: str) -> None:
    pins = [entry for entry in PYPROJECT['dependency-groups']['dev'] if re.match(rf'{tool}\b', entry)]
    assert len(pins) == 1
    assert re.fullmatch(rf'{tool}==\d+(\.\d+)+', pins[0])


def test_version_is_the_installed_distribution_version() -> None:
    assert denpo.__version__ == importlib.metadata.version('denpo')
    assert denpo.__version__ == PROJECT['version']


def test_version_is_listed_by_dir_but_not_exported() -> None:
    assert '__version__' in dir(denpo)
    assert '__version__' not in denpo.__all__


def test_importing_denpo_reads_no_metadata() -> None:
    # The plugin imports denpo on every mypy run; the metadata is read on first use only.
    probe = (
        'import sys, denpo; print(sorted(sys.modules.keys() & {"importlib.metadata", "denpo.application"}))'
    )
    result = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == '[]'


def test_changelog_has_an_unreleased_section_and_the_current_version() -> None:
    changelog = (ROOT / 'CHANGELOG.md').read_text()
    assert '\n## [Unreleased]\n' in changelog
    assert re.search(
        rf'^## \[{re.escape(PROJECT["version"])}\] - \d{{4}}-\d{{2}}-\d{{2}}$', changelog, re.MULTILINE
    )
    assert f'\n[{PROJECT["version"]}]: https://' in changelog
