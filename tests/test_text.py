import pytest
from typing_extensions import override

import denpo
from denpo._text import REPR_LIMIT, a, capitalized, describe, safe_repr


class HostileRepr:
    @override
    def __repr__(self) -> str:
        raise RuntimeError


class HugeRepr:
    @override
    def __repr__(self) -> str:
        return 'x' * 5_000_000


@pytest.mark.parametrize(
    ('noun', 'expected'),
    [('request', 'a request'), ('event', 'an event'), ('exception handler', 'an exception handler')],
)
def test_a_picks_the_article(noun: str, expected: str) -> None:
    assert a(noun) == expected


def test_capitalized_keeps_the_rest() -> None:
    assert capitalized('pipeline behavior of IRequest') == 'Pipeline behavior of IRequest'


def test_describe_words_classes_instances_and_none() -> None:
    assert describe('app.Thing', is_class=True) == 'the class app.Thing'
    assert describe('app.Thing', is_class=False) == 'an instance of app.Thing'
    assert describe(None, is_class=False) == 'None'


def test_safe_repr_survives_a_repr_that_raises() -> None:
    assert safe_repr(HostileRepr()).startswith('<HostileRepr instance at 0x')


def test_safe_repr_bounds_a_huge_repr() -> None:
    assert len(safe_repr(HugeRepr())) <= REPR_LIMIT
    assert len(safe_repr('y' * 10_000)) <= REPR_LIMIT + 2  # the quotes


def test_the_package_lists_its_public_names_lazily_loaded() -> None:
    assert set(denpo.__all__) <= set(dir(denpo))
    with pytest.raises(AttributeError, match="module 'denpo' has no attribute 'Nothing'"):
        denpo.Nothing  # noqa: B018  # the lookup is the test
