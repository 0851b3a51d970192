import re

import pytest
from typing_extensions import override

import denpo
from denpo._naming import NAME_LIMIT, qualname
from denpo._text import REPR_LIMIT, a, bounded, capitalized, describe, safe_repr


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


class RaisingMeta(type):
    @override
    def __getattribute__(cls, name: str) -> object:
        if name in {'__qualname__', '__module__', '__name__'}:
            raise RuntimeError(name)
        return super().__getattribute__(name)

    @override
    def __repr__(cls) -> str:
        raise RuntimeError


class RefusingClass(metaclass=RaisingMeta):
    pass


class RaisingAttributes:
    @override
    def __getattribute__(self, name: str) -> object:
        raise RuntimeError(name)


class HostileStr(str):
    __slots__ = ()

    @override
    def __repr__(self) -> str:
        raise RuntimeError

    @override
    def __len__(self) -> int:
        raise RuntimeError


class HugeName:
    pass


HugeName.__qualname__ = 'N' * 100_000


@pytest.mark.parametrize(
    ('value', 'shown'),
    [
        pytest.param(RefusingClass, r'<.*RaisingMeta instance at 0x.*>', id='metaclass-refuses-names'),
        pytest.param(
            RefusingClass(), r'<tests\.test_text\.RefusingClass object at 0x.*>', id='instance-of-it'
        ),
        pytest.param(
            RaisingAttributes(), r'<tests\.test_text\.RaisingAttributes object at 0x.*>', id='class-raises'
        ),
        pytest.param(HostileStr('abc'), r'<HostileStr instance at 0x.*>', id='hostile-str-subclass'),
        pytest.param([HugeRepr()] * 10, r'\[x+\.\.\.x+, \.\.\.\]', id='list-of-huge-reprs'),
    ],
)
def test_safe_repr_and_qualname_survive_hostile_values(value: object, shown: str) -> None:
    for render in (safe_repr, qualname):
        text = render(value)
        assert type(text) is str
        assert len(text) <= REPR_LIMIT
        assert re.fullmatch(shown, text), text


def test_qualname_bounds_a_huge_name() -> None:
    text = qualname(HugeName)
    assert len(text) == NAME_LIMIT
    assert text.startswith('tests.test_text.NNN')
    assert '...' in text


def test_qualname_of_builtins_and_functions() -> None:
    assert qualname(int) == 'int'
    assert qualname(test_qualname_bounds_a_huge_name) == 'tests.test_text.test_qualname_bounds_a_huge_name'


def test_bounded_keeps_short_text_and_copies_str_subclasses() -> None:
    assert bounded('short') == 'short'
    assert type(bounded(HostileStr('plain'))) is str  # its own __len__ would raise
    assert bounded('abcdefghij', 7) == 'ab...ij'
