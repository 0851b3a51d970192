"""The API reference documents every public name, and the built site shows no raw Sphinx roles.

Public modules are ``denpo`` and its direct submodules without a leading underscore (the packages
of ``tests/test_public_api.py`` and the modules users import from: ``denpo.exceptions``,
``denpo.testing``, ``denpo.application``). The submodules of ``denpo.messaging`` are its
implementation: their names are checked as ``denpo.messaging`` exports them.

A name is documented when the object it is bound to is documented somewhere on the page, which
is how a re-export (``denpo.module``, ``denpo.DenpoError``) is documented once, at its home
module. Names that denpo re-exports from a third party (dishka's ``Scope``) are not rendered by
mkdocstrings; the page must name them, as ``pkg.Name`` in code, and say where they are documented.
"""

import html
import importlib
import itertools
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType

import pytest
from tests.test_public_api import PUBLIC_NAMES

import denpo

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / 'docs' / 'reference.md'

# `::: identifier` starts an mkdocstrings directive; its options follow, indented.
DIRECTIVE = re.compile(r'^::: ([\w.]+)\s*$', re.MULTILINE)
# A Sphinx role as mkdocstrings leaves it in the HTML: `:class:` before the code of a name.
RAW_ROLE = re.compile(r':(?:class|meth|func|mod|attr|exc|data):')
HEADING_ID = re.compile(r'<h[1-6] id="([^"]+)"')


def public_modules() -> list[str]:
    names = {'denpo', *PUBLIC_NAMES}
    for info in pkgutil.iter_modules(denpo.__path__, 'denpo.'):
        if not info.name.rpartition('.')[2].startswith('_'):
            names.add(info.name)
    return sorted(names)


def public_names() -> list[tuple[str, str]]:
    """Every (module, name) pair a user may import: the public modules' ``__all__``."""
    pairs = {(package, name) for package, names in PUBLIC_NAMES.items() for name in names}
    for module_name in public_modules():
        exported: list[str] = getattr(importlib.import_module(module_name), '__all__', [])
        pairs.update((module_name, name) for name in exported)
    return sorted(pairs)


def name_params(*, rendered_only: bool = False) -> list[object]:
    """``public_names()`` as test parameters, each named ``module.name``."""
    return [
        pytest.param(module_name, name, id=f'{module_name}.{name}')
        for module_name, name in public_names()
        if not (rendered_only and is_third_party(getattr(importlib.import_module(module_name), name)))
    ]


def resolve(path: str) -> object:
    """The object at a dotted path: the longest importable module, then attributes."""
    parts = path.split('.')
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module('.'.join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    msg = f'{path!r} does not resolve to a module or an object in it'
    raise LookupError(msg)


def is_third_party(value: object) -> bool:
    """A class or function defined outside denpo, which mkdocstrings does not render."""
    if not isinstance(value, type | FunctionType):
        return False
    return value.__module__.partition('.')[0] != 'denpo'


def directive_objects(markdown: str) -> Iterator[object]:
    """What the page's directives render: an object, or each name a module directive exports."""
    for path in DIRECTIVE.findall(markdown):
        target = resolve(path)
        if isinstance(target, ModuleType):
            yield target
            yield from (getattr(target, name) for name in getattr(target, '__all__', []))
        else:
            yield target


@pytest.fixture(scope='module')
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole documentation site, built once for this module, strictly (a bad ref fails it)."""
    site_dir = tmp_path_factory.mktemp('site')
    result = subprocess.run(
        [sys.executable, '-m', 'mkdocs', 'build', '--strict', '--quiet', '--site-dir', str(site_dir)],
        cwd=ROOT,
        env={**os.environ, 'NO_MKDOCS_2_WARNING': '1'},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f'mkdocs build --strict failed:\n{result.stdout}{result.stderr}'
    return site_dir


@pytest.fixture(scope='module')
def reference_html(site: Path) -> str:
    return (site / 'reference' / 'index.html').read_text(encoding='utf-8')


@pytest.fixture(scope='module')
def rendered_objects(reference_html: str) -> list[object]:
    """The objects that have a heading on the built page (an anchor named by their path)."""
    found: list[object] = []
    for anchor in HEADING_ID.findall(reference_html):
        if not anchor.startswith('denpo.'):
            continue  # the page's own headings: `denpomessaging`, `handlers`
        try:
            found.append(resolve(anchor))
        except AttributeError:
            continue  # an instance attribute, which no class holds
    return found


def test_public_names_are_found() -> None:
    names = public_names()
    assert ('denpo.modules', 'ModuleRegistry') in names
    assert ('denpo', 'Lifespan') in names
    assert ('denpo.exceptions', 'DenpoError') in names
    assert 'denpo.application' in public_modules()


@pytest.mark.parametrize(('module_name', 'name'), name_params())
def test_public_name_has_a_directive(module_name: str, name: str) -> None:
    markdown = REFERENCE.read_text(encoding='utf-8')
    value = getattr(importlib.import_module(module_name), name)
    if is_third_party(value):
        assert f'`{module_name}.{name}`' in markdown, (
            f'{module_name}.{name} comes from {value.__module__}: name it in docs/reference.md '
            'and link to where it is documented'
        )
    else:
        assert any(documented is value for documented in directive_objects(markdown)), (
            f'{module_name}.{name} is not documented: add `::: {module_name}.{name}` to '
            'docs/reference.md, or a directive for the module it comes from'
        )


@pytest.mark.parametrize(('module_name', 'name'), name_params(rendered_only=True))
def test_public_name_is_rendered(rendered_objects: list[object], module_name: str, name: str) -> None:
    """A directive is not enough: mkdocstrings drops what it cannot load without a word."""
    value = getattr(importlib.import_module(module_name), name)
    assert any(rendered is value for rendered in rendered_objects), (
        f'no heading on the built reference page documents {module_name}.{name}'
    )


def test_built_site_shows_no_sphinx_roles(site: Path) -> None:
    found = [
        f'{page.relative_to(site)}: ...{html.unescape(text[max(0, hit.start() - 60) : hit.end() + 60])}...'
        for page in sorted(site.rglob('*.html'))
        for text in [page.read_text(encoding='utf-8')]
        for hit in RAW_ROLE.finditer(text)
    ]
    assert found == [], 'raw Sphinx roles in the built site; write [`Name`][] cross-references:\n' + (
        '\n'.join(found)
    )


def test_contents_has_one_section_per_public_module(reference_html: str) -> None:
    sections = re.findall(r'<h2 id="[^"]*"[^>]*><code>([\w.]+)</code>', reference_html)
    assert sections[0] == 'denpo'
    assert len(sections) == len(set(sections))
    # Every package has its own section; a module may instead be documented through the
    # package that re-exports it (denpo.application through denpo).
    assert set(PUBLIC_NAMES) <= set(sections) <= set(public_modules())


def test_contents_never_repeats_an_entry(reference_html: str) -> None:
    # Material draws the contents twice (the sidebar and the mobile menu): read the first.
    toc = reference_html.split('md-nav--secondary')[1]
    labels = re.findall(
        r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', toc
    )
    assert labels[:2] == ['denpo', 'Building and running an application']
    repeated = [label for label, after in itertools.pairwise(labels) if label == after]
    assert repeated == []
