"""The routing table: bindings merged in module order and frozen into dispatch plans."""

import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    EventHandler,
    EventHandlerAlreadyRegistered,
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
from denpo.messaging.registry import EventBinding, RequestBinding
from tests.conftest import messaging_app

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


def build_registry(
    *sources: tuple[str, list[Any]], global_behaviors: tuple[type[Any], ...] = ()
) -> MessagingRegistry:
    """Merge ``(module name, bindings)`` pairs, request and event bindings mixed."""
    return MessagingRegistry.merge(
        [
            (
                name,
                [binding for binding in bindings if isinstance(binding, RequestBinding)],
                [binding for binding in bindings if isinstance(binding, EventBinding)],
            )
            for name, bindings in sources
        ],
        global_behaviors,
    )


def test_request_routes_carry_handler_behaviors_and_module() -> None:
    registry = build_registry(
        ('app.Bank', [RequestBinding(Deposit, DepositHandler, (Validation,))]),
        ('app.Cash', [RequestBinding(Withdraw, WithdrawHandler)]),
        global_behaviors=(Logging,),
    )
    assert registry.request_route(Deposit) == RequestRoute(
        Deposit, DepositHandler, (Logging, Validation), 'app.Bank'
    )
    assert registry.request_route(Withdraw) == RequestRoute(Withdraw, WithdrawHandler, (Logging,), 'app.Cash')
    assert list(registry.requests) == [Deposit, Withdraw]


def test_unknown_request_route_raises_request_handler_not_found() -> None:
    registry = build_registry()
    with pytest.raises(RequestHandlerNotFound, match=re.escape(f'{__name__}.Deposit')):
        registry.request_route(Deposit)


def test_event_routes_keep_module_order_then_list_order() -> None:
    registry = build_registry(
        ('app.First', [EventBinding(AccountEvent, (Notify, Audit))]),
        ('app.Second', [EventBinding(AccountEvent, (Report,))]),
    )
    assert registry.events == {
        AccountEvent: EventRoute(
            AccountEvent, ((Notify, 'app.First'), (Audit, 'app.First'), (Report, 'app.Second'))
        )
    }
    assert registry.event_handlers(AccountEvent) == (Notify, Audit, Report)


def test_event_plans_follow_the_mro_and_are_computed_once() -> None:
    registry = build_registry(
        ('app.Events', [EventBinding(AccountEvent, (Audit,)), EventBinding(Flagged, (Report,))]),
        ('app.More', [EventBinding(Deposited, (Notify,))]),
    )
    assert registry.event_handlers(AccountEvent) == (Audit,)
    assert registry.event_handlers(Deposited) == (Notify, Audit)
    plan = registry.event_handlers(DepositedAndFlagged)
    assert plan == (Notify, Audit, Report)
    assert registry.event_handlers(DepositedAndFlagged) is plan
    assert registry.event_handlers(IEvent) == ()


def test_handler_bound_to_an_event_and_its_base_fails_when_the_registry_is_built() -> None:
    message = (
        rf'Event handler {re.escape(f"{__name__}.Audit")} is bound twice, to event .*AccountEvent in module '
        r'app\.Base and to its subclass .*Deposited in module app\.Derived'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        build_registry(
            ('app.Base', [EventBinding(AccountEvent, (Audit,))]),
            ('app.Derived', [EventBinding(Deposited, (Audit,))]),
        )
    assert caught.value.event_type is Deposited
    assert caught.value.first_event is AccountEvent
    assert caught.value.first_module == 'app.Base'
    assert caught.value.second_module == 'app.Derived'


def test_handler_bound_to_two_bases_of_a_published_event_fails_on_that_event() -> None:
    registry = build_registry(
        ('app.Money', [EventBinding(Deposited, (Audit,))]),
        ('app.Risk', [EventBinding(Flagged, (Audit,))]),
    )
    message = (
        rf'Event handler {re.escape(f"{__name__}.Audit")} is bound twice, '
        r'to event .*Flagged in module app\.Risk and to event .*Deposited in module app\.Money; '
        r'it would receive an event that inherits both twice'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message):
        registry.event_handlers(DepositedAndFlagged)


def test_handler_types_lists_every_handler_and_behavior_once_in_binding_order() -> None:
    registry = build_registry(
        (
            'app.Bank',
            [RequestBinding(Deposit, DepositHandler, (Validation,)), EventBinding(Deposited, (Audit,))],
        ),
        ('app.Cash', [RequestBinding(Withdraw, WithdrawHandler, (Validation,))]),
        ('app.Risk', [EventBinding(Flagged, (Audit, Report))]),
        global_behaviors=(Logging,),
    )
    assert registry.handler_types() == (Logging, Validation, DepositHandler, WithdrawHandler, Audit, Report)


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
