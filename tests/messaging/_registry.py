"""Registries built from real extensions, for tests that need no application around them."""

from collections.abc import Sequence
from typing import Any

from denpo.messaging import MessagingExtension, MessagingRegistry


def registry_of(
    *modules: tuple[str, MessagingExtension], global_behaviors: Sequence[type[Any]] = ()
) -> MessagingRegistry:
    """Merge the bindings of ``(module name, extension)`` pairs, in that order, as start-up does."""
    return MessagingRegistry.merge(
        [extension.bindings(name) for name, extension in modules], global_behaviors
    )
