"""Any value, as any argument of any public entry point: success, or a short error with a hint.

The property: given an ordinary or hostile value (a ``__repr__`` that raises or returns 5 MB, an
``__eq__``/``__hash__``/``__bool__``/``__iter__``/``__len__`` that raises, a metaclass that refuses
attribute access, typing forms...), each entry point either accepts it or raises ``TypeError`` or
a ``DenpoError`` whose message has a ``Hint:`` and stays short.
"""

from collections.abc import Callable, Iterator
from typing import Annotated, Any, NewType, cast

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typing_extensions import override

from denpo import ApplicationFactory, DenpoError, module
from denpo.di import contextual, many, object_, scoped, singleton, transient
from denpo.messaging import IMessageBus, MessagingConfig, MessagingExtension, MessagingModule
from denpo.modules import DynamicModule
from denpo.testing import EventRecorder, create_test_app
from denpo.testing import override as override_providers
from tests.conftest import OrdersModule

MESSAGE_LIMIT = 1_000


class ReprRaises:
    @override
    def __repr__(self) -> str:
        raise RuntimeError


class HugeRepr:
    @override
    def __repr__(self) -> str:
        return 'x' * 5_000_000


class EveryDunderRaises:
    @override
    def __eq__(self, other: object) -> bool:
        raise RuntimeError

    @override
    def __hash__(self) -> int:
        raise RuntimeError

    def __bool__(self) -> bool:
        raise RuntimeError

    def __iter__(self) -> Iterator[object]:
        raise RuntimeError

    def __len__(self) -> int:
        raise RuntimeError


class ClassRaises:
    """An instance whose ``__class__`` (which ``isinstance`` reads) raises."""

    @property  # type: ignore[misc]  # hostile on purpose
    @override
    def __class__(self) -> type[Any]:  # pyright: ignore[reportIncompatibleMethodOverride]  # hostile on purpose
        raise RuntimeError


class HostileMeta(type):
    @override
    def __getattribute__(cls, name: str) -> Any:
        if name in {'__qualname__', '__module__', '__name__', '__mro__', '__dict__', '__init__'}:
            raise RuntimeError(name)
        return super().__getattribute__(name)

    @override
    def __repr__(cls) -> str:
        raise RuntimeError


class HostileClass(metaclass=HostileMeta):
    pass


class GetattrRaises:
    """An object whose missing attributes raise something other than ``AttributeError``."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError(name)


class EqRaisingMeta(type):
    """A metaclass whose ``__eq__`` raises: ``x in cls.__mro__`` would call it."""

    @override
    def __eq__(cls, other: object) -> bool:
        raise RuntimeError

    __hash__ = type.__hash__


class EqRaisingClass(metaclass=EqRaisingMeta):
    pass


class HostileStr(str):
    __slots__ = ()

    @override
    def __repr__(self) -> str:
        raise RuntimeError


UserId = NewType('UserId', int)


def a_function() -> None: ...


@module()
class EmptyModule:
    pass


ORDINARY = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=20),
    st.just('y' * 1_000_000),
    st.binary(max_size=20),
    st.sampled_from([int, str, object, type, a_function, lambda: None, print, OrdersModule, UserId]),
    st.sampled_from([list[int], Annotated[int, 'meta'], int | None, Any]),
)
_HOSTILE: tuple[object, ...] = (
    ReprRaises(),
    HugeRepr(),
    EveryDunderRaises(),
    ClassRaises(),
    HostileClass,
    HostileClass(),
    EqRaisingClass,
    GetattrRaises(),
    HostileStr('abc'),
    ReprRaises,
    object(),
)
# Drawn by position: Hypothesis words its strategies with the repr of their elements.
HOSTILE = st.integers(0, len(_HOSTILE) - 1).map(_HOSTILE.__getitem__)
LEAVES = st.one_of(ORDINARY, HOSTILE)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.sampled_from([int, str, UserId]), inner, max_size=2),
    ),
    max_leaves=4,
)


ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    'ApplicationFactory(root)': ApplicationFactory,
    'ApplicationFactory(root).create()': lambda value: ApplicationFactory(value).create(),
    'ApplicationFactory(context=)': lambda value: ApplicationFactory(OrdersModule, context=value),
    'ApplicationFactory(lifespan=)': lambda value: ApplicationFactory(OrdersModule, lifespan=value),
    'ApplicationFactory(extensions=)': lambda value: ApplicationFactory(OrdersModule, extensions=value),
    '@module(providers=)': lambda value: module(providers=value)(type('Root', (), {})),
    '@module(imports=)': lambda value: module(imports=value)(type('Root', (), {})),
    '@module(exports=)': lambda value: module(exports=value)(type('Root', (), {})),
    '@module(extensions=)': lambda value: module(extensions=value)(type('Root', (), {})),
    '@module(is_global=)': lambda value: module(is_global=value)(type('Root', (), {})),
    '@module()(value)': module(),
    'DynamicModule(parent_module=)': lambda value: DynamicModule(parent_module=value),
    'DynamicModule(imports=)': lambda value: DynamicModule(parent_module=OrdersModule, imports=value),
    'DynamicModule(exports=)': lambda value: DynamicModule(parent_module=OrdersModule, exports=value),
    'DynamicModule(is_global=)': lambda value: DynamicModule(parent_module=OrdersModule, is_global=value),
    'MessagingConfig(message_bus_implementation_type=)': lambda value: MessagingConfig(
        message_bus_implementation_type=value
    ),
    'MessagingConfig(event_publisher=)': lambda value: MessagingConfig(event_publisher=value),
    'MessagingConfig(pipeline_behaviors=)': lambda value: MessagingConfig(pipeline_behaviors=value),
    'MessagingConfig(stream_behaviors=)': lambda value: MessagingConfig(stream_behaviors=value),
    'MessagingModule.register()': MessagingModule.register,
    'bind_request(value, ...)': lambda value: MessagingExtension().bind_request(value, value),
    'bind_stream(value, ...)': lambda value: MessagingExtension().bind_stream(value, value),
    'bind_event(value, ...)': lambda value: MessagingExtension().bind_event(value, value),
    'bind_event(..., [value])': lambda value: MessagingExtension().bind_event(value, [value]),
    'singleton()': singleton,
    'scoped()': scoped,
    'transient(int, value)': lambda value: transient(int, value),
    'object_()': object_,
    'object_(provided_type=)': lambda value: object_(1, provided_type=value),
    'contextual()': contextual,
    'many()': lambda value: many(value, value),
    'create_test_app()': create_test_app,
    'create_test_app(providers=)': lambda value: create_test_app(OrdersModule, providers=value),
    'create_test_app(messaging=)': lambda value: create_test_app(EmptyModule, messaging=value),
}


def _check_refusal(error: BaseException) -> None:
    assert isinstance(error, TypeError | DenpoError), f'{type(error).__name__}: {error}'
    text = str(error)
    assert 'Hint:' in text, text
    assert len(text) <= MESSAGE_LIMIT, text[:2_000]


@pytest.mark.parametrize('position', range(len(_HOSTILE)))
@pytest.mark.parametrize('entry', sorted(ENTRY_POINTS))
def test_every_entry_point_on_every_hostile_value(entry: str, position: int) -> None:
    # The same property, exhaustively over the hostile values alone.
    try:
        ENTRY_POINTS[entry](_HOSTILE[position])
    except Exception as error:  # noqa: BLE001  # the property is about whatever is raised
        _check_refusal(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=st.sampled_from(sorted(ENTRY_POINTS)), value=VALUES)
def test_every_entry_point_accepts_or_refuses_with_a_hint(entry: str, value: object) -> None:
    try:
        ENTRY_POINTS[entry](value)
    except Exception as error:  # noqa: BLE001  # the property is about whatever is raised
        _check_refusal(error)


@pytest.mark.parametrize('backend', ['asyncio', 'trio'])
@settings(max_examples=30, deadline=None)
@given(method=st.sampled_from(['invoke', 'publish', 'stream']), value=VALUES)
def test_the_bus_refuses_anything_with_a_hint(backend: str, method: str, value: object) -> None:
    # anyio.run per example: Hypothesis drives plain functions, one event loop each.
    anyio.run(_send, method, value, backend=backend)


@pytest.mark.parametrize('method', ['invoke', 'publish', 'stream'])
@pytest.mark.parametrize('position', range(len(_HOSTILE)))
def test_the_bus_on_every_hostile_value(position: int, method: str) -> None:
    anyio.run(_send, method, _HOSTILE[position])


async def _send(method: str, value: object) -> None:
    app = create_test_app(OrdersModule)
    with anyio.fail_after(5):
        async with app, app.container() as container:
            bus: Any = await container.get(IMessageBus)
            # None of the values is a message of OrdersModule, so each one must be refused.
            with pytest.raises(TypeError) as refused:
                await _call(bus, method, value)
            _check_refusal(refused.value)


async def _call(bus: Any, method: str, value: object) -> None:
    if method == 'stream':
        async for _ in bus.stream(value):
            pass  # pragma: no cover - refused on the first iteration
    else:
        await getattr(bus, method)(value)


@pytest.mark.anyio
async def test_override_refuses_a_stranger_with_a_hint() -> None:
    with anyio.fail_after(5), pytest.raises(TypeError, match='Hint:'):
        async with override_providers(HugeRepr()):  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]  # hostile on purpose
            pass


# --- the rewording of what the entry points raised before they checked -----------------------


class Unannotated:
    def __init__(self, value) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001  # pyright: ignore[reportUnknownParameterType, reportMissingParameterType]  # what dishka cannot read
        self.value = value


class FailingToStringError(Exception):
    @override
    def __str__(self) -> str:
        raise RuntimeError


@pytest.mark.parametrize(
    ('build', 'message'),
    [
        pytest.param(
            lambda: singleton(Unannotated),
            r'Cannot provide .*Unannotated: Failed to analyze .* '
            r'Hint: pass a class whose __init__ parameters',
            id='singleton-unannotated',
        ),
        pytest.param(
            lambda: many(int, cast('Any', int | None)),
            r'Cannot provide int \| None: .* Hint:',
            id='many-a-union',
        ),
    ],
)
def test_the_di_shortcuts_reword_what_dishka_refuses(build: Callable[[], object], message: str) -> None:
    with pytest.raises(TypeError, match=message) as caught:
        build()
    assert caught.value.__cause__ is not None  # dishka's own error stays the cause


def test_an_unreadable_dishka_message_is_named_by_its_class() -> None:
    def refuse() -> int:
        raise FailingToStringError

    with pytest.raises(TypeError, match=r'Cannot provide .*: FailingToStringError\. Hint:'):
        object_(1, provided_type=_Refusing(refuse))


class _Refusing:
    """A provided type whose truth value raises an exception that cannot be printed."""

    def __init__(self, refuse: Callable[[], int]) -> None:
        self._refuse = refuse

    def __bool__(self) -> bool:
        return bool(self._refuse())


@pytest.mark.parametrize(
    ('arguments', 'message'),
    [
        pytest.param(
            {'providers': [int]}, r'providers= expects dishka providers, got int\. Hint:', id='provider'
        ),
        pytest.param(
            {'providers': 'x'}, r"providers= expects a list, got 'x'\. Hint:", id='providers-string'
        ),
        pytest.param({'imports': 'x'}, r"imports= expects a list, got 'x'\. Hint:", id='imports-string'),
        pytest.param(
            {'record_events': []}, r'record_events= expects an EventRecorder, got \[\]\. Hint:', id='recorder'
        ),
    ],
)
def test_create_test_app_refuses_its_own_arguments(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=rf'create_test_app\(\.\.\.\): {message}'):
        create_test_app(OrdersModule, **arguments)


def test_create_test_app_accepts_a_recorder() -> None:
    assert create_test_app(OrdersModule, record_events=EventRecorder()).registry.root is not None


def test_create_test_app_keeps_the_bus_a_root_already_imports() -> None:
    @module(imports=[MessagingModule.register()])
    class WithBus:
        pass

    app = create_test_app(WithBus)
    assert [item.target for item in app.registry.modules].count(MessagingModule) == 1
