"""A REQUEST-scope dependency asked of the root container: a denpo error that says to open a scope."""

from typing import Any

import pytest
from dishka.exceptions import NoFactoryError

from denpo import ApplicationFactory, NarrowerScopeError, module
from denpo.di import Scope, scoped
from denpo.messaging import IMessageBus, IPublisher, ISender, MessagingModule


class UnitOfWork:
    pass


@module(imports=[MessagingModule.register()], providers=[scoped(UnitOfWork)])
class ShopModule:
    pass


@pytest.mark.parametrize(
    ('dependency', 'written'),
    [
        pytest.param(IMessageBus, 'denpo.messaging.bus.IMessageBus', id='bus'),
        pytest.param(ISender, 'denpo.messaging.bus.ISender', id='sender'),
        pytest.param(IPublisher, 'denpo.messaging.bus.IPublisher', id='publisher'),
        pytest.param(UnitOfWork, f'{__name__}.UnitOfWork', id='a-scoped-service'),
    ],
)
@pytest.mark.anyio
async def test_the_root_container_says_to_open_a_scope(dependency: type[Any], written: str) -> None:
    app = ApplicationFactory(ShopModule).create()
    short = dependency.__name__
    message = (
        rf'^{written} is provided in the REQUEST scope, but it was asked of the APP scope '
        r'\(app\.container\)\. Hint: open a scope and resolve it there: '
        r'`async with app\.container\(\) as container: '
        rf'await container\.get\({short}\)`\.$'
    )
    async with app:
        with pytest.raises(NarrowerScopeError, match=message) as caught:
            await app.container.get(dependency)
        with pytest.raises(NarrowerScopeError, match=message):
            app.container.get_sync(dependency)
    error = caught.value
    assert isinstance(error, NoFactoryError)  # code that catches dishka's error still does
    assert isinstance(error, LookupError)
    assert isinstance(error.__cause__, NoFactoryError)
    assert (error.dependency, error.asked, error.provided_in) == (written, Scope.APP, Scope.REQUEST)
    assert error.requested.type_hint is dependency


class Unprovided:
    pass


@pytest.mark.anyio
async def test_what_no_scope_provides_keeps_dishkas_error() -> None:
    app = ApplicationFactory(ShopModule).create()
    async with app:
        with pytest.raises(NoFactoryError) as caught:
            await app.container.get(Unprovided)
        assert type(caught.value) is NoFactoryError
        with pytest.raises(NoFactoryError) as caught:
            app.container.get_sync(Unprovided)
        assert type(caught.value) is NoFactoryError
