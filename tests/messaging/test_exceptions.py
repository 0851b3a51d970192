"""The binding errors carry their catalogue entry, and survive copy and pickle."""

import copy
import pickle
from collections.abc import Callable

import pytest
from typing_extensions import override

from denpo.messaging import (
    EventHandler,
    EventHandlerAlreadyRegistered,
    IEvent,
    InvalidBindingError,
    IRequest,
    MessagingError,
    MessagingExtension,
    PipelineBehaviorAlreadyRegistered,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
)


class Confirmation:
    pass


class PlaceOrder(IRequest[Confirmation]):
    pass


class CountsOrders(RequestHandler[PlaceOrder, int]):  # type: ignore[denpo-handler-response]  # under test
    @override
    async def handle(self, request: PlaceOrder, /) -> int:
        return 1


class OrderPlaced(IEvent):
    pass


class Audit(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


def response_mismatch() -> InvalidBindingError:
    with pytest.raises(InvalidBindingError) as caught:
        MessagingExtension().bind_request(PlaceOrder, CountsOrders)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]  # the mistake under test
    return caught.value


def test_an_invalid_binding_names_its_entry_its_fields_and_the_class_at_fault() -> None:
    error = response_mismatch()
    assert (error.code, error.name) == ('denpo-response-mismatch', 'RESPONSE_MISMATCH')
    assert error.subject is CountsOrders
    assert dict(error.fields) == {
        'kind': 'request',
        'handler': f'{__name__}.CountsOrders',
        'returned': 'int',
        'request': 'PlaceOrder',
        'promised': 'Confirmation',
    }


def duplicates() -> list[MessagingError]:
    return [
        RequestHandlerAlreadyRegistered(PlaceOrder, CountsOrders, 'app.A', CountsOrders, 'app.B'),
        EventHandlerAlreadyRegistered(
            OrderPlaced, Audit, first_event=OrderPlaced, first_module=None, second_module=None
        ),
        EventHandlerAlreadyRegistered(
            OrderPlaced, Audit, first_event=IEvent, first_module='app.A', second_module='app.B'
        ),
        PipelineBehaviorAlreadyRegistered(None, Audit),
    ]


@pytest.mark.parametrize(
    ('error', 'name'),
    list(
        zip(
            duplicates(),
            [
                'REQUEST_BOUND_TWICE',
                'EVENT_HANDLER_LISTED_TWICE',
                'EVENT_HANDLER_BOUND_TWICE',
                'BEHAVIOR_LISTED_TWICE',
            ],
            strict=True,
        )
    ),
)
def test_a_duplicate_binding_is_a_catalogue_entry_too(error: MessagingError, name: str) -> None:
    assert getattr(error, 'name', None) == name
    assert str(getattr(error, 'code', '')).startswith('denpo-duplicate-')
    fields = getattr(error, 'fields', {})
    assert fields
    assert all(isinstance(value, str) for value in fields.values())


def pickled(error: MessagingError) -> MessagingError:
    restored: MessagingError = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own bytes
    return restored


def ids(error: object) -> str:
    return type(error).__name__


@pytest.mark.parametrize('error', [response_mismatch(), *duplicates()], ids=ids)
@pytest.mark.parametrize('clone', [copy.copy, pickled], ids=['copy', 'pickle'])
def test_an_error_survives_copy_and_pickle(
    error: MessagingError, clone: Callable[[MessagingError], MessagingError]
) -> None:
    cloned = clone(error)
    assert type(cloned) is type(error)
    assert str(cloned) == str(error)
    assert getattr(cloned, 'code', None) == getattr(error, 'code', None)
