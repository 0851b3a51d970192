"""Lists the plugin reads by their type, each holding one wrong class.

A list assigned twice, changed after its assignment, held by a class, or filtered by a
comprehension's condition may not hold what its display says, so the plugin reads its type
(``list[type[object]]``, the join of unrelated classes), which says nothing about the classes:
the plugin then leaves the call to mypy's own check, which reports it as plain mypy does.
"""

from shop import AuditOrders, OrderPlaced, SendConfirmationEmail, WelcomeUser

from denpo.messaging import MessagingExtension

ext = MessagingExtension()
reassigned = [SendConfirmationEmail, AuditOrders]
reassigned = [SendConfirmationEmail, WelcomeUser]
ext.bind_event(OrderPlaced, reassigned)
appended = [SendConfirmationEmail, AuditOrders]
appended.append(WelcomeUser)
ext.bind_event(OrderPlaced, appended)
ext.bind_event(OrderPlaced, [h for h in [WelcomeUser, AuditOrders] if h is not AuditOrders])


class Wiring:
    handlers = [SendConfirmationEmail, WelcomeUser]  # noqa: RUF012  # the shape under test
    ext.bind_event(OrderPlaced, handlers)
