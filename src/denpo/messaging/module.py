"""Wiring messaging into the module system: config, the dynamic module and the extension."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self

from dishka import AsyncContainer, Provider, Scope
from typing_extensions import TypeIs, TypeVar

from denpo._naming import qualname
from denpo.messaging import _validation
from denpo.messaging._introspection import is_abstract
from denpo.messaging.bus import IMessageBus, IPublisher, ISender, MessageBus
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest
from denpo.messaging.exceptions import BindingsFrozenError, InvalidBindingError, MessagingConfigurationError
from denpo.messaging.handlers import (
    IEventHandler,
    IRequestHandler,
    IStreamRequestHandler,
    RequestExceptionHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior
from denpo.messaging.publishers import EventPublisher, SequentialEventPublisher
from denpo.messaging.registry import (
    EventBinding,
    MessagingRegistry,
    RequestBinding,
    StreamBinding,
    check_unique_behaviors,
)
from denpo.modules import DynamicModule, Module, ModuleRegistry, module

if TYPE_CHECKING:
    from denpo.extensions import OnModuleRegistration

__all__ = ['MessagingConfig', 'MessagingExtension', 'MessagingModule']

_Q = TypeVar('_Q', bound=IRequest[Any])
_S = TypeVar('_S', bound=IStreamRequest[Any])
_R = TypeVar('_R')
_E = TypeVar('_E', bound=IEvent)
_Q_co = TypeVar('_Q_co', covariant=True)
_R_contra = TypeVar('_R_contra', contravariant=True)


class _RequestClass(Protocol[_Q_co, _R_contra]):
    """A request class object seen by the type checker.

    ``__denpo_response__`` (a classmethod declared on ``IRequest`` for type checkers only)
    gives the request type and puts its response type in a contravariant position, so the
    response type variable of ``bind_request`` is bounded above by the request and below by
    the handler, and the request type variable below by the request and above by the handler.
    ``__call__`` only turns away request *instances*; it must not carry the request type,
    because pyright reads it from the metaclass (``type.__call__``, returning Any) and would
    then accept a handler of any request.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> object: ...
    def __denpo_response__(self) -> Callable[[_R_contra], _Q_co]: ...


class _StreamRequestClass(Protocol[_Q_co, _R_contra]):
    """A stream request class object seen by the type checker; see :class:`_RequestClass`.

    ``__denpo_stream_item__`` is declared on ``IStreamRequest`` for type checkers only.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> object: ...
    def __denpo_stream_item__(self) -> Callable[[_R_contra], _Q_co]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class MessagingConfig:
    """Options of :meth:`MessagingModule.register`.

    Attributes:
        message_bus_implementation_type: The bus class provided as ``IMessageBus``,
            ``ISender`` and ``IPublisher`` (one instance per DI scope).
        event_publisher: How the handlers of an event run.
        pipeline_behaviors: Behaviors around every request, outermost first.
    """

    message_bus_implementation_type: type[IMessageBus] = MessageBus
    event_publisher: type[EventPublisher] = SequentialEventPublisher
    pipeline_behaviors: Sequence[type[IPipelineBehavior[Any, Any]]] = ()


class MessagingExtension:
    """Collects a module's request and event bindings.

    Bindings of every module are merged when the application is created; after that the
    extension is frozen and binding raises ``BindingsFrozenError``.

    Example::

        @module(extensions=[
            MessagingExtension()
            .bind_request(PlaceOrder, PlaceOrderHandler)
            .bind_event(OrderPlaced, [SendConfirmationEmail, UpdateAnalytics]),
        ])
        class OrdersModule: ...
    """

    __slots__ = ('_events', '_frozen', '_requests', '_streams')

    def __init__(self) -> None:
        self._requests: list[RequestBinding] = []
        self._streams: list[StreamBinding] = []
        self._events: list[EventBinding] = []
        self._frozen = False

    def bind_request(
        self,
        request_type: _RequestClass[_Q, _R],
        handler_type: type[IRequestHandler[_Q, _R]],
        /,
        *,
        behaviors: Sequence[type[IPipelineBehavior[_Q, _R]]] = (),
        exception_handlers: Sequence[type[RequestExceptionHandler[_Q, Any, _R]]] = (),
    ) -> Self:
        """Bind ``request_type`` to its one handler, with optional per-request behaviors.

        ``exception_handlers`` run directly around the handler, inside every behavior, in
        list order: the first whose declared exception type matches what the handler raised
        returns the response in its place; with no match the exception propagates unchanged.

        Raises:
            InvalidBindingError: The request, handler, a behavior or an exception handler is
                wrong for this binding.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        request = _validation.check_request_type(request_type)
        handler = _validation.check_request_handler(request, handler_type)
        checked = _validation.check_behaviors(request, behaviors)
        mapped = _validation.check_exception_handlers(request, exception_handlers)
        self._requests.append(RequestBinding(request, handler, checked, mapped))
        return self

    def bind_stream(
        self,
        request_type: _StreamRequestClass[_S, _R],
        handler_type: type[IStreamRequestHandler[_S, _R]],
        /,
        *,
        behaviors: Sequence[type[IStreamPipelineBehavior[_S, _R]]] = (),
    ) -> Self:
        """Bind the stream request ``request_type`` to its one handler, with optional stream behaviors.

        Raises:
            InvalidBindingError: The stream request, handler or a behavior is wrong for this binding.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        request = _validation.check_stream_type(request_type)
        handler = _validation.check_stream_handler(request, handler_type)
        checked = _validation.check_stream_behaviors(request, behaviors)
        self._streams.append(StreamBinding(request, handler, checked))
        return self

    def bind_event(
        self,
        event_type: type[_E],
        handler_types: Sequence[type[IEventHandler[_E]]],
        /,
    ) -> Self:
        """Bind handlers to ``event_type``; they also receive its subclasses.

        Raises:
            InvalidBindingError: The event or a handler is wrong, or the list is empty.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        event = _validation.check_event_type(event_type)
        handlers = _validation.check_event_handlers(event, handler_types)
        self._events.append(EventBinding(event, handlers))
        return self

    @property
    def request_bindings(self) -> tuple[RequestBinding, ...]:
        """The request bindings, in call order."""
        return tuple(self._requests)

    @property
    def stream_bindings(self) -> tuple[StreamBinding, ...]:
        """The stream bindings, in call order."""
        return tuple(self._streams)

    @property
    def event_bindings(self) -> tuple[EventBinding, ...]:
        """The event bindings, in call order."""
        return tuple(self._events)

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        context: Mapping[Any, Any] | None,  # noqa: ARG002  # part of the hook's signature
        /,
    ) -> None:
        """Refuse bindings that no ``MessagingModule`` will ever serve."""
        messaging = registry.get(MessagingModule)
        if messaging is None:
            msg = (
                f'Module {owning_module.name} binds messages, but the application does not import '
                'MessagingModule. Hint: add `MessagingModule.register(MessagingConfig())` to the '
                'imports of the root module.'
            )
            raise MessagingConfigurationError(msg)
        if not any(isinstance(extension, _MessagingRegistrar) for extension in messaging.extensions):
            msg = (
                f'Module {owning_module.name} binds messages, but the application imports the '
                'MessagingModule class itself, which provides no bus. Hint: import '
                '`MessagingModule.register(MessagingConfig())` in its place.'
            )
            raise MessagingConfigurationError(msg)

    def _freeze(self) -> None:
        self._frozen = True

    def _check_not_frozen(self) -> None:
        if self._frozen:
            msg = (
                'This MessagingExtension was already used to build an application, so its bindings '
                'are frozen. Hint: make every bind_request()/bind_event() call before '
                'ApplicationFactory(...).create().'
            )
            raise BindingsFrozenError(msg)


class _MessagingRegistrar:
    """Merges the bindings of every module and provides their handlers and the routing table."""

    __slots__ = ('_config',)

    def __init__(self, config: MessagingConfig) -> None:
        self._config = config

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        context: Mapping[Any, Any] | None,  # noqa: ARG002  # part of the hook's signature
        /,
    ) -> None:
        extensions = [
            (item, extension)
            for item in registry.modules
            for extension in item.extensions
            if isinstance(extension, MessagingExtension)
        ]
        routes = MessagingRegistry.merge(
            [
                (item.name, extension.request_bindings, extension.event_bindings)
                for item, extension in extensions
            ],
            self._config.pipeline_behaviors,
            streams=[(item.name, extension.stream_bindings) for item, extension in extensions],
        )
        provided: set[type[Any]] = set()
        shared = Provider(scope=Scope.APP)
        shared.provide(lambda: routes, provides=MessagingRegistry)
        request_scoped = Provider(scope=Scope.REQUEST)
        _provide_bus(self._config, routes, shared, request_scoped)
        for behavior in self._config.pipeline_behaviors:
            provided.add(behavior)
            request_scoped.provide(behavior)
        registry.add_providers(owning_module, [shared, request_scoped])
        for item, extension in extensions:
            extension._freeze()  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package owns both classes
            handlers = Provider(scope=Scope.REQUEST)
            for cls in _bound_classes(extension):
                if cls not in provided:
                    provided.add(cls)
                    handlers.provide(cls)
            registry.add_providers(item, [handlers])


def _provide_bus(
    config: MessagingConfig, routes: MessagingRegistry, shared: Provider, scoped: Provider
) -> None:
    """Provide the publisher (per application) and the bus (per scope).

    The default bus and an argument-free publisher are built by a closure that only asks the
    scope for its container: a new scope then pays for one factory call, not for two lookups
    of application-scope objects through the root container's lock. Any other bus or publisher
    class gets its constructor arguments from dishka.
    """
    bus_type = config.message_bus_implementation_type
    publisher_type = config.event_publisher
    if not _has_default_constructor(bus_type) or not _takes_no_arguments(publisher_type):
        shared.provide(publisher_type, provides=EventPublisher)
        scoped.provide(bus_type, provides=IMessageBus)
        return
    publisher = publisher_type()
    shared.provide(lambda: publisher, provides=EventPublisher)

    def make_bus(container: AsyncContainer) -> IMessageBus:
        return bus_type(container, routes, publisher)

    scoped.provide(make_bus, provides=IMessageBus)


def _has_default_constructor(bus_type: type[IMessageBus]) -> TypeIs[type[MessageBus]]:
    constructor: object = bus_type.__init__
    return constructor is MessageBus.__init__


def _takes_no_arguments(cls: type[Any]) -> bool:
    parameters = inspect.signature(cls).parameters.values()
    return all(parameter.default is not parameter.empty for parameter in parameters)


def _bound_classes(extension: MessagingExtension) -> Iterator[type[Any]]:
    """Every handler, behavior and exception handler class an extension binds, in binding order."""
    for binding in extension.request_bindings:
        yield from binding.behaviors
        yield binding.handler_type
        yield from (handler for _, handler in binding.exception_handlers)
    for stream_binding in extension.stream_bindings:
        yield from stream_binding.behaviors
        yield stream_binding.handler_type
    for event_binding in extension.event_bindings:
        yield from event_binding.handler_types


def _is_config(value: object) -> bool:
    return isinstance(value, MessagingConfig)


def _is_concrete_subclass(value: object, base: type[Any]) -> bool:
    return isinstance(value, type) and issubclass(value, base) and not is_abstract(value)


def _check_config(config: MessagingConfig) -> None:
    bus = config.message_bus_implementation_type
    if not _is_concrete_subclass(bus, IMessageBus):
        msg = (
            f'MessagingConfig.message_bus_implementation_type must be a concrete subclass of '
            f'IMessageBus, got {qualname(bus)}. Hint: subclass MessageBus.'
        )
        raise InvalidBindingError(msg)
    publisher = config.event_publisher
    if not _is_concrete_subclass(publisher, EventPublisher):
        msg = (
            f'MessagingConfig.event_publisher must be a concrete EventPublisher class, got '
            f'{qualname(publisher)}. Hint: use SequentialEventPublisher, GroupEventPublisher '
            'or your own EventPublisher subclass.'
        )
        raise InvalidBindingError(msg)
    _validation.check_behaviors(None, config.pipeline_behaviors)
    check_unique_behaviors(None, config.pipeline_behaviors)


@module()
class MessagingModule:
    """The message bus as a module. Import ``MessagingModule.register(...)`` once, in the root."""

    @staticmethod
    def register(config: MessagingConfig | None = None) -> DynamicModule:
        """Return the global dynamic module that provides the bus, the publisher and the routes.

        Provides ``IMessageBus``, ``ISender`` and ``IPublisher`` (one bus per DI scope), the
        configured ``EventPublisher`` (one per application) and the ``MessagingRegistry``.

        Raises:
            InvalidBindingError: The configuration names a class of the wrong kind.
            PipelineBehaviorAlreadyRegistered: A global behavior is listed twice.
        """
        config = MessagingConfig() if config is None else config
        if not _is_config(config):  # an untyped caller passed something else
            given: object = config
            shown = qualname(given) if isinstance(given, type) else repr(given)
            msg = (
                f'MessagingModule.register() expects a MessagingConfig instance, got {shown}. '
                'Hint: write MessagingModule.register(MessagingConfig(...)).'
            )
            raise InvalidBindingError(msg)
        _check_config(config)
        # The bus and the publisher themselves are provided at registration, with the routes.
        bus = Provider(scope=Scope.REQUEST)
        bus.alias(IMessageBus, provides=ISender)
        bus.alias(IMessageBus, provides=IPublisher)
        registrar: OnModuleRegistration = _MessagingRegistrar(config)
        return DynamicModule(
            parent_module=MessagingModule,
            providers=[bus],
            extensions=[registrar],
            exports=[IMessageBus, ISender, IPublisher],
            is_global=True,
        )
