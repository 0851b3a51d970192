"""Coming from MediatR: lifetimes are dishka scopes, and cancellation needs no token."""

import itertools
from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.di import scoped
from denpo.messaging import (
    IMessageBus,
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

_ids = itertools.count(1)


class UnitOfWork:  # MediatR: services.AddScoped<UnitOfWork>(); here scoped(UnitOfWork)
    def __init__(self) -> None:
        self.id = next(_ids)


@dataclass(frozen=True)
class WhichUnitOfWork(IRequest[int]):
    pass


@dataclass(frozen=True)
class SlowReport(IRequest[str]):
    pass


class WhichUnitOfWorkHandler(RequestHandler[WhichUnitOfWork, int]):
    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    @override
    async def handle(self, request: WhichUnitOfWork, /) -> int:
        return self._work.id


class SlowReportHandler(RequestHandler[SlowReport, str]):
    # MediatR: Handle(request, CancellationToken token); here no token parameter: a
    # cancelled caller cancels the handler at its current await.
    @override
    async def handle(self, request: SlowReport, /) -> str:
        try:
            await anyio.sleep(10)
        finally:
            print('  report handler: cleaned up after cancellation')
        return 'report'


@module(
    providers=[scoped(UnitOfWork)],
    extensions=[
        MessagingExtension()
        .bind_request(WhichUnitOfWork, WhichUnitOfWorkHandler)
        .bind_request(SlowReport, SlowReportHandler),
    ],
)
class ReportsModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), ReportsModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app:
        for name in ('first', 'second'):
            async with (
                app.container() as container
            ):  # one scope: an HTTP request, a job, a message
                bus = await container.get(IMessageBus)
                sender = await container.get(ISender)
                ids = [await sender.invoke(WhichUnitOfWork()) for _ in range(2)]
                same = bus is sender
                print(
                    f'{name} scope: one bus for ISender and IMessageBus: {same};'
                    f' unit of work {ids}'
                )

        async with app.container() as container:
            sender = await container.get(ISender)
            with anyio.move_on_after(
                0.01
            ) as scope:  # MediatR: a CancellationTokenSource with a timeout
                await sender.invoke(SlowReport())
            print(f'SlowReport cancelled: {scope.cancelled_caught}')


if __name__ == '__main__':
    anyio.run(main)
