"""``@module`` and ``DynamicModule``: what they record, when extensions see it, and what they refuse."""

import re
from collections.abc import Callable
from typing import Any, cast

import pytest
from typing_extensions import override

from denpo import InvalidModuleError, Module, ModuleMetadata, module
from denpo.di import Provider, scoped, singleton
from denpo.extensions import OnModuleConfigure
from denpo.messaging import MessagingExtension
from denpo.modules import DynamicModule, get_module_metadata
from tests.conftest import named


class Clock:
    pass


class Calendar:
    pass


class ConfigureRecorder:
    """An ``OnModuleConfigure`` extension: records the metadata it saw and adds a provider."""

    def __init__(self) -> None:
        self.seen: list[ModuleMetadata] = []

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        self.seen.append(metadata)
        metadata.providers.append(singleton(Calendar))


class InitOnly:
    """An extension without ``on_module_configure``: the decorator leaves it alone."""

    def __init__(self) -> None:
        self.calls = 0

    async def on_module_init(self, module: Module, /) -> None:
        self.calls += 1


@module()
class EmptyModule:
    pass


def test_module_returns_the_class_with_its_metadata() -> None:
    clock = singleton(Clock)
    init_only = InitOnly()

    @module(providers=[clock], imports=[EmptyModule], exports=[Clock], extensions=[init_only], is_global=True)
    class ClockModule:
        pass

    metadata = get_module_metadata(ClockModule)
    assert metadata == ModuleMetadata(
        target=ClockModule,
        providers=[clock],
        imports=[EmptyModule],
        exports=[Clock],
        extensions=[init_only],
        is_global=True,
    )
    assert init_only.calls == 0


def test_module_defaults_are_empty_and_not_global() -> None:
    assert get_module_metadata(EmptyModule) == ModuleMetadata(target=EmptyModule)


def test_module_copies_the_argument_lists() -> None:
    providers: list[Provider] = []

    @module(providers=providers)
    class Copying:
        pass

    providers.append(singleton(Clock))
    metadata = get_module_metadata(Copying)
    assert metadata is not None
    assert metadata.providers == []


def test_on_module_configure_runs_at_decoration_time_and_may_add_providers() -> None:
    recorder = ConfigureRecorder()
    clock = singleton(Clock)

    @module(providers=[clock], extensions=[recorder])
    class Configured:
        pass

    metadata = get_module_metadata(Configured)
    assert metadata is not None
    assert recorder.seen == [metadata]
    assert isinstance(recorder, OnModuleConfigure)
    assert metadata.providers[0] is clock
    assert len(metadata.providers) == 2


@pytest.mark.parametrize(
    'target',
    [
        pytest.param(Clock, id='plain-class'),
        pytest.param(EmptyModule(), id='module-instance'),
        pytest.param(DynamicModule(parent_module=EmptyModule), id='dynamic-module'),
        pytest.param('EmptyModule', id='string'),
    ],
)
def test_get_module_metadata_of_a_non_module_is_none(target: object) -> None:
    assert get_module_metadata(target) is None


def test_a_subclass_of_a_module_is_not_a_module_until_decorated() -> None:
    class Derived(EmptyModule):
        pass

    assert get_module_metadata(Derived) is None
    decorated = module(exports=[Clock])(Derived)
    assert decorated is Derived
    metadata = get_module_metadata(Derived)
    assert metadata is not None
    assert metadata.exports == [Clock]


def test_module_applied_twice_is_an_error() -> None:
    message = (
        rf'{re.escape(__name__)}\.test_module_applied_twice_is_an_error\.<locals>\.Twice '
        r'is already a module: '
        r'@module\(\) was applied twice\. Hint: merge both argument lists into a single @module\(\.\.\.\)'
    )
    with pytest.raises(InvalidModuleError, match=message):

        @module(exports=[Clock])
        @module()
        class Twice:
            pass


@pytest.mark.parametrize(
    ('target', 'shown'),
    [
        pytest.param(lambda: None, r'<function .*<lambda> at .*>', id='function'),
        pytest.param(print, r'<built-in function print>', id='builtin-function'),
        pytest.param(EmptyModule(), r'<.*EmptyModule object at .*>', id='instance'),
        pytest.param(None, r'None', id='none'),
    ],
)
def test_module_decorates_classes_only(target: object, shown: str) -> None:
    decorate = module()
    with pytest.raises(
        InvalidModuleError,
        match=rf'@module\(\) decorates classes, got {shown}\. Hint: write `@module\(\.\.\.\)`',
    ):
        decorate(cast('Any', target))


def decorating(**arguments: Any) -> Callable[[], object]:
    """Decorate a fresh class ``Root`` with ``@module(**arguments)`` (the call that must fail)."""
    return lambda: module(**arguments)(type('Root', (), {}))


@pytest.mark.parametrize(
    ('declare', 'message'),
    [
        pytest.param(
            decorating(imports='EmptyModule'),
            r"@module\(\) on .*Root: imports= expects a list, got 'EmptyModule'",
            id='imports-a-string',
        ),
        pytest.param(
            decorating(imports=EmptyModule),
            rf'@module\(\) on .*Root: imports= expects a list, got {named(EmptyModule)}\. '
            r'Hint: write imports=\[EmptyModule\]',
            id='imports-a-module-not-a-list',
        ),
        pytest.param(
            decorating(providers=[Clock]),
            rf'providers= expects dishka providers, got {named(Clock)}\. '
            r'Hint: wrap it with a denpo.di shortcut, for example scoped\(Clock\)',
            id='a-class-in-place-of-a-provider',
        ),
        pytest.param(
            decorating(extensions=[MessagingExtension]),
            r'extensions= expects extension instances, got the class .*MessagingExtension\. '
            r'Hint: write MessagingExtension\(\)',
            id='an-extension-class-in-place-of-an-instance',
        ),
        pytest.param(
            lambda: DynamicModule(parent_module=EmptyModule, providers=cast('Any', scoped(Clock))),
            r'DynamicModule\(parent_module=.*EmptyModule\): providers= expects a list',
            id='dynamic-module-providers-not-a-list',
        ),
    ],
)
def test_arguments_of_the_wrong_shape_are_refused(declare: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidModuleError, match=message) as caught:
        declare()
    assert 'Hint:' in str(caught.value)


class AppInitOnly:
    async def on_app_init(self, app: object, /) -> None: ...


class RaisingMeta(type):
    @override
    def __getattribute__(cls, name: str) -> Any:
        if name in {'__qualname__', '__module__', '__dict__', '__mro__'}:
            raise RuntimeError(name)
        return super().__getattribute__(name)


@pytest.mark.parametrize(
    ('declare', 'message'),
    [
        pytest.param(
            decorating(is_global='yes'),
            r"is_global= expects True or False, got 'yes'\. Hint: write is_global=True",
            id='is-global-a-string',
        ),
        pytest.param(
            decorating(exports=['Clock']),
            r"exports= expects types or modules, got 'Clock'\. Hint: list the provided classes",
            id='export-a-string',
        ),
        pytest.param(
            decorating(extensions=[42, None]),
            r'extensions= got 42, which implements none of OnModuleConfigure, OnModuleRegistration, '
            r'OnModuleInit, OnModuleDestroy, OnApplicationInit, AfterApplicationInit, '
            r'OnApplicationShutdown\. Hint:',
            id='extension-with-no-hook',
        ),
        pytest.param(
            lambda: DynamicModule(parent_module=EmptyModule, is_global=cast('Any', 1)),
            r'DynamicModule\(parent_module=.*EmptyModule\): is_global= expects True or False, got 1',
            id='dynamic-module-is-global-an-int',
        ),
        pytest.param(
            lambda: module()(int),
            r'@module\(\) cannot mark int as a module: it is a built-in or immutable class\. Hint:',
            id='a-builtin-class',
        ),
    ],
)
def test_module_arguments_are_refused_at_decoration(declare: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidModuleError, match=message) as caught:
        declare()
    assert 'Hint:' in str(caught.value)


def test_exports_accept_type_forms_and_modules() -> None:
    exported = [Clock, list[int], DynamicModule(parent_module=EmptyModule)]

    @module(exports=exported)
    class Exporting:
        pass

    metadata = get_module_metadata(Exporting)
    assert metadata is not None
    assert metadata.exports == exported


def test_a_class_whose_metaclass_refuses_attributes_can_be_a_module() -> None:
    class Guarded(metaclass=RaisingMeta):
        pass

    assert module()(Guarded) is Guarded
    metadata = get_module_metadata(Guarded)
    assert metadata is not None
    assert metadata.target is Guarded
