"""Every publisher hands a handler's ``KeyboardInterrupt``-like exception to the caller as is."""

from dataclasses import dataclass

import anyio
import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CollectAllEventPublisher,
    EventHandler,
    EventPublisher,
    GroupEventPublisher,
    IEvent,
    IMessageBus,
    MessagingConfig,
    MessagingExtension,
    SequentialEventPublisher,
)
from tests.conftest import Boom, Journal, journal_app

LIMIT = 5  # seconds; every scenario here finishes in milliseconds or hangs

PUBLISHERS = [
    pytest.param(SequentialEventPublisher, id='sequential'),
    pytest.param(GroupEventPublisher, id='group'),
    pytest.param(CollectAllEventPublisher, id='collect-all'),
]
INTERRUPTS = [
    pytest.param(KeyboardInterrupt, id='keyboard-interrupt'),
    pytest.param(SystemExit, id='system-exit'),
    pytest.param(GeneratorExit, id='generator-exit'),
]


@dataclass(frozen=True, slots=True)
class Alarm(IEvent):
    interrupt: BaseException
    concurrent: bool  # the interrupter waits for its sibling only when they run concurrently


@dataclass(frozen=True, slots=True)
class Clash(IEvent):
    interrupt: BaseException
    error: Exception
    interrupt_first: bool


@dataclass(frozen=True, slots=True)
class Nap(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Collapse(IEvent):
    error: Exception
    interrupt: BaseException


class Interrupter(EventHandler[Alarm]):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    @override
    async def handle(self, event: Alarm, /) -> None:
        if event.concurrent:
            await self.journal.entered.wait()
        self.journal('interrupter raises')
        raise event.interrupt


class Sleeper(EventHandler[Alarm]):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    @override
    async def handle(self, event: Alarm, /) -> None:
        self.journal('sleeper started')
        self.journal.arrive()
        try:
            await anyio.sleep_forever()
        finally:
            self.journal('sleeper finalized')


async def _raise_first_or_when_cancelled(journal: Journal, error: BaseException, *, first: bool) -> None:
    """Raise ``error`` once the sibling is waiting, or, as the sibling, when cancelled."""
    if first:
        await journal.entered.wait()
        raise error
    journal.arrive()
    try:
        await anyio.sleep_forever()
    except anyio.get_cancelled_exc_class():
        journal(f'{type(error).__name__} raised on cancellation')
        raise error from None


class ClashInterrupter(EventHandler[Clash]):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    @override
    async def handle(self, event: Clash, /) -> None:
        await _raise_first_or_when_cancelled(self.journal, event.interrupt, first=event.interrupt_first)


class ClashFailure(EventHandler[Clash]):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    @override
    async def handle(self, event: Clash, /) -> None:
        await _raise_first_or_when_cancelled(self.journal, event.error, first=not event.interrupt_first)


class FailsFirst(EventHandler[Collapse]):
    @override
    async def handle(self, event: Collapse, /) -> None:
        raise event.error


class InterruptsSecond(EventHandler[Collapse]):
    @override
    async def handle(self, event: Collapse, /) -> None:
        raise event.interrupt


class Napper(EventHandler[Nap]):
    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    @override
    async def handle(self, event: Nap, /) -> None:
        self.journal('napper started')
        self.journal.arrive()
        try:
            await anyio.sleep_forever()
        finally:
            self.journal('napper finalized')


@module(
    extensions=[
        MessagingExtension()
        .bind_event(Alarm, [Interrupter, Sleeper])
        .bind_event(Clash, [ClashInterrupter, ClashFailure])
        .bind_event(Nap, [Napper])
        .bind_event(Collapse, [FailsFirst, InterruptsSecond])
    ]
)
class AlarmModule:
    pass


async def _publish_alarm(publisher: type[EventPublisher], interrupt: BaseException) -> Journal:
    """Publish an :class:`Alarm` through ``bus.publish``; return the journal once it has raised."""
    journal = Journal()
    app = journal_app(journal, AlarmModule, config=MessagingConfig(event_publisher=publisher))
    event = Alarm(interrupt, concurrent=publisher is GroupEventPublisher)
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)
            tasks_before = len(anyio.get_running_tasks())
            with pytest.raises(type(interrupt)) as caught:
                await bus.publish(event)
            assert caught.value is interrupt
            assert len(anyio.get_running_tasks()) == tasks_before  # no handler outlives the call
    return journal


@pytest.mark.anyio
@pytest.mark.parametrize('kind', INTERRUPTS)
@pytest.mark.parametrize('publisher', PUBLISHERS)
async def test_the_caller_gets_the_handlers_own_interrupt_after_the_siblings_finalized(
    publisher: type[EventPublisher], kind: type[BaseException]
) -> None:
    interrupt = kind('raised by a handler')
    journal = await _publish_alarm(publisher, interrupt)
    if publisher is GroupEventPublisher:
        # The sleeper was cancelled and its `finally` ran before `publish` raised.
        assert journal.entries == ['sleeper started', 'interrupter raises', 'sleeper finalized']
    else:
        assert journal.entries == ['interrupter raises']  # one by one: the next handler never ran


@pytest.mark.parametrize('kind', INTERRUPTS)
@pytest.mark.parametrize('publisher', PUBLISHERS)
def test_an_interrupt_does_not_escape_the_event_loop(
    anyio_backend: str, publisher: type[EventPublisher], kind: type[BaseException]
) -> None:
    # A fresh loop per run, and the publish catches everything: if anything escaped the loop
    # (asyncio re-raises KeyboardInterrupt and SystemExit out of it), `anyio.run` would raise here.
    interrupt = kind('raised by a handler')
    config = MessagingConfig(event_publisher=publisher)

    async def scenario() -> BaseException | None:
        app = journal_app(Journal(), AlarmModule, config=config)
        with anyio.fail_after(LIMIT):
            async with app, app.container() as container:
                bus = await container.get(IMessageBus)
                try:
                    await bus.publish(Alarm(interrupt, concurrent=publisher is GroupEventPublisher))
                except BaseException as error:  # noqa: BLE001  # returned to be examined outside the loop
                    return error
        return None

    try:
        caught = anyio.run(scenario, backend=anyio_backend)
    except BaseException as escaped:  # noqa: BLE001  # an escape is the failure under test
        pytest.fail(f'{escaped!r} escaped the event loop')
    assert caught is interrupt


@pytest.mark.anyio
@pytest.mark.parametrize('kind', INTERRUPTS)
@pytest.mark.parametrize(
    'interrupt_first',
    [pytest.param(True, id='interrupt-first'), pytest.param(False, id='exception-first')],
)
async def test_group_publisher_raises_the_interrupt_with_the_exception_group_as_its_context(
    kind: type[BaseException], *, interrupt_first: bool
) -> None:
    interrupt, error = kind('raised by a handler'), Boom('raised by its sibling')
    journal = Journal()
    app = journal_app(journal, AlarmModule, config=MessagingConfig(event_publisher=GroupEventPublisher))
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)
            with pytest.raises(kind) as caught:
                await bus.publish(Clash(interrupt, error, interrupt_first=interrupt_first))
    assert caught.value is interrupt
    context = end_of_context_chain(interrupt)  # the interrupt's own context stays before it
    assert pytest.RaisesGroup(Boom).matches(context)  # an ExceptionGroup of the one Boom
    assert context.exceptions == (error,)  # the handler's own, and no cancellation
    assert interrupt.__notes__[-1].startswith('Other handlers failed before it: ExceptionGroup: ')
    second = 'Boom' if interrupt_first else kind.__name__
    assert journal.entries == [f'{second} raised on cancellation']


@pytest.mark.anyio
@pytest.mark.parametrize('publisher', PUBLISHERS)
async def test_cancelling_the_caller_still_cancels_the_handlers_and_propagates(
    publisher: type[EventPublisher],
) -> None:
    journal = Journal()
    app = journal_app(journal, AlarmModule, config=MessagingConfig(event_publisher=publisher))
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)

            async def cancel_when_napping(scope: anyio.CancelScope) -> None:
                await journal.entered.wait()
                scope.cancel()

            with anyio.CancelScope() as scope:
                async with anyio.create_task_group() as group:
                    group.start_soon(cancel_when_napping, scope)
                    try:
                        await bus.publish(Nap())
                    except anyio.get_cancelled_exc_class():
                        journal('publish cancelled')
                        raise
                    journal('not reached')
            assert scope.cancelled_caught
    assert journal.entries == ['napper started', 'napper finalized', 'publish cancelled']


@pytest.mark.anyio
@pytest.mark.parametrize('kind', INTERRUPTS)
async def test_collect_all_keeps_the_failures_before_an_interrupt_as_its_context(
    kind: type[BaseException],
) -> None:
    interrupt, error = kind('raised by the second handler'), Boom('raised by the first')
    app = journal_app(
        Journal(), AlarmModule, config=MessagingConfig(event_publisher=CollectAllEventPublisher)
    )
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)
            with pytest.raises(kind) as caught:
                await bus.publish(Collapse(error, interrupt))
    assert caught.value is interrupt
    context = end_of_context_chain(interrupt)
    assert pytest.RaisesGroup(Boom).matches(context)
    assert context.exceptions == (error,)
    assert str(context) == (
        f'1 of 2 handlers of {Collapse.__module__}.{Collapse.__qualname__} failed (1 sub-exception)'
    )


def end_of_context_chain(error: BaseException) -> BaseException | None:
    """The last exception of ``error``'s ``__context__`` chain (``None`` if it has none)."""
    last = error.__context__
    while last is not None and last.__context__ is not None:
        last = last.__context__
    return last


_EMPTY: dict[str, int] = {}


class ContextKeeper(EventHandler[Collapse]):
    """Raises the interrupt while handling an error of its own, its ``__context__``."""

    @override
    async def handle(self, event: Collapse, /) -> None:
        try:
            _EMPTY['missing']  # fails on purpose: the handler's own error
        except LookupError:
            raise event.interrupt from None


@pytest.mark.anyio
@pytest.mark.parametrize(
    'publisher', [CollectAllEventPublisher, GroupEventPublisher], ids=['collect-all', 'group']
)
async def test_the_interrupts_own_context_is_kept_before_the_other_failures(
    publisher: type[EventPublisher],
) -> None:
    interrupt, error = KeyboardInterrupt('raised by the second handler'), Boom('raised by the first')

    @module(extensions=[MessagingExtension().bind_event(Collapse, [FailsFirst, ContextKeeper])])
    class KeeperModule:
        pass

    app = journal_app(Journal(), KeeperModule, config=MessagingConfig(event_publisher=publisher))
    with anyio.fail_after(LIMIT):
        async with app, app.container() as container:
            bus = await container.get(IMessageBus)
            with pytest.raises(KeyboardInterrupt) as caught:
                await bus.publish(Collapse(error, interrupt))
    assert caught.value is interrupt
    own = interrupt.__context__
    assert isinstance(own, LookupError)  # not replaced
    group = own.__context__
    assert pytest.RaisesGroup(Boom).matches(group)
    assert group.exceptions == (error,)
