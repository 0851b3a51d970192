"""``MessagingConfig(pipeline_behaviors=[...], stream_behaviors=[...])``: each must be generic.

A global behavior wraps every request (stream request) whose class is within the bound of its
request type variable, and hands its result to every caller: one declared for a concrete
request or response (``IPipelineBehavior[PlaceOrder, Confirmation]``) would receive requests of
other types and could return its response to a caller promised another. Such a behavior is
``denpo-global-behavior``, at the item. Everything else about the lists (a class that is not a
behavior, a stream behavior in the request list) is left to mypy's own check of the fields'
declared types, which reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from mypy.nodes import Context
from mypy.plugin import FunctionContext
from mypy.types import AnyType, Type, TypeVarLikeType, get_proper_type

from denpo import _catalogue
from denpo_mypy import _errors
from denpo_mypy._arguments import ListArgument, read_list
from denpo_mypy._errors import Problem, problem
from denpo_mypy._kinds import REQUEST, STREAM, RequestKind
from denpo_mypy._types import ClassRef, declared_arguments, name_of

__all__ = ['check']

_LISTS: Final = {kind.words.global_list: kind for kind in (REQUEST, STREAM)}
"""The kind of each global list, by the name of its ``MessagingConfig`` field."""


def check(ctx: FunctionContext) -> Type:
    """Report every global behavior declared for a concrete request or response; the type is mypy's."""
    for name, expressions in zip(ctx.callee_arg_names, ctx.args, strict=True):
        kind = _LISTS.get(name or '')
        if kind is None or len(expressions) != 1:
            continue
        listed = read_list(ctx.api, expressions[0])
        if not isinstance(listed, ListArgument):
            continue  # not a list of classes: mypy's check of the field reports it
        for at, behavior in _behaviors(listed):
            found = _fixed_problem(behavior, kind, ctx)
            if found is not None:
                _errors.report(ctx, found, at=at)
    return ctx.default_return_type


def _behaviors(listed: ListArgument) -> Iterator[tuple[Context, ClassRef]]:
    """Each class a global list may hold, with where it is written."""
    for item in listed.items:
        for alternative in item.alternatives:
            if alternative.ref is not None:
                yield alternative.node, alternative.ref


def _fixed_problem(behavior: ClassRef, kind: RequestKind, ctx: FunctionContext) -> Problem | None:
    """``denpo-global-behavior`` if ``behavior`` fixes its request or response type."""
    base = kind.behavior_base
    declared = None if base is None else declared_arguments(behavior.instance, base)
    if not declared or all(_is_open(argument) for argument in declared):
        return None  # not a behavior of the list (mypy reports it), or generic in both
    options = ctx.api.options
    words = kind.words
    return problem(
        _catalogue.GLOBAL_BEHAVIOR_NOT_GENERIC,
        kind=words,
        behavior=behavior.name,
        declared=f'{words.behavior_base}[{", ".join(name_of(argument, options) for argument in declared)}]',
        short=behavior.name,
    )


def _is_open(argument: Type) -> bool:
    """A type variable (the behavior is generic there) or ``Any`` (it claims nothing)."""
    return isinstance(get_proper_type(argument), TypeVarLikeType | AnyType)
