"""Judgements shared by the binding checks: message classes, handler roles, concreteness.

Each judgement answers a :data:`Verdict`: ``None`` when the class fits, a :data:`Problem` (the
error code and the message to report), or :class:`~denpo_mypy._arguments.Unreadable` when the
plugin cannot tell, in which case the whole call is handed back to mypy's own check. ``Any``
fits: mypy cannot check it either.
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from mypy.errorcodes import ErrorCode
from mypy.options import Options
from mypy.subtypes import find_member
from mypy.types import AnyType, NoneType, Type, get_proper_type

from denpo_mypy import _errors
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import (
    ClassRef,
    declared_arguments,
    describe,
    handle_signature,
    is_value,
    name_of,
    unimplemented,
)

__all__ = [
    'Problem',
    'Signature',
    'Verdict',
    'abstract_problem',
    'an',
    'handler_class',
    'handler_signature',
    'message_class',
    'response_mismatch',
]

Problem: TypeAlias = tuple[ErrorCode, str]
Verdict: TypeAlias = Problem | Unreadable | None


def message_class(passed: Argument, kind: RequestKind, options: Options) -> ClassRef | Problem | Unreadable:
    """Read the message class passed to ``kind.call``, parameterized generics too."""
    ref = passed.ref
    if ref is None:
        if is_value(passed.type):
            got = describe(passed.type, options)
            return kind.message_code, (
                f'{kind.call}() expects a{an(kind.noun)} {kind.noun} class, got {got}. '
                'Hint: pass the class itself.'
            )
        return Unreadable(f'a message of type {passed.type}')
    if not ref.info.has_base(kind.contract):
        other = kind.other
        if other is not None and ref.info.has_base(other.contract):
            return kind.message_code, (
                f'{ref.name} is a{an(other.noun)} {other.noun}, not a{an(kind.noun)} {kind.noun}. '
                f'Hint: bind it with {other.call}({ref.name}, <handler>).'
            )
        return kind.message_code, (
            f'{ref.name} is not a{an(kind.noun)} {kind.noun}: it does not inherit {kind.contract_name}. '
            f'Hint: declare it as `class {ref.name}({kind.declaration})`.'
        )
    if kind.parameterized_checked and ref.parameterized:
        return _errors.PARAMETERIZED_REQUEST, (
            f'{kind.call}() got the parameterized generic {kind.noun} {name_of(ref.instance, options)}. '
            f'Messages are dispatched by class at runtime, so {ref.name}[int] and {ref.name}[str] '
            f'cannot be told apart. Hint: bind the bare class {ref.name} to a handler that is generic '
            f'in the same parameters.'
        )
    return ref


def handler_class(
    passed: Argument, kind: RequestKind, message: ClassRef, options: Options
) -> ClassRef | Problem | Unreadable | None:
    """Read a class bound as ``kind``'s handler of ``message``; ``None`` for ``Any``, which fits."""
    handler = passed.ref
    role = kind.role
    if handler is None:
        if isinstance(passed.type, AnyType):
            return None
        if is_value(passed.type):
            got = describe(passed.type, options)
            fix = kind.handler_fix.format(message=message.name)
            return _errors.NOT_A_HANDLER, f'Expected a{an(role)} {role} class, got {got}. Hint: {fix}.'
        return Unreadable(f'a {role} of type {passed.type}')
    for base, rest in kind.wrong_roles.items():
        if handler.info.has_base(base):
            return _errors.NOT_A_HANDLER, f'{handler.name} {rest.format(name=handler.name)}'
    if _has_no_member(handler, 'handle'):
        fix = kind.handler_fix.format(message=message.name)
        return _errors.NOT_A_HANDLER, (
            f'{handler.name} is not a{an(role)} {role}: it has no handle() method. Hint: {fix}.'
        )
    return handler


class Signature(NamedTuple):
    """What a handler class handles and what it returns."""

    handles: Type
    returns: Type


def handler_signature(
    handler: ClassRef, kind: RequestKind, options: Options
) -> Signature | Problem | Unreadable | None:
    """Read ``Handler[Q, R]`` (or ``[E]``) off ``handler``, or its ``handle`` method structurally.

    A structural ``handle`` that returns something that cannot be awaited (for a stream
    handler: iterated with ``async for``) is a problem; one typed ``Any`` fits; one that cannot
    be read (overloaded, a property) is unreadable.
    """
    declared = declared_arguments(handler.instance, *kind.handler_bases)
    if declared:
        return Signature(declared[0], declared[1] if len(declared) > 1 else NoneType())
    structural = handle_signature(handler.instance, kind.produced_by)
    if structural is None:
        if handler.info.fallback_to_any or _is_any(find_member('handle', handler.instance, handler.instance)):
            return None
        return Unreadable(f'the handle() method of {handler.name}')
    if structural.produces is None:
        return _errors.NOT_A_HANDLER, (
            f'{handler.name}.handle() returns {name_of(structural.returns, options)}, {kind.handle_fix}.'
        )
    return Signature(structural.accepts, structural.produces)


def _is_any(member: Type | None) -> bool:
    return member is not None and isinstance(get_proper_type(member), AnyType)


def abstract_problem(ref: ClassRef) -> Problem | None:
    """Report a handler or behavior class that cannot be instantiated."""
    if not ref.exact:
        return None  # a `type[X]` value may hold any concrete subclass of X
    if ref.info.is_protocol:
        return _errors.ABSTRACT_HANDLER, (
            f'{ref.name} is a protocol and cannot be instantiated. '
            'Hint: bind a concrete class that implements handle().'
        )
    if ref.info.is_abstract:
        missing = ', '.join(unimplemented(ref.info))
        return _errors.ABSTRACT_HANDLER, (
            f'{ref.name} is abstract (unimplemented: {missing}) and cannot be instantiated. '
            'Hint: bind a concrete subclass that implements them.'
        )
    return None


def an(word: str) -> str:
    """The ``n`` of "an" before ``word``, else nothing."""
    return 'n' if word[0] in 'aeiou' else ''


def response_mismatch(  # noqa: PLR0913  # two types, their two names, and how to word them
    handler: str,
    returned: Type,
    request: str,
    promised: Type,
    *,
    options: Options,
    kind: RequestKind,
) -> str:
    """Word a handler whose response (or item) is not a subtype of what its request promises."""
    got = name_of(returned, options)
    want = name_of(promised, options)
    contract = kind.contract_name
    return (
        f'{handler} {kind.verb} {got}, but {request} promises {want} ({contract}[{want}]). '
        f'Hint: {kind.verb[:-1]} {want} or a subtype from the handler, or declare the request as '
        f'{contract}[{got}].'
    )


def _has_no_member(ref: ClassRef, name: str) -> bool:
    """Whether ``ref``'s class certainly lacks ``name`` (unknown bases may provide anything)."""
    return ref.info.get(name) is None and not ref.info.fallback_to_any
