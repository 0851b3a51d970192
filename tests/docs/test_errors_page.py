"""docs/errors.md documents every exception class that denpo exports."""

from pathlib import Path

import pytest

import denpo
import denpo.messaging

ERRORS_PAGE = (Path(__file__).resolve().parents[2] / 'docs' / 'errors.md').read_text()

BASES = {'DenpoError', 'ModuleError', 'MessagingError'}
EXCEPTIONS = sorted(
    name
    for package in (denpo, denpo.messaging)
    for name in package.__all__
    if isinstance(getattr(package, name), type) and issubclass(getattr(package, name), BaseException)
)


def test_exceptions_are_found() -> None:
    assert 'RequestHandlerNotFound' in EXCEPTIONS
    assert 'DenpoError' in EXCEPTIONS


@pytest.mark.parametrize('name', EXCEPTIONS)
def test_exception_is_documented(name: str) -> None:
    if name in BASES:
        assert name in ERRORS_PAGE.split('```')[1]  # in the hierarchy drawing
    else:
        assert f'### `{name}`' in ERRORS_PAGE
