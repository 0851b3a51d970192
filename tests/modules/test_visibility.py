"""Module boundaries: a provider may only depend on what its module sees, checked by ``create()``."""

from typing import Annotated, Any, TypeVar

import pytest
from dishka import FromComponent
from dishka.exceptions import GraphMissingFactoryError
from typing_extensions import override

from denpo import (
    Application,
    ApplicationFactory,
    DependencyNotAccessibleError,
    DependencyResolutionError,
    DynamicModule,
    module,
)
from denpo.di import AsyncContainer, Provider, Scope, contextual, scoped, singleton
from denpo.messaging import MessagingExtension, RequestHandler
from tests.conftest import PlaceOrder, messaging_app, named

T = TypeVar('T')


class Clock:
    pass


class Service:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock


class Settings:
    pass


class SettingsReader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings


class ContainerUser:
    def __init__(self, container: AsyncContainer) -> None:
        self.container = container


class NeedsInts:
    def __init__(self, numbers: list[int]) -> None:
        self.numbers = numbers


class ClockedHandler(RequestHandler[PlaceOrder, str]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        return 'unreachable'


class NamedClockUser:
    def __init__(self, clock: Annotated[Clock, FromComponent('clocks')]) -> None:
        self.clock = clock


@module(providers=[singleton(Clock)], exports=[Clock])
class ClockModule:
    pass


@module(providers=[singleton(Clock)])
class PrivateClockModule:
    pass


@module(providers=[singleton(Clock)], exports=[Clock], is_global=True)
class GlobalClockModule:
    pass


@module(imports=[ClockModule], exports=[ClockModule])
class FacadeModule:
    """Re-exports ClockModule."""


def app_with(
    *imports: Any, providers: tuple[Provider, ...] = (), context: dict[Any, Any] | None = None
) -> Application:
    """Create an application whose root provides ``providers`` and imports ``imports``."""

    @module(providers=providers, imports=imports)
    class Root:
        pass

    return ApplicationFactory(Root, context=context).create()


async def resolve(app: Application, target: type[T]) -> T:
    """Build ``target`` in a REQUEST scope: proof that the check let through what dishka can build."""
    async with app, app.container() as container:
        return await container.get(target)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ('imports', 'providers', 'target'),
    [
        pytest.param((), (singleton(Clock), scoped(Service)), Service, id='own-providers'),
        pytest.param((ClockModule,), (scoped(Service),), Service, id='export-of-an-import'),
        pytest.param((GlobalClockModule,), (), Clock, id='global-export-without-import'),
        pytest.param((FacadeModule,), (scoped(Service),), Service, id='re-exported-module'),
        pytest.param(
            (DynamicModule(parent_module=FacadeModule, exports=[DynamicModule(parent_module=ClockModule)]),),
            (scoped(Service),),
            Service,
            id='re-exported-dynamic-module',
        ),
        pytest.param((), (scoped(ContainerUser),), ContainerUser, id='the-container'),
    ],
)
async def test_visible_dependencies_are_accepted(
    imports: tuple[Any, ...], providers: tuple[Provider, ...], target: type[Any]
) -> None:
    assert isinstance(await resolve(app_with(*imports, providers=providers), target), target)


@pytest.mark.anyio
async def test_a_global_export_is_visible_in_a_module_that_does_not_import_it() -> None:
    @module(providers=[scoped(Service)], exports=[Service])
    class Services:
        pass

    service = await resolve(app_with(GlobalClockModule, Services), Service)
    assert isinstance(service.clock, Clock)


@pytest.mark.anyio
async def test_context_values_are_visible_everywhere() -> None:
    @module(providers=[contextual(Settings, scope=Scope.APP)])
    class SettingsModule:
        pass

    @module(providers=[scoped(SettingsReader)], exports=[SettingsReader])
    class Readers:
        pass

    settings = Settings()
    reader = await resolve(app_with(SettingsModule, Readers, context={Settings: settings}), SettingsReader)
    assert reader.settings is settings


@pytest.mark.anyio
async def test_factory_context_keys_are_visible() -> None:
    provider = Provider(scope=Scope.APP)
    provider.from_context(Settings)
    settings = Settings()
    app = app_with(providers=(provider, scoped(SettingsReader)), context={Settings: settings})
    assert (await resolve(app, SettingsReader)).settings is settings


def test_dependency_provided_but_not_exported() -> None:
    @module(imports=[PrivateClockModule], providers=[scoped(Service)])
    class Services:
        pass

    message = (
        rf'{named(Service)} in module {named(Services)} depends on {named(Clock)}, which '
        rf'{named(Services)} cannot see: it is provided by {named(PrivateClockModule)}\. '
        rf'Hint: export {named(Clock)} from {named(PrivateClockModule)} and import that module into '
        rf'{named(Services)}, or make the providing module global \(is_global=True\)'
    )
    with pytest.raises(DependencyNotAccessibleError, match=message) as caught:
        app_with(Services)
    assert caught.value.owners == (f'{__name__}.PrivateClockModule',)


def test_dependency_exported_by_a_module_that_is_not_imported() -> None:
    @module(providers=[scoped(Service)])
    class Services:
        pass

    with pytest.raises(DependencyNotAccessibleError, match=rf'it is provided by {named(ClockModule)}\.'):
        app_with(ClockModule, Services)


def test_plain_class_that_no_module_provides() -> None:
    message = (
        rf'{named(Service)} in module .*Root depends on {named(Clock)}, but no module provides it\. '
        rf'Hint: add a provider for {named(Clock)}'
    )
    with pytest.raises(DependencyNotAccessibleError, match=message) as caught:
        app_with(providers=(scoped(Service),))
    assert caught.value.owners == ()


def test_a_handler_is_checked_in_the_module_that_binds_it() -> None:
    @module(extensions=[MessagingExtension().bind_request(PlaceOrder, ClockedHandler)])
    class HandlerModule:
        pass

    message = (
        rf'{named(ClockedHandler)} in module {named(HandlerModule)} depends on {named(Clock)}, '
        r'but no module provides it'
    )
    with pytest.raises(DependencyNotAccessibleError, match=message) as caught:
        messaging_app(HandlerModule)
    assert 'Hint:' in str(caught.value)


def test_a_missing_generic_dependency_is_left_to_dishka_and_reworded() -> None:
    message = rf'{named(NeedsInts)} in module .*Root depends on list\[int\], but no provider builds it'
    with pytest.raises(DependencyResolutionError, match=message) as caught:
        app_with(providers=(scoped(NeedsInts),))
    assert isinstance(caught.value.__cause__, GraphMissingFactoryError)


@pytest.mark.anyio
async def test_dependencies_from_named_components_are_left_to_dishka() -> None:
    clocks = Provider(scope=Scope.APP, component='clocks')
    clocks.provide(Clock)
    user = await resolve(app_with(providers=(clocks, scoped(NamedClockUser))), NamedClockUser)
    assert isinstance(user.clock, Clock)
