"""Lists of classes built before the binding call, each holding one wrong class.

mypy types ``[A, B]`` of two unrelated classes as ``list[type[object]]``, their join, and plain
mypy rejects such a list whether its items fit or not (``test_without_plugin.yml``). The plugin
reads each list through what it was built from (a variable's one assignment, the sequence a
copy copies) and reports the wrong class at the argument.
"""

from shop import (
    AuditPlaceOrder,
    CountOrders,
    CountOrdersFailed,
    CountOrdersHandler,
    Logging,
    OrderPlaced,
    PlaceOrder,
    PlaceOrderHandler,
    PlaceOrderOutOfStock,
    Retry,
    SendConfirmationEmail,
    UserRegistered,
    WelcomeUser,
)

from denpo.messaging import EventHandler, IPipelineBehavior, MessagingExtension

handlers = [SendConfirmationEmail, WelcomeUser]
behaviors = [Logging, AuditPlaceOrder]
recovery = [PlaceOrderOutOfStock, CountOrdersFailed]
handler_tuple = (SendConfirmationEmail, WelcomeUser)
declared: list[type[IPipelineBehavior[PlaceOrder, str]]] = [Logging]
welcome: list[type[EventHandler[UserRegistered]]] = [WelcomeUser]
copied = list((SendConfirmationEmail, WelcomeUser))  # noqa: C410  # the shape under test
comprehended = [handler for handler in (SendConfirmationEmail, WelcomeUser)]  # noqa: C416  # the shape under test
ext = MessagingExtension()
ext.bind_event(OrderPlaced, handlers)
ext.bind_request(CountOrders, CountOrdersHandler, behaviors=behaviors)
ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=recovery)
ext.bind_event(OrderPlaced, handler_tuple)
ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=declared)
ext.bind_event(OrderPlaced, welcome)
ext.bind_event(OrderPlaced, [*handlers])
ext.bind_event(OrderPlaced, [handler for handler in [SendConfirmationEmail, WelcomeUser]])  # noqa: C416  # the shape under test
ext.bind_event(OrderPlaced, [handler for handler in handlers])  # noqa: C416  # the shape under test
ext.bind_event(OrderPlaced, list((SendConfirmationEmail, WelcomeUser)))  # noqa: C410  # the shape under test
ext.bind_event(OrderPlaced, tuple(handler for handler in handlers))
ext.bind_event(OrderPlaced, copied)
ext.bind_event(OrderPlaced, comprehended)


def wire(*, flag: bool) -> None:
    chosen = [Logging, AuditPlaceOrder] if flag else [Retry]
    local = [SendConfirmationEmail, WelcomeUser]
    ext.bind_request(CountOrders, CountOrdersHandler, behaviors=chosen)
    ext.bind_event(OrderPlaced, local)
    ext.bind_event(OrderPlaced, written_later)


written_later = [SendConfirmationEmail, WelcomeUser]
