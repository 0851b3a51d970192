"""Start-up translation of dishka's graph validation errors into denpo's terms.

dishka validates the container graph when it is built and raises ``GraphMissingFactoryError``
with structured attributes: the missing key, the path of factories that need it and the
factories that provide it in other scopes. This module maps those factories back to the
modules that declare them, finds the top-level objects (handlers, behaviors) that cannot be
built because of it, and words the result as a [`DependencyResolutionError`][]. It reads
attributes only, never dishka's message text. Start-up only: nothing here runs per message.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, get_args, get_origin

from dishka.entities.factory_type import FactoryType

from denpo._naming import qualname
from denpo.exceptions import DependencyResolutionError, DuplicateProviderError

if TYPE_CHECKING:
    from dishka import Provider
    from dishka.entities.factory_type import FactoryData
    from dishka.entities.key import DependencyKey
    from dishka.exceptions import GraphMissingFactoryError, ImplicitOverrideDetectedError

    from denpo.modules._graph import ModuleRegistry

__all__ = ['duplicate_error', 'resolution_error']

_Key: TypeAlias = tuple[Any, str]
"""A dependency key with its component filled in: ``(type hint, component)``."""

_SHORT_MODULES = frozenset({'builtins', 'typing', 'collections.abc'})


def render_type(hint: Any) -> str:
    """Name a dependency as users write it: ``app.Clock``, ``Sequence[app.Plugin]``."""
    origin = get_origin(hint)
    arguments = get_args(hint)
    if origin is None or not arguments:
        return qualname(hint)
    name = origin.__name__ if getattr(origin, '__module__', None) in _SHORT_MODULES else qualname(origin)
    return f'{name}[{", ".join(render_type(argument) for argument in arguments)}]'


def _key(key: DependencyKey, component: str) -> _Key:
    return key.type_hint, key.component if key.component is not None else component


def _name(factory: FactoryData) -> str:
    """Name a factory by its class or function; an alias has neither, so by what it provides."""
    if factory.type is FactoryType.ALIAS:
        return render_type(factory.provides.type_hint)
    return qualname(factory.source)


class _Graph:
    """Who provides each key, what each key depends on, in provider order."""

    def __init__(self, registry: ModuleRegistry, overrides: Sequence[Provider]) -> None:
        self.module: dict[_Key, str | None] = {}
        self.name: dict[_Key, str] = {}
        self.needs: dict[_Key, list[_Key]] = {}
        sources: list[tuple[str | None, Provider]] = [
            (module.name, provider) for module in registry.modules for provider in module.providers
        ]
        sources += [(None, provider) for provider in overrides]
        for owner, provider in sources:
            for provided, name, dependencies in _declarations(provider):
                # A later provider replaces an earlier one, as it does in dishka.
                self.module[provided] = owner
                self.name[provided] = name
                self.needs[provided] = dependencies

    def required_by(self, key: _Key) -> list[_Key]:
        """The keys that nothing depends on and whose construction needs ``key``, in order."""
        dependents: dict[_Key, list[_Key]] = {}
        for provided, dependencies in self.needs.items():
            for dependency in dependencies:
                dependents.setdefault(dependency, []).append(provided)
        seen = {key}
        pending = [key]
        while pending:
            for dependent in dependents.get(pending.pop(), ()):
                if dependent not in seen:
                    seen.add(dependent)
                    pending.append(dependent)
        return [item for item in self.needs if item in seen and item not in dependents]

    def route(self, start: _Key, goal: _Key) -> list[_Key]:
        """The shortest dependency path from ``start`` to ``goal`` (which ``start`` needs)."""
        parents: dict[_Key, _Key | None] = {start: None}
        pending = deque([start])
        while goal not in parents:
            current = pending.popleft()
            fresh = [key for key in self.needs.get(current, ()) if key not in parents]
            parents.update(dict.fromkeys(fresh, current))
            pending.extend(fresh)
        path: list[_Key] = []
        step: _Key | None = goal
        while step is not None:
            path.append(step)
            step = parents[step]
        return path[::-1]


def _declarations(provider: Provider) -> Iterator[tuple[_Key, str, list[_Key]]]:
    component: str = provider.component
    for factory in provider.factories:
        dependencies: Iterable[DependencyKey] = (*factory.dependencies, *factory.kw_dependencies.values())
        keys = [_key(dependency, component) for dependency in dependencies]
        yield _key(factory.provides, component), _name(factory), keys
    for alias in provider.aliases:
        provided = _key(alias.provides, component)
        yield provided, render_type(alias.provides.type_hint), [_key(alias.source, component)]
    for variable in provider.context_vars:
        yield _key(variable.provides, component), render_type(variable.provides.type_hint), []


def _scope_name(factory: FactoryData) -> str:
    # Validated factories always have a scope; `getattr` keeps a missing one printable anyway.
    return str(getattr(factory.scope, 'name', factory.scope))


def resolution_error(
    error: GraphMissingFactoryError, registry: ModuleRegistry, overrides: Sequence[Provider] = ()
) -> DependencyResolutionError | None:
    """Word ``error`` in terms of modules, or return ``None`` if it names no factory to blame."""
    if not error.path:
        return None
    graph = _Graph(registry, overrides)
    # dishka's path starts wherever its validation happened to start; what matters is what
    # needs the dependency directly (the last step) and which top-level objects need that.
    dependent = error.path[-1]
    dependent_key = _key(dependent.provides, '')
    dependency = render_type(error.requested.type_hint)
    if error.requested.component:
        dependency = f'{dependency} (component {error.requested.component!r})'
    entries = [key for key in graph.required_by(dependent_key) if key != dependent_key]
    above = graph.route(entries[0], dependent_key)[:-1] if entries else []
    chain = (*(graph.name[key] for key in above), _name(dependent), dependency)
    return DependencyResolutionError(
        module=graph.module.get(dependent_key),
        dependent=_name(dependent),
        dependency=dependency,
        scope=_scope_name(dependent),
        provided_elsewhere=tuple(
            (graph.module.get(_key(factory.provides, '')), _scope_name(factory))
            for factory in error.suggest_other_scopes
        ),
        required_by=tuple((graph.name[key], graph.module[key]) for key in entries),
        chain=chain,
    )


def duplicate_error(error: ImplicitOverrideDetectedError, registry: ModuleRegistry) -> DuplicateProviderError:
    """Word ``error`` (one type, two providers) in terms of the modules that provide it.

    Only the modules' providers can clash: with overrides (a test app), later providers replace
    earlier ones and dishka does not raise this.
    """
    key = _key(error.new.provides, '')
    owners = tuple(
        module.name
        for module in registry.modules
        for provider in module.providers
        for provided, _, _ in _declarations(provider)
        if provided == key
    )
    return DuplicateProviderError(render_type(key[0]), owners)
