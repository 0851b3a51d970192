"""denpo: a typed, in-process CQRS message bus on dishka.

The top-level package holds the module system and the application; the bus lives in
[`denpo.messaging`][], the provider shortcuts in [`denpo.di`][].

The names below are imported on first use (PEP 562): the mypy plugin reads denpo's catalogue of
binding mistakes (``denpo._catalogue``) on every mypy run, and must not pay for importing dishka
and anyio to do so.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str  # resolved by __getattr__ below, from the installed distribution's metadata

    from denpo.application import Application, ApplicationFactory, ApplicationState, Lifespan
    from denpo.exceptions import (
        ApplicationError,
        DenpoError,
        DependencyNotAccessibleError,
        DependencyResolutionError,
        DuplicateModuleError,
        DuplicateProviderError,
        InvalidModuleError,
        ModuleError,
        ModuleImportCycleError,
        NarrowerScopeError,
    )
    from denpo.modules import DynamicModule, Module, ModuleMetadata, module

__all__ = [
    'Application',
    'ApplicationError',
    'ApplicationFactory',
    'ApplicationState',
    'DenpoError',
    'DependencyNotAccessibleError',
    'DependencyResolutionError',
    'DuplicateModuleError',
    'DuplicateProviderError',
    'DynamicModule',
    'InvalidModuleError',
    'Lifespan',
    'Module',
    'ModuleError',
    'ModuleImportCycleError',
    'ModuleMetadata',
    'NarrowerScopeError',
    'module',
]

_HOMES = {
    'Application': 'denpo.application',
    'ApplicationFactory': 'denpo.application',
    'ApplicationState': 'denpo.application',
    'Lifespan': 'denpo.application',
    'ApplicationError': 'denpo.exceptions',
    'DenpoError': 'denpo.exceptions',
    'DependencyNotAccessibleError': 'denpo.exceptions',
    'DependencyResolutionError': 'denpo.exceptions',
    'DuplicateModuleError': 'denpo.exceptions',
    'DuplicateProviderError': 'denpo.exceptions',
    'InvalidModuleError': 'denpo.exceptions',
    'ModuleError': 'denpo.exceptions',
    'ModuleImportCycleError': 'denpo.exceptions',
    'NarrowerScopeError': 'denpo.exceptions',
    'DynamicModule': 'denpo.modules',
    'Module': 'denpo.modules',
    'ModuleMetadata': 'denpo.modules',
    'module': 'denpo.modules',
}


def __getattr__(name: str) -> Any:
    if name == '__version__':
        # Imported here: importlib.metadata alone costs tens of milliseconds, paid only on use.
        from importlib.metadata import version  # noqa: PLC0415

        globals()[name] = version(__name__)
        return globals()[name]
    home = _HOMES.get(name)
    if home is None:
        msg = f'module {__name__!r} has no attribute {name!r}'
        raise AttributeError(msg)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, '__version__'})
