"""From MediatR: an exception action observes a failure, which propagates."""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestExceptionAction,
    RequestHandler,
)

seen: list[LookupError] = []


@dataclass(frozen=True)
class GetStock(IRequest[int]):
    sku: str


class GetStockHandler(RequestHandler[GetStock, int]):
    @override
    async def handle(self, request: GetStock, /) -> int:
        raise KeyError(request.sku)


class LogLookupFailure(
    RequestExceptionAction[GetStock, LookupError]
):  # IRequestExceptionAction<,>
    @override
    async def execute(self, request: GetStock, error: LookupError, /) -> None:
        seen.append(error)
        failure, handled = type(error).__name__, type(request).__name__
        print(f'action: {failure} {error} while handling {handled}')


@module(
    extensions=[
        MessagingExtension().bind_request(
            GetStock, GetStockHandler, exception_actions=[LogLookupFailure]
        ),
    ],
)
class StockModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), StockModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        try:
            await sender.invoke(GetStock('PROD-9'))
        except KeyError as error:
            same = error is seen[0]
            print(f'caller: {type(error).__name__} {error}, the same object: {same}')


if __name__ == '__main__':
    anyio.run(main)
