"""How messaging wires bound classes into the modules that bind them."""

from dataclasses import dataclass

import pytest
from typing_extensions import override

from denpo import DependencyNotAccessibleError, module
from denpo.di import scoped
from denpo.messaging import IMessageBus, IRequest, MessagingExtension, RequestHandler
from tests.conftest import messaging_app


class Repository:
    pass


@dataclass(frozen=True)
class Confirmation:
    by: str


class BaseRequest(IRequest[Confirmation]):
    pass


class FromA(BaseRequest):
    pass


class FromB(BaseRequest):
    pass


class NeedsRepository(RequestHandler[BaseRequest, Confirmation]):
    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    @override
    async def handle(self, request: BaseRequest, /) -> Confirmation:
        return Confirmation(type(self._repository).__name__)


@module(
    providers=[scoped(Repository)], extensions=[MessagingExtension().bind_request(FromA, NeedsRepository)]
)
class WithRepository:
    pass


@module(extensions=[MessagingExtension().bind_request(FromB, NeedsRepository)])
class WithoutRepository:
    pass


@pytest.mark.parametrize(
    'modules',
    [
        pytest.param((WithRepository, WithoutRepository), id='seeing-module-first'),
        pytest.param((WithoutRepository, WithRepository), id='blind-module-first'),
    ],
)
def test_a_class_bound_in_two_modules_must_be_buildable_in_each(modules: tuple[type, ...]) -> None:
    # The class is built once, but each module that binds it must see its dependencies:
    # the result cannot depend on which module comes first.
    message = r'NeedsRepository in module .*WithoutRepository depends on .*Repository'
    with pytest.raises(DependencyNotAccessibleError, match=message):
        messaging_app(*modules)


@pytest.mark.anyio
async def test_a_class_bound_in_two_modules_that_both_see_its_dependencies_is_built_once() -> None:
    @module(providers=[scoped(Repository)], exports=[Repository], is_global=True)
    class Shared:
        pass

    @module(extensions=[MessagingExtension().bind_request(FromA, NeedsRepository)])
    class First:
        pass

    @module(extensions=[MessagingExtension().bind_request(FromB, NeedsRepository)])
    class Second:
        pass

    app = messaging_app(Shared, First, Second)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(FromA()) == await bus.invoke(FromB()) == Confirmation('Repository')
