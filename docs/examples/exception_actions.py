"""Exception actions observe a failure (log it, count it); it then propagates."""

from dataclasses import dataclass
from typing import Generic, TypeVar

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
    RequestExceptionHandler,
    RequestHandler,
)

Q = TypeVar('Q')


class CardDeclinedError(Exception): ...


@dataclass(frozen=True)
class Receipt:
    order_id: str
    paid: bool


@dataclass(frozen=True)
class Pay(IRequest[Receipt]):
    order_id: str
    card: str


class PayHandler(RequestHandler[Pay, Receipt]):
    @override
    async def handle(self, request: Pay, /) -> Receipt:
        if request.card == 'expired':
            raise CardDeclinedError(request.card)
        if request.card == 'offline':
            message = 'the payment provider is down'
            raise ConnectionError(message)
        return Receipt(request.order_id, paid=True)


class LogFailure(RequestExceptionAction[Q, Exception], Generic[Q]):
    """Generic in the request: it can observe the failures of any request."""

    @override
    async def execute(self, request: Q, error: Exception, /) -> None:
        print(f'log: {type(request).__name__} failed with {error!r}')


class CountDeclines(RequestExceptionAction[Pay, CardDeclinedError]):
    def __init__(self) -> None:
        super().__init__()
        self.declines = 0

    @override
    async def execute(self, request: Pay, error: CardDeclinedError, /) -> None:
        self.declines += 1
        print(f'metric: card declines in this scope = {self.declines}')


class DeclinedAsUnpaid(RequestExceptionHandler[Pay, CardDeclinedError, Receipt]):
    @override
    async def handle(self, request: Pay, error: CardDeclinedError, /) -> Receipt:
        return Receipt(request.order_id, paid=False)


@module(
    extensions=[
        MessagingExtension().bind_request(
            Pay,
            PayHandler,
            exception_handlers=[DeclinedAsUnpaid],
            exception_actions=[LogFailure, CountDeclines],  # run in this order
        ),
    ],
)
class PaymentsModule: ...


@module(imports=[MessagingModule.register(MessagingConfig()), PaymentsModule])
class AppModule: ...


async def main() -> None:
    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        print(await sender.invoke(Pay('o-1', 'valid')))
        # The actions see the raw exception; the exception handler then answers for it.
        print(await sender.invoke(Pay('o-2', 'expired')))
        # No exception handler takes a ConnectionError: it propagates after the
        # actions ran.
        try:
            await sender.invoke(Pay('o-3', 'offline'))
        except ConnectionError as error:
            print(f'caller got {error!r}')


if __name__ == '__main__':
    anyio.run(main)
