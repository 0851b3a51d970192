"""``class H(RequestHandler[R, X])``: ``X`` must be a subtype of the ``Y`` in ``R``'s ``IRequest[Y]``.

The same holds for ``StreamRequestHandler[S, X]`` against ``IStreamRequest[Y]`` (the item type)
and for the response of ``RequestExceptionHandler[R, E, X]``, which stands in for the handler's.

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

from denpo import _catalogue
from denpo_mypy import _errors, _fullnames
from denpo_mypy._kinds import REQUEST, STREAM, RequestKind
from denpo_mypy._types import declared_arguments, name_of, promised_response

__all__ = ['check']


def check(ctx: ClassDefContext) -> None:
    """Report a handler class whose declared response its request does not promise."""
    info: TypeInfo = ctx.cls.info
    self_type = fill_typevars(info)
    if not isinstance(self_type, Instance):
        return
    for kind in (REQUEST, STREAM):
        declared = declared_arguments(self_type, *kind.handler_bases)
        if declared is not None and len(declared) == 2:  # noqa: PLR2004  # [Q, R]
            _check(ctx, declared[0], declared[1], kind)
            return
    declared = declared_arguments(self_type, _fullnames.REQUEST_EXCEPTION_HANDLER)
    if declared is not None and len(declared) == 3:  # noqa: PLR2004  # [Q, E, R]
        _check(ctx, declared[0], declared[2], REQUEST)


def _check(ctx: ClassDefContext, handled: Type, returned: Type, kind: RequestKind) -> None:
    if has_placeholder(handled) or has_placeholder(returned):
        return
    for request in _requests(handled):
        promised = promised_response(request, kind.contract)
        if promised is None or has_placeholder(promised) or is_subtype(returned, promised):
            continue
        options = ctx.api.options
        found = _errors.problem(
            _catalogue.HANDLER_RESPONSE,
            kind=kind.words,
            handler=ctx.cls.info.name,
            returned=name_of(returned, options),
            request=name_of(request, options),
            promised=name_of(promised, options),
        )
        _errors.report(ctx, found)
        return


def _requests(handled: Type) -> list[Instance]:
    """The request classes a handler declares it handles (each member of a union)."""
    proper = get_proper_type(handled)
    items = proper.relevant_items() if isinstance(proper, UnionType) else [proper]
    return [item for item in map(get_proper_type, items) if isinstance(item, Instance)]
