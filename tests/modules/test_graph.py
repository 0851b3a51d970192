"""The module graph: every module once, dependencies first, cycles and misuse named."""

from typing import Any, cast

import pytest

from denpo import (
    ApplicationFactory,
    DuplicateModuleError,
    DynamicModule,
    InvalidModuleError,
    ModuleImportCycleError,
    module,
)
from denpo.di import Provider, singleton
from denpo.messaging import MessagingConfig, MessagingModule
from denpo.modules import Module, ModuleRegistry, build_module_registry, get_module_metadata
from tests.conftest import named


def targets(registry: ModuleRegistry) -> list[type[Any]]:
    return [item.target for item in registry]


class Clock:
    pass


class Mailer:
    pass


class Repository:
    pass


class NotAModule:
    pass


# --- a diamond: Root imports Left and Right, both import Shared -------------------------


@module(providers=[singleton(Clock)], exports=[Clock])
class SharedModule:
    pass


@module(imports=[SharedModule])
class LeftModule:
    pass


@module(imports=[SharedModule])
class RightModule:
    pass


@module(imports=[LeftModule, RightModule, SharedModule])
class DiamondRoot:
    pass


def test_diamond_imports_appear_once_in_topological_order() -> None:
    registry = build_module_registry(DiamondRoot)
    assert targets(registry) == [SharedModule, LeftModule, RightModule, DiamondRoot]
    assert registry.root.target is DiamondRoot
    assert len(registry.providers) == 1  # SharedModule's provider, counted once


def test_every_module_comes_after_its_imports() -> None:
    registry = build_module_registry(DiamondRoot)
    position = {item.target: index for index, item in enumerate(registry)}
    for item in registry:
        for imported in item.imports:
            assert position[imported.target] < position[item.target]


def test_modules_are_resolved_objects() -> None:
    registry = build_module_registry(DiamondRoot)
    shared = registry.get(SharedModule)
    left = registry.get(LeftModule)
    assert isinstance(shared, Module)
    assert left is not None
    assert left.imports == (shared,)
    assert shared.exports == (Clock,)
    assert shared.name == f'{__name__}.SharedModule'
    assert repr(shared) == f'Module({__name__}.SharedModule)'
    assert registry.get(NotAModule) is None


def test_import_order_decides_between_independent_modules() -> None:
    @module(imports=[RightModule, LeftModule])
    class RightFirst:
        pass

    assert targets(build_module_registry(RightFirst)) == [SharedModule, RightModule, LeftModule, RightFirst]


def test_a_module_imported_twice_by_one_module_is_listed_once() -> None:
    @module(imports=[SharedModule, SharedModule])
    class Twice:
        pass

    registry = build_module_registry(Twice)
    assert targets(registry) == [SharedModule, Twice]
    assert [item.target for item in registry.root.imports] == [SharedModule]


# --- cycles --------------------------------------------------------------------------------


@module()
class FirstInCycle:
    pass


@module(imports=[FirstInCycle])
class SecondInCycle:
    pass


def test_import_cycle_is_an_error_that_names_the_cycle() -> None:
    # A dynamic form of FirstInCycle imports SecondInCycle, which imports FirstInCycle.
    closing = DynamicModule(parent_module=FirstInCycle, imports=[SecondInCycle])

    @module(imports=[closing])
    class CycleRoot:
        pass

    message = (
        rf'Module imports form a cycle: {named(FirstInCycle)} -> {named(SecondInCycle)} -> '
        rf'{named(FirstInCycle)}\. Hint: move what both modules need into a third module'
    )
    with pytest.raises(ModuleImportCycleError, match=message) as caught:
        build_module_registry(CycleRoot)
    assert caught.value.cycle == (
        f'{__name__}.FirstInCycle',
        f'{__name__}.SecondInCycle',
        f'{__name__}.FirstInCycle',
    )


def test_a_module_importing_itself_is_a_cycle() -> None:
    @module()
    class Narcissus:
        pass

    message = (
        rf'^Module {named(Narcissus)} imports itself\. Hint: remove it from its own imports=\[\.\.\.\]\.$'
    )
    with pytest.raises(ModuleImportCycleError, match=message) as caught:
        build_module_registry(DynamicModule(parent_module=Narcissus, imports=[Narcissus]))
    assert caught.value.cycle == (f'{Narcissus.__module__}.{Narcissus.__qualname__}',) * 2


# --- what is not a module ------------------------------------------------------------------


@pytest.mark.parametrize(
    ('imported', 'shown'),
    [
        pytest.param(NotAModule, named(NotAModule), id='plain-class'),
        pytest.param(SharedModule(), r'<.*SharedModule object at .*>', id='module-instance'),
        pytest.param('SharedModule', r"'SharedModule'", id='string'),
    ],
)
def test_importing_something_that_is_not_a_module_is_an_error(imported: object, shown: str) -> None:
    class Importer:
        pass

    message = (
        rf'{shown} imported by {named(Importer)} is not a module\. '
        r'Hint: decorate the class with @module\(\.\.\.\)'
    )
    with pytest.raises(InvalidModuleError, match=message):  # refused when @module() runs
        module(imports=[cast('Any', imported)])(Importer)


def test_an_import_added_after_decoration_is_checked_when_the_graph_is_built() -> None:
    @module()
    class Importer:
        pass

    metadata = get_module_metadata(Importer)
    assert metadata is not None
    metadata.imports.append(NotAModule)  # as an OnModuleConfigure extension may
    message = rf'{named(NotAModule)} imported by {named(Importer)} is not a module'
    with pytest.raises(InvalidModuleError, match=message):
        build_module_registry(Importer)


def test_a_plain_root_is_an_error() -> None:
    message = (
        rf'{named(NotAModule)} imported by the application is not a module\. '
        r'Hint: decorate the class with @module\(\.\.\.\)'
    )
    with pytest.raises(InvalidModuleError, match=message):
        ApplicationFactory(NotAModule).create()


def test_dynamic_module_of_a_plain_class_is_an_error() -> None:
    message = (
        rf'DynamicModule\(parent_module={named(NotAModule)}\): '
        r'the parent is not a module\. Hint: decorate it with @module\(\)'
    )
    with pytest.raises(InvalidModuleError, match=message):  # refused when it is built
        DynamicModule(parent_module=NotAModule)


def test_importing_a_subclass_of_a_module_is_an_error() -> None:
    class NotDecorated(SharedModule):
        pass

    with pytest.raises(InvalidModuleError, match=rf'{named(NotDecorated)} imported by .* is not a module'):

        @module(imports=[NotDecorated])
        class Importer:
            pass


# --- dynamic modules -----------------------------------------------------------------------


@module(providers=[singleton(Mailer)], exports=[Mailer])
class MailModule:
    @staticmethod
    def register(*providers: Provider) -> DynamicModule:
        return DynamicModule(
            parent_module=MailModule,
            providers=providers,
            imports=[SharedModule],
            exports=[Repository],
            is_global=True,
        )


def test_dynamic_module_is_merged_with_its_parent() -> None:
    extra = singleton(Repository)
    dynamic = MailModule.register(extra)

    @module(imports=[dynamic])
    class Root:
        pass

    registry = build_module_registry(Root)
    assert targets(registry) == [SharedModule, MailModule, Root]
    mail = registry.get(MailModule)
    assert mail is not None
    assert mail.providers[1] is extra
    assert len(mail.providers) == 2
    assert mail.exports == (Mailer, Repository)
    assert [item.target for item in mail.imports] == [SharedModule]
    assert mail.is_global


def test_dynamic_module_may_be_the_root() -> None:
    registry = build_module_registry(MailModule.register())
    assert registry.root.target is MailModule
    assert targets(registry) == [SharedModule, MailModule]


def test_one_dynamic_module_object_may_be_imported_from_several_modules() -> None:
    dynamic = MailModule.register()

    @module(imports=[dynamic])
    class Users:
        pass

    @module(imports=[dynamic, Users, MailModule])
    class Root:
        pass

    registry = build_module_registry(Root)
    assert targets(registry) == [SharedModule, MailModule, Users, Root]


def test_two_configurations_of_one_module_are_an_error() -> None:
    @module(imports=[MessagingModule.register(MessagingConfig())])
    class Orders:
        pass

    @module(imports=[MessagingModule.register(MessagingConfig()), Orders])
    class Root:
        pass

    message = (
        rf'{named(MessagingModule)} is imported in two different configurations\. '
        r'Hint: call its register\(\.\.\.\) once, keep the result in a variable'
    )
    with pytest.raises(DuplicateModuleError, match=message):
        ApplicationFactory(Root).create()
