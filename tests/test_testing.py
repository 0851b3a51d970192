from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from typing_extensions import override as override_

from denpo import ApplicationFactory, module
from denpo.di import object_, scoped, singleton
from denpo.exceptions import ApplicationError
from denpo.messaging import (
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IPublisher,
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)
from denpo.testing import EventRecorder, create_test_app, override
from tests.conftest import Unheard


class Repository:
    name = 'real'


class FakeRepository(Repository):
    name = 'fake'


@dataclass(frozen=True)
class Ping(IEvent):
    source: str


@dataclass(frozen=True)
class Save(IRequest[str]):
    pass


class SaveHandler(RequestHandler[Save, str]):
    def __init__(self, repository: Repository, publisher: IPublisher) -> None:
        self._repository = repository
        self._publisher = publisher

    @override_
    async def handle(self, request: Save, /) -> str:
        await self._publisher.publish(Ping(self._repository.name))
        await self._publisher.publish(Unheard())
        return self._repository.name


class PingHandler(EventHandler[Ping]):
    seen: list[str] = []  # noqa: RUF012  # a class-level log is the simplest probe here

    @override_
    async def handle(self, event: Ping, /) -> None:
        PingHandler.seen.append(event.source)


@module(
    providers=[scoped(Repository)],
    extensions=[MessagingExtension().bind_request(Save, SaveHandler).bind_event(Ping, [PingHandler])],
)
class FeatureModule:
    pass


@pytest.mark.anyio
async def test_create_test_app_imports_messaging_and_replaces_providers() -> None:
    app = create_test_app(FeatureModule, providers=[scoped(Repository, FakeRepository)])
    assert app.registry.get(MessagingModule) is not None
    async with app, app.container() as container:
        sender = await container.get(ISender)
        assert await sender.invoke(Save()) == 'fake'


@pytest.mark.anyio
async def test_event_recorder_captures_nested_publishes_in_order() -> None:
    recorder = EventRecorder()
    app = create_test_app(FeatureModule, record_events=recorder)
    async with app, app.container() as container:
        sender = await container.get(ISender)
        await sender.invoke(Save())
    assert recorder.events == [Ping('real'), Unheard()]
    assert recorder.of_type(Ping) == [Ping('real')]
    recorder.clear()
    assert recorder.events == []


@pytest.mark.anyio
async def test_recorder_still_delivers_events() -> None:
    PingHandler.seen.clear()
    app = create_test_app(FeatureModule, record_events=EventRecorder())
    async with app, app.container() as container:
        await (await container.get(ISender)).invoke(Save())
    assert PingHandler.seen == ['real']


@pytest.mark.anyio
async def test_recorder_does_not_record_what_the_bus_refuses() -> None:
    recorder = EventRecorder()
    app = create_test_app(FeatureModule, record_events=recorder)
    async with app, app.container() as container:
        publisher: IPublisher = await container.get(IPublisher)
        with pytest.raises(TypeError, match='publish'):
            await publisher.publish(Save())  # type: ignore[denpo-wrong-message]  # pyright: ignore[reportArgumentType]  # the wrong kind on purpose
    assert recorder.events == []


@pytest.mark.anyio
async def test_override_swaps_providers_for_the_block_only() -> None:
    real = Repository()

    @module(imports=[MessagingModule.register(), FeatureModule], providers=[])
    class AppModule:
        pass

    app = ApplicationFactory(AppModule).create()
    async with app:
        async with override(app, object_(FakeRepository(), provided_type=Repository)) as container:
            assert container is app.container
            async with app.container() as scope:
                assert (await scope.get(Repository)).name == 'fake'
        async with app.container() as scope:
            assert (await scope.get(Repository)).name == real.name


@pytest.mark.anyio
async def test_override_replaces_singletons_too() -> None:
    @module(providers=[singleton(Repository)])
    class ServicesModule:
        pass

    app = ApplicationFactory(ServicesModule).create()
    async with app:
        async with override(app, singleton(Repository, FakeRepository)):
            assert isinstance(await app.container.get(Repository), FakeRepository)
        assert type(await app.container.get(Repository)) is Repository


@pytest.mark.anyio
async def test_override_accepts_the_root_container_and_nests() -> None:
    @module(providers=[singleton(Repository)])
    class ServicesModule:
        pass

    class OtherFake(Repository):
        name = 'other'

    app = ApplicationFactory(ServicesModule).create()
    async with app:
        original = app.container
        async with override(app.container, singleton(Repository, FakeRepository)):
            assert isinstance(await app.container.get(Repository), FakeRepository)
            async with override(app.container, singleton(Repository, OtherFake)):
                assert isinstance(await app.container.get(Repository), OtherFake)
            assert isinstance(await app.container.get(Repository), FakeRepository)
        assert app.container is original
        assert type(await app.container.get(Repository)) is Repository


@pytest.mark.anyio
async def test_override_refuses_a_container_no_application_owns() -> None:
    app = create_test_app(FeatureModule)
    async with app, app.container() as scope:
        with pytest.raises(TypeError, match=r'override\(\) needs a denpo Application or its root container'):
            async with override(scope, singleton(Repository, FakeRepository)):
                pass  # pragma: no cover - never entered


@pytest.mark.parametrize(
    'imports',
    [
        pytest.param(lambda: [MessagingModule.register()], id='registered-with-no-config'),
        pytest.param(
            lambda: [MessagingModule.register(MessagingConfig(event_publisher=GroupEventPublisher))],
            id='configured',
        ),
        pytest.param(
            lambda: [module(imports=[MessagingModule.register()])(type('Wrapper', (), {}))],
            id='through-another-module',
        ),
    ],
)
@pytest.mark.anyio
async def test_create_test_app_adds_no_bus_when_the_imports_bring_one(
    imports: Callable[[], list[Any]],
) -> None:
    app = create_test_app(FeatureModule, imports=imports())
    assert [item.target for item in app.registry.modules].count(MessagingModule) == 1
    async with app, app.container() as scope:
        assert await (await scope.get(ISender)).invoke(Save()) == 'real'


@pytest.mark.anyio
async def test_create_test_app_uses_the_configuration_the_imports_give() -> None:
    app = create_test_app(
        FeatureModule,
        imports=[MessagingModule.register(MessagingConfig(event_publisher=GroupEventPublisher))],
    )
    async with app, app.container() as scope:
        assert type(await scope.get(EventPublisher)) is GroupEventPublisher


@module(
    imports=[MessagingModule.register()], extensions=[MessagingExtension().bind_request(Save, SaveHandler)]
)
class BusModule:
    pass


@pytest.mark.parametrize(
    ('root', 'imports', 'source'),
    [
        pytest.param(
            FeatureModule,
            [MessagingModule.register()],
            'imports= holds a MessagingModule already',
            id='imports',
        ),
        pytest.param(
            BusModule,
            [],
            r'tests\.test_testing\.BusModule \(the root module\) imports MessagingModule already',
            id='root',
        ),
    ],
)
def test_create_test_app_refuses_a_messaging_config_that_would_be_ignored(
    root: type[Any], imports: list[Any], source: str
) -> None:
    message = (
        rf'^create_test_app\(\.\.\.\): messaging= is given, but {source}, and its configuration is the '
        r'one in force\. Hint: pass the MessagingConfig to that MessagingModule\.register\(\.\.\.\) call, '
        r'or leave messaging= out\.$'
    )
    with pytest.raises(ApplicationError, match=message):
        create_test_app(root, imports=imports, messaging=MessagingConfig())


@pytest.mark.anyio
async def test_create_test_app_without_a_root_module_builds_what_it_is_given() -> None:
    app = create_test_app(providers=[singleton(Repository, FakeRepository)], imports=[FeatureModule])
    async with app, app.container() as scope:
        assert await (await scope.get(ISender)).invoke(Save()) == 'fake'


class InitHook:
    async def on_module_init(self, module: object, /) -> None: ...


@pytest.mark.parametrize(
    ('arguments', 'message'),
    [
        pytest.param(
            {'extensions': [42]},
            r'^create_test_app\(\.\.\.\): extensions= got 42, which implements none of OnModuleConfigure, ',
            id='extensions',
        ),
        pytest.param(
            {'app_extensions': [InitHook()]},
            r'^create_test_app\(\.\.\.\): app_extensions= got <.*InitHook object at .*>, which implements '
            r'OnModuleInit, a hook that does not run here',
            id='app-extensions',
        ),
    ],
)
def test_create_test_app_names_its_own_extension_arguments(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        create_test_app(FeatureModule, **arguments)
