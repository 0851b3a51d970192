"""Provider shortcuts over dishka.

Each shortcut returns a ready :class:`dishka.Provider` that a module lists in
``@module(providers=[...])``::

    @module(providers=[singleton(Clock, SystemClock), scoped(OrderRepository)])
    class OrdersModule: ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dishka import AsyncContainer, Provider, Scope

__all__ = [
    'AsyncContainer',
    'Provider',
    'Scope',
    'contextual',
    'many',
    'object_',
    'scoped',
    'singleton',
    'transient',
]

_Source = type[Any] | Callable[..., Any]


def _provider(
    source: _Source,
    implementation: _Source | None,
    *,
    scope: Scope,
    cache: bool = True,
) -> Provider:
    provider = Provider(scope=scope)
    if implementation is None:
        provider.provide(source, cache=cache)
    else:
        provider.provide(implementation, provides=source, cache=cache)
    return provider


def singleton(interface_or_source: _Source, implementation: _Source | None = None, /) -> Provider:
    """Provide one instance for the whole application (``Scope.APP``).

    Args:
        interface_or_source: The class or factory to provide, or the interface when
            ``implementation`` is given.
        implementation: The class or factory that builds ``interface_or_source``.
    """
    return _provider(interface_or_source, implementation, scope=Scope.APP)


def scoped(interface_or_source: _Source, implementation: _Source | None = None, /) -> Provider:
    """Provide one instance per REQUEST scope (per ``app.container()``)."""
    return _provider(interface_or_source, implementation, scope=Scope.REQUEST)


def transient(interface_or_source: _Source, implementation: _Source | None = None, /) -> Provider:
    """Provide a new instance on every injection, within a REQUEST scope."""
    return _provider(interface_or_source, implementation, scope=Scope.REQUEST, cache=False)


def object_(obj: object, *, provided_type: Any = None) -> Provider:
    """Provide an existing object as an application-wide singleton.

    Args:
        obj: The instance to hand out.
        provided_type: The type it is provided as; defaults to ``type(obj)``.
    """
    provides = type(obj) if provided_type is None else provided_type
    provider = Provider(scope=Scope.APP)

    def factory() -> Any:
        return obj

    provider.provide(factory, provides=provides)
    return provider


def contextual(provided_type: Any, *, scope: Scope = Scope.REQUEST) -> Provider:
    """Declare a value that is passed in as context when a scope is opened.

    Example: ``contextual(Request)`` with ``app.container(context={Request: request})``.
    """
    provider = Provider()
    provider.from_context(provided_type, scope=scope)
    return provider


def many(interface: Any, *implementations: _Source, scope: Scope = Scope.REQUEST) -> Provider:
    """Provide several implementations of ``interface``, injected as ``Sequence[interface]``.

    ``list[interface]`` is provided too, as an alias of the same collection.
    """
    provider = Provider(scope=scope)
    for implementation in implementations:
        provider.provide(implementation, provides=interface)
    provider.collect(interface, provides=Sequence[interface])
    provider.alias(Sequence[interface], provides=list[interface])
    return provider
