"""Checks shared by the binding features: message classes, handler roles, concreteness.

Each ``*_problem`` function returns ``None`` when it finds nothing wrong *or* does not
understand its input; otherwise the error code and the message to report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, TypeAlias

from mypy.errorcodes import ErrorCode
from mypy.options import Options
from mypy.types import NoneType, Type, get_proper_type

from denpo_mypy import _errors, _fullnames
from denpo_mypy._kinds import REQUEST, RequestKind
from denpo_mypy._types import (
    ClassRef,
    class_ref,
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
    'abstract_problem',
    'handler_class',
    'handler_signature',
    'message_class',
    'request_class',
    'response_mismatch',
]

Problem: TypeAlias = tuple[ErrorCode, str]


def message_class(
    typ: Type, base: str, options: Options, *, call: str, kind: str
) -> ClassRef | Problem | None:
    """Read the message class passed to ``call``: a ``ClassRef``, a problem, or ``None``."""
    proper = get_proper_type(typ)
    is_event = base == _fullnames.IEVENT
    code = _errors.NOT_AN_EVENT if is_event else _errors.NOT_A_REQUEST
    ref = class_ref(proper)
    if ref is None:
        if is_value(proper):
            got = describe(proper, options)
            return code, f'{call}() expects a{_n(kind)} {kind} class, got {got}. Hint: pass the class itself.'
        return None
    if not ref.info.has_base(base):
        short = base.rpartition('.')[2]
        wrong_kind = None if is_event else _other_kind(ref, base)
        if wrong_kind is not None:
            return code, (
                f'{ref.name} is a{_n(wrong_kind.noun)} {wrong_kind.noun}, not a{_n(kind)} {kind}. '
                f'Hint: bind it with {wrong_kind.call}({ref.name}, <handler>).'
            )
        item = 'item' if base == _fullnames.ISTREAM_REQUEST else 'response'
        declared = short if is_event else f'{short}[<{item} type>]'
        return code, (
            f'{ref.name} is not a{_n(kind)} {kind}: it does not inherit {short}. '
            f'Hint: declare it as `class {ref.name}({declared})`.'
        )
    return ref


def _other_kind(ref: ClassRef, base: str) -> RequestKind | None:
    """The request kind ``ref`` belongs to when it was passed as a message of another kind."""
    for kind in (REQUEST, REQUEST.other):
        if kind.contract != base and ref.info.has_base(kind.contract):
            return kind
    return None


def request_class(typ: Type, options: Options, kind: RequestKind = REQUEST) -> ClassRef | Problem | None:
    """Read the first argument of ``bind_request`` (or ``bind_stream``), parameterized generics too."""
    found = message_class(typ, kind.contract, options, call=kind.call, kind=kind.noun)
    if not isinstance(found, ClassRef) or not found.parameterized:
        return found
    return _errors.PARAMETERIZED_REQUEST, (
        f'{kind.call}() got the parameterized generic {kind.noun} {name_of(found.instance, options)}. '
        f'Messages are dispatched by class at runtime, so {found.name}[int] and {found.name}[str] '
        f'cannot be told apart. Hint: bind the bare class {found.name} to a handler that is generic '
        f'in the same parameters.'
    )


def handler_class(
    typ: Type, options: Options, *, role: str, fix: str, wrong_roles: Mapping[str, str]
) -> ClassRef | Problem | None:
    """Read a class bound as a ``role``: a ``ClassRef``, a problem, or ``None`` if not understood.

    ``wrong_roles`` maps the fullname of a base class that makes it something else (an event
    handler, a behavior) to the rest of the message; ``{name}`` in it is the class's name.
    """
    proper = get_proper_type(typ)
    handler = class_ref(proper)
    if handler is None:
        if is_value(proper):
            got = describe(proper, options)
            return _errors.NOT_A_HANDLER, f'Expected a{_n(role)} {role} class, got {got}. Hint: {fix}.'
        return None
    for base, rest in wrong_roles.items():
        if handler.info.has_base(base):
            return _errors.NOT_A_HANDLER, f'{handler.name} {rest.format(name=handler.name)}'
    if _has_no_member(handler, 'handle'):
        return _errors.NOT_A_HANDLER, (
            f'{handler.name} is not a{_n(role)} {role}: it has no handle() method. Hint: {fix}.'
        )
    return handler


class Signature(NamedTuple):
    """What a handler class handles and what it returns."""

    handles: Type
    returns: Type


def handler_signature(
    handler: ClassRef, bases: tuple[str, str], options: Options, kind: RequestKind = REQUEST
) -> Signature | Problem | None:
    """Read ``bases[0][Q, R]`` (or ``[E]``) off ``handler``, or its ``handle`` method structurally.

    A structural ``handle`` that returns something that cannot be awaited (for a stream
    handler: iterated with ``async for``) is a problem; one that cannot be read (overloaded,
    ``Any``) gives ``None``.
    """
    declared = declared_arguments(handler.instance, *bases)
    if declared:
        return Signature(declared[0], declared[1] if len(declared) > 1 else NoneType())
    structural = handle_signature(handler.instance, kind.produced_by)
    if structural is None:
        return None
    if structural.produces is None:
        return _errors.NOT_A_HANDLER, (
            f'{handler.name}.handle() returns {name_of(structural.returns, options)}, {kind.handle_fix}.'
        )
    return Signature(structural.accepts, structural.produces)


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


def _n(word: str) -> str:
    return 'n' if word[0] in 'aeiou' else ''


def response_mismatch(  # noqa: PLR0913  # two types, their two names, and how to word them
    handler: str,
    returned: Type,
    request: str,
    promised: Type,
    *,
    options: Options,
    kind: RequestKind = REQUEST,
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
