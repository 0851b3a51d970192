"""Ported from waku 0.37: what changed shape (behavior, publisher, test app)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import anyio
from typing_extensions import override

from denpo import module
from denpo.di import object_, singleton
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventPublisher,
    IEvent,
    IEventHandler,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    RequestHandler,
)
from denpo.testing import create_test_app

Q = TypeVar('Q')
R = TypeVar('R')
E = TypeVar('E')


class PriceList:
    def price_of(self, product_id: str) -> int:
        return {'PROD-1': 100}[product_id]


class DiscountedPriceList(PriceList):
    @override
    def price_of(self, product_id: str) -> int:
        return super().price_of(product_id) * 8 // 10


@dataclass(frozen=True)
class QuotePrice(IRequest[int]):
    product_id: str


@dataclass(frozen=True)
class PriceQuoted(IEvent):
    product_id: str
    price: int


class QuotePriceHandler(RequestHandler[QuotePrice, int]):
    def __init__(self, prices: PriceList) -> None:
        self._prices = prices

    @override
    async def handle(self, request: QuotePrice, /) -> int:
        return self._prices.price_of(request.product_id)


class RememberQuote(EventHandler[PriceQuoted]):
    @override
    async def handle(self, event: PriceQuoted, /) -> None:
        print(f'quoted {event.product_id} at {event.price}')


# waku: handle(self, request, /, next_handler: NextHandlerType[Q, R]) and `await
# next_handler(request)`.
class Tracing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        print(f'-> {type(request).__name__}')
        # No argument: the request cannot be swapped mid-pipeline.
        response = await call_next()
        print(f'<- {response!r}')
        return response


# waku: `async def __call__(self, handlers, event, /)`; denpo: an EventPublisher
# subclass with publish().
class CountingPublisher(EventPublisher):
    @override
    async def publish(self, handlers: Sequence[IEventHandler[E]], event: E, /) -> None:
        print(f'{len(handlers)} handler(s) for {type(event).__name__}')
        for handler in handlers:
            await handler.handle(event)


@module(
    providers=[singleton(PriceList)],
    extensions=[
        MessagingExtension()
        .bind_request(QuotePrice, QuotePriceHandler)
        .bind_event(PriceQuoted, [RememberQuote]),
    ],
)
class PricingModule: ...


async def main() -> None:
    # waku: `async with create_test_app(base=PricingModule, providers=[...]) as app:`.
    # denpo: create_test_app() returns the application; entering it is up to the test.
    app = create_test_app(
        PricingModule,
        providers=[object_(DiscountedPriceList(), provided_type=PriceList)],
        messaging=MessagingConfig(
            pipeline_behaviors=[Tracing], event_publisher=CountingPublisher
        ),
    )
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        price = await bus.invoke(QuotePrice('PROD-1'))
        await bus.publish(PriceQuoted('PROD-1', price))


if __name__ == '__main__':
    anyio.run(main)
