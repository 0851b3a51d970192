"""Typed exception handling: map a handler's exception to a response of its request."""

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
    RequestExceptionHandler,
    RequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


@dataclass(frozen=True)
class Price:
    sku: str
    cents: int | None  # None: unknown


@dataclass(frozen=True)
class GetPrice(IRequest[Price]):
    sku: str


class GetPriceHandler(RequestHandler[GetPrice, Price]):
    @override
    async def handle(self, request: GetPrice, /) -> Price:
        prices = {'apple': 120}
        return Price(request.sku, prices[request.sku])  # KeyError for an unknown sku


class UnknownPrice(RequestExceptionHandler[GetPrice, KeyError, Price]):
    @override
    async def handle(self, request: GetPrice, error: KeyError, /) -> Price:
        print(f'no price for {error}')
        return Price(request.sku, None)


class LogResult(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        result = await call_next()
        # The exception handler's response reaches the behavior like any result.
        print(f'behavior sees {result}')
        return result


@module(
    extensions=[
        MessagingExtension().bind_request(
            GetPrice,
            GetPriceHandler,
            behaviors=[LogResult],
            exception_handlers=[UnknownPrice],
        ),
    ],
)
class PricingModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), PricingModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        print(await sender.invoke(GetPrice('apple')))
        print(await sender.invoke(GetPrice('durian')))


if __name__ == '__main__':
    anyio.run(main)
