"""denpo: a typed, in-process CQRS message bus on dishka.

The top-level package holds the module system and the application; the bus lives in
:mod:`denpo.messaging`, the provider shortcuts in :mod:`denpo.di`.
"""

from denpo.application import Application, ApplicationFactory, Lifespan
from denpo.exceptions import (
    ApplicationError,
    DenpoError,
    DependencyNotAccessibleError,
    DependencyResolutionError,
    DuplicateModuleError,
    InvalidModuleError,
    ModuleError,
    ModuleImportCycleError,
)
from denpo.modules import DynamicModule, Module, ModuleMetadata, module

__all__ = [
    'Application',
    'ApplicationError',
    'ApplicationFactory',
    'DenpoError',
    'DependencyNotAccessibleError',
    'DependencyResolutionError',
    'DuplicateModuleError',
    'DynamicModule',
    'InvalidModuleError',
    'Lifespan',
    'Module',
    'ModuleError',
    'ModuleImportCycleError',
    'ModuleMetadata',
    'module',
]
