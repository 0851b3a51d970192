"""Bindings made in a loop or a helper, whose classes are only known as joins or type variables.

The plugin cannot read them and leaves the calls to mypy's own check, which reports them as it
does without the plugin (the first loop, and the helper, are right: mypy rejects them anyway).
"""

from typing import Any, TypeVar

from shop import (
    CountOrders,
    CountOrdersHandler,
    OrderPlaced,
    PlaceOrder,
    PlaceOrderHandler,
    SendConfirmationEmail,
    UserRegistered,
    WelcomeUser,
)

from denpo.messaging import IRequest, MessagingExtension, RequestHandler

Q = TypeVar('Q', bound=IRequest[Any])

ext = MessagingExtension()
for request, handler in [(PlaceOrder, PlaceOrderHandler), (CountOrders, CountOrdersHandler)]:
    ext.bind_request(request, handler)
for wrong in [PlaceOrderHandler, CountOrdersHandler]:
    ext.bind_request(PlaceOrder, wrong)
for event, event_handlers in [(OrderPlaced, [SendConfirmationEmail]), (UserRegistered, [WelcomeUser])]:
    ext.bind_event(event, event_handlers)


def bind(extension: MessagingExtension, request: type[Q], handler: type[RequestHandler[Q, Any]]) -> None:
    extension.bind_request(request, handler)
