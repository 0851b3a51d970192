"""The module graph: every module once, dependencies first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from typing_extensions import override

from denpo._naming import qualname
from denpo._text import safe_repr
from denpo.exceptions import ApplicationError, DuplicateModuleError, ModuleImportCycleError
from denpo.modules._metadata import DynamicModule, ModuleType, get_module_metadata, module_target

if TYPE_CHECKING:
    from dishka import Provider

    from denpo.extensions import ModuleExtension

__all__ = ['Module', 'ModuleRegistry', 'build_module_registry']


@dataclass(slots=True, eq=False)
class Module:
    """One module of a built application: its own declarations merged with its dynamic form.

    Attributes:
        target: The ``@module`` class.
        providers: Its providers, including those added by extensions at registration.
        imports: The modules it imports, resolved.
        exports: The types and modules it exports.
        extensions: Its module extensions.
        is_global: Whether its exports are visible everywhere.
        borrowed: Providers that another module adds to the container but that this module
            relies on too (a handler bound in two modules): their dependencies must be
            visible to this module as well. They are not built twice.
    """

    target: type[Any]
    providers: list[Provider]
    imports: tuple[Module, ...]
    exports: tuple[Any, ...]
    extensions: tuple[ModuleExtension, ...]
    is_global: bool
    borrowed: list[Provider] = field(default_factory=list['Provider'])

    @property
    def name(self) -> str:
        """The module's qualified class name, as used in error messages."""
        return qualname(self.target)

    @override
    def __repr__(self) -> str:
        return f'Module({self.name})'


@dataclass(slots=True)
class ModuleRegistry:
    """The modules of an application in topological order (dependencies first)."""

    root: Module
    modules: tuple[Module, ...]
    _by_target: dict[type[Any], Module] = field(init=False, repr=False)
    _sealed: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_target = {item.target: item for item in self.modules}

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules)

    def get(self, target: ModuleType) -> Module | None:
        """Return the module built from ``target`` (a ``@module`` class or its dynamic form), if any."""
        if isinstance(target, DynamicModule):
            target = target.parent_module
        return self._by_target.get(target)

    def add_providers(self, owner: Module, providers: Sequence[Provider]) -> None:
        """Add providers to ``owner``; extensions call this during ``on_module_registration``.

        Raises:
            ApplicationError: The registration hooks have run already (the container is built
                from what they added), or ``owner`` is not a module of this registry.
        """
        self._check_adding(owner, 'add_providers')
        owner.providers.extend(providers)

    def add_borrowed(self, owner: Module, providers: Sequence[Provider]) -> None:
        """Let ``owner`` rely on ``providers`` that another module adds to the container.

        The visibility check holds their dependencies against ``owner`` too, so a class that two
        modules bind must be buildable with what each of them can see, whichever comes first.
        """
        self._check_adding(owner, 'add_borrowed')
        owner.borrowed.extend(providers)

    def seal(self) -> None:
        """End the registration: from now on, adding providers is an error (they would go nowhere)."""
        self._sealed = True

    def _check_adding(self, owner: Module, method: str) -> None:
        if self._sealed:
            msg = (
                f'ModuleRegistry.{method}() was called after the registration hooks ran: the container '
                'is built from what they added, so these providers would go nowhere. Hint: add '
                'providers in an OnModuleRegistration hook (or list them in a module).'
            )
            raise ApplicationError(msg)
        target: object = getattr(owner, 'target', None)  # an untyped caller may pass anything
        if not isinstance(target, type) or self._by_target.get(target) is not owner:
            msg = (
                f'ModuleRegistry.{method}() got {safe_repr(owner)}, which is not a module of this registry. '
                'Hint: pass the owning_module the hook was given, or registry.get(SomeModule).'
            )
            raise ApplicationError(msg)

    @property
    def providers(self) -> tuple[Provider, ...]:
        """Every provider of every module, in module order."""
        return tuple(provider for item in self.modules for provider in item.providers)


@dataclass(slots=True)
class _Spec:
    target: type[Any]
    dynamic: DynamicModule | None
    providers: list[Provider]
    imports: list[type[Any]]
    exports: list[Any]
    extensions: list[ModuleExtension]
    is_global: bool


def _collect_specs(root: ModuleType) -> tuple[type[Any], dict[type[Any], _Spec]]:
    """Walk every reachable module once and merge each with its dynamic form."""
    root_target, root_dynamic = module_target(root, 'the application')
    specs: dict[type[Any], _Spec] = {}
    pending: list[tuple[type[Any], DynamicModule | None]] = [(root_target, root_dynamic)]
    while pending:
        target, dynamic = pending.pop()
        spec = specs.get(target)
        if spec is None:
            metadata = get_module_metadata(target)
            assert metadata is not None  # noqa: S101  # module_target and DynamicModule checked it
            spec = _Spec(
                target=target,
                dynamic=None,
                providers=list(metadata.providers),
                imports=[],
                exports=list(metadata.exports),
                extensions=list(metadata.extensions),
                is_global=metadata.is_global,
            )
            specs[target] = spec
            pending.extend(_add_imports(spec, metadata.imports))
        if dynamic is not None and dynamic is not spec.dynamic:
            if spec.dynamic is not None:
                msg = (
                    f'{qualname(target)} is imported in two different configurations. '
                    'Hint: call its register(...) once, keep the result in a variable, and import '
                    'that one object wherever the module is needed (or make it global).'
                )
                raise DuplicateModuleError(msg)
            spec.dynamic = dynamic
            spec.providers.extend(dynamic.providers)
            spec.exports.extend(dynamic.exports)
            spec.extensions.extend(dynamic.extensions)
            spec.is_global = spec.is_global or dynamic.is_global
            pending.extend(_add_imports(spec, dynamic.imports))
    return root_target, specs


def _add_imports(spec: _Spec, imports: Sequence[ModuleType]) -> list[tuple[type[Any], DynamicModule | None]]:
    resolved = [module_target(entry, qualname(spec.target)) for entry in imports]
    for target, _ in resolved:
        if not any(imported is target for imported in spec.imports):  # by identity: __eq__ may raise
            spec.imports.append(target)
    return resolved


def _topological_order(root: type[Any], specs: dict[type[Any], _Spec]) -> list[type[Any]]:
    order: list[type[Any]] = []
    done: set[type[Any]] = set()
    path: list[type[Any]] = []
    # Iterative DFS so a deep graph cannot hit the recursion limit.
    stack: list[tuple[type[Any], Iterator[type[Any]]]] = [(root, iter(specs[root].imports))]
    path.append(root)
    while stack:
        target, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            path.pop()
            done.add(target)
            order.append(target)
            continue
        if child in done:
            continue
        on_path = [index for index, item in enumerate(path) if item is child]  # identity: __eq__ may raise
        if on_path:
            cycle = [*path[on_path[0] :], child]
            raise ModuleImportCycleError(tuple(qualname(item) for item in cycle))
        path.append(child)
        stack.append((child, iter(specs[child].imports)))
    return order


def build_module_registry(root: ModuleType) -> ModuleRegistry:
    """Resolve the graph under ``root``: every module once, imports before importers.

    Raises:
        InvalidModuleError: An import is not a module.
        DuplicateModuleError: One module is imported in two dynamic configurations.
        ModuleImportCycleError: The imports form a cycle.
    """
    root_target, specs = _collect_specs(root)
    built: dict[type[Any], Module] = {}
    for target in _topological_order(root_target, specs):
        spec = specs[target]
        built[target] = Module(
            target=target,
            providers=list(spec.providers),
            imports=tuple(built[child] for child in spec.imports),
            exports=tuple(spec.exports),
            extensions=tuple(spec.extensions),
            is_global=spec.is_global,
        )
    return ModuleRegistry(root=built[root_target], modules=tuple(built.values()))
