"""Modules: imports and exports, a global module, a dynamic module, lifecycle hooks."""

from dataclasses import dataclass

import anyio

from denpo import ApplicationFactory, DynamicModule, Module, module
from denpo.di import object_, scoped, singleton


class Clock:
    def now(self) -> str:
        return '2026-01-01T00:00:00Z'


@dataclass(frozen=True)
class DatabaseSettings:
    url: str


class Database:
    def __init__(self, settings: DatabaseSettings) -> None:
        self.url = settings.url


class UserRepository:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock


class Announce:
    """A module extension: prints when its module starts and stops."""

    async def on_module_init(self, module: Module, /) -> None:
        print(f'init {module.target.__name__}')

    async def on_module_destroy(self, module: Module, /) -> None:
        print(f'destroy {module.target.__name__}')


@module(providers=[singleton(Clock)], exports=[Clock], is_global=True)
class ClockModule:
    """Global: every module sees Clock without importing ClockModule."""


@module(extensions=[Announce()])
class DatabaseModule:
    """Configured by its importer through a dynamic module."""

    @staticmethod
    def register(url: str) -> DynamicModule:
        return DynamicModule(
            parent_module=DatabaseModule,
            providers=[object_(DatabaseSettings(url)), singleton(Database)],
            exports=[Database],
        )


@module(
    imports=[DatabaseModule.register('sqlite:///:memory:')],
    providers=[scoped(UserRepository)],
    extensions=[Announce()],
)
class UsersModule: ...


@module(imports=[ClockModule, UsersModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    print('order:', ' -> '.join(item.target.__name__ for item in app.registry.modules))
    async with app, app.container() as container:
        users = await container.get(UserRepository)
        print(f'repository uses {users.database.url} at {users.clock.now()}')


if __name__ == '__main__':
    anyio.run(main)
