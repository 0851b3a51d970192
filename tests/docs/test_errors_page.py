"""docs/errors.md documents every exception class that denpo exports."""

from pathlib import Path

import pytest

import denpo
import denpo.messaging
from denpo import _catalogue

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


# --- the catalogue of binding mistakes ------------------------------------------------------
# The page shows every entry rendered with these sample values, between two markers, so a
# reworded or added entry fails here until the page says the same.

SAMPLES: dict[str, object] = {
    'kind': _catalogue.REQUEST,
    'other': _catalogue.STREAM,
    'got': 'an instance of str',
    'name': 'app.Thing',
    'short': 'Thing',
    'written': 'GetById[int]',
    'fix': _catalogue.REQUEST.handler_fix('PlaceOrder'),
    'role': 'an event handler',
    'binding': 'bind it with bind_event(<event class>, [Thing])',
    'missing': 'handle',
    'handler': 'app.PlaceOrderHandler',
    'handled': 'CancelOrder',
    'request': 'PlaceOrder',
    'returned': 'int',
    'promised': 'OrderConfirmation',
    'event': 'OrderPlaced',
    'example': 'Thing',
    'where': 'bind_request(PlaceOrder, ..., behaviors=...)',
    'argument': 'behaviors',
    'behavior': 'app.Logging',
    'declared': 'KeyboardInterrupt',
    'receives': 'each app.OrderPlaced',
    'bindings': 'to event app.OrderPlaced in module app.A and again in module app.B',
    'pipeline': 'the pipeline of request app.PlaceOrder',
    'within': '',
    'first': 'app.PlaceOrderHandler',
    'second': 'app.OtherHandler',
    'calls': 'bind_request() calls',
    'inherited': 'User',
    'source': 'app.GetUser',
    'origin': 'app.Thing',
}
START, END = '<!-- catalogue:start -->', '<!-- catalogue:end -->'


def catalogue_table() -> str:
    rows = [
        '| code | entry | checked by | message, with sample names |',
        '|---|---|---|---|',
        *(
            f'| `{mistake.code_for(SAMPLES["kind"])}` | `{mistake.name}` | {mistake.checked_by} | '
            f'{mistake.render(SAMPLES).replace("|", "&#124;")} |'
            for mistake in _catalogue.ALL_MISTAKES
        ),
    ]
    return '\n'.join(rows)


def test_every_catalogue_entry_is_on_the_errors_page() -> None:
    shown = ERRORS_PAGE.split(START)[1].split(END)[0].strip()
    expected = catalogue_table()
    assert shown == expected, f'Replace the block between the markers in docs/errors.md with:\n{expected}'


def test_the_samples_fill_every_field() -> None:
    assert set().union(*(mistake.fields for mistake in _catalogue.ALL_MISTAKES)) == set(SAMPLES)
