"""Checks shared by the constructors that take lists: ``@module``, ``DynamicModule``, the factory.

Every check here runs when the constructor is called, names the argument and the bad value
(bounded, never raising) and says what to write instead. The values may be anything an
untyped caller passes, so each question asked of them is guarded: ``isinstance`` itself can
raise on an object whose ``__class__`` property does.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from types import BuiltinFunctionType, FunctionType, MethodType, UnionType
from typing import Any, Final, Literal, NewType, TypeAlias, cast, get_origin

import typing_extensions

from denpo._naming import qualname
from denpo._text import safe_repr
from denpo.extensions import (
    AfterApplicationInit,
    OnApplicationInit,
    OnApplicationShutdown,
    OnModuleConfigure,
    OnModuleDestroy,
    OnModuleInit,
    OnModuleRegistration,
)

__all__ = [
    'ACCEPTED_HOOKS',
    'Place',
    'check_extensions',
    'check_list',
    'class_mro',
    'hook_method',
    'inherits',
    'is_instance',
    'is_type_form',
    'shown',
]

Place: TypeAlias = Literal['application', 'module']
"""Where an extension is listed: ``ApplicationFactory(extensions=...)`` or ``@module(extensions=...)``."""

_APPLICATION_HOOKS: Final = (OnApplicationInit, AfterApplicationInit, OnApplicationShutdown)

ACCEPTED_HOOKS: Final[Mapping[Place, tuple[type[Any], ...]]] = {
    'application': (OnModuleRegistration, *_APPLICATION_HOOKS),
    'module': (OnModuleConfigure, OnModuleRegistration, OnModuleInit, OnModuleDestroy, *_APPLICATION_HOOKS),
}
"""The hooks that run for an extension listed in each place; the rest are refused there.

The three module hooks that act on one module (configure, init, destroy) have no module to act
on in the application's list. To run a hook in one more place, add it to that place's tuple:
the checks and their hints follow.
"""

_HOOKS: Final = ACCEPTED_HOOKS['module']
"""Every hook, in the order of [`denpo.extensions`][]."""

_LISTED_IN: Final[Mapping[Place, str]] = {
    'application': 'pass it to `ApplicationFactory(..., extensions=[...])`',
    'module': "list it in a module's `@module(extensions=[...])` (the root module's, to run it once)",
}

_TYPE_ALIAS_TYPES: Final = tuple(
    {
        alias
        for alias in (getattr(typing, 'TypeAliasType', None), typing_extensions.TypeAliasType)
        if isinstance(alias, type)
    }
)
"""``type X = ...`` (PEP 695) objects: ``typing``'s on Python 3.12+, and ``typing_extensions``'."""


def guarded(question: Callable[[], bool]) -> bool:
    """``question()``, or ``False`` if asking it raises (a hostile ``__class__`` or metaclass)."""
    try:
        return question()
    except Exception:  # noqa: BLE001  # a value that cannot answer is not what was asked for
        return False


def is_instance(value: object, classes: type[Any] | UnionType | tuple[type[Any], ...]) -> bool:
    """``isinstance`` that answers ``False`` where the value makes it raise."""
    try:  # not through `guarded`: this one runs several times per binding at start-up
        return isinstance(value, classes)
    except Exception:  # noqa: BLE001  # a value that cannot answer is not what was asked for
        return False


def inherits(value: object, base: type[Any]) -> bool:
    """Whether ``base`` is in the MRO of the class ``value``, by identity (``__eq__`` may raise)."""
    return any(klass is base for klass in class_mro(value))


def class_mro(value: object) -> tuple[type[Any], ...]:
    """The MRO of the class ``value``, read past its metaclass (which may refuse it); else ``()``."""
    return _MRO.__get__(value) if type(value) is type or is_instance(value, type) else ()


_MRO: Final[Any] = type.__dict__['__mro__']


def shown(value: object) -> str:
    """A class or function by its qualified name, anything else by its bounded ``repr``."""
    return qualname(value) if is_instance(value, _NAMED) else safe_repr(value)


_NAMED: Final = (type, FunctionType, BuiltinFunctionType, MethodType)
"""What a message names by its qualified name rather than its ``repr``."""


def is_type_form(value: object) -> bool:
    """Whether ``value`` is written where a type goes: a class, ``list[int]``, ``NewType``, an alias."""
    if is_instance(value, (type, NewType, typing_extensions.NewType, *_TYPE_ALIAS_TYPES)):
        return True
    return guarded(lambda: get_origin(value) is not None)  # list[int], Annotated[...], X | Y


def check_list(where: str, argument: str, values: object, error: type[Exception]) -> Sequence[object]:
    """Return ``values`` if it is a list or tuple (not a string), else raise ``error`` naming it."""
    if is_instance(values, (str, bytes)) or not is_instance(values, Sequence):
        example = _bare_name(values) if is_instance(values, type | FunctionType) else '...'
        msg = f'{where}: {argument}= expects a list, got {shown(values)}. Hint: write {argument}=[{example}].'
        raise error(msg)
    return cast('Sequence[object]', values)  # the guarded isinstance above does not narrow


def check_extensions(
    where: str, values: object, place: Place, error: type[Exception], *, argument: str = 'extensions'
) -> None:
    """Refuse extensions that would never run where they are listed.

    Each must be an instance (not a class) that implements at least one hook of
    [`ACCEPTED_HOOKS`][] for ``place`` and no hook that does not run there; one that does is
    refused with the way of listing it where that hook runs.
    """
    for value in check_list(where, argument, values, error):
        if is_instance(value, type):
            msg = (
                f'{where}: {argument}= expects extension instances, got the class {qualname(value)}. '
                f'Hint: write {_bare_name(value)}().'
            )
            raise error(msg)
        # What isinstance() with the runtime-checkable protocols answers (is the method there?),
        # without their machinery, which costs tens of µs per extension at start-up.
        implemented = [hook for hook in _HOOKS if _has(value, hook_method(hook))]
        misplaced = [hook for hook in implemented if hook not in ACCEPTED_HOOKS[place]]
        accepted = ', '.join(hook.__name__ for hook in ACCEPTED_HOOKS[place])
        if misplaced:
            # Refused rather than skipped: a hook that never runs leaves its work undone, silently.
            hook = misplaced[0]
            home: Place = next(place for place, hooks in ACCEPTED_HOOKS.items() if hook in hooks)
            msg = (
                f'{where}: {argument}= got {shown(value)}, which implements {hook.__name__}, a hook '
                f'that does not run here (this list runs {accepted}). Hint: {_LISTED_IN[home]}.'
            )
            raise error(msg)
        if not implemented:
            msg = (
                f'{where}: {argument}= got {shown(value)}, which implements none of {accepted}. '
                f'Hint: pass an object with one of those methods (see denpo.extensions), or remove it.'
            )
            raise error(msg)
        for hook in implemented:
            _check_hook_kind(f'{where}: {argument}=', value, hook, error)


def _has(value: object, name: str) -> bool:
    """``hasattr``, or ``False`` where reading the attribute raises something else."""
    return guarded(partial(hasattr, value, name))


def hook_method(hook: type[Any]) -> str:
    """The one method a hook protocol declares: ``on_app_init`` for ``OnApplicationInit``."""
    return _HOOK_METHODS[hook]


_HOOK_METHODS: Final[Mapping[type[Any], str]] = {
    hook: next(name for name in vars(hook) if name.startswith(('on_', 'after_'))) for hook in _HOOKS
}


_SYNC_HOOKS: Final = (OnModuleConfigure, OnModuleRegistration)
"""The hooks called without ``await``; every other hook is awaited."""


def _check_hook_kind(where: str, value: object, hook: type[Any], error: type[Exception]) -> None:
    """Refuse a hook method that cannot be called the way denpo calls it (awaited, or not).

    Only what is certainly wrong is refused: a plain function where an ``async def`` is awaited
    (a decorator's wrapper counts by what it wraps), a coroutine or async generator function
    where the call is not awaited, an async generator anywhere, or no callable at all.
    """
    method = hook_method(hook)
    found = guarded_get(value, method)
    awaited = hook not in _SYNC_HOOKS
    problem = _hook_problem(found, awaited=awaited)
    if problem is None:
        return
    wanted = 'async def' if awaited else 'def'
    msg = (
        f'{where} got {shown(value)}, whose {hook.__name__} hook {method}() is '
        f'{problem}. Hint: write `{wanted} {method}(...)` (see denpo.extensions).'
    )
    raise error(msg)


def _hook_problem(found: object, *, awaited: bool) -> str | None:
    if not guarded(lambda: callable(found)):
        return 'not callable'
    unwrapped = guarded_call(lambda: inspect.unwrap(cast('Callable[..., Any]', found)), found)
    kind = ''
    if not guarded(
        lambda: inspect.isfunction(unwrapped) or inspect.ismethod(unwrapped) or isinstance(unwrapped, type)
    ):
        # A callable object (not a partial or builtin, whose __call__ is not Python code): what
        # calling it does is what its class's __call__ does.
        call = guarded_get(type(unwrapped), '__call__')
        if guarded(lambda: inspect.isfunction(call)):
            unwrapped = guarded_call(lambda: inspect.unwrap(cast('Callable[..., Any]', call)), call)
            kind = 'a callable object whose __call__ is '
    if guarded(lambda: inspect.isasyncgenfunction(unwrapped)):
        return f'{kind}an async generator function, which neither returns a value nor can be awaited'
    is_async = guarded(lambda: inspect.iscoroutinefunction(found) or inspect.iscoroutinefunction(unwrapped))
    if not awaited:
        return f'{kind}an `async def`, but denpo calls it without awaiting' if is_async else None
    if is_async or not guarded(lambda: inspect.isfunction(unwrapped) or inspect.ismethod(unwrapped)):
        return None  # a coroutine function, or a callable that may well return an awaitable
    return f'{kind}a plain `def`, but denpo awaits it'


def guarded_get(value: object, name: str) -> object:
    """``getattr(value, name, None)``, or ``None`` where reading it raises."""
    return guarded_call(lambda: getattr(value, name, None), None)


def guarded_call(question: Callable[[], object], default: object) -> object:
    """``question()``, or ``default`` where asking it raises."""
    try:
        return question()
    except Exception:  # noqa: BLE001  # a value that cannot answer gets the default
        return default


def _bare_name(value: object) -> str:
    """The bare name of a class as written in a hint's code, bounded like the rest."""
    name = qualname(value)
    return name.rpartition('.')[2] or name
