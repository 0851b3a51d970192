"""Helpers shared by the bind-time checks: message classes, handler classes, declared types."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, get_origin

from denpo._naming import qualname
from denpo.messaging._introspection import (
    declared_arguments,
    is_abstract,
    is_plain,
    type_name,
)
from denpo.messaging.contracts import IRequest, IStreamRequest
from denpo.messaging.exceptions import InvalidBindingError

__all__ = [
    'TYPE_ARGUMENT',
    'article',
    'check_handled',
    'check_one_kind',
    'class_list',
    'concrete_class',
    'declared_item',
    'declared_response',
    'is_subclass',
    'message_class',
    'response_mismatch',
    'short',
]


def declared_response(request_type: type[Any]) -> Any:
    """Return the response a request class promises; bare ``IRequest`` promises ``None``."""
    arguments = declared_arguments(request_type, IRequest)
    return None if not arguments else arguments[0]


def declared_item(request_type: type[Any]) -> Any:
    """Return the item type a stream request class promises; bare ``IStreamRequest`` promises ``None``."""
    arguments = declared_arguments(request_type, IStreamRequest)
    return None if not arguments else arguments[0]


TYPE_ARGUMENT = {IRequest: '[<response type>]', IStreamRequest: '[<item type>]'}


def message_class(value: object, base: type[Any], kind: str, call: str) -> type[Any]:
    origin = get_origin(value)
    if isinstance(origin, type) and issubclass(origin, base):
        msg = (
            f'{call}() got the parameterized generic {kind} {type_name(value)}. Messages are '
            f'dispatched by class at runtime, so {origin.__name__}[int] and {origin.__name__}[str] '
            f'cannot be told apart. Hint: bind the bare class {origin.__name__} to a handler that is '
            f'generic in the same parameters.'
        )
        raise InvalidBindingError(msg)
    if not isinstance(value, type):
        msg = f'{call}() expects {article(kind)} {kind} class, got {value!r}. Hint: pass the class itself.'
        raise InvalidBindingError(msg)
    if not issubclass(value, base):
        msg = (
            f'{qualname(value)} is not {article(kind)} {kind}: it does not inherit '
            f'{base.__name__}. Hint: declare it as `class {short(value)}({base.__name__}'
            f'{TYPE_ARGUMENT.get(base, "")})`.'
        )
        raise InvalidBindingError(msg)
    return value


def article(noun: str) -> str:
    return 'an' if noun[0] in 'aeiou' else 'a'


def short(value: object) -> str:
    return str(getattr(value, '__name__', value))


def is_subclass(value: object, base: type[Any]) -> bool:
    """``issubclass`` for real subclasses of any object (and no narrowing for the checker).

    It reads the MRO instead of calling ``issubclass``: on an ABC base that call caches a
    negative result per class, megabytes for thousands of bindings.
    """
    return isinstance(value, type) and base in value.__mro__


def check_one_kind(value: object, call: str) -> None:
    if is_subclass(value, IRequest) and is_subclass(value, IStreamRequest):
        msg = (
            f'{call}() got {qualname(value)}, which inherits both IRequest and IStreamRequest; a request '
            'class is dispatched to one kind of handler. Hint: inherit only one of them.'
        )
        raise InvalidBindingError(msg)


def concrete_class(value: object, role: str, fix: str, *, generator: bool = False) -> type[Any]:
    if not isinstance(value, type):
        msg = f'Expected {article(role)} {role} class, got {value!r}. Hint: {fix}.'
        raise InvalidBindingError(msg)
    handle = getattr(value, 'handle', None)
    if not callable(handle):
        msg = f'{qualname(value)} is not {article(role)} {role}: it has no handle() method. Hint: {fix}.'
        raise InvalidBindingError(msg)
    if not generator and not inspect.iscoroutinefunction(handle):
        msg = (
            f'{qualname(value)}.handle() is not a coroutine function, so the bus cannot await it. '
            'Hint: declare it `async def handle(...)`.'
        )
        raise InvalidBindingError(msg)
    if getattr(value, '_is_protocol', False):
        msg = (
            f'{qualname(value)} is a protocol, which cannot be instantiated. '
            'Hint: bind a concrete class that implements it.'
        )
        raise InvalidBindingError(msg)
    if is_abstract(value):
        missing = ', '.join(sorted(getattr(value, '__abstractmethods__', ())))
        msg = (
            f'{qualname(value)} is abstract (unimplemented: {missing}) and cannot be instantiated. '
            'Hint: bind a concrete subclass that implements them.'
        )
        raise InvalidBindingError(msg)
    # Checked after abstractness: the abstract `handle` of the stream bases is a plain `def`.
    if generator and not inspect.isasyncgenfunction(handle):
        msg = (
            f'{qualname(value)}.handle() is not an async generator function, so the bus cannot '
            'iterate over it. Hint: declare it `async def handle(...)` and `yield` the items.'
        )
        raise InvalidBindingError(msg)
    return value


def class_list(values: object, where: str, argument: str, kind: str) -> Sequence[object]:
    """Check that ``values`` is a list of classes (not a string, not one bare class)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        shown = qualname(values) if isinstance(values, type) else repr(values)
        example = short(values) if isinstance(values, type) else f'{kind}1, {kind}2'
        msg = (
            f'{where} expects a list of {kind.lower()} classes, got {shown}. '
            f'Hint: write {argument}=[{example}].'
        )
        raise InvalidBindingError(msg)
    items: Sequence[object] = values  # pyright: ignore[reportUnknownVariableType]  # checked one by one
    return items


def check_handled(owner: str, handled: Any, request_type: type[Any], fix: str) -> None:
    if is_plain(handled) and handled is not None and not issubclass(request_type, handled):
        msg = f'{owner} handles {type_name(handled)}, not {type_name(request_type)}. Hint: {fix}.'
        raise InvalidBindingError(msg)


def response_mismatch(handler: type[Any], returned: Any, request_type: type[Any], promised: Any) -> str:
    """Word the error for a handler whose response does not fit its request's promise."""
    return (
        f'{qualname(handler)} returns {type_name(returned)}, but {type_name(request_type)} promises '
        f'{type_name(promised)} (IRequest[{type_name(promised)}]). Hint: return {type_name(promised)} '
        f'or a subtype from the handler, or declare the request as IRequest[{type_name(returned)}].'
    )
