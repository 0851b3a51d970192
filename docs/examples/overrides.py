"""Overrides: a container captured before the block (as web apps keep it) sees fakes."""

from dataclasses import dataclass

import anyio
from dishka import AsyncContainer
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.di import Scope, contextual, object_, singleton
from denpo.messaging import (
    IRequest,
    ISender,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)
from denpo.testing import override as override_providers


@dataclass(frozen=True)
class Settings:
    currency: str


class Rates:
    def rate(self, currency: str) -> float:
        msg = f'the real rates service needs the network to price {currency}'
        raise ConnectionError(msg)


class FixedRates(Rates):
    @override
    def rate(self, currency: str) -> float:
        return 2.0


@dataclass(frozen=True)
class Quote(IRequest[str]):
    cents: int


class QuoteHandler(RequestHandler[Quote, str]):
    def __init__(self, rates: Rates, settings: Settings) -> None:
        self._rates = rates
        self._settings = settings

    @override
    async def handle(self, request: Quote, /) -> str:
        price = request.cents * self._rates.rate(self._settings.currency)
        return f'{price:.0f} {self._settings.currency}'


@module(
    imports=[MessagingModule.register()],
    providers=[singleton(Rates), contextual(Settings, scope=Scope.APP)],
    extensions=[MessagingExtension().bind_request(Quote, QuoteHandler)],
)
class ShopModule:
    pass


async def quote(container: AsyncContainer) -> str:
    """What an endpoint does with the container its framework was given at set-up."""
    async with container() as scope:
        return await (await scope.get(ISender)).invoke(Quote(cents=150))


async def main() -> None:
    app = ApplicationFactory(ShopModule, context={Settings: Settings('EUR')}).create()
    # As a web framework keeps it, e.g. setup_dishka(app.container, web_app).
    captured = app.container
    async with app:
        async with override_providers(app, object_(FixedRates(), provided_type=Rates)):
            print('fake rates:', await quote(captured))
            async with override_providers(app, context={Settings: Settings('CHF')}):
                print('and Swiss francs:', await quote(captured))
            print('back to euros:', await quote(captured))
        try:
            await quote(captured)
        except ConnectionError as error:
            print('after the block, the real service again:', error)


if __name__ == '__main__':
    anyio.run(main)
