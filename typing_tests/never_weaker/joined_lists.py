"""Pre-built lists of unrelated classes, each holding one wrong class.

mypy types ``[A, B]`` of two unrelated classes as ``list[type[object]]``, their join, and plain
mypy rejects such a list whether its items fit or not (``test_without_plugin.yml``). The plugin
cannot tell the items from that type, and accepts the list rather than reject the right ones.
"""

from shop import (
    AuditPlaceOrder,
    CountOrders,
    CountOrdersHandler,
    Logging,
    OrderPlaced,
    SendConfirmationEmail,
    WelcomeUser,
)

from denpo.messaging import MessagingExtension

handlers = [SendConfirmationEmail, WelcomeUser]
behaviors = [Logging, AuditPlaceOrder]
ext = MessagingExtension()
ext.bind_event(OrderPlaced, handlers)
ext.bind_request(CountOrders, CountOrdersHandler, behaviors=behaviors)
