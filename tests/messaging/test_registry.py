"""The registry: bindings merged in module order and frozen into routes and event deliveries."""

import gc
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo._naming import qualname
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventHandlerAlreadyRegistered,
    EventRecipient,
    EventRoute,
    IEvent,
    IPipelineBehavior,
    IRequest,
    MessagingConfig,
    MessagingExtension,
    MessagingRegistry,
    RequestHandler,
    RequestHandlerNotFound,
    RequestRoute,
)
from tests.conftest import messaging_app
from tests.messaging._registry import registry_of

Q = TypeVar('Q', bound=IRequest[Any])
R = TypeVar('R')


@dataclass(frozen=True, slots=True)
class Deposit(IRequest[int]):
    amount: int


@dataclass(frozen=True, slots=True)
class Withdraw(IRequest[int]):
    amount: int


@dataclass(frozen=True, slots=True)
class AccountEvent(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Deposited(AccountEvent):
    pass


@dataclass(frozen=True, slots=True)
class Flagged(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class DepositedAndFlagged(Deposited, Flagged):
    pass


class Opened(IEvent):  # no class inherits Opened and Closed until a test creates one
    pass


class Closed(IEvent):
    pass


class DepositHandler(RequestHandler[Deposit, int]):
    @override
    async def handle(self, request: Deposit, /) -> int:
        return request.amount


class WithdrawHandler(RequestHandler[Withdraw, int]):
    @override
    async def handle(self, request: Withdraw, /) -> int:
        return -request.amount


class Audit(EventHandler[IEvent]):
    @override
    async def handle(self, event: IEvent, /) -> None:
        pass


class Notify(EventHandler[IEvent]):
    @override
    async def handle(self, event: IEvent, /) -> None:
        pass


class Report(EventHandler[IEvent]):
    @override
    async def handle(self, event: IEvent, /) -> None:
        pass


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Validation(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


def test_request_routes_carry_handler_behaviors_and_module() -> None:
    registry = registry_of(
        ('app.Bank', MessagingExtension().bind_request(Deposit, DepositHandler, behaviors=[Validation])),
        ('app.Cash', MessagingExtension().bind_request(Withdraw, WithdrawHandler)),
        global_behaviors=(Logging,),
    )
    assert registry.request_route(Deposit) == RequestRoute(
        Deposit, DepositHandler, (Logging, Validation), 'app.Bank'
    )
    assert registry.request_route(Withdraw) == RequestRoute(Withdraw, WithdrawHandler, (Logging,), 'app.Cash')
    assert list(registry.requests) == [Deposit, Withdraw]


def test_unknown_request_route_raises_request_handler_not_found() -> None:
    registry = registry_of()
    with pytest.raises(RequestHandlerNotFound, match=re.escape(f'{__name__}.Deposit')):
        registry.request_route(Deposit)


def test_event_routes_keep_module_order_then_list_order() -> None:
    registry = registry_of(
        ('app.First', MessagingExtension().bind_event(AccountEvent, [Notify, Audit])),
        ('app.Second', MessagingExtension().bind_event(AccountEvent, [Report])),
    )
    assert registry.events == {
        AccountEvent: EventRoute(
            AccountEvent, ((Notify, 'app.First'), (Audit, 'app.First'), (Report, 'app.Second'))
        )
    }
    assert registry.event_handlers(AccountEvent) == (Notify, Audit, Report)


def test_event_deliveries_follow_the_mro_and_are_planned_once() -> None:
    registry = registry_of(
        ('app.Events', MessagingExtension().bind_event(AccountEvent, [Audit]).bind_event(Flagged, [Report])),
        ('app.More', MessagingExtension().bind_event(Deposited, [Notify])),
    )
    assert registry.event_handlers(AccountEvent) == (Audit,)
    assert registry.event_handlers(Deposited) == (Notify, Audit)
    handlers = registry.event_handlers(DepositedAndFlagged)  # bound through its bases only
    assert handlers == (Notify, Audit, Report)
    assert registry.event_handlers(DepositedAndFlagged) is handlers
    assert registry.event_recipients(DepositedAndFlagged) == (
        EventRecipient(Notify, Deposited, 'app.More'),
        EventRecipient(Audit, AccountEvent, 'app.Events'),
        EventRecipient(Report, Flagged, 'app.Events'),
    )
    assert registry.event_handlers(IEvent) == ()
    assert registry.event_recipients(IEvent) == ()


def test_handler_bound_to_an_event_and_its_base_fails_when_the_registry_is_built() -> None:
    message = (
        rf'Event handler {re.escape(f"{__name__}.Audit")} is bound twice, to event .*AccountEvent in module '
        r'app\.Base and to its subclass .*Deposited in module app\.Derived'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        registry_of(
            ('app.Base', MessagingExtension().bind_event(AccountEvent, [Audit])),
            ('app.Derived', MessagingExtension().bind_event(Deposited, [Audit])),
        )
    assert caught.value.event_type is Deposited
    assert caught.value.first_event is AccountEvent
    assert caught.value.first_module == 'app.Base'
    assert caught.value.second_module == 'app.Derived'


def test_handler_bound_to_two_bases_of_an_existing_event_fails_when_the_registry_is_built() -> None:
    # DepositedAndFlagged is bound nowhere, but it exists, so it is planned at start-up.
    message = (
        rf'Event handler {re.escape(f"{__name__}.Audit")} is bound twice, '
        r'to event .*Deposited in module app\.Money and to event .*Flagged in module app\.Risk; '
        r'it would receive each .*DepositedAndFlagged twice'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        registry_of(
            ('app.Money', MessagingExtension().bind_event(Deposited, [Audit])),
            ('app.Risk', MessagingExtension().bind_event(Flagged, [Audit])),
        )
    assert caught.value.handler_type is Audit
    assert (caught.value.first_event, caught.value.first_module) == (Deposited, 'app.Money')
    assert (caught.value.event_type, caught.value.second_module) == (Flagged, 'app.Risk')
    # By name: the test module may be imported twice, and each import defines the class again.
    assert qualname(caught.value.published) == qualname(DepositedAndFlagged)


def test_an_event_class_created_later_is_planned_on_first_use() -> None:
    registry = registry_of(('app.Events', MessagingExtension().bind_event(AccountEvent, [Audit])))

    class Withdrawn(AccountEvent):
        pass

    handlers = registry.event_handlers(Withdrawn)
    assert handlers == (Audit,)
    assert registry.event_handlers(Withdrawn) is handlers
    assert registry.event_recipients(Withdrawn) == (EventRecipient(Audit, AccountEvent, 'app.Events'),)


def test_an_event_class_created_later_that_reaches_a_handler_twice_fails_on_each_use() -> None:
    registry = registry_of(
        ('app.Doors', MessagingExtension().bind_event(Opened, [Audit])),
        ('app.Locks', MessagingExtension().bind_event(Closed, [Audit])),
    )

    class OpenedAndClosed(Opened, Closed):
        pass

    message = (
        r'to event .*Opened in module app\.Doors and to event .*Closed in module app\.Locks; '
        r'it would receive each .*OpenedAndClosed twice'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message):
        registry.event_handlers(OpenedAndClosed)
    with pytest.raises(EventHandlerAlreadyRegistered, match=message):  # not cached: raised again
        registry.event_recipients(OpenedAndClosed)


def test_handler_types_lists_every_handler_and_behavior_once_in_binding_order() -> None:
    registry = registry_of(
        (
            'app.Bank',
            MessagingExtension()
            .bind_request(Deposit, DepositHandler, behaviors=[Validation])
            .bind_event(Deposited, [Audit]),
        ),
        ('app.Cash', MessagingExtension().bind_request(Withdraw, WithdrawHandler, behaviors=[Validation])),
        ('app.Risk', MessagingExtension().bind_event(Flagged, [Report])),
        global_behaviors=(Logging,),
    )
    assert registry.handler_types() == (Logging, Validation, DepositHandler, WithdrawHandler, Audit, Report)
    assert registry.event_handlers(DepositedAndFlagged) == (Audit, Report)


# --- the registry of a built application ---------------------------------------------------


@module(
    extensions=[MessagingExtension().bind_request(Deposit, DepositHandler).bind_event(Deposited, [Audit])]
)
class BankModule:
    pass


@module(extensions=[MessagingExtension().bind_request(Withdraw, WithdrawHandler, behaviors=[Validation])])
class CashModule:
    pass


@pytest.mark.anyio
async def test_application_provides_the_merged_registry() -> None:
    app = messaging_app(BankModule, CashModule, config=MessagingConfig(pipeline_behaviors=[Logging]))
    async with app:
        registry = await app.container.get(MessagingRegistry)
    assert registry.request_route(Deposit) == RequestRoute(
        Deposit, DepositHandler, (Logging,), f'{__name__}.BankModule'
    )
    assert registry.request_route(Withdraw).behaviors == (Logging, Validation)
    assert registry.request_route(Withdraw).module == f'{__name__}.CashModule'
    assert registry.event_handlers(DepositedAndFlagged) == (Audit,)


def test_a_conflicting_class_that_is_only_garbage_does_not_fail_the_start_up() -> None:
    # A throwaway class in a function lives on in reference cycles until the collector runs;
    # start-up must not fail, or succeed, depending on when that was.
    def define_and_drop() -> None:
        class Throwaway(Opened, Closed):
            pass

        del Throwaway  # the name goes; the class lives on in its reference cycles

    gc.disable()
    try:
        define_and_drop()
        assert any(cls.__name__ == 'Throwaway' for cls in type.__subclasses__(Opened))
        registry = registry_of(
            ('app.Doors', MessagingExtension().bind_event(Opened, [Audit])),
            ('app.Locks', MessagingExtension().bind_event(Closed, [Audit])),
        )
    finally:
        gc.enable()
    assert registry.event_handlers(Opened) == (Audit,)
    assert not any(cls.__name__ == 'Throwaway' for cls in type.__subclasses__(Opened))
