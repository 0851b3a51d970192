"""Lifecycle hooks that extensions implement.

A module lists *module extensions* in ``@module(extensions=[...])``; the application factory
takes *application extensions* in ``ApplicationFactory(..., extensions=[...])``. An extension
is any object that implements one or more of these protocols; denpo checks which with
``isinstance`` once, when the application is built.

Order:
    1. ``OnModuleConfigure`` when ``@module`` runs (import time).
    2. ``OnModuleRegistration`` when the application is created, modules in topological order.
    3. On ``async with app``: ``OnModuleInit`` (topological order), ``OnApplicationInit``,
       the lifespans, then ``AfterApplicationInit``.
    4. On exit, the mirror image: the lifespans close, then ``OnApplicationShutdown``,
       ``OnModuleDestroy`` (reverse topological order); then no new scope opens, the exit
       waits for the open ones, and the container (the APP scope) is closed last.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    from denpo.application import Application
    from denpo.modules import Module, ModuleMetadata, ModuleRegistry

__all__ = [
    'AfterApplicationInit',
    'ApplicationExtension',
    'ModuleExtension',
    'OnApplicationInit',
    'OnApplicationShutdown',
    'OnModuleConfigure',
    'OnModuleDestroy',
    'OnModuleInit',
    'OnModuleRegistration',
]


@runtime_checkable
class OnModuleConfigure(Protocol):
    """Called when ``@module`` is applied; may add providers to the metadata."""

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        """Adjust ``metadata`` before the module is sealed."""
        ...


@runtime_checkable
class OnModuleRegistration(Protocol):
    """Called when the application is created, with the whole module graph.

    This is where cross-module aggregation happens: messaging merges every module's bindings
    here and adds their providers to the owning modules.
    """

    def on_module_registration(
        self,
        registry: ModuleRegistry,
        owning_module: Module,
        context: Mapping[Any, Any] | None,
        /,
    ) -> None:
        """Inspect the graph and add providers with ``registry.add_providers``."""
        ...


@runtime_checkable
class OnModuleInit(Protocol):
    """Called on application start, modules in topological order (dependencies first)."""

    async def on_module_init(self, module: Module, /) -> None:
        """Prepare the module."""
        ...


@runtime_checkable
class OnModuleDestroy(Protocol):
    """Called on application shutdown, modules in reverse topological order (dependents first)."""

    async def on_module_destroy(self, module: Module, /) -> None:
        """Release what the module holds."""
        ...


@runtime_checkable
class OnApplicationInit(Protocol):
    """Called on application start, after every ``OnModuleInit``."""

    async def on_app_init(self, app: Application, /) -> None:
        """Prepare the application."""
        ...


@runtime_checkable
class AfterApplicationInit(Protocol):
    """Called once the application has started and its lifespans are entered."""

    async def after_app_init(self, app: Application, /) -> None:
        """React to a started application."""
        ...


@runtime_checkable
class OnApplicationShutdown(Protocol):
    """Called on application shutdown, after the lifespans close and before ``OnModuleDestroy``."""

    async def on_app_shutdown(self, app: Application, /) -> None:
        """Release what the application holds."""
        ...


ModuleExtension: TypeAlias = OnModuleConfigure | OnModuleRegistration | OnModuleInit | OnModuleDestroy
"""What ``@module(extensions=[...])`` accepts."""

ApplicationExtension: TypeAlias = OnApplicationInit | AfterApplicationInit | OnApplicationShutdown
"""What ``ApplicationFactory(..., extensions=[...])`` accepts."""
