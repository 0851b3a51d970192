"""Calling extension hooks, with a check of what each call returns.

The declaration checks (``denpo._arguments``) refuse what is certainly wrong when an extension is
listed; what only a call can tell (a plain function returning a coroutine where denpo does not
await, a callable object returning nothing where denpo awaits) is refused here, by name, the
first time the hook runs: never a coroutine dropped unawaited, never ``NoneType can't be used in
'await' expression``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import Any, cast

from denpo._arguments import hook_method, shown
from denpo._naming import qualname

__all__ = ['await_hook', 'call_hook', 'hook_name']


def hook_name(extension: object, hook: type[Any]) -> str:
    """``app.Audit.on_app_init``: the extension's class and the hook's method, for messages."""
    return f'{qualname(type(extension))}.{hook_method(hook)}'


def call_hook(extension: object, hook: type[Any], *arguments: object) -> None:
    """Call a hook that denpo does not await (``OnModuleConfigure``, ``OnModuleRegistration``)."""
    result = getattr(extension, hook_method(hook))(*arguments)
    if inspect.isawaitable(result):
        if inspect.iscoroutine(result):
            result.close()  # never awaited: closed so Python does not warn about it as well
        method = hook_method(hook)
        msg = (
            f'The {hook.__name__} hook {hook_name(extension, hook)}() returned {shown(result)}, which '
            f'denpo does not await: the hook did not run. Hint: write `def {method}(...)`, not `async def`.'
        )
        raise TypeError(msg)


async def await_hook(extension: object, hook: type[Any], *arguments: object) -> None:
    """Call and await a hook that denpo awaits (every hook but configure and registration)."""
    result = getattr(extension, hook_method(hook))(*arguments)
    if not inspect.isawaitable(result):
        method = hook_method(hook)
        msg = (
            f'The {hook.__name__} hook {hook_name(extension, hook)}() returned {shown(result)}, which '
            f'cannot be awaited. Hint: write `async def {method}(...)`.'
        )
        raise TypeError(msg)
    await cast('Awaitable[object]', result)
