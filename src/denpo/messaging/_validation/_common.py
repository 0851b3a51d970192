"""What the bind-time checks share: raising a catalogue entry, naming values, reading classes."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from types import FunctionType
from typing import Any, NoReturn, cast, get_origin

from denpo import _catalogue
from denpo._arguments import inherits, is_instance
from denpo._catalogue import Mistake, Role
from denpo._naming import qualname
from denpo._text import a, describe
from denpo.messaging._introspection import declared_arguments, is_abstract, type_name
from denpo.messaging._validation._kinds import Kind
from denpo.messaging.exceptions import InvalidBindingError

__all__ = [
    'concrete_class',
    'declared_result',
    'described',
    'fail',
    'fail_parameterized',
    'fail_wrong_role',
    'handle_of',
    'is_subclass',
    'origin_of',
    'sequence',
    'short',
    'written_class',
]


def fail(mistake: Mistake, subject: object, /, **fields: object) -> NoReturn:
    """Raise ``mistake`` from the catalogue about ``subject`` (the value at fault), with ``fields``."""
    raise InvalidBindingError(mistake, subject, fields)


def fail_wrong_role(mistake: Mistake, value: object, role: Role, /, **fields: object) -> NoReturn:
    """Raise ``mistake`` about the class ``value``, which plays ``role``: it names the role's binding."""
    fail(
        mistake,
        value,
        name=qualname(value),
        role=a(role.noun),
        binding=role.binding.format(name=short(value)),
        **fields,
    )


def origin_of(value: object) -> Any:
    """``get_origin(value)``, or ``None`` where asking raises (a hostile ``__class__``)."""
    try:
        return get_origin(value)
    except Exception:  # noqa: BLE001  # such a value is not a parameterized class
        return None


def written_class(value: object) -> type[Any] | None:
    """The class ``value`` names: itself, the generic class of ``Handler[int]``, else ``None``.

    Role checks read the generic class of a parameterized one, so that a class of the right role
    written as ``Handler[int]`` is refused for its brackets ([`fail_parameterized`][]), not for
    a role it has.
    """
    if is_instance(value, type):
        return cast('type[Any]', value)
    origin = origin_of(value)
    return origin if is_instance(origin, type) else None


def fail_parameterized(mistake: Mistake, value: object, origin: type[Any], /, **fields: object) -> NoReturn:
    """Raise ``mistake`` about ``value``, the class ``origin`` with generic arguments applied."""
    fail(mistake, value, written=type_name(value), short=origin.__name__, **fields)


def short(value: object) -> str:
    """The bare name of a class, as written in code examples of a hint."""
    name = qualname(value)
    return name.rpartition('.')[2] if is_instance(value, type) else name


def described(value: object) -> str:
    """Word a value passed where a class was expected: ``the class X``, ``an instance of X``, ``None``."""
    if value is None:
        return describe(None, is_class=False)
    if is_instance(value, type):
        return describe(qualname(value), is_class=True)
    if is_instance(value, FunctionType):
        return f'the function {qualname(value)}'
    if is_instance(origin_of(value), type):
        return f'the parameterized class {type_name(value)}'
    return describe(qualname(type(value)), is_class=False)


def is_subclass(value: object, base: type[Any]) -> bool:
    """``issubclass`` for real subclasses of any object (and no narrowing for the checker).

    It reads the MRO instead of calling ``issubclass``: on an ABC base that call caches a
    negative result per class, megabytes for thousands of bindings.
    """
    return inherits(value, base)


def declared_result(message_type: type[Any], kind: Kind) -> Any:
    """What a message class promises: ``Y`` of ``IRequest[Y]``; a bare contract promises ``None``."""
    arguments = declared_arguments(message_type, kind.contract)
    return None if not arguments else arguments[0]


def sequence(values: object) -> Sequence[object] | None:
    """``values`` if it is a list or tuple of classes to check one by one (not a string), else ``None``."""
    if is_instance(values, str | bytes) or not is_instance(values, Sequence):
        return None
    return cast('Sequence[object]', values)  # checked one by one


def handle_of(value: type[Any]) -> object:
    """``value.handle``, or ``None`` where reading it fails (a metaclass ``__getattr__`` may raise)."""
    try:
        return getattr(value, 'handle', None)
    except Exception:  # noqa: BLE001  # the class then has no usable handle(), which is reported
        return None


def _handle_only_declared(value: type[Any]) -> bool:
    """Whether ``value`` inherits ``handle()`` from a protocol twin without implementing it.

    A protocol's method has a body of ``...``: an explicit subclass of ``IRequestHandler`` that
    does not implement ``handle()`` would answer every request with ``None``.
    """
    if getattr(value, '_is_protocol', False):
        return False  # the protocol itself: refused as a protocol
    owner = next((klass for klass in value.__mro__ if 'handle' in vars(klass)), None)
    return owner is not None and bool(getattr(owner, '_is_protocol', False))


def concrete_class(value: type[Any], kind: Kind) -> None:
    """Check that the bus can build ``value`` and call its ``handle()`` the way ``kind`` calls it."""
    name = qualname(value)
    handle = handle_of(value)
    if _handle_only_declared(value):
        fail(_catalogue.ABSTRACT_CLASS, value, name=name, missing='handle')
    if getattr(value, '_is_protocol', False):
        fail(_catalogue.PROTOCOL_CLASS, value, name=name)
    if is_abstract(value):
        fail(
            _catalogue.ABSTRACT_CLASS, value, name=name, missing=', '.join(sorted(value.__abstractmethods__))
        )
    # Checked after abstractness: the abstract `handle` of every base is a plain `def`.
    if not kind.generator and not inspect.iscoroutinefunction(handle):
        fail(_catalogue.HANDLE_NOT_AWAITABLE, value, name=name)
    if kind.generator and not inspect.isasyncgenfunction(handle):
        fail(_catalogue.HANDLE_NOT_ASYNC_GENERATOR, value, name=name)
