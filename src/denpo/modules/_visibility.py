"""Start-up check that every provider only depends on what its module can see.

A module sees its own providers, the exports of the modules it imports, the exports of global
modules, context values and the container itself. dishka alone would accept any dependency that
some module provides; this check keeps module boundaries real and names the module to fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, get_origin

from dishka import AsyncContainer, Container

from denpo._naming import qualname
from denpo.exceptions import DependencyNotAccessibleError
from denpo.modules._metadata import DynamicModule, get_module_metadata

if TYPE_CHECKING:
    from dishka import Provider

    from denpo.modules._graph import Module, ModuleRegistry

__all__ = ['check_visibility']

_ALWAYS_VISIBLE: frozenset[Any] = frozenset({AsyncContainer, Container})


def _provided(providers: Iterable[Provider]) -> set[Any]:
    keys: set[Any] = set()
    for provider in providers:
        keys.update(factory.provides.type_hint for factory in provider.factories)
        keys.update(alias.provides.type_hint for alias in provider.aliases)
        keys.update(union.provides.type_hint for union in provider.factory_union_mode)
    return keys


def _context_keys(providers: Iterable[Provider]) -> set[Any]:
    return {variable.provides.type_hint for provider in providers for variable in provider.context_vars}


def _dependencies(provider: Provider) -> Iterator[tuple[Any, Any]]:
    """Yield ``(what is built, what it needs)`` for every factory of ``provider``.

    Keys of named dishka components are skipped: components are dishka's own visibility tool.
    """
    for factory in provider.factories:
        for key in (*factory.dependencies, *factory.kw_dependencies.values()):
            if not key.component:
                yield factory.source, key.type_hint


def _is_plain_class(annotation: Any) -> bool:
    return isinstance(annotation, type) and get_origin(annotation) is None


class _Exports:
    """What each module exports, with re-exported modules expanded (memoised per check)."""

    def __init__(self, registry: ModuleRegistry) -> None:
        self._registry = registry
        self._cache: dict[type[Any], frozenset[Any]] = {}

    def of(self, module: Module) -> frozenset[Any]:
        cached = self._cache.get(module.target)
        if cached is not None:
            return cached
        self._cache[module.target] = frozenset()  # guards against re-export loops
        exported: set[Any] = set()
        for item in module.exports:
            target = item.parent_module if isinstance(item, DynamicModule) else item
            reexported = self._registry.get(target) if get_module_metadata(target) is not None else None
            if reexported is None:
                exported.add(item)
            else:
                exported |= self.of(reexported)
        result = frozenset(exported)
        self._cache[module.target] = result
        return result


def check_visibility(registry: ModuleRegistry, context: Iterable[Any] = ()) -> None:
    """Raise if a provider depends on a type that its module can neither see nor import.

    A plain class that no module provides is reported too (with no owner); other missing
    dependencies (generics, markers) are left to dishka's own graph validation.

    Raises:
        DependencyNotAccessibleError: A dependency is not visible to the module that needs it.
    """
    exports = _Exports(registry)
    owners: dict[Any, list[str]] = {}
    for module in registry.modules:
        for key in _provided(module.providers):
            owners.setdefault(key, []).append(module.name)
    shared: set[Any] = set(_ALWAYS_VISIBLE) | set(context)
    for module in registry.modules:
        shared |= _context_keys(module.providers)
        if module.is_global:
            shared |= exports.of(module)
    for module in registry.modules:
        visible = shared | _provided(module.providers)
        for imported in module.imports:
            visible |= exports.of(imported)
        _check_module(module, visible, owners)


def _check_module(module: Module, visible: set[Any], owners: dict[Any, list[str]]) -> None:
    for provider in (*module.providers, *module.borrowed):
        for dependent, dependency in _dependencies(provider):
            if dependency in visible:
                continue
            if dependency not in owners and not _is_plain_class(dependency):
                continue
            raise DependencyNotAccessibleError(
                module.name,
                qualname(dependent),
                qualname(dependency),
                tuple(owners.get(dependency, ())),
            )
