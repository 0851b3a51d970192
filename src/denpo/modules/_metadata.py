"""Module declarations: the ``@module`` decorator and dynamic modules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypeVar

from dishka.provider import BaseProvider

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
"""What ``imports=[...]`` accepts: a ``@module`` class or a :class:`DynamicModule`."""

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
    one parent is an error.
    """

    parent_module: type[Any]
    providers: Sequence[Provider] = ()
    imports: Sequence[ModuleType] = ()
    exports: Sequence[Any] = ()
    extensions: Sequence[ModuleExtension] = ()
    is_global: bool = False

    def __post_init__(self) -> None:
        check_declarations(
            f'DynamicModule(parent_module={qualname(self.parent_module)})',
            providers=self.providers,
            imports=self.imports,
            exports=self.exports,
            extensions=self.extensions,
        )


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
            providers=providers,
            imports=imports,
            exports=exports,
            extensions=extensions,
        )
        if _METADATA_ATTR in cls.__dict__:
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
        for extension in metadata.extensions:
            if isinstance(extension, OnModuleConfigure):
                extension.on_module_configure(metadata)
        setattr(cls, _METADATA_ATTR, metadata)
        return cls

    return decorate


def check_declarations(where: str, **declared: object) -> None:
    """Refuse module arguments of the wrong shape, before they fail somewhere obscure.

    Each argument must be a list (not a lone class, provider or string); ``providers`` must
    hold dishka providers and ``extensions`` extension instances, not classes.
    """
    for argument, values in declared.items():
        if isinstance(values, str | bytes) or not isinstance(values, Sequence):
            example = values.__name__ if isinstance(values, type) else '...'
            msg = (
                f'{where}: {argument}= expects a list, got {_shown(values)}. '
                f'Hint: write {argument}=[{example}].'
            )
            raise InvalidModuleError(msg)
        items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
        for value in items:
            if argument == 'providers' and not isinstance(value, BaseProvider):
                name = value.__name__ if isinstance(value, type) else '<class>'
                msg = (
                    f'{where}: providers= expects dishka providers, got {_shown(value)}. Hint: wrap it '
                    f'with a denpo.di shortcut, for example scoped({name}) or singleton({name}).'
                )
                raise InvalidModuleError(msg)
            if argument == 'extensions' and isinstance(value, type):
                msg = (
                    f'{where}: extensions= expects extension instances, got the class {qualname(value)}. '
                    f'Hint: write {value.__name__}().'
                )
                raise InvalidModuleError(msg)


def _shown(value: object) -> str:
    return qualname(value) if isinstance(value, type) else safe_repr(value)


def _check_is_class(target: object) -> None:
    if not isinstance(target, type):
        msg = (
            f'@module() decorates classes, got {safe_repr(target)}. '
            'Hint: write `@module(...)` above `class ...:`.'
        )
        raise InvalidModuleError(msg)


def get_module_metadata(target: object) -> ModuleMetadata | None:
    """Return the metadata ``@module`` attached to ``target``, or ``None`` if it is not a module."""
    if not isinstance(target, type):
        return None
    metadata = target.__dict__.get(_METADATA_ATTR)
    return metadata if isinstance(metadata, ModuleMetadata) else None
