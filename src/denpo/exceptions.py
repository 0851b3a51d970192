"""The root of every exception denpo raises.

Hierarchy (each concrete error also subclasses the nearest builtin, so a generic
``except LookupError`` or ``except TypeError`` still catches it)::

    DenpoError
    ├── ModuleError
    │   ├── InvalidModuleError (TypeError)        not a module, decorated twice
    │   ├── ModuleImportCycleError (ValueError)   imports form a cycle
    │   ├── DuplicateModuleError (ValueError)     one module registered with two configurations
    │   └── DependencyNotAccessibleError (LookupError)
    ├── ApplicationError (RuntimeError)           lifecycle misuse
    └── MessagingError                            see ``denpo.messaging.exceptions``
"""

from __future__ import annotations

from typing_extensions import override

__all__ = [
    'ApplicationError',
    'DenpoError',
    'DependencyNotAccessibleError',
    'DuplicateModuleError',
    'InvalidModuleError',
    'ModuleError',
    'ModuleImportCycleError',
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
        return (
            f'Module imports form a cycle: {path}. '
            'Hint: move what both modules need into a third module that both import.'
        )


class DuplicateModuleError(ModuleError, ValueError):
    """A dynamic module was registered twice with different configurations."""


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


class ApplicationError(DenpoError, RuntimeError):
    """The application was used in a state that does not allow it."""
