"""DI scopes: what lives per application, per scope and per injection."""

import itertools

import anyio

from denpo import ApplicationFactory, module
from denpo.di import scoped, singleton, transient

_ids = itertools.count(1)


class Settings:  # singleton: one per application
    def __init__(self) -> None:
        self.id = next(_ids)


class UnitOfWork:  # scoped: one per app.container() scope
    def __init__(self) -> None:
        self.id = next(_ids)


class Stopwatch:  # transient: a new one on every injection
    def __init__(self) -> None:
        self.id = next(_ids)


@module(providers=[singleton(Settings), scoped(UnitOfWork), transient(Stopwatch)])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app:
        for scope in ('first', 'second'):
            async with app.container() as container:
                settings = await container.get(Settings)
                work = [(await container.get(UnitOfWork)).id for _ in range(2)]
                watches = [(await container.get(Stopwatch)).id for _ in range(2)]
                print(
                    f'{scope} scope: settings={settings.id} unit_of_work={work}'
                    f' stopwatch={watches}'
                )


if __name__ == '__main__':
    anyio.run(main)
