"""The order of denpo's lifecycle hooks, and a lifespan resource the hooks rely on."""

from collections.abc import AsyncGenerator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio

from denpo import Application, ApplicationFactory, module
from denpo.modules import Module, ModuleMetadata, ModuleRegistry


class Pool:
    """Stands for a connection pool that a lifespan opens and closes."""

    is_open = False


pool = Pool()


@asynccontextmanager
async def pool_lifespan() -> AsyncGenerator[None]:
    pool.is_open = True
    print('lifespan entered: pool opened')
    try:
        yield
    finally:
        pool.is_open = False
        print('lifespan exited: pool closed')


class ModuleHooks:
    """A module extension: every module-level hook."""

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        print(f'OnModuleConfigure     {metadata.target.__name__} (when @module runs)')

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        _context: Mapping[Any, Any] | None,
        /,
    ) -> None:
        position = (
            f'{registry.modules.index(owning_module) + 1} of {len(registry.modules)}'
        )
        print(
            f'OnModuleRegistration  {owning_module.target.__name__} (module {position})'
        )

    async def on_module_init(self, module: Module, /) -> None:
        print(f'OnModuleInit          {module.target.__name__}')

    async def on_module_destroy(self, module: Module, /) -> None:
        print(f'OnModuleDestroy       {module.target.__name__}')


class AppHooks:
    """An application extension: every application-level hook."""

    async def on_app_init(self, app: Application, /) -> None:
        print(f'OnApplicationInit     pool open: {pool.is_open} ({app.state.name})')

    async def after_app_init(self, app: Application, /) -> None:
        # The lifespans have entered: a resource they open is ready here.
        print(f'AfterApplicationInit  pool open: {pool.is_open} ({app.state.name})')

    async def on_app_shutdown(self, app: Application, /) -> None:
        # The lifespans have exited: what they opened is closed already.
        print(f'OnApplicationShutdown pool open: {pool.is_open} ({app.state.name})')


@module(extensions=[ModuleHooks()])
class InfraModule: ...


@module(imports=[InfraModule], extensions=[ModuleHooks()])
class AppModule: ...


async def main() -> None:
    print('-- create()')
    app = ApplicationFactory(
        AppModule, lifespan=[pool_lifespan()], extensions=[AppHooks()]
    ).create()
    print('-- async with app')
    async with app:
        print('-- running')
    print('-- exited')


if __name__ == '__main__':
    anyio.run(main)
