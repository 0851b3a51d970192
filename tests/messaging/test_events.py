"""``publish``: fan-out to every handler of the event's class and of its bases, in documented order."""

import traceback
from dataclasses import dataclass

import anyio
import pytest
from typing_extensions import override

from denpo import module
from denpo.di import scoped
from denpo.messaging import (
    EventHandler,
    EventHandlerAlreadyRegistered,
    GroupEventPublisher,
    IEvent,
    IMessageBus,
    MessagingConfig,
    MessagingExtension,
    SequentialEventPublisher,
)
from tests.conftest import Boom, Journal, Trace, Unheard, journal_app, messaging_app, named

pytestmark = pytest.mark.anyio


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserSignedUp(IEvent):
    name: str


@dataclass(frozen=True, slots=True)
class Happened(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Audited(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class HappenedHere(Happened):
    pass


@dataclass(frozen=True, slots=True)
class HappenedHereAudited(HappenedHere, Audited):
    pass


@dataclass(frozen=True, slots=True)
class Faulty(IEvent):
    error: Exception


@dataclass(frozen=True, slots=True)
class UrgentFaulty(Faulty):
    pass


@dataclass(frozen=True, slots=True)
class Race(IEvent):
    error: Exception


@dataclass(frozen=True, slots=True)
class Meet(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Pinged(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Ponged(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Shipped(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class Invoiced(IEvent):
    pass


@dataclass(frozen=True, slots=True)
class ShippedAndInvoiced(Shipped, Invoiced):  # bound nowhere, but it exists at start-up
    pass


# --- handlers ------------------------------------------------------------------------------


class _Recorder(EventHandler[IEvent]):
    """Records its class name and the event's class name."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, event: IEvent, /) -> None:
        self._trace(f'{type(self).__name__}<-{type(event).__name__}')


class WelcomeEmail(_Recorder):
    pass


class CreateProfile(_Recorder):
    pass


class NotifyAdmins(_Recorder):
    pass


class OnHappened(_Recorder):
    pass


class OnAudited(_Recorder):
    pass


class OnHappenedHere(_Recorder):
    pass


class OnHappenedHereAgain(_Recorder):
    pass


class OnHappenedHereAudited(_Recorder):
    pass


class BeforeFailure(_Recorder):
    pass


class Ledger(_Recorder):
    pass


class AfterFailure(_Recorder):
    pass


class OnUrgent(_Recorder):
    pass


class Failing(EventHandler[Faulty]):
    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    @override
    async def handle(self, event: Faulty, /) -> None:
        self._trace(f'Failing<-{type(event).__name__}')
        raise event.error


class Sibling(EventHandler[Race]):
    """Starts, lets its sibling fail, and is cancelled while it waits."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @override
    async def handle(self, event: Race, /) -> None:
        self._journal('sibling started')
        self._journal.arrive()
        try:
            await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            self._journal('sibling cancelled')
            raise
        finally:
            self._journal('sibling exited')


class FailsAfterSibling(EventHandler[Race]):
    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    @override
    async def handle(self, event: Race, /) -> None:
        await self._journal.entered.wait()
        raise event.error


class Rendezvous:
    """Shared by the two handlers of one event within a scope."""

    def __init__(self) -> None:
        self.left_arrived = anyio.Event()
        self.right_arrived = anyio.Event()


class _Partner(EventHandler[Meet]):
    """Arrives, then waits for its partner: two partners finish only if they run concurrently.

    Run one after the other, in either order, the first would wait forever (here: time out).
    """

    side = ''

    def __init__(self, rendezvous: Rendezvous, trace: Trace) -> None:
        self._rendezvous = rendezvous
        self._trace = trace

    @override
    async def handle(self, event: Meet, /) -> None:
        mine, theirs = (self._rendezvous.left_arrived, self._rendezvous.right_arrived)
        if self.side == 'right':
            mine, theirs = theirs, mine
        mine.set()
        with anyio.fail_after(5):
            await theirs.wait()
        self._trace(f'{self.side} met its partner')


class LeftPartner(_Partner):
    side = 'left'


class RightPartner(_Partner):
    side = 'right'


class StructuralRecorder:
    """Matches IEventHandler[IEvent] structurally; inherits nothing from denpo."""

    def __init__(self, trace: Trace) -> None:
        self._trace = trace

    async def handle(self, event: IEvent, /) -> None:
        self._trace(f'StructuralRecorder<-{type(event).__name__}')


# --- modules -------------------------------------------------------------------------------


@module(extensions=[MessagingExtension().bind_event(UserSignedUp, [NotifyAdmins])])
class AdminModule:
    pass


@module(
    imports=[AdminModule],
    extensions=[MessagingExtension().bind_event(UserSignedUp, [WelcomeEmail, CreateProfile])],
)
class AccountsModule:
    pass


@module(
    extensions=[
        MessagingExtension()
        .bind_event(Happened, [OnHappened])
        .bind_event(Audited, [OnAudited])
        .bind_event(HappenedHere, [OnHappenedHere, OnHappenedHereAgain])
        .bind_event(HappenedHereAudited, [OnHappenedHereAudited]),
    ],
)
class HierarchyModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Faulty, [BeforeFailure, Failing, AfterFailure])])
class FaultyModule:
    pass


@module(extensions=[MessagingExtension().bind_event(UrgentFaulty, [OnUrgent])])
class UrgentFaultyModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Race, [Sibling, FailsAfterSibling])])
class RaceModule:
    pass


@module(
    providers=[scoped(Rendezvous)],
    extensions=[MessagingExtension().bind_event(Meet, [LeftPartner, RightPartner])],
)
class MeetingModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Pinged, [StructuralRecorder])])
class PingModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Ponged, [StructuralRecorder])])
class PongModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Shipped, [Ledger])])
class ShippingModule:
    pass


@module(extensions=[MessagingExtension().bind_event(Invoiced, [Ledger])])
class BillingModule:
    pass


# --- fan-out and order ---------------------------------------------------------------------


async def test_fan_out_runs_modules_in_topological_order_then_list_order() -> None:
    # The root imports AccountsModule first, but AccountsModule imports AdminModule,
    # so AdminModule comes first in topological order.
    app = messaging_app(AccountsModule, AdminModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(UserSignedUp('ada'))
        assert (await container.get(Trace)).entries == [
            'NotifyAdmins<-UserSignedUp',
            'WelcomeEmail<-UserSignedUp',
            'CreateProfile<-UserSignedUp',
        ]


@pytest.mark.parametrize(
    ('event', 'expected'),
    [
        pytest.param(Happened(), ['OnHappened<-Happened'], id='base-gets-only-its-own'),
        pytest.param(
            HappenedHere(),
            ['OnHappenedHere<-HappenedHere', 'OnHappenedHereAgain<-HappenedHere', 'OnHappened<-HappenedHere'],
            id='subclass-then-base',
        ),
        pytest.param(
            HappenedHereAudited(),
            [
                'OnHappenedHereAudited<-HappenedHereAudited',
                'OnHappenedHere<-HappenedHereAudited',
                'OnHappenedHereAgain<-HappenedHereAudited',
                'OnHappened<-HappenedHereAudited',
                'OnAudited<-HappenedHereAudited',
            ],
            id='multiple-inheritance-in-mro-order',
        ),
    ],
)
async def test_polymorphic_delivery_most_derived_first_in_mro_order(
    event: IEvent, expected: list[str]
) -> None:
    app = messaging_app(HierarchyModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(event)
        assert (await container.get(Trace)).entries == expected


async def test_publish_is_repeatable_within_a_scope() -> None:
    app = messaging_app(HierarchyModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(Happened())
        await bus.publish(Happened())
        assert (await container.get(Trace)).entries == ['OnHappened<-Happened'] * 2


@pytest.mark.parametrize(
    'event',
    [
        pytest.param(Unheard(), id='unbound-event'),
        pytest.param(UserSignedUp('ada'), id='event-bound-in-a-module-the-app-does-not-import'),
    ],
)
async def test_publishing_an_event_without_handlers_is_a_no_op(event: IEvent) -> None:
    app = messaging_app(HierarchyModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(event)
        await bus.publish(event)
        assert (await container.get(Trace)).entries == []


async def test_structural_handler_bound_to_two_events_in_two_modules() -> None:
    app = messaging_app(PingModule, PongModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(Ponged())
        await bus.publish(Pinged())
        assert (await container.get(Trace)).entries == [
            'StructuralRecorder<-Ponged',
            'StructuralRecorder<-Pinged',
        ]


# --- one handler reached twice: at start-up, or on the first publish of a later class -------


def test_a_handler_of_two_bases_of_an_existing_event_fails_the_start_up() -> None:
    message = (
        rf'Event handler {named(Ledger)} is bound twice, to event {named(Shipped)} in module '
        rf'{named(ShippingModule)} and to event {named(Invoiced)} in module {named(BillingModule)}; '
        r'it would receive each .*ShippedAndInvoiced twice\. Hint: keep one of the two bindings\.'
    )
    with pytest.raises(EventHandlerAlreadyRegistered, match=message) as caught:
        messaging_app(ShippingModule, BillingModule)
    assert caught.value.handler_type is Ledger


async def test_an_event_class_created_after_start_up_is_planned_on_its_first_publish() -> None:
    # Classes of this test only, so no class left over from another run inherits them.
    class Packed(IEvent):
        pass

    class Labelled(IEvent):
        pass

    @module(extensions=[MessagingExtension().bind_event(Packed, [Ledger])])
    class PackingModule:
        pass

    @module(extensions=[MessagingExtension().bind_event(Labelled, [Ledger])])
    class LabellingModule:
        pass

    app = messaging_app(PackingModule, LabellingModule)

    class Repacked(Packed):
        pass

    class PackedAndLabelled(Packed, Labelled):
        pass

    message = (
        rf'Event handler {named(Ledger)} is bound twice, to event {named(Packed)} in module '
        rf'{named(PackingModule)} and to event {named(Labelled)} in module {named(LabellingModule)}; '
        rf'it would receive each {named(PackedAndLabelled)} twice'
    )
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(Repacked())
        for _ in range(2):  # nothing is cached for the conflicting class: each publish raises
            with pytest.raises(EventHandlerAlreadyRegistered, match=message):
                await bus.publish(PackedAndLabelled())
        await bus.publish(Packed())
        assert (await container.get(Trace)).entries == ['Ledger<-Repacked', 'Ledger<-Packed']


# --- publishers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    'config',
    [
        pytest.param(None, id='default'),
        pytest.param(MessagingConfig(event_publisher=SequentialEventPublisher), id='explicit'),
    ],
)
async def test_sequential_publisher_stops_at_the_first_exception(config: MessagingConfig | None) -> None:
    error = Boom('handler failed')
    app = messaging_app(FaultyModule, config=config)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom) as caught:
            await bus.publish(Faulty(error))
        assert caught.value is error
        assert (await container.get(Trace)).entries == ['BeforeFailure<-Faulty', 'Failing<-Faulty']


async def test_sequential_publishing_stops_at_the_failing_handler_which_the_caller_can_name() -> None:
    app = messaging_app(FaultyModule, UrgentFaultyModule)
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        for attempt in range(2):  # a failed delivery leaves nothing behind: the next starts over
            error = Boom(f'attempt {attempt}')
            with pytest.raises(Boom) as caught:
                await bus.publish(UrgentFaulty(error))
            assert caught.value is error
            failing = caught.traceback[-1].frame.f_locals['self']
            assert isinstance(failing, Failing)
            assert failing is await container.get(Failing)
        # The subclass's handler first, then the base's in list order: Failing stops the delivery,
        # AfterFailure never runs.
        assert (await container.get(Trace)).entries == [
            'OnUrgent<-UrgentFaulty',
            'BeforeFailure<-UrgentFaulty',
            'Failing<-UrgentFaulty',
        ] * 2


async def test_group_publisher_runs_handlers_concurrently() -> None:
    app = messaging_app(MeetingModule, config=MessagingConfig(event_publisher=GroupEventPublisher))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        await bus.publish(Meet())
        # The task order is the scheduler's (trio randomizes it); both finishing is the proof.
        assert sorted((await container.get(Trace)).entries) == [
            'left met its partner',
            'right met its partner',
        ]


async def test_group_publisher_raises_an_exception_group_holding_the_handler_exception() -> None:
    error = Boom('handler failed')
    app = messaging_app(FaultyModule, config=MessagingConfig(event_publisher=GroupEventPublisher))
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.RaisesGroup(Boom) as caught:
            await bus.publish(Faulty(error))
        assert caught.value.exceptions[0] is error


async def test_group_publishing_cancels_the_siblings_and_raises_an_exception_group() -> None:
    journal = Journal()
    app = journal_app(journal, RaceModule, config=MessagingConfig(event_publisher=GroupEventPublisher))
    error = Boom('one handler failed')
    async with app, app.container() as container:
        bus = await container.get(IMessageBus)
        tasks_before = len(anyio.get_running_tasks())
        with pytest.RaisesGroup(Boom) as caught:
            await bus.publish(Race(error))
        assert len(anyio.get_running_tasks()) == tasks_before
    assert caught.value.exceptions == (error,)  # the cancellation of the sibling is not an error
    innermost = traceback.extract_tb(error.__traceback__)[-1]
    assert (innermost.filename, innermost.line) == (__file__, 'raise event.error')  # the handler's own
    assert journal.entries == ['sibling started', 'sibling cancelled', 'sibling exited']
