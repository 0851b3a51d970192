"""Helpers for testing applications built on denpo.

- :func:`create_test_app` builds an application around a module, with extra or replacement
  providers, importing ``MessagingModule`` when the graph does not.
- :func:`override` swaps providers of a built application for the duration of a block.
- :class:`EventRecorder` captures every event published through the bus.

Example::

    recorder = EventRecorder()
    app = create_test_app(OrdersModule, providers=[object_(FakeRepo(), provided_type=OrderRepository)],
                          record_events=recorder)
    async with app, app.container() as container:
        await (await container.get(ISender)).invoke(PlaceOrder(...))
    assert recorder.events == [OrderPlaced(...)]
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from dishka import AsyncContainer, Provider, Scope
from dishka.provider import BaseProvider
from typing_extensions import override as _override

from denpo._arguments import check_list, is_instance, shown
from denpo._text import safe_repr
from denpo.application import Application, ApplicationFactory, Lifespan, owner_of
from denpo.extensions import ApplicationExtension, ModuleExtension
from denpo.messaging.bus import IMessageBus, MessageBus
from denpo.messaging.contracts import IEvent
from denpo.messaging.module import MessagingConfig, MessagingModule
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import MessagingRegistry
from denpo.modules import ModuleType, build_module_registry, module

__all__ = ['EventRecorder', 'create_test_app', 'override']

_E = TypeVar('_E', bound=IEvent)


class EventRecorder:
    """Records every event published through the bus, in publish order, nested publishes included.

    Pass it to :func:`create_test_app` (``record_events=``) or add :meth:`provider` to
    :func:`override`. Events are recorded when ``publish`` is called, before delivery, so an
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
    root_module: ModuleType,
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
    """Build an application around ``root_module`` for a test.

    Args:
        root_module: The module under test (its imports come along).
        providers: Providers added last; they replace providers of the same type.
        imports: Extra modules to import next to ``root_module``.
        extensions: Module extensions of the generated test root module.
        messaging: Configuration for ``MessagingModule`` when the graph does not import it
            already (it is then imported automatically).
        record_events: A recorder that captures every published event.
        context: APP-scope context values.
        lifespan: Lifespans, as for :class:`~denpo.ApplicationFactory`.
        app_extensions: Application extensions.
    """
    _check_test_app_arguments(providers, record_events)
    test_imports: list[ModuleType] = [root_module, *check_list(_WHERE, 'imports', imports, TypeError)]  # type: ignore[list-item]  # pyright: ignore[reportAssignmentType]  # each is checked by @module below
    if build_module_registry(root_module).get(MessagingModule) is None:
        test_imports.append(MessagingModule.register(messaging))

    @module(imports=test_imports, extensions=extensions)
    class TestAppModule:
        pass

    overrides = [*providers]
    if record_events is not None:
        overrides.append(record_events.provider())
    factory = ApplicationFactory(TestAppModule, context=context, lifespan=lifespan, extensions=app_extensions)
    return factory._create(overrides=overrides)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # the testing half of the factory


_WHERE = 'create_test_app(...)'


def _check_test_app_arguments(providers: object, record_events: object) -> None:
    """Refuse what ``@module`` and ``ApplicationFactory`` do not see: the overrides and the recorder."""
    for provider in check_list(_WHERE, 'providers', providers, TypeError):
        if not is_instance(provider, BaseProvider):
            msg = (
                f'{_WHERE}: providers= expects dishka providers, got {shown(provider)}. '
                'Hint: build them with denpo.di, for example object_(fake, provided_type=Repository).'
            )
            raise TypeError(msg)
    if record_events is not None and not is_instance(record_events, EventRecorder):
        msg = (
            f'{_WHERE}: record_events= expects an EventRecorder, got {shown(record_events)}. '
            'Hint: write record_events=EventRecorder() and keep it to read its events.'
        )
        raise TypeError(msg)


@asynccontextmanager
async def override(
    target: Application | AsyncContainer, *providers: Provider
) -> AsyncGenerator[AsyncContainer]:
    """Swap providers of a built application while the block runs.

    ``target`` is the application or its root container (``app.container``). A fresh root
    container is built from the application's providers plus ``providers`` (which replace those
    of the same type) and installed as ``app.container``; on exit the original container is
    restored and the temporary one closed. APP-scope singletons of the temporary container are
    new instances.

    Yields:
        The temporary root container (also reachable as ``app.container``).

    Raises:
        TypeError: ``target`` is a container that no application owns (for example a REQUEST
            scope opened with ``app.container()``).
    """
    app = target if isinstance(target, Application) else owner_of(target)
    if app is None:
        msg = (
            f'override() needs a denpo Application or its root container (app.container), got '
            f'{safe_repr(target)}, which no application owns. Hint: pass the application, or app.container '
            'rather than a scope opened with app.container().'
        )
        raise TypeError(msg)
    original = app._root  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
    replacement = app._rebuild_container(providers)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
    app._install_container(replacement)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
    try:
        yield replacement
    finally:
        app._install_container(original)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        await replacement.close()
