"""How ``MessagingModule.register`` wires messaging into the container.

At start-up the registrar merges every module's bindings into the [`MessagingRegistry`][],
then provides the registry and the publisher (APP scope), the bus (one per scope), the global
behaviors, and each module's handlers in that module.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from dishka import AsyncContainer, Provider, Scope
from typing_extensions import TypeIs

from denpo.messaging.bindings import ModuleBindings
from denpo.messaging.bus import IMessageBus, MessageBus
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import MessagingRegistry
from denpo.modules import Module, ModuleRegistry

if TYPE_CHECKING:
    from denpo.messaging.module import MessagingConfig, MessagingExtension

__all__ = ['MessagingRegistrar']


class MessagingRegistrar:
    """The start-up hook of the module that ``MessagingModule.register`` returns."""

    __slots__ = ('_config', '_extension_type')

    def __init__(self, config: MessagingConfig, extension_type: type[MessagingExtension]) -> None:
        """Wire ``config`` and the bindings of every ``extension_type`` instance.

        Args:
            config: The checked configuration.
            extension_type: ``MessagingExtension``, passed in because its module imports this one.
        """
        self._config = config
        self._extension_type = extension_type

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        context: Mapping[Any, Any] | None,  # noqa: ARG002  # part of the hook's signature
        /,
    ) -> None:
        """Merge the bindings of every module, provide what they name, then freeze them."""
        extensions = [
            (item, extension)
            for item in registry.modules
            for extension in item.extensions
            if isinstance(extension, self._extension_type)
        ]
        modules = [extension.bindings(item.name) for item, extension in extensions]
        config = self._config
        messaging_registry = MessagingRegistry.merge(
            modules, config.pipeline_behaviors, config.stream_behaviors
        )
        provided: set[type[Any]] = set()
        shared = Provider(scope=Scope.APP)
        shared.provide(lambda: messaging_registry, provides=MessagingRegistry)
        request_scoped = Provider(scope=Scope.REQUEST)
        _provide_bus(config, messaging_registry, shared, request_scoped)
        for behavior in (*config.pipeline_behaviors, *config.stream_behaviors):
            provided.add(behavior)
            request_scoped.provide(behavior)
        registry.add_providers(owning_module, [shared, request_scoped])
        for (item, extension), bindings in zip(extensions, modules, strict=True):
            extension._freeze()  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package owns both classes
            handlers = Provider(scope=Scope.REQUEST)
            borrowed: list[type[Any]] = []  # built by an earlier module, visibility-checked here too
            for cls in _bound_classes(bindings):
                if cls in provided:
                    borrowed.append(cls)
                else:
                    provided.add(cls)
                    handlers.provide(cls)
            registry.add_providers(item, [handlers])
            if borrowed:
                registry.add_borrowed(item, [_provider_of(borrowed)])


def _provide_bus(
    config: MessagingConfig, messaging_registry: MessagingRegistry, shared: Provider, scoped: Provider
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
        return bus_type(container, messaging_registry, publisher)

    scoped.provide(make_bus, provides=IMessageBus)


def _has_default_constructor(bus_type: type[IMessageBus]) -> TypeIs[type[MessageBus]]:
    constructor: object = bus_type.__init__
    return constructor is MessageBus.__init__


def _takes_no_arguments(cls: type[Any]) -> bool:
    parameters = inspect.signature(cls).parameters.values()
    return all(parameter.default is not parameter.empty for parameter in parameters)


def _provider_of(classes: list[type[Any]]) -> Provider:
    provider = Provider(scope=Scope.REQUEST)
    for cls in classes:
        provider.provide(cls)
    return provider


def _bound_classes(bindings: ModuleBindings) -> Iterator[type[Any]]:
    """Every handler, behavior, exception handler and action class a module binds, in binding order."""
    for request in bindings.requests:
        yield from request.behaviors
        yield request.handler_type
        yield from (handler for _, handler in request.exception_handlers)
        yield from (action for _, action in request.exception_actions)
    for stream in bindings.streams:
        yield from stream.behaviors
        yield stream.handler_type
    for event in bindings.events:
        yield from event.handler_types
