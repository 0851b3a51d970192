"""Provider shortcuts over dishka.

Each shortcut returns a ready dishka ``Provider`` that a module lists in
``@module(providers=[...])``::

    @module(providers=[singleton(Clock, SystemClock), scoped(OrderRepository)])
    class OrdersModule: ...
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from typing import Any, Final

from dishka import AsyncContainer, Provider, Scope

from denpo._arguments import shown
from denpo._text import bounded

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
    with _refused(source if implementation is None else implementation):
        if implementation is None:
            provider.provide(source, cache=cache)
        else:
            provider.provide(implementation, provides=source, cache=cache)
    return provider


@contextmanager
def _refused(source: object) -> Generator[None]:
    """Reword what dishka raises about ``source`` as a ``TypeError`` that names it and says what to pass."""
    try:
        yield
    except Exception as error:
        msg = (
            f'Cannot provide {shown(source)}: {_reason(error)}. Hint: pass a class whose __init__ '
            'parameters are all annotated, or a function with annotated parameters and return type '
            '(dishka reads the annotations to build it).'
        )
        raise TypeError(msg) from error


def _reason(error: Exception) -> str:
    """The words of dishka's ``error`` on one line and bounded; its class name if they cannot be read."""
    try:
        text = ' '.join(str(error).split())
    except Exception:  # noqa: BLE001  # a message built from a hostile value
        text = ''
    return bounded(text or type(error).__name__, _REASON_LIMIT)


_REASON_LIMIT: Final = 300


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

    with _refused(provides):
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
        with _refused(implementation):
            provider.provide(implementation, provides=interface)
    provider.collect(interface, provides=Sequence[interface])
    provider.alias(Sequence[interface], provides=list[interface])
    return provider
