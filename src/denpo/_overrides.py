"""Overrides of a built application's providers and context values, for the length of a block.

Web integrations, tests and handlers all hold the application's one root container object. An
override builds a second root container from the application's providers plus the override's,
and installs its internals (dishka's slots) in the first: every holder of the first, including
one that captured it before the block, then resolves the override. The exit installs what was
there before and closes the second, which finalizes what the block built in the APP scope.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NoReturn

import anyio
from dishka import AsyncContainer
from dishka.provider import BaseProvider

from denpo._arguments import check_list, is_instance, shown
from denpo._factory_arguments import check_context
from denpo.exceptions import ApplicationError

if TYPE_CHECKING:
    from types import TracebackType

    from dishka import Provider

    from denpo.application import Application

__all__ = ['Blocks', 'Layer', 'Override', 'check_override_arguments', 'layer_of']

logger: Final = logging.getLogger('denpo')

_SLOTS: Final = tuple(
    dict.fromkeys(
        slot
        for cls in AsyncContainer.__mro__
        for slot in getattr(cls, '__slots__', ())
        if not slot.startswith('__')  # __weakref__ / __dict__ belong to the object, not its state
    )
)
"""Every attribute of dishka's container state; installing them all makes one container another."""


@dataclass(frozen=True, slots=True, eq=False)
class Layer:
    """One override block's providers and context values, layered over those below it."""

    providers: tuple[Provider, ...]
    context: Mapping[Any, Any]


def check_override_arguments(where: str, providers: object, context: object, *, keyword: str = '') -> None:
    """Refuse override providers that are not dishka providers, and a context that is not a mapping.

    ``keyword`` names the providers' argument in the message where it has one (``providers=``).
    """
    for provider in check_list(where, 'providers', providers, TypeError):
        if not is_instance(provider, BaseProvider):
            msg = (
                f'{where}: {keyword}expects dishka providers, got {shown(provider)}. '
                'Hint: build them with denpo.di, for example object_(fake, provided_type=Repository).'
            )
            raise TypeError(msg)
    check_context(where, context)


def _install(target: AsyncContainer, source: AsyncContainer) -> None:
    """Make ``target`` resolve what ``source`` resolves: the same registry, cache, finalizers and lock."""
    for slot in _SLOTS:
        setattr(target, slot, getattr(source, slot))


def _holding(container: AsyncContainer) -> AsyncContainer:
    """A bare container object that keeps ``container``'s internals while another's are installed."""
    holder = AsyncContainer.__new__(AsyncContainer)
    _install(holder, container)
    return holder


class Blocks:
    """The override blocks entered on one application, innermost last, and what they hide."""

    __slots__ = ('entered', 'original')

    def __init__(self) -> None:
        self.entered: list[tuple[Layer, AsyncContainer]] = []
        self.original: AsyncContainer | None = None  # the root's own internals, while a block is entered

    @property
    def layers(self) -> list[Layer]:
        """The layers in force, outermost first."""
        return [layer for layer, _ in self.entered]


class Override:
    """``async with app.overridden(...)``: the application's root container resolves a layer.

    Built when called, entered once. The layer goes over those of the blocks already entered
    (blocks nest); its container is built on entry (so a graph error surfaces at the
    ``async with`` line) and installed in the root container; the exit installs what was there
    before, even when the block raised or was cancelled, then closes the block's container.
    """

    __slots__ = ('_app', '_entered', '_layer', '_opened', '_replacement')

    def __init__(self, app: Application, layer: Layer) -> None:
        self._app = app
        self._layer = layer
        self._entered = False
        self._replacement: AsyncContainer | None = None
        self._opened: frozenset[AsyncContainer] = frozenset()

    def _not_sync(self, *_: object) -> NoReturn:
        msg = 'An override is an async context manager. Hint: write `async with override(...):`.'
        raise TypeError(msg)

    # Both defined, so that `with` reaches __enter__ and its hint (and not Python's bare
    # "does not support the context manager protocol").
    __enter__ = __exit__ = _not_sync

    async def __aenter__(self) -> AsyncContainer:
        app = self._app
        if self._entered:
            msg = 'This override block was entered already. Hint: call override(...) again for a new block.'
            raise ApplicationError(msg)
        lifecycle = app._lifecycle  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        if lifecycle.closed:
            msg = (
                f'The application of {lifecycle.name} has stopped: cannot override its providers. '
                'Hint: enter the override inside `async with app:`, or build a new application.'
            )
            raise ApplicationError(msg)
        blocks = app._blocks  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        replacement = app._build_container([*blocks.layers, self._layer])  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        root = app._root  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        if not blocks.entered:
            blocks.original = _holding(root)
        blocks.entered.append((self._layer, replacement))
        self._entered = True
        self._replacement = replacement
        self._opened = lifecycle.open_scopes()
        _install(root, replacement)
        return root

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        app = self._app
        blocks = app._blocks  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        replacement, self._replacement = self._replacement, None
        place = next((index for index, (layer, _) in enumerate(blocks.entered) if layer is self._layer), None)
        if replacement is None or place is None:
            msg = 'This override block is not entered (or has exited already). Hint: exit each block once.'
            raise ApplicationError(msg)
        innermost = place == len(blocks.entered) - 1
        del blocks.entered[place]
        root = app._root  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        if innermost:
            below = blocks.entered[-1][1] if blocks.entered else blocks.original
            assert below is not None  # noqa: S101  # kept while any block is entered
            _install(root, below)
        if not blocks.entered:
            blocks.original = None
        lifecycle = app._lifecycle  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]  # one package
        self._warn_lingering(lifecycle.open_scopes() - self._opened, lifecycle.name)
        with anyio.CancelScope(shield=True):  # the block's resources are released even if cancelled
            try:
                await replacement.close()
            finally:
                if lifecycle.closed and not blocks.entered:
                    # The application stopped inside the block and closed the block's container in
                    # place of its own: close its own now.
                    await root.close()
        if not innermost:
            msg = (
                'Override blocks of one application exited out of order: this one is undone, but the '
                'blocks entered after it keep its providers until they exit. Hint: nest them, each '
                'inside the previous one, in one task.'
            )
            raise ApplicationError(msg)

    @staticmethod
    def _warn_lingering(scopes: frozenset[AsyncContainer], name: str) -> None:
        if scopes:
            logger.warning(
                '%d scope(s) opened inside an override block of the application of %s are still open '
                'at its exit: from now on they resolve the original providers, and the APP-scope '
                'dependencies the block built are finalized now.',
                len(scopes),
                name,
            )


def layer_of(providers: Sequence[Provider], context: Mapping[Any, Any] | None) -> Layer:
    """The layer of an override block (``context`` copied: a later change does not leak in)."""
    return Layer(tuple(providers), dict(context) if context is not None else {})
