"""The application: a built module graph, its dishka container and its lifecycle."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Self, TypeAlias

from dishka import STRICT_VALIDATION, AsyncContainer, Provider, ValidationSettings, make_async_container
from dishka.exceptions import GraphMissingFactoryError, ImplicitOverrideDetectedError

from denpo._containers import RootContainer, root_container
from denpo._factory_arguments import check_factory_arguments, opened_lifespan
from denpo._hooks import await_hook, call_hook, hook_name
from denpo._lifecycle import ApplicationState, Lifecycle, check_timeout, run_all
from denpo._lock import BackendNeutralLock
from denpo._overrides import Blocks, Layer, Override, check_override_arguments, layer_of
from denpo.extensions import (
    AfterApplicationInit,
    ApplicationExtension,
    ModuleExtension,
    OnApplicationInit,
    OnApplicationShutdown,
    OnModuleDestroy,
    OnModuleInit,
    OnModuleRegistration,
)
from denpo.modules import ModuleRegistry, ModuleType, build_module_registry
from denpo.modules._resolution import duplicate_error, resolution_error
from denpo.modules._visibility import check_visibility

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ['Application', 'ApplicationFactory', 'ApplicationState', 'Lifespan']

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
    lifecycle: Lifecycle,
) -> RootContainer:
    try:
        built = make_async_container(
            *registry.providers,
            *overrides,
            context=dict(context) if context is not None else None,
            # dishka's default lock is asyncio's; this one works on asyncio and trio alike.
            lock_factory=BackendNeutralLock,
            validation_settings=_OVERRIDABLE if overrides else STRICT_VALIDATION,
        )
    except ImplicitOverrideDetectedError as error:
        raise duplicate_error(error, registry) from error
    except GraphMissingFactoryError as error:
        # Reworded in terms of modules and handlers; dishka's own report stays the cause.
        reworded = resolution_error(error, registry, overrides)
        if reworded is None:
            raise
        raise reworded from error
    return root_container(built, lifecycle)


class Application:
    """A built application. Use it as ``async with app:``; open scopes with ``app.container()``.

    ``app.container`` is the root dishka container (APP scope); calling it,
    ``async with app.container() as container``, opens a REQUEST scope. Scopes open only while
    the application runs (see [`ApplicationState`][]), from any task, event loop or thread.
    The exit waits for the scopes still open before it closes the APP scope.
    ``app.container`` is one object for the application's whole life: [`overridden`][]
    changes what it resolves, not which object it is.
    """

    __slots__ = (
        '__weakref__',
        '_blocks',
        '_container',
        '_context',
        '_exit_stack',
        '_extensions',
        '_lifecycle',
        '_lifespans',
        '_overrides',
        '_registry',
        '_shutdown_timeout',
    )

    def __init__(  # noqa: PLR0913  # keyword-only, filled by ApplicationFactory
        self,
        *,
        container: RootContainer,
        registry: ModuleRegistry,
        lifespans: Sequence[Lifespan] = (),
        extensions: Sequence[ApplicationExtension] = (),
        context: Mapping[Any, Any] | None = None,
        shutdown_timeout: float | None = None,
        overrides: Sequence[Provider] = (),
    ) -> None:
        self._container = container
        container.owner = self  # so `denpo.testing.override(app.container)` finds the application
        self._lifecycle = container.lifecycle
        self._overrides = tuple(overrides)  # the factory's, for a test app: kept under every layer
        self._blocks = Blocks()  # the override blocks entered
        self._context = context
        self._registry = registry
        self._lifespans = tuple(lifespans)
        self._extensions = tuple(extensions)
        self._shutdown_timeout = shutdown_timeout
        self._exit_stack: AsyncExitStack | None = None

    @property
    def container(self) -> AsyncContainer:
        """The root (APP scope) container; call it to open a REQUEST scope."""
        return self._container

    @property
    def _root(self) -> RootContainer:
        """``container`` with its own type (overrides swap its internals)."""
        return self._container

    @property
    def registry(self) -> ModuleRegistry:
        """The modules of the application, dependencies first."""
        return self._registry

    def overridden(
        self, *providers: Provider, context: Mapping[Any, Any] | None = None
    ) -> AbstractAsyncContextManager[AsyncContainer]:
        """Replace providers and APP-scope context values while an ``async with`` block runs.

        Inside the block, every holder of ``app.container`` (a web framework that captured it
        before, a scope opened earlier, a handler) resolves ``providers`` in place of those that
        provide the same types, and ``context`` values in place of the factory's; after it, the
        originals again. APP-scope dependencies are built anew inside the block and finalized at
        its exit; those built before are kept for after. Blocks nest, each over the previous one.

        Example::

            async with app, app.overridden(object_(FakeClock(), provided_type=Clock)):
                ...

        Raises:
            TypeError: A provider is not a dishka provider, or ``context`` is not a mapping
                keyed by types (raised here, at the call).
        """
        check_override_arguments('app.overridden(...)', providers, context)
        return Override(self, layer_of(providers, context))

    def _build_container(self, layers: Sequence[Layer]) -> RootContainer:
        """A new root container: this application's providers and context under ``layers``."""
        context = dict(self._context or {})
        for layer in layers:
            context.update(layer.context)
        overrides = [*self._overrides, *(provider for layer in layers for provider in layer.providers)]
        return _make_container(self._registry, context or None, overrides, self._lifecycle)

    @property
    def state(self) -> ApplicationState:
        """Where the application is in its life: created, starting, running, stopping, stopped."""
        return self._lifecycle.state

    @property
    def is_running(self) -> bool:
        """Whether the application has started and has not begun to stop."""
        return self._lifecycle.state is ApplicationState.RUNNING

    async def __aenter__(self) -> Self:
        self._lifecycle.start()  # before any await: a second, concurrent entry is refused
        stack = AsyncExitStack()
        await stack.__aenter__()
        try:
            await self._start(stack)
        except BaseException as error:
            # Undo whatever started; the original error propagates even if a lifespan
            # swallows it, since the application did not start.
            try:
                await stack.__aexit__(type(error), error, error.__traceback__)
            finally:
                self._lifecycle.stopped()
            raise
        self._exit_stack = stack
        self._lifecycle.started()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._lifecycle.stop()
        stack, self._exit_stack = self._exit_stack, None
        assert stack is not None  # noqa: S101  # set whenever the state is RUNNING
        try:
            await stack.__aexit__(exc_type, exc_value, traceback)
        finally:
            self._lifecycle.stopped()

    async def _close(self) -> None:
        # Last: no new scope, the open ones exit (or the timeout passes), then the APP scope,
        # which is closed even if the wait was cancelled.
        try:
            await self._lifecycle.drain(self._shutdown_timeout)
        finally:
            self._lifecycle.stopped()  # from here on, nothing is built in the APP scope
            await self._container.close()

    async def _start(self, stack: AsyncExitStack) -> None:
        # Registered first so it runs last, whatever fails after it.
        stack.push_async_callback(self._close)
        for module in self._registry.modules:
            for extension in module.extensions:
                if isinstance(extension, OnModuleInit):
                    await await_hook(extension, OnModuleInit, module)
        for extension in self._application_hooks():
            if isinstance(extension, OnApplicationInit):
                await await_hook(extension, OnApplicationInit, self)
        # Shutdown hooks run only once every init hook has succeeded.
        stack.push_async_exit(self._shutdown)
        for lifespan in self._lifespans:
            await stack.enter_async_context(_open_lifespan(lifespan, self))
        for extension in self._application_hooks():
            if isinstance(extension, AfterApplicationInit):
                await await_hook(extension, AfterApplicationInit, self)

    def _application_hooks(self) -> list[ApplicationExtension | ModuleExtension]:
        """Where the application hooks are listed: the application's extensions, then the modules'."""
        return [
            *self._extensions,
            *(extension for module in self._registry.modules for extension in module.extensions),
        ]

    async def _shutdown(
        self,
        exc_type: type[BaseException] | None,  # noqa: ARG002  # the exit callback's signature
        exc_value: BaseException | None,
        traceback: TracebackType | None,  # noqa: ARG002  # as above
    ) -> bool:
        # The mirror image of start-up: application hooks (modules' last listed first, then the
        # application's), then modules, dependents first. Every hook runs even if one fails; the
        # failures go on the exception already on its way out (the body's, or a lifespan's
        # exit's), or else the first is raised.
        hooks: list[tuple[str, Callable[[], Awaitable[object]]]] = [
            (
                hook_name(extension, OnApplicationShutdown),
                partial(await_hook, extension, OnApplicationShutdown, self),
            )
            for extension in reversed(self._application_hooks())
            if isinstance(extension, OnApplicationShutdown)
        ]
        hooks += [
            (hook_name(extension, OnModuleDestroy), partial(await_hook, extension, OnModuleDestroy, module))
            for module in reversed(self._registry.modules)
            for extension in reversed(module.extensions)
            if isinstance(extension, OnModuleDestroy)
        ]
        await run_all(hooks, pending=exc_value)
        return False  # whatever was on its way out goes on


def _open_lifespan(lifespan: Lifespan, app: Application) -> AbstractAsyncContextManager[object]:
    if isinstance(lifespan, AbstractAsyncContextManager):
        return lifespan  # pyright: ignore[reportUnknownVariableType]  # any async context manager fits
    return opened_lifespan(lifespan, lifespan(app))  # a function's result is known only once called


class ApplicationFactory:
    """Build an [`Application`][] from a root module.

    Args:
        root_module: The ``@module`` class (or dynamic module) at the top of the graph.
        context: Values for APP-scope ``contextual(...)`` providers.
        lifespan: Context managers (or functions of the app returning one) entered on start.
        extensions: Application extensions (``OnApplicationInit`` and friends).
        shutdown_timeout: How long, in seconds, the exit of ``async with app`` waits for scopes
            still open before it closes the APP scope anyway (and logs a warning on the
            ``denpo`` logger). ``None``, the default, waits for as long as they stay open.
    """

    __slots__ = ('_context', '_extensions', '_lifespan', '_root_module', '_shutdown_timeout')

    def __init__(
        self,
        root_module: ModuleType,
        /,
        context: Mapping[Any, Any] | None = None,
        lifespan: Sequence[Lifespan] = (),
        extensions: Sequence[ApplicationExtension] = (),
        *,
        shutdown_timeout: float | None = None,
    ) -> None:
        check_factory_arguments(root_module, context, lifespan, extensions)
        self._shutdown_timeout = check_timeout(shutdown_timeout)
        self._root_module = root_module
        self._context = context
        self._lifespan = tuple(lifespan)
        self._extensions = tuple(extensions)

    def create(self, *, overrides: Sequence[Provider] = ()) -> Application:
        """Resolve the module graph, run the registration hooks and build a validated container.

        Args:
            overrides: Providers added after every module's, replacing those that provide the
                same types (for tests; [`create_test_app`][denpo.testing.create_test_app] passes its
                ``providers`` here). They stay in force under [`Application.overridden`][].

        Raises:
            denpo.exceptions.ModuleError: The module graph is wrong, or a provider depends on a
                type its module cannot see.
            denpo.exceptions.DependencyResolutionError: A handler, behavior or provider depends on
                something no provider builds in its scope (dishka's graph validation, reworded).
            denpo.exceptions.DuplicateProviderError: Two providers provide one type.
            dishka.exceptions.DishkaError: Another graph error that dishka reports itself (a
                dependency cycle).
            TypeError: ``overrides`` holds something other than dishka providers.
        """
        check_override_arguments(
            'ApplicationFactory(...).create(...)', overrides, None, keyword='overrides= '
        )
        return self._create(overrides=overrides)

    def _create(self, *, overrides: Sequence[Provider]) -> Application:
        # `overrides` are added last and may replace existing providers.
        registry = build_module_registry(self._root_module)
        context = MappingProxyType(dict(self._context)) if self._context is not None else None
        # The application's registration hooks first, owned by the root module; then the modules'.
        for extension in self._extensions:
            if isinstance(extension, OnModuleRegistration):
                call_hook(extension, OnModuleRegistration, registry, registry.root, context)
        for module in registry.modules:
            for module_extension in module.extensions:
                if isinstance(module_extension, OnModuleRegistration):
                    call_hook(module_extension, OnModuleRegistration, registry, module, context)
        registry.seal()
        check_visibility(registry, self._context or ())
        return Application(
            container=_make_container(registry, self._context, overrides, Lifecycle(registry.root.name)),
            registry=registry,
            lifespans=self._lifespan,
            extensions=self._extensions,
            context=self._context,
            shutdown_timeout=self._shutdown_timeout,
            overrides=overrides,
        )
