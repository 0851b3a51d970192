"""Relax the signatures of ``bind_request`` and ``bind_event`` for mypy's own inference.

Their native signatures make a wrong binding a type error even without the plugin, but mypy
words it as "Cannot infer value of type parameter" or an opaque ``[arg-type]``. With the plugin,
every parameter accepts ``object`` so mypy's inference cannot fail first, and the binding checks
(``request_binding``, ``behaviors``, ``event_binding``) report a readable error of their own.
"""

from __future__ import annotations

from mypy.erasetype import erase_typevars
from mypy.plugin import MethodSigContext
from mypy.types import FunctionLike

from denpo_mypy import _fullnames

__all__ = ['relax']


def relax(ctx: MethodSigContext) -> FunctionLike:
    """Return the signature with every parameter typed ``object`` and no type variables."""
    signature = ctx.default_signature
    anything = ctx.api.named_generic_type(_fullnames.OBJECT, [])
    return signature.copy_modified(  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately
        arg_types=[anything] * len(signature.arg_types),
        ret_type=erase_typevars(signature.ret_type, {variable.id for variable in signature.variables}),
        variables=[],
    )
