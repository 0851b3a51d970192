"""The application: a built module graph, its dishka container and its lifecycle."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from typing import TYPE_CHECKING, Any, Self, TypeAlias
from weakref import WeakValueDictionary

from dishka import STRICT_VALIDATION, AsyncContainer, Provider, ValidationSettings, make_async_container
from dishka.exceptions import GraphMissingFactoryError

from denpo._lock import BackendNeutralLock
from denpo.exceptions import ApplicationError
from denpo.extensions import (
    AfterApplicationInit,
    ApplicationExtension,
    OnApplicationInit,
    OnApplicationShutdown,
    OnModuleDestroy,
    OnModuleInit,
    OnModuleRegistration,
)
from denpo.modules import ModuleRegistry, ModuleType, build_module_registry
from denpo.modules._resolution import resolution_error
from denpo.modules._visibility import check_visibility

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ['Application', 'ApplicationFactory', 'Lifespan']

Lifespan: TypeAlias = (
    'Callable[[Application], AbstractAsyncContextManager[object]] | AbstractAsyncContextManager[object]'
)
"""A context manager entered while the application runs, or a function of the app returning one."""


# Strict, except that later providers may replace earlier ones without `override=True`.
_OVERRIDABLE = ValidationSettings(nothing_overridden=True, implicit_override=False, nothing_decorated=True)


def _make_container(
    registry: ModuleRegistry,
    context: Mapping[Any, Any] | None,
    overrides: Sequence[Provider],
) -> AsyncContainer:
    try:
        return make_async_container(
            *registry.providers,
            *overrides,
            context=dict(context) if context is not None else None,
            # dishka's default lock is asyncio's; this one works on asyncio and trio alike.
            lock_factory=BackendNeutralLock,
            validation_settings=_OVERRIDABLE if overrides else STRICT_VALIDATION,
        )
    except GraphMissingFactoryError as error:
        # Reworded in terms of modules and handlers; dishka's own report stays the cause.
        reworded = resolution_error(error, registry, overrides)
        if reworded is None:
            raise
        raise reworded from error


# The application that owns each root container, so `denpo.testing.override(app.container)`
# finds it. Weak: an application that is gone owns nothing.
_OWNERS: WeakValueDictionary[int, Application] = WeakValueDictionary()


def owner_of(container: AsyncContainer) -> Application | None:
    """Return the application whose root container is ``container``, if any."""
    return _OWNERS.get(id(container))


class Application:
    """A built application. Use it as ``async with app:``; open scopes with ``app.container()``.

    ``app.container`` is the root dishka container (APP scope); calling it,
    ``async with app.container() as container``, opens a REQUEST scope.
    """

    __slots__ = (
        '__weakref__',
        '_container',
        '_context',
        '_exit_stack',
        '_extensions',
        '_lifespans',
        '_registry',
    )

    def __init__(
        self,
        *,
        container: AsyncContainer,
        registry: ModuleRegistry,
        lifespans: Sequence[Lifespan] = (),
        extensions: Sequence[ApplicationExtension] = (),
        context: Mapping[Any, Any] | None = None,
    ) -> None:
        self._container = container
        _OWNERS[id(container)] = self
        self._context = context
        self._registry = registry
        self._lifespans = tuple(lifespans)
        self._extensions = tuple(extensions)
        self._exit_stack: AsyncExitStack | None = None

    @property
    def container(self) -> AsyncContainer:
        """The root (APP scope) container; call it to open a REQUEST scope."""
        return self._container

    @property
    def registry(self) -> ModuleRegistry:
        """The modules of the application, dependencies first."""
        return self._registry

    def _rebuild_container(self, overrides: Sequence[Provider]) -> AsyncContainer:
        """Build a new root container from this application's providers plus ``overrides``."""
        return _make_container(self._registry, self._context, overrides)

    def _install_container(self, container: AsyncContainer) -> None:
        """Make ``container`` the root container (``denpo.testing.override`` swaps it)."""
        _OWNERS.pop(id(self._container), None)
        self._container = container
        _OWNERS[id(container)] = self

    @property
    def is_running(self) -> bool:
        """Whether the application is inside ``async with app``."""
        return self._exit_stack is not None

    async def __aenter__(self) -> Self:
        if self._exit_stack is not None:
            msg = 'The application is already running. Hint: enter `async with app:` once.'
            raise ApplicationError(msg)
        stack = AsyncExitStack()
        await stack.__aenter__()
        try:
            await self._start(stack)
        except BaseException as error:
            # Undo whatever started; the original error propagates even if a lifespan
            # swallows it, since the application did not start.
            await stack.__aexit__(type(error), error, error.__traceback__)
            raise
        self._exit_stack = stack
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is None:
            msg = 'The application is not running. Hint: use `async with app:`.'
            raise ApplicationError(msg)
        await stack.__aexit__(exc_type, exc_value, traceback)

    async def _start(self, stack: AsyncExitStack) -> None:
        # Registered first so it runs last, whatever fails after it.
        stack.push_async_callback(self._container.close)
        for module in self._registry.modules:
            for extension in module.extensions:
                if isinstance(extension, OnModuleInit):
                    await extension.on_module_init(module)
        for app_extension in self._extensions:
            if isinstance(app_extension, OnApplicationInit):
                await app_extension.on_app_init(self)
        # Shutdown hooks run only once every init hook has succeeded.
        stack.push_async_callback(self._shutdown)
        for lifespan in self._lifespans:
            await stack.enter_async_context(_open_lifespan(lifespan, self))
        for app_extension in self._extensions:
            if isinstance(app_extension, AfterApplicationInit):
                await app_extension.after_app_init(self)

    async def _shutdown(self) -> None:
        # The mirror image of start-up: application hooks, then modules, dependents first.
        for app_extension in reversed(self._extensions):
            if isinstance(app_extension, OnApplicationShutdown):
                await app_extension.on_app_shutdown(self)
        for module in reversed(self._registry.modules):
            for extension in reversed(module.extensions):
                if isinstance(extension, OnModuleDestroy):
                    await extension.on_module_destroy(module)


def _open_lifespan(lifespan: Lifespan, app: Application) -> AbstractAsyncContextManager[object]:
    if isinstance(lifespan, AbstractAsyncContextManager):
        return lifespan  # pyright: ignore[reportUnknownVariableType]  # any async context manager fits
    return lifespan(app)


class ApplicationFactory:
    """Build an :class:`Application` from a root module.

    Args:
        root_module: The ``@module`` class (or dynamic module) at the top of the graph.
        context: Values for APP-scope ``contextual(...)`` providers.
        lifespan: Context managers (or functions of the app returning one) entered on start.
        extensions: Application extensions (``OnApplicationInit`` and friends).
    """

    __slots__ = ('_context', '_extensions', '_lifespan', '_root_module')

    def __init__(
        self,
        root_module: ModuleType,
        /,
        context: Mapping[Any, Any] | None = None,
        lifespan: Sequence[Lifespan] = (),
        extensions: Sequence[ApplicationExtension] = (),
    ) -> None:
        self._root_module = root_module
        self._context = context
        self._lifespan = tuple(lifespan)
        self._extensions = tuple(extensions)

    def create(self) -> Application:
        """Resolve the module graph, run the registration hooks and build a validated container.

        Raises:
            denpo.exceptions.ModuleError: The module graph is wrong, or a provider depends on a
                type its module cannot see.
            denpo.exceptions.DependencyResolutionError: A handler, behavior or provider depends on
                something no provider builds in its scope (dishka's graph validation, reworded).
            dishka.exceptions.DishkaError: Another graph error that dishka reports itself (a
                dependency cycle, a provider replaced without ``override=True``).
        """
        return self._create(overrides=())

    def _create(self, *, overrides: Sequence[Provider]) -> Application:
        # `overrides` (used by denpo.testing) are added last and may replace existing providers.
        registry = build_module_registry(self._root_module)
        for module in registry.modules:
            for extension in module.extensions:
                if isinstance(extension, OnModuleRegistration):
                    extension.on_module_registration(registry, module, self._context)
        check_visibility(registry, self._context or ())
        return Application(
            container=_make_container(registry, self._context, overrides),
            registry=registry,
            lifespans=self._lifespan,
            extensions=self._extensions,
            context=self._context,
        )
