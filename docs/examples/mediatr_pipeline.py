"""From MediatR: pre-/post-processors, behavior order, constrained behaviors."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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


class Command(IRequest[R], Generic[R]):  # MediatR: an ICommand<T> marker interface
    pass


class Query(IRequest[R], Generic[R]):
    pass


C = TypeVar('C', bound=Command[Any])  # MediatR: `where TRequest : ICommand<TResponse>`


@dataclass(frozen=True)
class PlaceOrder(Command[str]):
    product_id: str


@dataclass(frozen=True)
class CountOrders(Query[int]):
    pass


class PlaceOrderHandler(RequestHandler[PlaceOrder, str]):
    @override
    async def handle(self, request: PlaceOrder, /) -> str:
        print(f'      handler: place {request.product_id}')
        return 'ORD-1'


class CountOrdersHandler(RequestHandler[CountOrders, int]):
    @override
    async def handle(self, request: CountOrders, /) -> int:
        print('      handler: count')
        return 1


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    # MediatR: an IRequestPreProcessor<T> and an IRequestPostProcessor<T, R> in one
    # class; the code before call_next() is the pre-processor, the code after it the
    # post-processor.
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        print(f'logging: pre {type(request).__name__}')
        response = await call_next()  # MediatR: `await next()`
        print(f'logging: post {response!r}')
        return response


class Transaction(IPipelineBehavior[C, R], Generic[C, R]):
    # Global, but bounded: it wraps commands only, chosen once per request class at
    # start-up.
    @override
    async def handle(self, request: C, /, call_next: CallNext[R]) -> R:
        print('  transaction: begin')
        response = await call_next()
        print('  transaction: commit')
        return response


class Validation(
    IPipelineBehavior[PlaceOrder, str]
):  # per request: bound with PlaceOrder only
    @override
    async def handle(self, request: PlaceOrder, /, call_next: CallNext[str]) -> str:
        print(f'    validation: {request.product_id} is known')
        return await call_next()


@module(
    extensions=[
        MessagingExtension()
        .bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Validation])
        .bind_request(CountOrders, CountOrdersHandler),
    ],
)
class OrdersModule: ...


@module(
    imports=[
        # Global behaviors, in this order, run outside every per-request behavior.
        MessagingModule.register(
            MessagingConfig(pipeline_behaviors=[Logging, Transaction])
        ),
        OrdersModule,
    ],
)
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        await sender.invoke(PlaceOrder('PROD-1'))
        await sender.invoke(CountOrders())  # a query: Transaction does not run


if __name__ == '__main__':
    anyio.run(main)
