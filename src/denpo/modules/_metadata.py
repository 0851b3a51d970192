"""Module declarations: the ``@module`` decorator and dynamic modules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar, cast

from dishka.provider import BaseProvider

from denpo._arguments import check_extensions, check_list, is_instance, is_type_form, shown
from denpo._hooks import call_hook
from denpo._naming import qualname
from denpo._text import safe_repr
from denpo.exceptions import InvalidModuleError
from denpo.extensions import ModuleExtension, OnModuleConfigure

if TYPE_CHECKING:
    from dishka import Provider

__all__ = [
    'DynamicModule',
    'ModuleMetadata',
    'ModuleType',
    'get_module_metadata',
    'module',
]

_METADATA_ATTR: Final = '__denpo_module__'

ModuleType: TypeAlias = 'type[Any] | DynamicModule'
"""What ``imports=[...]`` accepts: a ``@module`` class or a [`DynamicModule`][]."""

_ClassT = TypeVar('_ClassT', bound=type[Any])


@dataclass(slots=True, kw_only=True)
class ModuleMetadata:
    """What a module declares. Extensions may add providers in ``on_module_configure``.

    Attributes:
        target: The decorated class.
        providers: dishka providers the module contributes.
        imports: Modules whose exports this module uses.
        exports: Types (or imported modules) this module makes visible to its importers.
        extensions: Module extensions (for example ``MessagingExtension``).
        is_global: Whether its exports are visible to every module without an import.
    """

    target: type[Any]
    providers: list[Provider] = field(default_factory=list[Any])
    imports: list[ModuleType] = field(default_factory=list[Any])
    exports: list[Any] = field(default_factory=list[Any])
    extensions: list[ModuleExtension] = field(default_factory=list[Any])
    is_global: bool = False


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DynamicModule:
    """A configured form of a ``@module`` class, built by a factory such as ``register()``.

    Its providers, imports, exports and extensions are added to those of ``parent_module``.
    A module may appear once per application, so importing two different dynamic forms of
    one parent is an error. Its own extensions' ``OnModuleConfigure`` hooks run when it is
    created, on a [`ModuleMetadata`][] of the dynamic part (``target`` is the parent); what
    they add there is part of it.
    """

    parent_module: type[Any]
    providers: Sequence[Provider] = ()
    imports: Sequence[ModuleType] = ()
    exports: Sequence[Any] = ()
    extensions: Sequence[ModuleExtension] = ()
    is_global: bool = False

    def __post_init__(self) -> None:
        where = f'DynamicModule(parent_module={qualname(self.parent_module)})'
        if get_module_metadata(self.parent_module) is None:
            msg = f'{where}: the parent is not a module. Hint: decorate it with @module().'
            raise InvalidModuleError(msg)
        check_declarations(
            where,
            qualname(self.parent_module),
            providers=self.providers,
            imports=self.imports,
            exports=self.exports,
            extensions=self.extensions,
            is_global=self.is_global,
        )
        metadata = ModuleMetadata(
            target=self.parent_module,
            providers=list(self.providers),
            imports=list(self.imports),
            exports=list(self.exports),
            extensions=list(self.extensions),
            is_global=self.is_global,
        )
        if not _configure(metadata, where):
            return
        # Frozen to its users; set once here, as the dataclass's own __init__ does.
        for name in ('providers', 'imports', 'exports', 'extensions'):
            object.__setattr__(self, name, tuple(getattr(metadata, name)))
        object.__setattr__(self, 'is_global', metadata.is_global)


def _configure(metadata: ModuleMetadata, where: str) -> bool:
    """Run the ``OnModuleConfigure`` hooks of ``metadata``'s extensions; say whether there were any.

    The list is read as it grows, so an extension that a hook adds is configured too. What the
    hooks leave is checked like the declarations themselves.
    """
    configured = False
    for extension in metadata.extensions:
        if isinstance(extension, OnModuleConfigure):
            call_hook(extension, OnModuleConfigure, metadata)
            configured = True
    if configured:
        check_declarations(
            f'{where}, after its OnModuleConfigure hooks',
            qualname(metadata.target),
            providers=metadata.providers,
            imports=metadata.imports,
            exports=metadata.exports,
            extensions=metadata.extensions,
            is_global=metadata.is_global,
        )
    return configured


def module(
    *,
    providers: Sequence[Provider] = (),
    imports: Sequence[ModuleType] = (),
    exports: Sequence[Any] = (),
    extensions: Sequence[ModuleExtension] = (),
    is_global: bool = False,
) -> Callable[[_ClassT], _ClassT]:
    """Declare a class as a module.

    Args:
        providers: dishka providers, usually built with the ``denpo.di`` shortcuts.
        imports: Modules whose exported types this module's providers depend on.
        exports: Types this module shares with the modules that import it.
        extensions: Module extensions, such as ``MessagingExtension().bind_request(...)``.
        is_global: Make the exports visible everywhere without an import.

    Example:
        >>> from denpo import module
        >>> @module()
        ... class EmptyModule: ...
    """

    def decorate(cls: _ClassT) -> _ClassT:
        _check_is_class(cls)
        check_declarations(
            f'@module() on {qualname(cls)}',
            qualname(cls),
            providers=providers,
            imports=imports,
            exports=exports,
            extensions=extensions,
            is_global=is_global,
        )
        if _METADATA_ATTR in _namespace(cls):
            msg = (
                f'{qualname(cls)} is already a module: @module() was applied twice. '
                'Hint: merge both argument lists into a single @module(...).'
            )
            raise InvalidModuleError(msg)
        metadata = ModuleMetadata(
            target=cls,
            providers=list(providers),
            imports=list(imports),
            exports=list(exports),
            extensions=list(extensions),
            is_global=is_global,
        )
        _configure(metadata, f'@module() on {qualname(cls)}')
        try:
            type.__setattr__(cls, _METADATA_ATTR, metadata)  # past a metaclass's own __setattr__
        except TypeError as error:
            msg = (
                f'@module() cannot mark {qualname(cls)} as a module: it is a built-in or immutable class. '
                'Hint: decorate a class of your own, `@module(...) class MyModule: ...`.'
            )
            raise InvalidModuleError(msg) from error
        return cls

    return decorate


def check_declarations(where: str, target: str, **declared: object) -> None:
    """Refuse module arguments of the wrong shape, before they fail somewhere obscure.

    Each list argument must be a list (not a lone class, provider or string); ``providers``
    must hold dishka providers, ``imports`` modules, ``exports`` types or modules, and
    ``extensions`` instances implementing a module hook; ``is_global`` must be a bool.

    Args:
        where: How the call is named in messages, e.g. ``@module() on app.Root``.
        target: The importing module's name, as an import error names it.
        declared: The arguments, by name.
    """
    for argument, values in declared.items():
        if argument == 'is_global':
            if values is not True and values is not False:
                msg = (
                    f'{where}: is_global= expects True or False, got {shown(values)}. '
                    'Hint: write is_global=True.'
                )
                raise InvalidModuleError(msg)
            continue
        if argument == 'extensions':
            check_extensions(where, values, 'module', InvalidModuleError)
            continue
        for value in check_list(where, argument, values, InvalidModuleError):
            _check_item(where, target, argument, value)


def _check_item(where: str, target: str, argument: str, value: object) -> None:
    if argument == 'providers' and not is_instance(value, BaseProvider):
        name = qualname(value).rpartition('.')[2] if is_instance(value, type) else '<class>'
        msg = (
            f'{where}: providers= expects dishka providers, got {shown(value)}. Hint: wrap it '
            f'with a denpo.di shortcut, for example scoped({name}) or singleton({name}).'
        )
        raise InvalidModuleError(msg)
    if argument == 'imports':
        module_target(value, target)
    if argument == 'exports' and not (is_type_form(value) or is_instance(value, DynamicModule)):
        msg = (
            f'{where}: exports= expects types or modules, got {shown(value)}. '
            'Hint: list the provided classes (or imported modules) themselves, e.g. exports=[Database].'
        )
        raise InvalidModuleError(msg)


def module_target(entry: object, importer: str) -> tuple[type[Any], DynamicModule | None]:
    """The ``@module`` class ``entry`` stands for, with its dynamic form if it is one.

    Raises:
        InvalidModuleError: ``entry`` is neither a ``@module`` class nor a ``DynamicModule``.
    """
    if is_instance(entry, DynamicModule):
        dynamic = cast('DynamicModule', entry)
        return dynamic.parent_module, dynamic  # its parent was checked when it was built
    metadata = get_module_metadata(entry)
    if metadata is None:
        msg = (
            f'{qualname(entry)} imported by {importer} is not a module. '
            'Hint: decorate the class with @module(...), or import the dynamic module its '
            '`register(...)` returns.'
        )
        raise InvalidModuleError(msg)
    return metadata.target, None


def _check_is_class(target: object) -> None:
    if not is_instance(target, type):
        msg = (
            f'@module() decorates classes, got {safe_repr(target)}. '
            'Hint: write `@module(...)` above `class ...:`.'
        )
        raise InvalidModuleError(msg)


def get_module_metadata(target: object) -> ModuleMetadata | None:
    """Return the metadata ``@module`` attached to ``target``, or ``None`` if it is not a module."""
    if not is_instance(target, type):
        return None
    metadata = _namespace(cast('type[Any]', target)).get(_METADATA_ATTR)
    return metadata if type(metadata) is ModuleMetadata else None


def _namespace(cls: type[Any]) -> Mapping[str, Any]:
    """The class's own namespace, read past its metaclass (whose ``__getattribute__`` may raise)."""
    namespace: Mapping[str, Any] = _CLASS_DICT.__get__(cls)
    return namespace


_CLASS_DICT: Final[Any] = type.__dict__['__dict__']
