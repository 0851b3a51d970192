"""Global stream behaviors: one around every stream, one around row streams only."""

from collections.abc import AsyncIterator
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
    MessagingRegistry,
    StreamNext,
    StreamRequestHandler,
    describe_routes,
    render_table,
)


class Row:
    """What a stream of database rows yields."""


@dataclass(frozen=True)
class OrderRow(Row):
    number: int


@dataclass(frozen=True)
class ListOrders(IStreamRequest[OrderRow]):
    customer: str


@dataclass(frozen=True)
class Countdown(IStreamRequest[int]):
    start: int


class ListOrdersHandler(StreamRequestHandler[ListOrders, OrderRow]):
    @override
    async def handle(self, request: ListOrders, /) -> AsyncIterator[OrderRow]:
        for number in (1, 2):
            yield OrderRow(number)


class CountdownHandler(StreamRequestHandler[Countdown, int]):
    @override
    async def handle(self, request: Countdown, /) -> AsyncIterator[int]:
        for number in range(request.start, 0, -1):
            yield number


Q = TypeVar('Q')
T = TypeVar('T')
RowT = TypeVar('RowT', bound=Row)  # the bound chooses the streams the behavior wraps


class Trace(
    IStreamPipelineBehavior[Q, T], Generic[Q, T]
):  # generic: wraps every stream
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[T]) -> AsyncIterator[T]:
        print(f'trace: open {type(request).__name__}')
        async for item in call_next():
            yield item
        print(f'trace: end of {type(request).__name__}')


class CountRows(
    IStreamPipelineBehavior[Q, RowT], Generic[Q, RowT]
):  # streams of rows only
    @override
    async def handle(
        self, request: Q, /, call_next: StreamNext[RowT]
    ) -> AsyncIterator[RowT]:
        count = 0
        async for row in call_next():
            count += 1
            yield row
        print(f'count: {count} rows')


@module(
    extensions=[
        MessagingExtension()
        .bind_stream(ListOrders, ListOrdersHandler)
        .bind_stream(Countdown, CountdownHandler),
    ],
)
class ReportsModule: ...


@module(
    imports=[
        MessagingModule.register(MessagingConfig(stream_behaviors=[Trace, CountRows])),
        ReportsModule,
    ],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        async for row in sender.stream(ListOrders('ada')):
            print(f'  {row}')
        async for number in sender.stream(Countdown(2)):
            print(f'  {number}')
        routes = describe_routes(await container.get(MessagingRegistry))
    print()
    print(render_table(routes))


if __name__ == '__main__':
    anyio.run(main)
