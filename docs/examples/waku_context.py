"""A context value keyed by a type: read by a registration hook, injected by dishka."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anyio

from denpo import ApplicationFactory, module
from denpo.di import Scope, contextual, object_, singleton
from denpo.modules import Module, ModuleRegistry


@dataclass(frozen=True)
class Env:
    """The key and the value in one.

    waku's ``context={'env': 'test'}`` becomes ``{Env: Env('test')}``.
    """

    name: str


@dataclass(frozen=True)
class Banner:
    text: str


@dataclass(frozen=True)
class Settings:
    env: (
        Env  # injected from the context, declared with contextual(Env, scope=Scope.APP)
    )


class BannerByEnv:
    """A registration hook that picks a provider from the context.

    waku's hooks did the same with a string key.
    """

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        context: Mapping[Any, Any] | None,
        /,
    ) -> None:
        env = (
            context[Env]
            if context is not None and Env in context
            else Env('production')
        )
        registry.add_providers(
            owning_module, [object_(Banner(f'running in {env.name}'))]
        )


@module(
    providers=[contextual(Env, scope=Scope.APP), singleton(Settings)],
    extensions=[BannerByEnv()],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule, context={Env: Env('test')}).create()
    async with app:
        print((await app.container.get(Banner)).text)
        print((await app.container.get(Settings)).env)


if __name__ == '__main__':
    anyio.run(main)
