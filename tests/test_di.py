"""``denpo.di``: the provider shortcuts, each with the lifetime it promises."""

from collections.abc import Sequence
from typing import Protocol

import dishka
import pytest
from dishka.exceptions import NoFactoryError

from denpo import ApplicationFactory, module
from denpo.di import AsyncContainer, Provider, Scope, contextual, many, object_, scoped, singleton, transient

pytestmark = pytest.mark.anyio


class Clock:
    pass


class Repository(Protocol):
    def name(self) -> str: ...


class SqlRepository:
    def name(self) -> str:
        return 'sql'


class Config:
    def __init__(self, url: str) -> None:
        self.url = url


def make_config() -> Config:
    return Config('sqlite://')


class UnitOfWork:
    pass


class Token:
    pass


class TwoTokens:
    def __init__(self, first: Token, second: Token) -> None:
        self.first = first
        self.second = second


class RequestInfo:
    def __init__(self, path: str) -> None:
        self.path = path


class Tenant:
    def __init__(self, name: str) -> None:
        self.name = name


class Plugin(Protocol):
    def run(self) -> str: ...


class Alpha:
    def run(self) -> str:
        return 'alpha'


class Beta:
    def run(self) -> str:
        return 'beta'


class PluginHost:
    def __init__(self, plugins: Sequence[Plugin]) -> None:
        self.plugins = plugins


class PluginList:
    def __init__(self, plugins: list[Plugin]) -> None:
        self.plugins = plugins


SETTINGS = {'debug': True}


@module(
    providers=[
        singleton(Clock),
        singleton(Repository, SqlRepository),
        singleton(make_config),
        scoped(UnitOfWork),
        transient(Token),
        scoped(TwoTokens),
        contextual(RequestInfo),
        contextual(Tenant, scope=Scope.APP),
        object_(SETTINGS),
        many(Plugin, Alpha, Beta),
        scoped(PluginHost),
        scoped(PluginList),
    ],
)
class DiModule:
    pass


def make_app() -> ApplicationFactory:
    return ApplicationFactory(DiModule, context={Tenant: Tenant('acme')})


async def test_singleton_is_one_instance_across_scopes() -> None:
    app = make_app().create()
    async with app:
        clock = await app.container.get(Clock)
        async with app.container(context={RequestInfo: RequestInfo('/')}) as first:
            assert await first.get(Clock) is clock
        async with app.container(context={RequestInfo: RequestInfo('/')}) as second:
            assert await second.get(Clock) is clock


async def test_singleton_of_an_interface_and_of_a_factory() -> None:
    app = make_app().create()
    async with app:
        repository = await app.container.get(Repository)
        assert isinstance(repository, SqlRepository)
        assert await app.container.get(Repository) is repository
        config = await app.container.get(Config)
        assert config.url == 'sqlite://'


async def test_scoped_is_one_instance_per_scope() -> None:
    app = make_app().create()
    async with app:
        async with app.container(context={RequestInfo: RequestInfo('/')}) as first:
            unit = await first.get(UnitOfWork)
            assert await first.get(UnitOfWork) is unit
        async with app.container(context={RequestInfo: RequestInfo('/')}) as second:
            assert await second.get(UnitOfWork) is not unit


async def test_scoped_is_not_available_in_the_app_scope() -> None:
    app = make_app().create()
    async with app:
        with pytest.raises(NoFactoryError):
            await app.container.get(UnitOfWork)


async def test_transient_is_a_new_instance_per_injection() -> None:
    app = make_app().create()
    async with app, app.container(context={RequestInfo: RequestInfo('/')}) as container:
        pair = await container.get(TwoTokens)
        assert isinstance(pair.first, Token)
        assert pair.first is not pair.second
        assert await container.get(Token) is not await container.get(Token)


async def test_object_provides_the_given_instance() -> None:
    app = make_app().create()
    async with app:
        assert await app.container.get(dict) is SETTINGS


async def test_object_with_a_provided_type() -> None:
    clock = Clock()

    @module(providers=[object_(clock, provided_type=Clock)])
    class ObjectModule:
        pass

    app = ApplicationFactory(ObjectModule).create()
    async with app:
        assert await app.container.get(Clock) is clock


async def test_contextual_values_come_from_the_scope_that_is_opened() -> None:
    app = make_app().create()
    first_info = RequestInfo('/orders')
    second_info = RequestInfo('/users')
    async with app:
        tenant = await app.container.get(Tenant)
        assert tenant.name == 'acme'
        async with app.container(context={RequestInfo: first_info}) as first:
            assert await first.get(RequestInfo) is first_info
            assert await first.get(Tenant) is tenant
        async with app.container(context={RequestInfo: second_info}) as second:
            assert await second.get(RequestInfo) is second_info


async def test_many_is_injected_as_a_sequence_and_as_a_list() -> None:
    app = make_app().create()
    async with app, app.container(context={RequestInfo: RequestInfo('/')}) as container:
        host = await container.get(PluginHost)
        assert [plugin.run() for plugin in host.plugins] == ['alpha', 'beta']
        listed = await container.get(PluginList)
        assert isinstance(listed.plugins, list)
        assert [plugin.run() for plugin in listed.plugins] == ['alpha', 'beta']


def test_shortcuts_return_dishka_providers_and_reexport_dishka_names() -> None:
    assert isinstance(singleton(Clock), dishka.Provider)
    assert Provider is dishka.Provider
    assert Scope is dishka.Scope
    assert AsyncContainer is dishka.AsyncContainer
