"""From MediatR: exception handlers go by list order, inside the behaviors."""

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


class StockQuery(IRequest[int]):
    pass


@dataclass(frozen=True)
class GetStock(StockQuery):
    sku: str


@dataclass(frozen=True)
class GetReserved(StockQuery):
    sku: str


class GetStockHandler(RequestHandler[GetStock, int]):
    @override
    async def handle(self, request: GetStock, /) -> int:
        raise KeyError(request.sku)


class GetReservedHandler(RequestHandler[GetReserved, int]):
    @override
    async def handle(self, request: GetReserved, /) -> int:
        raise KeyError(request.sku)


# Both exception handlers declare the base request, so both fit GetStock and
# GetReserved.
class AnyLookupFailure(RequestExceptionHandler[StockQuery, LookupError, int]):
    @override
    async def handle(self, request: StockQuery, error: LookupError, /) -> int:
        print('  AnyLookupFailure (LookupError) handles it')
        return -1


class UnknownSku(RequestExceptionHandler[StockQuery, KeyError, int]):
    @override
    async def handle(self, request: StockQuery, error: KeyError, /) -> int:
        print('  UnknownSku (KeyError) handles it')
        return 0


class Observe(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        response = await call_next()  # no exception reaches here: it was mapped inside
        print(f'  behavior sees the response {response!r}')
        return response


@module(
    extensions=[
        MessagingExtension()
        # The first handler in the list whose exception class matches wins: MediatR
        # would pick UnknownSku here (KeyError is more specific than LookupError); denpo
        # picks AnyLookupFailure.
        .bind_request(
            GetStock, GetStockHandler, exception_handlers=[AnyLookupFailure, UnknownSku]
        )
        # List the specific one first to get MediatR's choice.
        .bind_request(
            GetReserved,
            GetReservedHandler,
            exception_handlers=[UnknownSku, AnyLookupFailure],
        ),
    ],
)
class StockModule: ...


@module(
    imports=[
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Observe])),
        StockModule,
    ]
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        print('GetStock raises KeyError:')
        print(f'  invoke returns {await sender.invoke(GetStock("PROD-9"))}')
        print('GetReserved raises KeyError:')
        print(f'  invoke returns {await sender.invoke(GetReserved("PROD-9"))}')


if __name__ == '__main__':
    anyio.run(main)
