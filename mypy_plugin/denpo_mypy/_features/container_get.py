"""``container.get(X)`` on dishka's ``AsyncContainer`` and ``Container`` returns ``X``.

dishka overloads ``get`` as ``(type[T]) -> T`` and ``(Any) -> Any``. mypy does not accept an
abstract class or a protocol for ``type[T]``, so ``await container.get(IMessageBus)`` falls
through to the ``Any`` overload, and so would every ``invoke`` result after it. When mypy's
answer is ``Any`` and the argument is a class, the plugin answers with the class's instance
type instead (wrapped in the coroutine of the async container).
"""

from __future__ import annotations

from mypy.erasetype import erase_typevars
from mypy.plugin import MethodContext
from mypy.types import AnyType, Instance, Type, get_proper_type

from denpo_mypy import _fullnames
from denpo_mypy._arguments import first_argument
from denpo_mypy._types import class_ref

__all__ = ['typed_get']


def typed_get(ctx: MethodContext) -> Type:
    """Return the requested class's instance type where mypy fell back to ``Any``."""
    default = ctx.default_return_type
    passed = first_argument(ctx)
    requested = None if passed is None else class_ref(passed[1])
    if requested is None:
        return default
    instance = erase_typevars(requested.instance) if requested.variables else requested.instance
    result = get_proper_type(default)
    if isinstance(result, AnyType):
        return instance
    if (
        isinstance(result, Instance)
        and result.type.fullname == _fullnames.COROUTINE
        and result.args
        and isinstance(get_proper_type(result.args[-1]), AnyType)
    ):
        return result.copy_modified(  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately
            args=[*result.args[:-1], instance]
        )
    return default
