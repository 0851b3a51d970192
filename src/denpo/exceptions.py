"""The root of every exception denpo raises.

Hierarchy (each concrete error also subclasses the nearest builtin, so a generic
``except LookupError`` or ``except TypeError`` still catches it)::

    DenpoError
    ├── ModuleError
    │   ├── InvalidModuleError (TypeError)              not a module, decorated twice, bad arguments
    │   ├── ModuleImportCycleError (ValueError)         imports form a cycle
    │   ├── DuplicateModuleError (ValueError)           one module registered with two configurations
    │   ├── DuplicateProviderError (ValueError)         one type provided twice
    │   ├── DependencyNotAccessibleError (LookupError)  a dependency outside the module's view
    │   └── DependencyResolutionError (LookupError)     a dependency nothing builds in its scope
    ├── ApplicationError (RuntimeError)                 lifecycle misuse
    ├── NarrowerScopeError (LookupError)                resolved from a scope wider than its own
    └── MessagingError                                  see ``denpo.messaging.exceptions``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dishka.exceptions import NoFactoryError
from typing_extensions import override

if TYPE_CHECKING:
    from dishka.entities.key import DependencyKey
    from dishka.entities.scope import BaseScope

__all__ = [
    'ApplicationError',
    'DenpoError',
    'DependencyNotAccessibleError',
    'DependencyResolutionError',
    'DuplicateModuleError',
    'DuplicateProviderError',
    'InvalidModuleError',
    'ModuleError',
    'ModuleImportCycleError',
    'NarrowerScopeError',
]


class DenpoError(Exception):
    """Base class of every error raised by denpo."""


class ModuleError(DenpoError):
    """A module or the module graph is wrong."""


class InvalidModuleError(ModuleError, TypeError):
    """Something used as a module is not one, or a module was declared twice."""


class ModuleImportCycleError(ModuleError, ValueError):
    """Module imports form a cycle.

    Attributes:
        cycle: The module names along the cycle; the first is repeated at the end.
    """

    def __init__(self, cycle: tuple[str, ...]) -> None:
        super().__init__(cycle)
        self.cycle = cycle

    @override
    def __str__(self) -> str:
        path = ' -> '.join(self.cycle)
        if len(self.cycle) == 2:  # noqa: PLR2004  # one module, repeated: it imports itself
            return f'Module {self.cycle[0]} imports itself. Hint: remove it from its own imports=[...].'
        return (
            f'Module imports form a cycle: {path}. '
            'Hint: move what both modules need into a third module that both import.'
        )


class DuplicateModuleError(ModuleError, ValueError):
    """A dynamic module was registered twice with different configurations."""


class DuplicateProviderError(ModuleError, ValueError):
    """Two providers of the application provide one type, and neither is meant to replace the other.

    Raised by ``ApplicationFactory.create()`` in place of dishka's
    ``ImplicitOverrideDetectedError`` (kept as ``__cause__``).

    Attributes:
        dependency: The type provided twice, as written (``app.Clock``).
        modules: The modules that provide it, in the order the container reads them; one module
            appears twice when it provides the type twice.
    """

    def __init__(self, dependency: str, modules: tuple[str, ...]) -> None:
        super().__init__(dependency, modules)
        self.dependency = dependency
        self.modules = modules

    @override
    def __str__(self) -> str:
        owners = self.modules
        where = f'twice by module {owners[0]}' if len(set(owners)) == 1 else f'by {" and ".join(owners)}'
        return (
            f'{self.dependency} is provided {where}. Hint: keep one provider; a module that needs '
            f"another module's {self.dependency} imports that module, which lists it in exports=[...] "
            '(to replace a provider in tests, use denpo.testing.create_test_app(providers=[...]) or '
            'ApplicationFactory(...).create(overrides=[...])).'
        )


class DependencyNotAccessibleError(ModuleError, LookupError):
    """A provider depends on a type its module can neither see nor import.

    Attributes:
        module: Name of the module whose provider has the dependency.
        dependent: Qualified name of the type that needs the dependency.
        dependency: Qualified name of the missing dependency.
        owners: Names of the modules that provide it but do not export it to ``module``.
    """

    def __init__(self, module: str, dependent: str, dependency: str, owners: tuple[str, ...]) -> None:
        super().__init__(module, dependent, dependency, owners)
        self.module = module
        self.dependent = dependent
        self.dependency = dependency
        self.owners = owners

    @override
    def __str__(self) -> str:
        needs = f'{self.dependent} in module {self.module} depends on {self.dependency}'
        if self.owners:
            owners = ', '.join(self.owners)
            return (
                f'{needs}, which {self.module} cannot see: it is provided by {owners}. '
                f'Hint: export {self.dependency} from {owners} and import that module into '
                f'{self.module}, or make the providing module global (is_global=True).'
            )
        return (
            f'{needs}, but no module provides it. Hint: add a provider for {self.dependency} '
            f'(for example with denpo.di.scoped or singleton) to {self.module} or to a module it imports.'
        )


class DependencyResolutionError(ModuleError, LookupError):
    """Something the container must build depends on what no provider builds in its scope.

    Raised by ``ApplicationFactory.create()`` in place of dishka's graph validation error
    (``dishka.exceptions.GraphMissingFactoryError``, kept as ``__cause__``). It covers what
    [`DependencyNotAccessibleError`][] leaves to dishka: a dependency provided only in a
    narrower scope, a generic or ``Sequence[...]`` dependency that nobody provides.

    Attributes:
        module: Name of the module whose provider has the dependency (a bound handler or
            behavior belongs to the module that binds it); ``None`` for a provider that no
            module declares (a test override).
        dependent: Qualified name of what needs the dependency.
        dependency: The missing dependency as written, e.g. ``Sequence[app.Plugin]``.
        scope: The scope ``dependent`` is built in, e.g. ``'REQUEST'``.
        provided_elsewhere: ``(module, scope)`` pairs where the dependency is provided in a
            scope ``dependent`` cannot use; empty when nothing provides it.
        required_by: ``(qualified name, module)`` of each handler, behavior or other top-level
            object that cannot be built because of it; empty when ``dependent`` is one itself.
        chain: Qualified names from the first of ``required_by`` (or from ``dependent``) down
            to ``dependency``.
    """

    def __init__(  # noqa: PLR0913  # one keyword argument per attribute
        self,
        *,
        module: str | None,
        dependent: str,
        dependency: str,
        scope: str,
        provided_elsewhere: tuple[tuple[str | None, str], ...] = (),
        required_by: tuple[tuple[str, str | None], ...] = (),
        chain: tuple[str, ...] = (),
    ) -> None:
        super().__init__(module, dependent, dependency, scope, provided_elsewhere, required_by, chain)
        self.module = module
        self.dependent = dependent
        self.dependency = dependency
        self.scope = scope
        self.provided_elsewhere = provided_elsewhere
        self.required_by = required_by
        self.chain = chain

    @override
    def __str__(self) -> str:
        text = f'{self.dependent}{_in_module(self.module)} depends on {self.dependency}'
        if self.required_by:
            built = ', '.join(f'{name}{_in_module(module)}' for name, module in self.required_by)
            text = f'Cannot build {built}: {text}'
        if len(self.chain) > 2:  # noqa: PLR2004  # more than "dependent -> dependency"
            text = f'{text} (through {" -> ".join(self.chain)})'
        if self.provided_elsewhere:
            where = ' and '.join(
                f'scope {scope}{_in_module(owner, "by")}' for owner, scope in self.provided_elsewhere
            )
            owner = next((owner for owner, _ in self.provided_elsewhere if owner is not None), None)
            return (
                f'{text}, which is provided only in {where}, narrower than the {self.scope} scope of '
                f'{self.dependent}. Hint: provide {self.dependency} in scope {self.scope} or a wider one'
                f'{"" if owner is None else f" in {owner}"} (for example with denpo.di.scoped or '
                f'denpo.di.singleton), or stop injecting it into {self.dependent}.'
            )
        target = 'a module of the application' if self.module is None else self.module
        return (
            f'{text}, but no provider builds it. Hint: add a provider for {self.dependency} to '
            f'{target}, to a module it imports or to a global module (denpo.di.many(...) provides '
            f'a Sequence[...] of several implementations).'
        )


def _in_module(module: str | None, preposition: str = 'in') -> str:
    return '' if module is None else f' {preposition} module {module}'


class ApplicationError(DenpoError, RuntimeError):
    """The application was used in a state that does not allow it."""


class NarrowerScopeError(DenpoError, NoFactoryError, LookupError):
    """A dependency was asked of a container whose scope is wider than the one it is provided in.

    Raised by ``app.container.get(...)`` (the APP scope) for a REQUEST-scope dependency such as
    the bus, in place of dishka's ``NoFactoryError``, which it subclasses (so an
    ``except NoFactoryError`` still catches it) and keeps as ``__cause__``.

    Attributes:
        dependency: The requested type, as written (``denpo.messaging.bus.IMessageBus``).
        asked: The scope of the container asked (``Scope.APP``).
        provided_in: The scope the dependency is provided in (``Scope.REQUEST``).
        requested: dishka's key of the requested dependency.
    """

    def __init__(
        self, requested: DependencyKey, *, dependency: str, scope: BaseScope, provided_in: BaseScope
    ) -> None:
        NoFactoryError.__init__(self, requested)
        self.dependency = dependency
        self.asked = scope
        self.provided_in = provided_in

    @override
    def __str__(self) -> str:
        short = self.dependency.rpartition('.')[2]
        return (
            f'{self.dependency} is provided in the {self.provided_in.name} scope, but it was asked of the '
            f'{self.asked.name} scope (app.container). Hint: open a scope and resolve it there: '
            f'`async with app.container() as container: await container.get({short})`.'
        )
