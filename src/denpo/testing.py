"""Helpers for testing applications built on denpo.

- [`create_test_app`][] builds an application around a module, with extra or replacement
  providers, importing ``MessagingModule`` when the modules do not.
- [`override`][] swaps providers and context values of a built application for the duration
  of a block, for every holder of its container.
- [`EventRecorder`][] captures every event published through the bus.

Example::

    recorder = EventRecorder()
    app = create_test_app(OrdersModule, providers=[object_(FakeRepo(), provided_type=OrderRepository)],
                          record_events=recorder)
    async with app, app.container() as container:
        await (await container.get(ISender)).invoke(PlaceOrder(...))
    assert recorder.events == [OrderPlaced(...)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar, cast

from dishka import AsyncContainer, Provider, Scope
from typing_extensions import override as _override

from denpo._arguments import check_extensions, check_list, is_instance, shown
from denpo._containers import RootContainer
from denpo._naming import qualname
from denpo._overrides import check_override_arguments
from denpo._text import safe_repr
from denpo.application import Application, ApplicationFactory, Lifespan
from denpo.exceptions import ApplicationError
from denpo.extensions import ApplicationExtension, ModuleExtension
from denpo.messaging.bus import IMessageBus, MessageBus
from denpo.messaging.contracts import IEvent
from denpo.messaging.module import MessagingConfig, MessagingModule
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import MessagingRegistry
from denpo.modules import ModuleType, build_module_registry, module
from denpo.modules._metadata import module_target

__all__ = ['EventRecorder', 'create_test_app', 'override']

_E = TypeVar('_E', bound=IEvent)


class EventRecorder:
    """Records every event published through the bus, in publish order, nested publishes included.

    Pass it to [`create_test_app`][] (``record_events=``) or add [`provider`][] to
    [`override`][]. Events are recorded when ``publish`` is called, before delivery, so an
    event whose handler fails is recorded too.
    """

    __slots__ = ('_events',)

    def __init__(self) -> None:
        self._events: list[IEvent] = []

    @property
    def events(self) -> list[IEvent]:
        """The published events, oldest first (a copy)."""
        return list(self._events)

    def of_type(self, event_type: type[_E]) -> list[_E]:
        """The published events that are instances of ``event_type``."""
        return [event for event in self._events if isinstance(event, event_type)]

    def clear(self) -> None:
        """Forget the events recorded so far."""
        self._events.clear()

    def record(self, event: IEvent) -> None:
        """Add ``event``; called by the recording bus."""
        self._events.append(event)

    def provider(self) -> Provider:
        """A provider that replaces the bus with one that records into this recorder."""
        provider = Provider(scope=Scope.APP)
        provider.provide(lambda: self, provides=EventRecorder)
        provider.provide(_RecordingMessageBus, provides=IMessageBus, scope=Scope.REQUEST)
        return provider


class _RecordingMessageBus(MessageBus):
    __slots__ = ('_recorder',)

    def __init__(
        self,
        container: AsyncContainer,
        registry: MessagingRegistry,
        publisher: EventPublisher,
        recorder: EventRecorder,
    ) -> None:
        super().__init__(container, registry, publisher)
        self._recorder = recorder

    @_override
    async def publish(self, event: IEvent, /) -> None:
        if _is_event(event):  # anything else is refused by the bus itself, unrecorded
            self._recorder.record(event)
        await super().publish(event)


def _is_event(value: object) -> bool:
    return isinstance(value, IEvent)


def create_test_app(  # noqa: PLR0913  # keyword-only options, mirroring ApplicationFactory
    root_module: ModuleType | None = None,
    /,
    *,
    providers: Sequence[Provider] = (),
    imports: Sequence[ModuleType] = (),
    extensions: Sequence[ModuleExtension] = (),
    messaging: MessagingConfig | None = None,
    record_events: EventRecorder | None = None,
    context: Mapping[Any, Any] | None = None,
    lifespan: Sequence[Lifespan] = (),
    app_extensions: Sequence[ApplicationExtension] = (),
) -> Application:
    """Build an application around ``root_module`` for a test (not started: ``async with app``).

    What it builds, exactly:

    - a generated root module, ``TestAppModule``, that imports ``root_module`` (if given) and
      ``imports``, and lists ``extensions``;
    - ``MessagingModule.register(messaging)`` among those imports, only when neither
      ``root_module`` nor ``imports`` brings a ``MessagingModule`` (in any configuration);
    - ``providers`` and, with ``record_events``, the recorder's provider, added after every
      module's providers: they replace providers of the same types and may add new ones. They
      stay in force under [`override`][] blocks.

    Args:
        root_module: The module under test (its imports come along); leave it out to test
            ``imports``, ``providers`` and ``extensions`` alone.
        providers: Providers added last; they replace providers of the same type.
        imports: Extra modules to import next to ``root_module``.
        extensions: Module extensions of the generated test root module.
        messaging: Configuration of the ``MessagingModule`` the helper adds.
        record_events: A recorder that captures every published event.
        context: APP-scope context values.
        lifespan: Lifespans, as for [`ApplicationFactory`][denpo.ApplicationFactory].
        app_extensions: Application extensions.

    Raises:
        TypeError: ``providers`` holds something other than dishka providers, or
            ``record_events`` is not an ``EventRecorder``.
        denpo.exceptions.ApplicationError: ``messaging=`` is given although the modules import a
            ``MessagingModule`` already, whose configuration would win.
    """
    _check_test_app_arguments(providers, record_events)
    # Checked here so that a mistake is named as the caller wrote it (not as the generated module's).
    check_extensions(_WHERE, extensions, 'module', TypeError)
    check_extensions(_WHERE, app_extensions, 'application', TypeError, argument='app_extensions')
    extra = cast(
        'Sequence[ModuleType]', check_list(_WHERE, 'imports', imports, TypeError)
    )  # each is checked by @module below
    test_imports: list[ModuleType] = [*extra] if root_module is None else [root_module, *extra]
    imported = _messaging_imported_by(root_module, extra)
    if imported is None:
        test_imports.append(MessagingModule.register(messaging))
    elif messaging is not None:
        msg = (
            f'{_WHERE}: messaging= is given, but {imported}, and its configuration is the one in force. '
            'Hint: pass the MessagingConfig to that MessagingModule.register(...) call, or leave '
            'messaging= out.'
        )
        raise ApplicationError(msg)

    @module(imports=test_imports, extensions=extensions)
    class TestAppModule:
        pass

    overrides = [*providers]
    if record_events is not None:
        overrides.append(record_events.provider())
    factory = ApplicationFactory(TestAppModule, context=context, lifespan=lifespan, extensions=app_extensions)
    return factory.create(overrides=overrides)


_WHERE = 'create_test_app(...)'


def _messaging_imported_by(root_module: ModuleType | None, imports: Sequence[ModuleType]) -> str | None:
    """Where the modules given bring a ``MessagingModule`` from, in words, if they do."""
    entries = [('the root module', root_module)] if root_module is not None else []
    entries += [('imports=', entry) for entry in imports]
    for place, entry in entries:
        if build_module_registry(entry).get(MessagingModule) is None:
            continue
        target = module_target(entry, 'create_test_app')[0]
        if target is MessagingModule:
            return f'{place} holds a MessagingModule already'
        return f'{qualname(target)} ({place}) imports MessagingModule already'
    return None


def _check_test_app_arguments(providers: object, record_events: object) -> None:
    """Refuse what ``@module`` and ``ApplicationFactory`` do not see: the overrides and the recorder."""
    check_override_arguments(_WHERE, providers, None, keyword='providers= ')
    if record_events is not None and not is_instance(record_events, EventRecorder):
        msg = (
            f'{_WHERE}: record_events= expects an EventRecorder, got {shown(record_events)}. '
            'Hint: write record_events=EventRecorder() and keep it to read its events.'
        )
        raise TypeError(msg)


def override(
    target: Application | AsyncContainer, *providers: Provider, context: Mapping[Any, Any] | None = None
) -> AbstractAsyncContextManager[AsyncContainer]:
    """Swap providers and APP-scope context values of a built application while a block runs.

    ``target`` is the application or its root container (``app.container``); this is
    ``app.overridden(*providers, context=context)``. Inside ``async with override(...)``, every
    holder of ``app.container``, including one captured before the block (a web framework's),
    resolves ``providers`` in place of those that provide the same types, and ``context`` values
    in place of the factory's; after the block, the originals again. APP-scope singletons are
    new instances inside the block. Blocks nest. The block yields ``app.container``.

    Raises:
        TypeError: ``target`` is a container that no application owns (for example a REQUEST
            scope opened with ``app.container()``), a provider is not a dishka provider, or
            ``context`` is not a mapping keyed by types.
    """
    if isinstance(target, Application):
        app = target
    elif isinstance(target, RootContainer):
        app = target.owner
    else:
        msg = (
            f'override() needs a denpo Application or its root container (app.container), got '
            f'{safe_repr(target)}, which no application owns. Hint: pass the application, or app.container '
            'rather than a scope opened with app.container().'
        )
        raise TypeError(msg)
    return app.overridden(*providers, context=context)
