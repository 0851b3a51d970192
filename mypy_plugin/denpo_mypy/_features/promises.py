"""A request class with two promises: ``class GetAdmin(GetUser, IRequest[Admin])``.

mypy and pyright read the first ``IRequest[...]`` they meet in the bases (depth first), so
``invoke(GetAdmin(...))`` is a ``User`` and a handler returning ``User`` fits: the redeclared
``Admin`` would be dropped without a word. Honouring it instead cannot be made consistent (pyright
cannot be taught to read another promise), so the class is reported where it is defined, and the
runtime refuses to bind it.

One promise is one type after the type variables of generic bases are substituted:
``class GetUser(Get[User])`` with ``class Get(IRequest[T], Generic[T])`` promises ``User``
once, and naming ``IRequest[User]`` again is harmless. The same holds for ``IStreamRequest``.

Checked as a base class hook for every class one of whose bases inherits a contract (a class
that only names ``IRequest[...]`` itself has one promise). Two promises that reach the class
through one base already met in that base, which is reported at its own definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from mypy.expandtype import expand_type_by_instance
from mypy.nodes import TypeInfo
from mypy.plugin import ClassDefContext
from mypy.semanal_shared import has_placeholder
from mypy.subtypes import is_same_type
from mypy.types import Instance, NoneType, Type
from mypy.typevars import fill_typevars

from denpo import _catalogue
from denpo_mypy import _errors
from denpo_mypy._kinds import REQUEST, STREAM
from denpo_mypy._types import name_of

__all__ = ['check']


class _Path(NamedTuple):
    """One way a class reaches the contract: the type it promises on that way."""

    promise: Type
    through: TypeInfo
    """The direct base the way goes through; the class itself where it names the contract."""


def check(ctx: ClassDefContext) -> None:
    """Report a request or stream request class that inherits one promise and declares another."""
    info: TypeInfo = ctx.cls.info
    self_type = fill_typevars(info)
    if not isinstance(self_type, Instance):
        return
    for kind in (REQUEST, STREAM):
        paths = list(_paths(self_type, kind.contract))
        if any(has_placeholder(path.promise) for path in paths):
            return  # a base is not analysed yet: the hook runs again once it is
        second = next((path for path in paths[1:] if not is_same_type(path.promise, paths[0].promise)), None)
        if second is None or second.through is paths[0].through:
            continue
        first, options = paths[0], ctx.api.options
        found = _errors.problem(
            _catalogue.REDECLARED_PROMISE,
            kind=kind.words,
            name=info.name,
            inherited=name_of(first.promise, options),
            source=first.through.name,
            promised=name_of(second.promise, options),
            origin=second.through.name,
        )
        # At the class statement, not at the base that fired the hook: a class with two
        # contract bases fires it twice, and mypy drops the same message on the same line.
        _errors.report(ctx, found, at=ctx.cls)


def _paths(instance: Instance, contract: str) -> Iterator[_Path]:
    """Every way ``instance`` reaches ``contract``, in the order mypy searches its bases."""
    for base in instance.type.bases:
        # Each base in the terms of `instance` (map_instance_to_supertype would take the first
        # path to the base's class, which for the contract is the inherited promise).
        expanded = Instance(base.type, [expand_type_by_instance(arg, instance) for arg in base.args])
        if expanded.type.fullname == contract:
            promise = expanded.args[0] if expanded.args else NoneType()
            yield _Path(promise, instance.type)
        elif expanded.type.has_base(contract):
            yield from (_Path(path.promise, base.type) for path in _paths(expanded, contract))
