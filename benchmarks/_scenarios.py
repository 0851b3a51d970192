"""The per-call scenarios, each a batch of operations run inside one event loop."""

from __future__ import annotations

from contextlib import AsyncExitStack, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks._app import (
    EVENT,
    REQUEST,
    PlaceOrderHandler,
    SendConfirmationEmail,
    UpdateAnalytics,
    build_app,
    dishka_container,
)
from benchmarks._library import IMessageBus
from benchmarks._measure import Batch, Stats, measure

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dishka import AsyncContainer

    from denpo import Application

__all__ = ['PER_CALL', 'Scenario', 'run_per_call']


@dataclass(frozen=True, slots=True)
class Scenario:
    """A measured operation and what its ratio is taken against.

    Attributes:
        name: The key in the JSON output.
        title: What one operation does, as printed in the table.
        baseline: The scenario this one is compared with (the direct call for the baselines).
    """

    name: str
    title: str
    baseline: str


PER_CALL: tuple[Scenario, ...] = (
    Scenario('direct', 'direct `await handler.handle(req)`', 'direct'),
    Scenario('dishka_get', 'dishka `get` in an open REQUEST scope + call', 'direct'),
    Scenario('invoke', '`invoke`, open scope, no behaviors', 'direct'),
    Scenario('invoke_global_behaviors', '`invoke`, 2 global pass-through behaviors', 'direct'),
    Scenario('invoke_request_behaviors', '`invoke`, 2 per-request pass-through behaviors', 'direct'),
    Scenario('direct_loop', 'direct loop over the 2 event handlers', 'direct'),
    Scenario('publish_sequential', '`publish` to 2 handlers, SequentialEventPublisher', 'direct_loop'),
    Scenario('publish_group', '`publish` to 2 handlers, GroupEventPublisher', 'direct_loop'),
    Scenario('dishka_scope', 'dishka alone: open scope + get handler + call', 'direct'),
    Scenario('bus_scope', 'open scope + get `IMessageBus` + `invoke`', 'dishka_scope'),
    # What the two above are made of: an empty scope, and the bus alone.
    Scenario('scope_only', 'dishka alone: open and close a REQUEST scope', 'dishka_scope'),
    Scenario('bus_get_scope', 'open scope + get `IMessageBus`, no call', 'dishka_scope'),
    # The scope's lock: `bus_scope` with dishka's unlocked scope instead.
    Scenario(
        'bus_scope_unlocked', '`bus_scope`, scope opened with `lock_factory=nullcontext`', 'dishka_scope'
    ),
)


async def _enter(stack: AsyncExitStack, app: Application) -> AsyncContainer:
    """Enter ``app`` and one REQUEST scope of it; return the scope's container."""
    await stack.enter_async_context(app)
    return await stack.enter_async_context(app.container())


def _invoke_batch(bus: IMessageBus) -> Batch:
    async def batch(n: int) -> None:
        for _ in range(n):
            await bus.invoke(REQUEST)

    return batch


def _publish_batch(bus: IMessageBus) -> Batch:
    async def batch(n: int) -> None:
        for _ in range(n):
            await bus.publish(EVENT)

    return batch


async def _batches(stack: AsyncExitStack, only: Sequence[str]) -> dict[str, Batch]:  # noqa: C901  # one closure per scenario reads best flat
    handler = PlaceOrderHandler()
    event_handlers = (SendConfirmationEmail(), UpdateAnalytics())
    dishka_root = dishka_container()
    stack.push_async_callback(dishka_root.close)
    dishka_scope = await stack.enter_async_context(dishka_root())
    plain_app = build_app()
    plain = await _enter(stack, plain_app)
    plain_bus = await plain.get(IMessageBus)

    async def direct(n: int) -> None:
        for _ in range(n):
            await handler.handle(REQUEST)

    async def dishka_get(n: int) -> None:
        for _ in range(n):
            resolved = await dishka_scope.get(PlaceOrderHandler)
            await resolved.handle(REQUEST)

    async def direct_loop(n: int) -> None:
        for _ in range(n):
            for event_handler in event_handlers:
                await event_handler.handle(EVENT)

    async def dishka_new_scope(n: int) -> None:
        for _ in range(n):
            async with dishka_root() as scope:
                resolved = await scope.get(PlaceOrderHandler)
                await resolved.handle(REQUEST)

    async def bus_new_scope(n: int) -> None:
        for _ in range(n):
            async with plain_app.container() as scope:
                bus = await scope.get(IMessageBus)
                await bus.invoke(REQUEST)

    async def scope_only(n: int) -> None:
        for _ in range(n):
            async with dishka_root():
                pass

    async def bus_new_unlocked_scope(n: int) -> None:
        for _ in range(n):
            async with plain_app.container(lock_factory=nullcontext) as scope:
                bus = await scope.get(IMessageBus)
                await bus.invoke(REQUEST)

    async def bus_get_in_new_scope(n: int) -> None:
        for _ in range(n):
            async with plain_app.container() as scope:
                await scope.get(IMessageBus)

    batches: dict[str, Batch] = {
        'direct': direct,
        'dishka_get': dishka_get,
        'invoke': _invoke_batch(plain_bus),
        'direct_loop': direct_loop,
        'publish_sequential': _publish_batch(plain_bus),
        'dishka_scope': dishka_new_scope,
        'bus_scope': bus_new_scope,
        'scope_only': scope_only,
        'bus_get_scope': bus_get_in_new_scope,
        'bus_scope_unlocked': bus_new_unlocked_scope,
    }
    if not only or 'invoke_global_behaviors' in only:
        scope = await _enter(stack, build_app(behaviors='global'))
        batches['invoke_global_behaviors'] = _invoke_batch(await scope.get(IMessageBus))
    if not only or 'invoke_request_behaviors' in only:
        scope = await _enter(stack, build_app(behaviors='request'))
        batches['invoke_request_behaviors'] = _invoke_batch(await scope.get(IMessageBus))
    if not only or 'publish_group' in only:
        scope = await _enter(stack, build_app(publisher='group'))
        batches['publish_group'] = _publish_batch(await scope.get(IMessageBus))
    return batches


async def run_per_call(
    *, rounds: int, min_time: float, iterations: int | None, only: Sequence[str] = ()
) -> dict[str, Stats]:
    """Measure the per-call scenarios (all, or those in ``only`` and their baselines)."""
    by_name = {scenario.name: scenario for scenario in PER_CALL}
    wanted = set(by_name)
    if only:
        wanted = {name for name in only if name in by_name}
        missing = {by_name[name].baseline for name in wanted} - wanted
        while missing:  # baselines have baselines: publish -> direct_loop -> direct
            wanted |= missing
            missing = {by_name[name].baseline for name in wanted} - wanted
    async with AsyncExitStack() as stack:
        batches = await _batches(stack, tuple(wanted) if only else ())
        # Keep the declared order, so the table and the JSON read the same way every run.
        ordered = {scenario.name: batches[scenario.name] for scenario in PER_CALL if scenario.name in wanted}
        return await measure(ordered, rounds=rounds, min_time=min_time, iterations=iterations)
