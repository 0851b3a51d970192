"""Messaging in the module system: the config, the dynamic module and the extension.

How the dynamic module wires the container at start-up lives in ``_wiring``; the config's
checks in ``_validation``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from dishka import Provider, Scope
from typing_extensions import TypeVar

from denpo.messaging import _validation
from denpo.messaging._wiring import MessagingRegistrar
from denpo.messaging.bindings import EventBinding, ModuleBindings, RequestBinding, StreamBinding
from denpo.messaging.bus import IMessageBus, IPublisher, ISender, MessageBus
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest, RequestClass, StreamRequestClass
from denpo.messaging.exceptions import (
    BindingsFrozenError,
    MessagingConfigurationError,
    RequestHandlerAlreadyRegistered,
)
from denpo.messaging.handlers import (
    IEventHandler,
    IRequestHandler,
    IStreamRequestHandler,
    RequestExceptionAction,
    RequestExceptionHandler,
)
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior
from denpo.messaging.publishers import EventPublisher, SequentialEventPublisher
from denpo.modules import DynamicModule, Module, ModuleRegistry, module

if TYPE_CHECKING:
    from denpo.extensions import OnModuleRegistration

__all__ = ['MessagingConfig', 'MessagingExtension', 'MessagingModule']

# The type variables of the bind_* signatures carry public-looking names because pyright prints
# them in its first line for a wrong binding ("type[IRequestHandler[RequestT@bind_request, ...]]").
RequestT = TypeVar('RequestT', bound=IRequest[Any])
StreamRequestT = TypeVar('StreamRequestT', bound=IStreamRequest[Any])
ResponseT = TypeVar('ResponseT')
EventT = TypeVar('EventT', bound=IEvent)


@dataclass(frozen=True, slots=True, kw_only=True)
class MessagingConfig:
    """Options of [`MessagingModule.register`][].

    Attributes:
        message_bus_implementation_type: The bus class provided as ``IMessageBus``,
            ``ISender`` and ``IPublisher`` (one instance per DI scope).
        event_publisher: How the handlers of an event run.
        pipeline_behaviors: Behaviors around every request, outermost first. Each is generic
            in its request and response; bounds on its type variables choose what it wraps.
        stream_behaviors: Stream behaviors around every stream request, outermost first, by
            the same rules.
    """

    message_bus_implementation_type: type[IMessageBus] = MessageBus
    event_publisher: type[EventPublisher] = SequentialEventPublisher
    pipeline_behaviors: Sequence[type[IPipelineBehavior[Any, Any]]] = ()
    stream_behaviors: Sequence[type[IStreamPipelineBehavior[Any, Any]]] = ()

    def __post_init__(self) -> None:
        # Refused here, where the mistake is written; register() checks again for untyped callers.
        _validation.check_config(self, MessagingConfig)


class MessagingExtension:
    """Collects a module's request, stream and event bindings.

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

    __slots__ = ('_events', '_frozen', '_handlers', '_requests', '_streams')

    def __init__(self) -> None:
        self._requests: list[RequestBinding] = []
        self._streams: list[StreamBinding] = []
        self._events: list[EventBinding] = []
        self._handlers: dict[type[Any], type[Any]] = {}  # request or stream request -> its handler
        self._frozen = False

    def bind_request(
        self,
        request_type: RequestClass[RequestT, ResponseT],
        handler_type: type[IRequestHandler[RequestT, ResponseT]],
        /,
        *,
        behaviors: Sequence[type[IPipelineBehavior[RequestT, ResponseT]]] = (),
        exception_handlers: Sequence[type[RequestExceptionHandler[RequestT, Any, ResponseT]]] = (),
        exception_actions: Sequence[type[RequestExceptionAction[RequestT, Any]]] = (),
    ) -> Self:
        """Bind ``request_type`` to its one handler, with optional per-request behaviors.

        ``exception_handlers`` run directly around the handler, inside every behavior, in
        list order: the first whose declared exception type matches what the handler raised
        returns the response in its place; with no match the exception propagates unchanged.

        ``exception_actions`` observe a failure without handling it: when the handler raises
        an ``Exception``, every action whose declared exception type matches runs, in list
        order, one after the other; then the same exception object propagates. They sit
        directly around the handler, inside the exception handlers, so they see what the
        handler raised even when an exception handler then maps it to a response. An action
        that raises replaces the exception (the original is its ``__context__``) and the
        actions after it do not run.

        Raises:
            InvalidBindingError: The request, handler, a behavior, an exception handler or an
                exception action is wrong for this binding.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        request = _validation.check_message(_validation.REQUEST, request_type)
        handler = _validation.check_handler(_validation.REQUEST, request, handler_type)
        checked = _validation.check_behaviors(_validation.REQUEST, request, behaviors)
        catching = _validation.check_exception_handlers(request, exception_handlers)
        observing = _validation.check_exception_actions(request, exception_actions)
        self._check_not_bound(request, handler)
        self._requests.append(RequestBinding(request, handler, checked, catching, observing))
        return self

    def bind_stream(
        self,
        request_type: StreamRequestClass[StreamRequestT, ResponseT],
        handler_type: type[IStreamRequestHandler[StreamRequestT, ResponseT]],
        /,
        *,
        behaviors: Sequence[type[IStreamPipelineBehavior[StreamRequestT, ResponseT]]] = (),
    ) -> Self:
        """Bind the stream request ``request_type`` to its one handler, with optional stream behaviors.

        Raises:
            InvalidBindingError: The stream request, handler or a behavior is wrong for this binding.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        request = _validation.check_message(_validation.STREAM, request_type)
        handler = _validation.check_handler(_validation.STREAM, request, handler_type)
        checked = _validation.check_behaviors(_validation.STREAM, request, behaviors)
        self._check_not_bound(request, handler)
        self._streams.append(StreamBinding(request, handler, checked))
        return self

    def bind_event(
        self,
        event_type: type[EventT],
        handler_types: Sequence[type[IEventHandler[EventT]]],
        /,
    ) -> Self:
        """Bind handlers to ``event_type``; they also receive its subclasses.

        Raises:
            InvalidBindingError: The event or a handler is wrong, or the list is empty.
            BindingsFrozenError: An application was already built from this extension.
        """
        self._check_not_frozen()
        event = _validation.check_message(_validation.EVENT, event_type)
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

    def bindings(self, module: str) -> ModuleBindings:
        """Every binding made so far, as the bindings of ``module`` (a module's qualified name).

        This is what the application merges at start-up, one ``ModuleBindings`` per module
        that lists the extension.
        """
        return ModuleBindings(
            module=module,
            requests=tuple(self._requests),
            streams=tuple(self._streams),
            events=tuple(self._events),
        )

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
        if not any(isinstance(extension, MessagingRegistrar) for extension in messaging.extensions):
            msg = (
                f'Module {owning_module.name} binds messages, but the application imports the '
                'MessagingModule class itself, which provides no bus. Hint: import '
                '`MessagingModule.register(MessagingConfig())` in its place.'
            )
            raise MessagingConfigurationError(msg)

    def _freeze(self) -> None:
        self._frozen = True

    def _check_not_bound(self, request: type[Any], handler: type[Any]) -> None:
        """Refuse a second binding of ``request`` on this extension when it is made, else claim it."""
        first = self._handlers.get(request)
        if first is not None:
            raise RequestHandlerAlreadyRegistered(request, first, None, handler, None)
        self._handlers[request] = handler

    def _check_not_frozen(self) -> None:
        if self._frozen:
            msg = (
                'This MessagingExtension was already used to build an application, so its bindings '
                'are frozen. Hint: make every bind_request()/bind_event() call before '
                'ApplicationFactory(...).create().'
            )
            raise BindingsFrozenError(msg)


@module()
class MessagingModule:
    """The message bus as a module. Import ``MessagingModule.register(...)`` once, in the root."""

    @staticmethod
    def register(config: MessagingConfig | None = None) -> DynamicModule:
        """Return the global dynamic module that provides the bus, the publisher and the routes.

        Provides ``IMessageBus``, ``ISender`` and ``IPublisher`` (one bus per DI scope), the
        configured ``EventPublisher`` (one per application) and the ``MessagingRegistry``.

        Raises:
            MessagingConfigurationError: ``config`` is not a ``MessagingConfig``, or names a
                bus or publisher class of the wrong kind.
            InvalidBindingError: A global behavior is not a usable pipeline behavior.
            PipelineBehaviorAlreadyRegistered: A global behavior is listed twice.
        """
        config = _validation.check_config(MessagingConfig() if config is None else config, MessagingConfig)
        # The bus and the publisher themselves are provided at registration, with the routes.
        bus = Provider(scope=Scope.REQUEST)
        bus.alias(IMessageBus, provides=ISender)
        bus.alias(IMessageBus, provides=IPublisher)
        registrar: OnModuleRegistration = MessagingRegistrar(config, MessagingExtension)
        return DynamicModule(
            parent_module=MessagingModule,
            providers=[bus],
            extensions=[registrar],
            exports=[IMessageBus, ISender, IPublisher],
            is_global=True,
        )
