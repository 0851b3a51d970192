"""Testing: replace a provider, capture the events a command publishes."""

from dataclasses import dataclass

import anyio
from typing_extensions import override

from denpo import module
from denpo.di import scoped, singleton
from denpo.messaging import (
    IEvent,
    IPublisher,
    IRequest,
    ISender,
    MessagingExtension,
    RequestHandler,
)
from denpo.testing import EventRecorder, create_test_app


class PaymentGateway:
    async def charge(self, cents: int) -> bool:
        msg = f'cannot charge {cents} cents: the real gateway needs the network'
        raise ConnectionError(msg)


class AlwaysApproves(PaymentGateway):
    @override
    async def charge(self, cents: int) -> bool:
        return True


@dataclass(frozen=True)
class Pay(IRequest[bool]):
    cents: int


@dataclass(frozen=True)
class PaymentAccepted(IEvent):
    cents: int


class PayHandler(RequestHandler[Pay, bool]):
    def __init__(self, gateway: PaymentGateway, publisher: IPublisher) -> None:
        self._gateway = gateway
        self._publisher = publisher

    @override
    async def handle(self, request: Pay, /) -> bool:
        accepted = await self._gateway.charge(request.cents)
        if accepted:
            await self._publisher.publish(PaymentAccepted(request.cents))
        return accepted


@module(
    providers=[singleton(PaymentGateway)],
    extensions=[MessagingExtension().bind_request(Pay, PayHandler)],
)
class PaymentsModule: ...


async def main() -> None:
    # The module under test, with the gateway replaced and every published event
    # recorded. MessagingModule is imported automatically because PaymentsModule does
    # not import it.
    recorder = EventRecorder()
    app = create_test_app(
        PaymentsModule,
        providers=[scoped(PaymentGateway, AlwaysApproves)],
        record_events=recorder,
    )
    async with app, app.container() as container:
        sender = await container.get(ISender)
        accepted = await sender.invoke(Pay(1500))
    print(f'accepted={accepted} events={recorder.events}')


if __name__ == '__main__':
    anyio.run(main)
