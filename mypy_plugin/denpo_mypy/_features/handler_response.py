"""``class H(RequestHandler[R, X])``: ``X`` must be a subtype of the ``Y`` in ``R``'s ``IRequest[Y]``.

Checked where the handler class is defined, as a base class hook (it also fires for classes
that inherit ``RequestHandler`` through an intermediate generic base). Generic handlers are
checked in their own type variables: ``RequestHandler[GetById[T], T]`` fits ``GetById[T]``,
``RequestHandler[GetById[T], str]`` does not. A type variable in the request position
(``RequestHandler[Q, R]``) promises nothing and is not checked.
"""

from __future__ import annotations

from mypy.nodes import TypeInfo
from mypy.plugin import ClassDefContext
from mypy.semanal_shared import has_placeholder
from mypy.subtypes import is_subtype
from mypy.types import Instance, Type, UnionType, get_proper_type
from mypy.typevars import fill_typevars

from denpo_mypy import _errors, _fullnames
from denpo_mypy._classes import response_mismatch
from denpo_mypy._types import declared_arguments, name_of, promised_response

__all__ = ['check']


def check(ctx: ClassDefContext) -> None:
    """Report a handler class whose declared response its request does not promise."""
    info: TypeInfo = ctx.cls.info
    self_type = fill_typevars(info)
    if not isinstance(self_type, Instance):
        return
    declared = declared_arguments(self_type, _fullnames.REQUEST_HANDLER, _fullnames.IREQUEST_HANDLER)
    if declared is None or len(declared) != 2 or any(map(has_placeholder, declared)):  # noqa: PLR2004
        return
    handled, returned = declared
    for request in _requests(handled):
        promised = promised_response(request)
        if promised is None or has_placeholder(promised) or is_subtype(returned, promised):
            continue
        options = ctx.api.options
        message = response_mismatch(info.name, returned, name_of(request, options), promised, options)
        _errors.report(ctx, _errors.HANDLER_RESPONSE, message)
        return


def _requests(handled: Type) -> list[Instance]:
    """The request classes a handler declares it handles (each member of a union)."""
    proper = get_proper_type(handled)
    items = proper.relevant_items() if isinstance(proper, UnionType) else [proper]
    return [item for item in map(get_proper_type, items) if isinstance(item, Instance)]
