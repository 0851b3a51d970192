"""The denpo mypy plugin: wrong message bindings become readable type errors.

Enable it in the mypy configuration::

    [tool.mypy]
    plugins = ["denpo_mypy"]

See ``docs/typing.md`` for every check, its error code and its fix.
"""

from __future__ import annotations

from mypy.plugin import Plugin

from denpo_mypy._plugin import VERSION, DenpoPlugin

__all__ = ['DenpoPlugin', 'plugin']

__version__ = VERSION


def plugin(version: str) -> type[Plugin]:
    """Entry point named in ``plugins = ["denpo_mypy"]``; ``version`` is mypy's version."""
    del version  # the supported range is pinned in denpo's `mypy` extra and tested
    return DenpoPlugin
