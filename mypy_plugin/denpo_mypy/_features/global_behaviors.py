"""``MessagingConfig(pipeline_behaviors=[...], stream_behaviors=[...])``: read each list once.

A global behavior wraps every request (stream request) whose class is within the bound of its
request type variable, and hands its result to every caller: one declared for a concrete
request or response (``IPipelineBehavior[PlaceOrder, Confirmation]``) would receive requests of
other types and could return its response to a caller promised another. Such a behavior is
``denpo-global-behavior``, at the item.

The lists are read in mypy's *signature* hook, before mypy checks the arguments, because mypy
types a list of unrelated classes built before the call (``LIST = [Logging, Transaction]``) as
``list[type[object]]``, their join, and rejects it although every class fits. Where every class
the list may hold is judged to be a behavior of the list's base, that field is typed
``Sequence[object]``, so the false error goes. Anything else (a class that is not a behavior, a
stream behavior in the request list, a value, a list read off a type that forgets its classes)
keeps the field's declared type, and mypy's own check reports it, as it would without the plugin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from mypy.nodes import CallExpr, Context, Expression
from mypy.plugin import FunctionSigContext
from mypy.types import AnyType, FunctionLike, Type, TypeOfAny, TypeVarLikeType, get_proper_type

from denpo import _catalogue
from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import PLAIN, Argument, ListArgument, read_list
from denpo_mypy._classes import parameterized_problem
from denpo_mypy._errors import Problem, problem
from denpo_mypy._kinds import REQUEST, STREAM, RequestKind
from denpo_mypy._types import ClassRef, declared_arguments, name_of

__all__ = ['signature_hook']

_LISTS: Final = {kind.words.global_list: kind for kind in (REQUEST, STREAM)}
"""The kind of each global list, by the name of its ``MessagingConfig`` field."""


def signature_hook(ctx: FunctionSigContext) -> FunctionLike:
    """Report every global behavior that is not generic; type each list judged to fit ``Sequence[object]``."""
    signature = ctx.default_signature
    # A sequence of anything, not `object`: a list display is then still inferred with a context
    # (`list[object]`); with no context mypy joins the generic class objects and may fail.
    anything = ctx.api.named_generic_type(
        _fullnames.SEQUENCE, [ctx.api.named_generic_type(_fullnames.OBJECT, [])]
    )
    arg_types = list(signature.arg_types)
    for index, (name, expressions) in enumerate(zip(signature.arg_names, ctx.args, strict=True)):
        kind = _LISTS.get(name or '')
        expression = _one_plain_argument(ctx.context, expressions)
        if kind is None or kind.behavior_base is None or expression is None:
            continue
        listed = read_list(ctx.api, expression)
        if not isinstance(listed, ListArgument):
            continue  # not a list of classes that the plugin can read: mypy's check reports it
        for at, behavior in _behaviors(listed):
            found = _fixed_problem(behavior, kind, ctx)
            if found is not None:
                _errors.report(ctx, found, at=at)
        if all(_fits(alternative, kind.behavior_base) for alternative in _alternatives(listed)):
            arg_types[index] = anything
    return signature.copy_modified(arg_types=arg_types)  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately


def _one_plain_argument(call: Context, expressions: list[Expression]) -> Expression | None:
    """The one expression passed for a parameter, unless none, several, ``*args`` or ``**kwargs``."""
    if not isinstance(call, CallExpr) or len(expressions) != 1:
        return None
    (expression,) = expressions
    kinds = [kind for actual, kind in zip(call.args, call.arg_kinds, strict=True) if actual is expression]
    return expression if kinds and kinds[0] in PLAIN else None


def _alternatives(listed: ListArgument) -> Iterator[Argument]:
    """Each class (or value) a global list may hold."""
    for item in listed.items:
        yield from item.alternatives


def _behaviors(listed: ListArgument) -> Iterator[tuple[Context, ClassRef]]:
    """Each class a global list may hold, with where it is written."""
    for alternative in _alternatives(listed):
        if alternative.ref is not None:
            yield alternative.node, alternative.ref


def _fits(alternative: Argument, base: str) -> bool:
    """Whether mypy's check of the field would accept ``alternative`` if it saw it alone.

    ``Any`` fits, except the ``Any`` the plugin reads off a join that forgot the classes it
    came from (``list[type[object]]`` of a list it could not read): that one says nothing, and
    mypy's error there is kept, as plain mypy reports it.
    """
    behavior = alternative.ref
    if behavior is None:
        typ = alternative.type
        return isinstance(typ, AnyType) and typ.type_of_any != TypeOfAny.implementation_artifact
    return behavior.info.has_base(base) or behavior.info.fallback_to_any


def _fixed_problem(behavior: ClassRef, kind: RequestKind, ctx: FunctionSigContext) -> Problem | None:
    """``denpo-global-behavior`` if ``behavior`` fixes its request or response type.

    Written with arguments (``Logging[Any, Any]``), it is refused for them first, as at runtime.
    """
    base = kind.behavior_base
    declared = None if base is None else declared_arguments(behavior.instance, base)
    if declared and behavior.parameterized:
        return parameterized_problem(
            _catalogue.PARAMETERIZED_BEHAVIOR, behavior, ctx.api.options, kind=kind.words
        )
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
