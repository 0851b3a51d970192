"""Requests: a query with a response, a void command, a generic request bound bare."""

from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.di import singleton
from denpo.messaging import (
    IRequest,
    ISender,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

T = TypeVar('T')


class PriceBook:
    def __init__(self) -> None:
        self.prices = {'PROD-42': 1999}


@dataclass(frozen=True, slots=True)
class GetPrice(IRequest[int]):  # a query: its handler returns an int
    product_id: str


@dataclass(frozen=True, slots=True)
class SetPrice(
    IRequest
):  # bare IRequest means IRequest[None]: a command with no result
    product_id: str
    cents: int


@dataclass(frozen=True, slots=True)
class Echo(IRequest[T], Generic[T]):  # generic: the response type follows the parameter
    value: T


class GetPriceHandler(RequestHandler[GetPrice, int]):
    def __init__(self, book: PriceBook) -> None:
        self._book = book

    @override
    async def handle(self, request: GetPrice, /) -> int:
        return self._book.prices[request.product_id]


class SetPriceHandler(RequestHandler[SetPrice, None]):
    def __init__(self, book: PriceBook) -> None:
        self._book = book

    @override
    async def handle(self, request: SetPrice, /) -> None:
        self._book.prices[request.product_id] = request.cents


class EchoHandler(RequestHandler[Echo[T], T], Generic[T]):
    @override
    async def handle(self, request: Echo[T], /) -> T:
        return request.value


@module(
    providers=[singleton(PriceBook)],
    extensions=[
        MessagingExtension()
        .bind_request(GetPrice, GetPriceHandler)
        .bind_request(SetPrice, SetPriceHandler)
        .bind_request(
            Echo, EchoHandler
        ),  # bound bare: requests are dispatched by class
    ],
)
class PricingModule: ...


@module(imports=[MessagingModule.register(), PricingModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        await sender.invoke(SetPrice('PROD-42', 2499))  # returns None
        price = await sender.invoke(GetPrice('PROD-42'))  # typed as int
        echoed = await sender.invoke(Echo('hello'))  # typed as str
        print(f'price={price} echoed={echoed.upper()}')


if __name__ == '__main__':
    anyio.run(main)
