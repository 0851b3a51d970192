"""The application's root container: dishka's, with the application's lifecycle at its doors."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from dishka import AsyncContainer
from dishka.entities.component import DEFAULT_COMPONENT, Component
from dishka.exceptions import NoFactoryError
from typing_extensions import override

from denpo._lock import BackendNeutralLock
from denpo.exceptions import NarrowerScopeError
from denpo.modules._resolution import render_type

if TYPE_CHECKING:
    from types import TracebackType

    from dishka.entities.key import CompilationKey
    from dishka.entities.scope import BaseScope

    from denpo._lifecycle import Lifecycle
    from denpo.application import Application

__all__ = ['RootContainer', 'root_container']

_LockFactory = Callable[[], AbstractAsyncContextManager[Any]]


class RootContainer(AsyncContainer):
    """The APP-scope container of an application (``app.container``).

    Calling it opens a scope only while the application runs, locked by default so that tasks
    sharing the scope build each of its dependencies once; resolving from it fails once the
    application has stopped. The overrides below add one attribute check to dishka's methods.
    """

    __slots__ = ('lifecycle', 'owner')

    lifecycle: Lifecycle
    owner: Application  # set by the application; a replacement built by an override has none

    @override
    def __call__(
        self,
        context: dict[Any, Any] | None = None,
        lock_factory: _LockFactory | None = None,
        scope: BaseScope | None = None,
    ) -> AsyncContainer:
        self.lifecycle.check_opening()
        child = super().__call__(context, lock_factory, scope)
        if lock_factory is None:  # the scope opened is locked; a skipped one between (SESSION) is not
            child.lock = BackendNeutralLock()
        child.__class__ = _Scope  # same layout (no slots of its own): counted while entered
        return child

    @override
    async def get(self, dependency_type: Any, component: Component | None = DEFAULT_COMPONENT) -> Any:
        self.lifecycle.check_resolving()
        try:
            resolved = await super().get(dependency_type, component)
        except NoFactoryError as error:
            reworded = self._narrower_scope(error)
            if reworded is None:
                raise
            raise reworded from error
        if self.lifecycle.closed:
            await self._refuse_late_build()
        return resolved

    @override
    def get_sync(self, dependency_type: Any, component: Component | None = DEFAULT_COMPONENT) -> Any:
        self.lifecycle.check_resolving()
        try:
            return super().get_sync(dependency_type, component)
        except NoFactoryError as error:
            reworded = self._narrower_scope(error)
            if reworded is None:
                raise
            raise reworded from error

    def _narrower_scope(self, error: NoFactoryError) -> NarrowerScopeError | None:
        """Reword ``error`` if the dependency it names is provided in a narrower scope."""
        registry = self.registry.child_registry
        while registry is not None and error.requested not in registry.factories:
            registry = registry.child_registry
        if registry is None:
            return None
        return NarrowerScopeError(
            error.requested,
            dependency=render_type(error.requested.type_hint),
            scope=self.scope,
            provided_in=registry.scope,
        )

    @override
    async def _get(self, key: CompilationKey) -> Any:
        # What a scope calls for an APP-scope dependency: refused once the APP scope is closed.
        self.lifecycle.check_resolving()
        resolved = await super()._get(key)
        if self.lifecycle.closed:
            await self._refuse_late_build()
        return resolved

    async def _refuse_late_build(self) -> None:
        """A build that was under way when the APP scope closed: finalize what it made, refuse it."""
        await self.close()
        self.lifecycle.check_resolving()


class _Scope(AsyncContainer):
    """A scope opened by ``app.container()``: open, for the application's exit, while entered."""

    __slots__ = ()

    @override
    async def __aenter__(self) -> AsyncContainer:
        _lifecycle_of(self).admit(self)
        return self

    @override
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exception: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> None:
        try:
            await super().__aexit__(exc_type, exception, exc_tb)
        finally:  # even if a finalizer was interrupted: the scope is over for the application
            _lifecycle_of(self).release(self)


def _lifecycle_of(scope: AsyncContainer) -> Lifecycle:
    parent = scope.parent_container
    while not isinstance(parent, RootContainer):
        assert parent is not None  # noqa: S101  # a _Scope is only ever made below a RootContainer
        parent = parent.parent_container
    return parent.lifecycle


def root_container(built: AsyncContainer, lifecycle: Lifecycle) -> RootContainer:
    """The container ``make_async_container`` built, remade as a [`RootContainer`][] of ``lifecycle``.

    The same registry, parent (the skipped RUNTIME scope), lock, context and runtime cache: only
    the class differs, so that scopes opened from it know their application.
    """
    root = RootContainer(
        built.registry,
        built.parent_container,
        built._context,  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # dishka has no public way to subclass its root
        None,
        built.parent_closer,
        built.parent_getter,
    )
    root.lock = built.lock
    root._cache = built._cache  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # as above: the runtime cache
    root.lifecycle = lifecycle
    return root
