"""Judgements shared by the binding checks: message classes, handler roles, concreteness.

Each judgement answers a :data:`Verdict`: ``None`` when the class fits, a
:class:`~denpo_mypy._errors.Problem` (a catalogue entry and its fields), or
:class:`~denpo_mypy._arguments.Unreadable` when the plugin cannot tell, in which case the whole
call is handed back to mypy's own check. ``Any`` fits: mypy cannot check it either.
"""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from mypy.nodes import FuncDef, SymbolNode, Var
from mypy.options import Options
from mypy.subtypes import find_member
from mypy.types import AnyType, NoneType, Type, get_proper_type

from denpo import _catalogue
from denpo._text import a
from denpo_mypy import _fullnames
from denpo_mypy._arguments import Argument, Unreadable
from denpo_mypy._errors import Problem, problem
from denpo_mypy._kinds import KINDS, ROLES, RequestKind
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
    'Signature',
    'Verdict',
    'abstract_problem',
    'bare_class',
    'handler_class',
    'handler_signature',
    'message_class',
    'parameterized_problem',
    'plain_def_handle',
    'role_of',
    'written_again',
    'wrong_role_problem',
]

Verdict: TypeAlias = Problem | Unreadable | None


def message_class(passed: Argument, kind: RequestKind, options: Options) -> ClassRef | Problem | Unreadable:
    """Read the message class passed to ``kind.call``, parameterized generics too."""
    ref = passed.ref
    if ref is None:
        if is_value(passed.type):
            return problem(
                _catalogue.MESSAGE_NOT_A_CLASS, kind=kind.words, got=describe(passed.type, options)
            )
        return Unreadable(f'a message of type {passed.type}')
    found = _message_problem(ref, kind, options)
    return ref if found is None else found


def _message_problem(ref: ClassRef, kind: RequestKind, options: Options) -> Problem | None:
    """What is wrong with the class ``ref`` as ``kind``'s message, in the order the runtime checks it."""
    words = kind.words
    inherited = ref.info.has_base(kind.contract)
    if inherited and ref.parameterized:
        return problem(
            _catalogue.PARAMETERIZED_MESSAGE,
            kind=words,
            written=name_of(ref.instance, options),
            short=ref.name,
        )
    if inherited:
        rival = kind.rival
        if rival is not None and ref.info.has_base(rival.contract):
            return problem(_catalogue.MESSAGE_BOTH_KINDS, kind=words, name=ref.name)
        return None
    for other in KINDS.values():
        if ref.info.has_base(other.contract):
            return problem(
                _catalogue.MESSAGE_OTHER_KIND, kind=words, other=other.words, name=ref.name, short=ref.name
            )
    role = role_of(ref)
    if role is not None:
        return problem(
            _catalogue.MESSAGE_IS_A_HANDLER,
            kind=words,
            name=ref.name,
            role=a(role.noun),
            binding=words.misplaced_binding(role, ref.name),
        )
    return problem(_catalogue.MESSAGE_NOT_INHERITED, kind=words, name=ref.name, short=ref.name)


def role_of(ref: ClassRef) -> _catalogue.Role | None:
    """The role ``ref``'s class plays by inheriting a handler or behavior base, in the catalogue's order."""
    return next((role for base, role in ROLES if ref.info.has_base(base)), None)


def wrong_role_problem(
    mistake: _catalogue.Mistake, ref: ClassRef, role: _catalogue.Role, **fields: object
) -> Problem:
    """Report ``mistake`` about ``ref``'s class, which plays ``role``: it names the role's binding."""
    return problem(
        mistake,
        name=ref.name,
        role=a(role.noun),
        binding=role.binding.format(name=ref.name),
        **fields,
    )


def handler_class(
    passed: Argument, kind: RequestKind, message: ClassRef, options: Options
) -> ClassRef | Problem | Unreadable | None:
    """Read a class bound as ``kind``'s handler of ``message``; ``None`` for ``Any``, which fits."""
    handler = passed.ref
    words = kind.words
    if handler is None:
        if isinstance(passed.type, AnyType):
            return None
        if is_value(passed.type):
            return problem(
                _catalogue.HANDLER_NOT_A_CLASS,
                kind=words,
                got=describe(passed.type, options),
                fix=words.handler_fix(message.name),
            )
        return Unreadable(f'a {words.handler} of type {passed.type}')
    for base, role in kind.wrong_roles:
        if handler.info.has_base(base):
            return wrong_role_problem(_catalogue.HANDLER_WRONG_ROLE, handler, role, kind=words)
    if _has_no_member(handler, 'handle'):
        return problem(
            _catalogue.HANDLER_WITHOUT_HANDLE,
            kind=words,
            name=handler.name,
            fix=words.handler_fix(message.name),
        )
    return bare_class(handler, _catalogue.PARAMETERIZED_HANDLER, options, kind=words)


def bare_class(
    ref: ClassRef, mistake: _catalogue.Mistake, options: Options, **fields: object
) -> ClassRef | Problem:
    """``ref``, or ``mistake`` if it is a generic class written with arguments (``Handler[int]``)."""
    return parameterized_problem(mistake, ref, options, **fields) if ref.parameterized else ref


def parameterized_problem(
    mistake: _catalogue.Mistake, ref: ClassRef, options: Options, **fields: object
) -> Problem:
    """Report ``mistake`` about ``ref``, a generic class written with arguments (``Handler[int]``).

    The bus builds the class itself and solves its type variables from the message, so it
    refuses the arguments whatever they are.
    """
    return problem(mistake, written=name_of(ref.instance, options), short=ref.name, **fields)


class Signature(NamedTuple):
    """What a handler class handles and what it returns."""

    handles: Type
    returns: Type


def handler_signature(handler: ClassRef, kind: RequestKind) -> Signature | Problem | Unreadable | None:
    """Read ``Handler[Q, R]`` (or ``[E]``) off ``handler``, or its ``handle`` method structurally.

    A structural ``handle`` that returns something that cannot be awaited (for a stream
    handler: iterated with ``async for``) is a problem, and so is an undecorated plain ``def``
    whatever it returns; one typed ``Any`` fits; one that cannot be read (overloaded, a
    property) is unreadable.
    """
    declared = declared_arguments(handler.instance, *kind.handler_bases)
    structural = handle_signature(handler.instance, kind.produced_by)
    if declared:
        if not handler.info.is_abstract and (
            (structural is not None and structural.produces is None) or plain_def_handle(handler, kind)
        ):
            # An override of handle() that cannot be awaited (a plain `def`), as the runtime sees it.
            return problem(kind.not_produced, name=handler.name)
        return Signature(declared[0], declared[1] if len(declared) > 1 else NoneType())
    if structural is None:
        if handler.info.fallback_to_any or _is_any(find_member('handle', handler.instance, handler.instance)):
            return None
        return Unreadable(f'the handle() method of {handler.name}')
    if structural.produces is None or (not handler.info.is_abstract and plain_def_handle(handler, kind)):
        return problem(kind.not_produced, name=handler.name)
    return Signature(structural.accepts, structural.produces)


def plain_def_handle(ref: ClassRef, kind: RequestKind) -> bool:
    """Whether ``ref``'s ``handle`` is an undecorated plain ``def`` (for a stream: not an async generator).

    Holds for every role that ``kind``'s binding call takes: handlers, behaviors, exception
    handlers. The handler bases declare ``handle`` as returning an awaitable, so ``def handle(...) ->
    Awaitable[R]`` type-checks, but binding requires a coroutine function (an async generator)
    and refuses it. Only an undecorated method is judged, the one case that reads the same from
    mypy's cache: the decorators of a method are not cached, and what a decorator wraps the
    method in (usually an ``async def``) is the decorator's business. A body of ``...`` only
    declares the method (a stub may spell an ``async def`` that way) and is not judged either.
    """
    method = ref.info.get_method('handle')
    if not isinstance(method, FuncDef) or method.is_trivial_body:
        return False
    if kind.produced_by == _fullnames.ASYNC_ITERATOR:
        return not method.is_async_generator
    return not method.is_coroutine


def _is_any(member: Type | None) -> bool:
    return member is not None and isinstance(get_proper_type(member), AnyType)


def abstract_problem(ref: ClassRef) -> Problem | None:
    """Report a handler or behavior class that cannot be instantiated."""
    if not ref.exact:
        return None  # a `type[X]` value may hold any concrete subclass of X
    if ref.info.is_protocol:
        return problem(_catalogue.PROTOCOL_CLASS, name=ref.name)
    if ref.info.is_abstract:
        return problem(_catalogue.ABSTRACT_CLASS, name=ref.name, missing=', '.join(unimplemented(ref.info)))
    return None


def written_again(item: Argument, seen: set[str]) -> ClassRef | None:
    """The class of ``item`` if it is spelled out in a list display that already listed it.

    ``seen`` holds the fullnames of the classes listed so far in the same display. A member of
    a union or an element type read off a sequence's type is never a certain repeat.
    """
    ref = item.ref
    if ref is None or not ref.exact or not item.written:
        return None
    if ref.info.fullname in seen:
        return ref
    seen.add(ref.info.fullname)
    return None


def _has_no_member(ref: ClassRef, name: str) -> bool:
    """Whether ``ref``'s class certainly lacks ``name`` (unknown bases may provide anything).

    An attribute that is only annotated in a class body, or set on instances, is not on the
    class, where the bus reads ``handle`` from: it does not count.
    """
    if ref.info.fallback_to_any:
        return False
    symbols = (info.names.get(name) for info in ref.info.mro)
    return not any(symbol is not None and _on_the_class(symbol.node) for symbol in symbols)


def _on_the_class(node: SymbolNode | None) -> bool:
    if isinstance(node, Var):
        return node.is_initialized_in_class and node.has_explicit_value
    return node is not None
