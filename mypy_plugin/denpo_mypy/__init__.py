"""The denpo mypy plugin (placeholder until the static-guarantees work lands)."""

from __future__ import annotations

from mypy.plugin import Plugin

__all__ = ['plugin']


class DenpoPlugin(Plugin):
    """Dispatches denpo's checks by fully qualified name."""


def plugin(version: str) -> type[Plugin]:
    """Entry point named in ``plugins = ["denpo_mypy"]``."""
    del version
    return DenpoPlugin
