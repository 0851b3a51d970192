"""``app.overridden(...)`` / ``denpo.testing.override(...)``: every holder of the container sees the layer."""

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import anyio
import pytest

from denpo import Application, ApplicationFactory, module
from denpo.di import Provider, Scope, contextual, scoped, singleton
from denpo.exceptions import ApplicationError
from denpo.testing import create_test_app, override


class Repository:
    name = 'real'


class FakeRepository(Repository):
    name = 'fake'


class OtherFake(Repository):
    name = 'other'


class Settings:
    def __init__(self, name: str) -> None:
        self.name = name


class Greeter:
    def __init__(self, settings: Settings, repository: Repository) -> None:
        self.text = f'{settings.name}/{repository.name}'


@module(providers=[singleton(Repository), contextual(Settings, scope=Scope.APP), scoped(Greeter)])
class ServicesModule:
    pass


@pytest.mark.anyio
async def test_a_container_captured_before_the_block_resolves_the_override() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    captured = app.container  # what a web framework keeps from set-up time
    async with app:
        before = await captured.get(Repository)
        async with app.overridden(singleton(Repository, FakeRepository)):
            assert isinstance(await captured.get(Repository), FakeRepository)
            async with captured() as scope:
                assert (await scope.get(Greeter)).text == 'prod/fake'
        assert await captured.get(Repository) is before  # the original singleton, kept
        assert app.container is captured


@pytest.mark.anyio
async def test_a_scope_opened_before_the_block_resolves_app_dependencies_from_the_override() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app, app.container() as scope:
        async with override(app, singleton(Repository, FakeRepository)):
            assert isinstance(await scope.get(Repository), FakeRepository)
        assert type(await scope.get(Repository)) is Repository


@pytest.mark.anyio
async def test_context_values_are_overridden_for_the_block() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        async with override(app.container, context={Settings: Settings('test')}), app.container() as scope:
            assert (await scope.get(Greeter)).text == 'test/real'
        async with app.container() as scope:
            assert (await scope.get(Greeter)).text == 'prod/real'


@pytest.mark.anyio
async def test_blocks_nest_each_over_the_previous_one() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app, app.overridden(singleton(Repository, FakeRepository)):
        async with app.overridden(context={Settings: Settings('inner')}), app.container() as scope:
            assert (await scope.get(Greeter)).text == 'inner/fake'  # the outer provider still holds
        async with app.overridden(singleton(Repository, OtherFake)), app.container() as scope:
            assert (await scope.get(Greeter)).text == 'prod/other'
        async with app.container() as scope:
            assert (await scope.get(Greeter)).text == 'prod/fake'


@pytest.mark.anyio
async def test_a_test_apps_own_providers_stay_under_an_override() -> None:
    app = create_test_app(
        ServicesModule, providers=[singleton(Repository, FakeRepository)], context={Settings: Settings('t')}
    )
    async with app, override(app, context={Settings: Settings('block')}), app.container() as scope:
        assert (await scope.get(Greeter)).text == 'block/fake'


class Connection:
    def __init__(self, log: list[str], name: str) -> None:
        self.log = log
        self.name = name


def connection_provider(log: list[str], name: str) -> Provider:
    async def connect() -> AsyncIterator[Connection]:
        log.append(f'{name} opened')
        yield Connection(log, name)
        log.append(f'{name} closed')

    provider = Provider(scope=Scope.APP)
    provider.provide(connect, provides=Connection)
    return provider


@pytest.mark.anyio
async def test_what_the_block_built_is_finalized_at_its_exit_and_the_originals_at_the_apps() -> None:
    log: list[str] = []

    @module(providers=[connection_provider(log, 'real')])
    class Database:
        pass

    app = ApplicationFactory(Database).create()
    async with app:
        await app.container.get(Connection)
        async with app.overridden(connection_provider(log, 'fake')):
            assert (await app.container.get(Connection)).name == 'fake'
        assert log == ['real opened', 'fake opened', 'fake closed']
    assert log == ['real opened', 'fake opened', 'fake closed', 'real closed']


@pytest.mark.anyio
async def test_an_application_that_stops_inside_the_block_closes_its_own_container_too() -> None:
    log: list[str] = []

    @module(providers=[connection_provider(log, 'real')])
    class Database:
        pass

    app = ApplicationFactory(Database).create()
    await app.__aenter__()
    await app.container.get(Connection)
    async with app.overridden(connection_provider(log, 'fake')):
        await app.container.get(Connection)
        await app.__aexit__(None, None, None)
        assert log == ['real opened', 'fake opened', 'fake closed']
    assert log == ['real opened', 'fake opened', 'fake closed', 'real closed']


@pytest.mark.anyio
async def test_a_cancelled_block_still_puts_the_originals_back() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        with anyio.move_on_after(0.01):
            async with app.overridden(singleton(Repository, FakeRepository)):
                await anyio.sleep(10)
        assert type(await app.container.get(Repository)) is Repository


@pytest.mark.anyio
async def test_a_scope_left_open_by_the_block_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        scope = app.container()
        async with app.overridden(singleton(Repository, FakeRepository)):
            await scope.__aenter__()
        await scope.__aexit__(None, None, None)
    [record] = [record for record in caplog.records if record.name == 'denpo']
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith(
        '1 scope(s) opened inside an override block of the application of '
        'tests.test_overrides.ServicesModule are still open at its exit: '
        'from now on they resolve the original providers'
    )


@pytest.mark.anyio
async def test_overlapping_blocks_say_so_and_leave_nothing_behind() -> None:
    # Two tests sharing one app from two tasks: A enters, B enters, A exits first.
    log: list[str] = []
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        first = app.overridden(singleton(Repository, FakeRepository), connection_provider(log, 'first'))
        second = app.overridden(singleton(Repository, OtherFake))
        await first.__aenter__()
        await app.container.get(Connection)
        await second.__aenter__()
        message = (
            r'^Override blocks of one application exited out of order: this one is undone, but the blocks '
            r'entered after it keep its providers until they exit\. Hint: nest them, each inside the '
            r'previous one, in one task\.$'
        )
        with pytest.raises(ApplicationError, match=message):
            await first.__aexit__(None, None, None)
        assert log == ['first opened', 'first closed']  # the first block's resources, released
        assert isinstance(await app.container.get(Repository), OtherFake)  # the second is still in force
        await second.__aexit__(None, None, None)
        assert type(await app.container.get(Repository)) is Repository  # once both ended: the originals
        with pytest.raises(ApplicationError, match=r'is not entered \(or has exited already\)\. Hint:'):
            await first.__aexit__(None, None, None)


@pytest.mark.anyio
async def test_a_block_is_entered_once() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        block = app.overridden(singleton(Repository, FakeRepository))
        async with block:
            with pytest.raises(
                ApplicationError, match=r'entered already\. Hint: call override\(\.\.\.\) again'
            ):
                await block.__aenter__()


@pytest.mark.anyio
async def test_a_stopped_application_is_not_overridden() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    async with app:
        pass
    with pytest.raises(ApplicationError, match=r'has stopped: cannot override its providers\. Hint:'):
        async with app.overridden(singleton(Repository, FakeRepository)):
            pass  # pragma: no cover - never entered


def test_a_sync_with_gets_the_hint_to_write_async_with() -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    with (
        pytest.raises(
            TypeError, match=r'is an async context manager\. Hint: write `async with override\(\.\.\.\):`'
        ),
        cast('Any', override(app, singleton(Repository, FakeRepository))),  # a sync `with`, on purpose
    ):
        pass  # pragma: no cover - never entered


def override_a_class(app: Application) -> object:
    return app.overridden(cast('Any', Repository))


def override_with_a_context_list(app: Application) -> object:
    return override(app, context=cast('Any', [Settings('x')]))


def override_with_a_string_key(app: Application) -> object:
    return override(app.container, context={'settings': 1})


@pytest.mark.parametrize(
    ('call', 'message'),
    [
        pytest.param(
            override_a_class,
            r'app\.overridden\(\.\.\.\): expects dishka providers, '
            r'got tests\.test_overrides\.Repository\. Hint:',
            id='a-class',
        ),
        pytest.param(
            override_with_a_context_list,
            r'app\.overridden\(\.\.\.\): context= expects a mapping of types to values',
            id='context-a-list',
        ),
        pytest.param(override_with_a_string_key, r'context= keys must be types', id='context-key-a-string'),
    ],
)
def test_wrong_arguments_are_refused_at_the_call(call: Callable[[Application], object], message: str) -> None:
    app = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')}).create()
    with pytest.raises(TypeError, match=message):
        call(app)


@pytest.mark.anyio
async def test_the_factory_takes_overrides_that_stay_under_every_block() -> None:
    factory = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')})
    app = factory.create(overrides=[singleton(Repository, FakeRepository)])
    async with app, app.container() as scope:
        assert (await scope.get(Greeter)).text == 'prod/fake'
        async with app.overridden(context={Settings: Settings('block')}), app.container() as inner:
            assert (await inner.get(Greeter)).text == 'block/fake'


def test_the_factory_refuses_overrides_that_are_not_providers() -> None:
    factory = ApplicationFactory(ServicesModule, context={Settings: Settings('prod')})
    message = (
        r'ApplicationFactory\(\.\.\.\)\.create\(\.\.\.\): overrides= expects dishka providers, got '
        r'tests\.test_overrides\.FakeRepository\. Hint: build them with denpo\.di'
    )
    with pytest.raises(TypeError, match=message):
        factory.create(overrides=[cast('Any', FakeRepository)])
