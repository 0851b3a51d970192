"""Streaming requests: a handler that yields items, a stream behavior, early close."""

from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    ISender,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    StreamNext,
    StreamRequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')


@dataclass(frozen=True)
class ListOrders(IStreamRequest[str]):  # its handler yields str items
    customer: str


class ListOrdersHandler(StreamRequestHandler[ListOrders, str]):
    @override
    async def handle(self, request: ListOrders, /) -> AsyncIterator[str]:
        print(f'open cursor for {request.customer}')
        try:
            for number in range(1, 4):
                yield f'order-{number}'
        finally:
            print('close cursor')  # runs on exhaustion and on early close alike


class CountItems(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        count = 0
        async for item in call_next():
            count += 1
            yield item
        print(f'{type(request).__name__}: {count} items')


@module(
    extensions=[
        MessagingExtension().bind_stream(
            ListOrders, ListOrdersHandler, behaviors=[CountItems]
        ),
    ],
)
class OrdersModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), OrdersModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        async for order in sender.stream(ListOrders('ada')):
            print(order)
        # Stop early: leaving `aclosing` closes the stream and runs the handler's
        # cleanup.
        async with aclosing(sender.stream(ListOrders('bob'))) as orders:
            async for order in orders:
                print(order)
                break


if __name__ == '__main__':
    anyio.run(main)
