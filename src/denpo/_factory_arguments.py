"""The checks of ``ApplicationFactory(...)``: every argument is refused when the factory is built.

What ``create()`` or ``async with app`` would otherwise trip over far from the call (a string
where a list goes, an extension whose hooks never run, a lifespan that cannot be entered, a
context key that no provider can ask for) is named here with the fix.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, cast

from denpo._arguments import check_extensions, check_list, guarded, is_instance, is_type_form, shown
from denpo._naming import qualname
from denpo.exceptions import ApplicationError
from denpo.modules._metadata import module_target

__all__ = ['check_context', 'check_factory_arguments', 'opened_lifespan']

_WHERE = 'ApplicationFactory(...)'


def check_factory_arguments(
    root_module: object, context: object, lifespan: object, extensions: object
) -> None:
    """Refuse a wrong argument of ``ApplicationFactory(...)``.

    Raises:
        InvalidModuleError: ``root_module`` is neither a ``@module`` class nor a ``DynamicModule``.
        TypeError: ``context``, ``lifespan`` or ``extensions`` is of the wrong shape.
    """
    module_target(root_module, 'the application')
    check_context(_WHERE, context)
    for item in check_list(_WHERE, 'lifespan', lifespan, TypeError):
        _check_lifespan(item)
    check_extensions(_WHERE, extensions, 'application', TypeError)


def opened_lifespan(lifespan: object, result: object) -> AbstractAsyncContextManager[object]:
    """Return ``result``, what the lifespan function ``lifespan`` returned, if it is an async context manager.

    Raises:
        ApplicationError: ``result`` cannot be entered with ``async with``.
    """
    if is_instance(result, AbstractAsyncContextManager):
        return cast('AbstractAsyncContextManager[object]', result)
    if inspect.iscoroutine(result):
        result.close()  # never awaited: closed so Python does not warn about it as well
    msg = (
        f'The lifespan {qualname(lifespan)} returned {shown(result)}, which is not an async context '
        'manager. Hint: return one, for example by decorating the lifespan function with '
        '@contextlib.asynccontextmanager.'
    )
    raise ApplicationError(msg)


def check_context(where: str, context: object) -> None:
    """Refuse a ``context=`` that is not a mapping keyed by types (``None`` is fine)."""
    if context is None:
        return
    if not is_instance(context, Mapping):
        msg = (
            f'{where}: context= expects a mapping of types to values, got {shown(context)}. '
            'Hint: write context={Settings: settings}.'
        )
        raise TypeError(msg)
    keys: list[object] = list(cast('Mapping[object, object]', context))  # a Mapping, as checked above
    for key in keys:
        if not is_type_form(key):
            msg = (
                f'{where}: context= keys must be types, got the key {shown(key)}. Hint: key each '
                'value by the type a provider asks for, e.g. {Settings: settings}, and declare it '
                'with denpo.di.contextual(Settings, scope=Scope.APP).'
            )
            raise TypeError(msg)


def _check_lifespan(lifespan: object) -> None:
    """Refuse a lifespan that ``async with app`` could not enter."""
    if is_instance(lifespan, AbstractAsyncContextManager):
        return
    problem = _lifespan_problem(lifespan)
    if problem is not None:
        msg = f'{_WHERE}: lifespan= got {shown(lifespan)}, {problem}'
        raise TypeError(msg)


def _lifespan_problem(lifespan: object) -> str | None:  # noqa: PLR0911  # one return per kind of mistake
    """Why ``lifespan`` is not a function of the app returning an async context manager, if it is not."""
    if not guarded(lambda: callable(lifespan)):
        return (
            'which is neither an async context manager nor callable. Hint: pass an object with '
            '__aenter__/__aexit__, or a function of the app decorated with @contextlib.asynccontextmanager.'
        )
    if guarded(lambda: inspect.isasyncgenfunction(lifespan)):
        return (
            'an async generator function, which returns no context manager. Hint: decorate it with '
            '@contextlib.asynccontextmanager.'
        )
    if guarded(lambda: inspect.isgeneratorfunction(lifespan)):
        return (
            'a generator function, which is not async. Hint: write it as `async def` with `yield` '
            'and decorate it with @contextlib.asynccontextmanager.'
        )
    if guarded(lambda: inspect.iscoroutinefunction(lifespan)):
        return (
            'a coroutine function, which returns no context manager. Hint: make it an async '
            'generator that yields once and decorate it with @contextlib.asynccontextmanager.'
        )
    if is_instance(lifespan, type) and not guarded(
        lambda: hasattr(lifespan, '__aenter__') and hasattr(lifespan, '__aexit__')  # as the ABC checks
    ):
        return (
            'a class that is not an async context manager. Hint: give it __aenter__ and __aexit__, '
            'or pass an instance that has them.'
        )
    if not _takes_one_argument(lifespan):
        return (
            'which cannot be called with the application as its one positional argument. '
            'Hint: give it a single parameter, e.g. `async def lifespan(app: Application)`.'
        )
    return None


def _takes_one_argument(function: Any) -> bool:
    """Whether ``function(app)`` binds; a callable whose signature cannot be read is assumed to."""
    try:
        signature = inspect.signature(function)
    except Exception:  # noqa: BLE001  # no signature to read (some builtins): called as given
        return True
    try:
        signature.bind(object())
    except TypeError:
        return False
    return True
