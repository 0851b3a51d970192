"""Lifecycle hooks that extensions implement.

A module lists *module extensions* in ``@module(extensions=[...])`` (or a ``DynamicModule``'s
``extensions``); the application factory takes *application extensions* in
``ApplicationFactory(..., extensions=[...])``. An extension is any object that implements one or
more of these protocols. Every hook runs wherever it may be listed; one listed where it cannot
run (``OnModuleConfigure``, ``OnModuleInit`` or ``OnModuleDestroy`` in the application's list,
which has no module of its own) is refused when the list is given.

Order:
    1. ``OnModuleConfigure`` when ``@module`` runs (import time), and for a ``DynamicModule``'s
       own extensions when the ``DynamicModule`` is created (``register()`` time).
    2. ``OnModuleRegistration`` when the application is created: first the application's
       extensions, with the root module as owner, then each module's, modules in topological
       order (dependencies first).
    3. On ``async with app``: ``OnModuleInit`` (modules in topological order);
       ``OnApplicationInit``; the lifespans; then ``AfterApplicationInit``. Each application
       hook runs for the application's extensions first, then for the modules' extensions in
       topological order.
    4. On exit, the mirror image: the lifespans close; ``OnApplicationShutdown`` (the modules'
       extensions in reverse topological order, then the application's, last listed first);
       ``OnModuleDestroy`` (reverse topological order); then no new scope opens, the exit waits
       for the open ones, and the container (the APP scope) is closed last.
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
    """Called when ``@module`` is applied (or a ``DynamicModule`` created); may add providers.

    For a ``DynamicModule``, ``metadata`` holds the dynamic part only (its ``target`` is the
    parent module): what the hook adds there joins the parent's declarations.
    """

    def on_module_configure(self, metadata: ModuleMetadata, /) -> None:
        """Adjust ``metadata`` before the module is sealed."""
        ...


@runtime_checkable
class OnModuleRegistration(Protocol):
    """Called when the application is created, with the whole module graph.

    This is where cross-module aggregation happens: messaging merges every module's bindings
    here and adds their providers to the owning modules. Listed in the application's
    extensions, it runs before every module's, with the root module as ``owning_module``.
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
    """Called on application start, after every ``OnModuleInit`` and before the lifespans."""

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


ModuleExtension: TypeAlias = (
    OnModuleConfigure
    | OnModuleRegistration
    | OnModuleInit
    | OnModuleDestroy
    | OnApplicationInit
    | AfterApplicationInit
    | OnApplicationShutdown
)
"""What ``@module(extensions=[...])`` and ``DynamicModule(extensions=[...])`` accept: every hook."""

ApplicationExtension: TypeAlias = (
    OnModuleRegistration | OnApplicationInit | AfterApplicationInit | OnApplicationShutdown
)
"""What ``ApplicationFactory(..., extensions=[...])`` accepts: the hooks that need no module of their own."""
