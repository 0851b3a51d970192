"""Pipeline behaviors: a global generic one, a per-request one that short-circuits."""

from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    CallNext,
    IPipelineBehavior,
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


@dataclass(frozen=True)
class Withdraw(IRequest[int]):
    amount: int


class WithdrawHandler(RequestHandler[Withdraw, int]):
    @override
    async def handle(self, request: Withdraw, /) -> int:
        print(f'  handler: withdraw {request.amount}')
        return 100 - request.amount


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):  # generic: fits every request
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        print(f'logging: before {type(request).__name__}')
        response = await call_next()
        print(f'logging: after -> {response!r}')
        return response


class RejectLarge(IPipelineBehavior[Withdraw, int]):  # specific: only fits Withdraw
    @override
    async def handle(self, request: Withdraw, /, call_next: CallNext[int]) -> int:
        if request.amount > 100:
            print('  reject: amount too large, handler not called')
            return -1
        return await call_next()


@module(
    extensions=[
        MessagingExtension().bind_request(
            Withdraw, WithdrawHandler, behaviors=[RejectLarge]
        )
    ]
)
class AccountsModule: ...


@module(
    imports=[
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging])),
        AccountsModule,
    ],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        await sender.invoke(Withdraw(30))
        await sender.invoke(Withdraw(500))


if __name__ == '__main__':
    anyio.run(main)
