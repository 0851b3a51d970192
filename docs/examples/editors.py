"""The annotation that lets editors without a type checker complete the results."""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    IMessageBus,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)


@dataclass(frozen=True)
class Greeting:
    text: str


@dataclass(frozen=True)
class Greet(IRequest[Greeting]):
    name: str


class GreetHandler(RequestHandler[Greet, Greeting]):
    @override
    async def handle(self, request: Greet, /) -> Greeting:
        return Greeting(f'Hello, {request.name}!')


@module(
    imports=[MessagingModule.register(MessagingConfig())],
    extensions=[MessagingExtension().bind_request(Greet, GreetHandler)],
)
class AppModule:
    pass


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        # Type checkers know the type without the annotation; jedi needs it.
        bus: IMessageBus = await container.get(IMessageBus)
        greeting = await bus.invoke(Greet('editor'))  # jedi: Greeting
        print(greeting.text)


if __name__ == '__main__':
    anyio.run(main)
