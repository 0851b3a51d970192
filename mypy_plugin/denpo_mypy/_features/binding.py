"""``bind_request``, ``bind_stream`` and ``bind_event``: read the call once, judge it, decide.

The native signatures of the binding calls make a wrong binding a type error even without the
plugin, but mypy words it as "Cannot infer value of type parameter" or an opaque ``[arg-type]``,
and rejects some right bindings (a pre-built list, which mypy types as a list of ``object``).
The plugin replaces that check with its own, in mypy's *signature* hook, which runs before mypy
checks the arguments:

1. the call is parsed once (:func:`~denpo_mypy._arguments.parse_binding`);
2. each argument is judged: the message class, then the handler or handlers, the behaviors, the
   exception handlers and the exception actions, each against the message (each branch of a
   conditional expression, each member of a union and each class of a list built before the
   call on its own), and the chain of calls for a request bound twice;
3. if every argument could be judged, the problems are reported, each one an entry of denpo's
   catalogue of binding mistakes in the entry's words (see ``_errors``), and the signature is
   relaxed (every parameter ``object``), so that mypy's inference cannot fail first;
4. otherwise (``*args`` of unknown length, a union of message classes, a class the plugin does
   not understand) nothing is reported and mypy checks the call with the real signature, as it
   would without the plugin: the plugin never turns an error into silence.

A check that crashes makes the hook answer the real signature too (see ``_plugin.guarded``).
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.erasetype import erase_typevars
from mypy.nodes import Context
from mypy.options import Options
from mypy.plugin import MethodSigContext
from mypy.types import AnyType, FunctionLike, TypeOfAny

from denpo_mypy import _errors, _fullnames
from denpo_mypy._arguments import (
    Argument,
    BindingCall,
    ClassArgument,
    ListArgument,
    ListParse,
    NotAList,
    Unreadable,
    parse_binding,
)
from denpo_mypy._classes import Verdict, message_class
from denpo_mypy._errors import Finding, Problem
from denpo_mypy._features import behaviors, exception_actions, exception_handlers, handlers
from denpo_mypy._features.duplicate_request import duplicate_in_chain
from denpo_mypy._kinds import RequestKind
from denpo_mypy._types import ClassRef

__all__ = ['judge', 'signature_hook']


def signature_hook(kind: RequestKind) -> Callable[[MethodSigContext], FunctionLike]:
    """The signature hook of ``kind.call``."""

    def hook(ctx: MethodSigContext) -> FunctionLike:
        call = parse_binding(ctx, kind)
        findings = call if isinstance(call, Unreadable) else judge(call, kind, ctx.api.options)
        if isinstance(findings, Unreadable):
            return ctx.default_signature
        for finding in findings:
            _errors.report(ctx, finding.problem, at=finding.at)
        return _relaxed(ctx)

    return hook


def judge(call: BindingCall, kind: RequestKind, options: Options) -> list[Finding] | Unreadable:
    """Every problem of one binding call, or what keeps the plugin from judging all of it."""
    findings = _Findings()
    try:
        message = _message(call, kind, options, findings)
        if message is not None:
            _judge_arguments(message, call, kind, options, findings)
    except _CannotJudgeError as stop:
        return stop.unreadable
    return findings.found


class _CannotJudgeError(Exception):
    """Stops judging a call at the first argument the plugin cannot judge."""

    def __init__(self, unreadable: Unreadable) -> None:
        super().__init__(unreadable.reason)
        self.unreadable = unreadable


class _Findings:
    """The problems found in one call so far."""

    def __init__(self) -> None:
        self.found: list[Finding] = []

    def add(self, at: Context, verdict: Verdict) -> None:
        """Keep a problem found at ``at``; stop judging if the verdict is that it cannot tell."""
        if isinstance(verdict, Unreadable):
            raise _CannotJudgeError(verdict)
        if verdict is not None:
            self.found.append(Finding(at, verdict))


def _message(call: BindingCall, kind: RequestKind, options: Options, findings: _Findings) -> ClassRef | None:
    """The message class to judge the other arguments against, if it is one."""
    unreadable = call.unreadable()
    if unreadable is not None:
        raise _CannotJudgeError(unreadable)
    if not isinstance(call.message, ClassArgument):
        return None  # not passed: mypy reports the missing argument
    if len(call.message.alternatives) != 1:
        raise _CannotJudgeError(Unreadable('a union of message classes'))
    passed = call.message.alternatives[0]
    if isinstance(passed.type, AnyType):
        # Nothing can be judged against an unknown message, but mypy still checks that the
        # other arguments agree with each other: keep that check unless they are all unknown.
        if call.classes_besides_message():
            raise _CannotJudgeError(Unreadable('an unknown message class'))
        return None
    message = message_class(passed, kind, options)
    if isinstance(message, ClassRef):
        return message
    findings.add(passed.node, message)
    return None  # the handlers of something else than a message say nothing


def _judge_arguments(
    message: ClassRef, call: BindingCall, kind: RequestKind, options: Options, findings: _Findings
) -> None:
    """Judge every other argument against ``message``, in the order the runtime checks them."""
    if isinstance(call.handler, ClassArgument):
        for alternative in call.handler.alternatives:
            findings.add(alternative.node, handlers.handler_problem(message, alternative, kind, options))
    if call.handlers is not None:
        _judge_event_handlers(message, call.handlers, kind, options, findings)
    if call.behaviors is not None:
        _judge_behaviors(message, call.behaviors, kind, options, findings)
    if call.exception_handlers is not None:
        _judge_exception_handlers(message, call.exception_handlers, kind, options, findings)
    if call.exception_actions is not None:
        _judge_exception_actions(message, call.exception_actions, options, findings)
    if kind.exclusive:
        duplicate = duplicate_in_chain(call.call, kind)
        if duplicate is not None:
            findings.found.append(duplicate)


def _judge_event_handlers(
    event: ClassRef, argument: ListParse, kind: RequestKind, options: Options, findings: _Findings
) -> None:
    """Judge each handler of ``bind_event``, then the repeats, then an empty list display."""
    _judge_list(
        argument,
        lambda alternative: handlers.handler_problem(event, alternative, kind, options),
        lambda alternative, seen: handlers.duplicate_problem(event, alternative, seen),
        lambda passed: handlers.not_a_list_problem(event, passed, options),
        findings,
    )
    if isinstance(argument, ListArgument) and argument.display is not None and not argument.items:
        findings.add(argument.display, handlers.no_handlers_problem(event))


def _judge_behaviors(
    request: ClassRef, argument: ListParse, kind: RequestKind, options: Options, findings: _Findings
) -> None:
    """Judge each per-binding behavior, then the repeats."""
    base = kind.behavior_base
    if base is None:
        raise _CannotJudgeError(Unreadable(f'behaviors given to {kind.call}()'))
    _judge_list(
        argument,
        lambda alternative: behaviors.behavior_problem(request, alternative, kind, base, options),
        lambda alternative, seen: behaviors.duplicate_problem(request, kind, alternative, seen),
        lambda passed: behaviors.not_a_list_problem(request, kind, passed, options),
        findings,
    )


def _judge_exception_handlers(
    request: ClassRef, argument: ListParse, kind: RequestKind, options: Options, findings: _Findings
) -> None:
    """Judge each exception handler, then the repeats."""
    _judge_list(
        argument,
        lambda alternative: exception_handlers.exception_handler_problem(request, alternative, kind, options),
        lambda alternative, seen: exception_handlers.duplicate_problem(request, alternative, seen),
        lambda passed: exception_handlers.not_a_list_problem(request, passed, options),
        findings,
    )


def _judge_exception_actions(
    request: ClassRef, argument: ListParse, options: Options, findings: _Findings
) -> None:
    """Judge each exception action, then the repeats."""
    _judge_list(
        argument,
        lambda alternative: exception_actions.exception_action_problem(request, alternative, options),
        lambda alternative, seen: exception_actions.duplicate_problem(request, alternative, seen),
        lambda passed: exception_actions.not_a_list_problem(request, passed, options),
        findings,
    )


def _judge_list(
    argument: ListParse,
    problem_of: Callable[[Argument], Verdict],
    repeated: Callable[[Argument, set[str]], Verdict],
    not_a_list: Callable[[Argument], Problem],
    findings: _Findings,
) -> None:
    """Judge each class each item of a list argument may hold, at that item; then whether it repeats.

    ``seen`` gathers the classes written so far in the list, for ``repeated``.
    """
    if isinstance(argument, Unreadable):
        raise _CannotJudgeError(argument)
    if isinstance(argument, NotAList):
        findings.add(argument.passed.node, not_a_list(argument.passed))
        return
    seen: set[str] = set()
    for item in argument.items:
        for alternative in item.alternatives:
            if _forgotten(alternative):
                # A list typed as the join of its classes (`list[type[object]]`) that the plugin
                # could not read item by item: mypy's own check rejects it, right or wrong, and
                # the plugin must not turn a wrong one into silence.
                raise _CannotJudgeError(Unreadable('a list whose classes mypy joined'))
            verdict = problem_of(alternative)
            findings.add(alternative.node, repeated(alternative, seen) if verdict is None else verdict)


def _forgotten(alternative: Argument) -> bool:
    """Whether ``alternative`` is the ``Any`` read off a join that forgot its classes."""
    typ = alternative.type
    return isinstance(typ, AnyType) and typ.type_of_any == TypeOfAny.implementation_artifact


def _relaxed(ctx: MethodSigContext) -> FunctionLike:
    """The signature with every parameter typed ``object`` and no type variables."""
    signature = ctx.default_signature
    anything = ctx.api.named_generic_type(_fullnames.OBJECT, [])
    return signature.copy_modified(  # pyright: ignore[reportUnknownMemberType]  # mypy types its defaults privately
        arg_types=[anything] * len(signature.arg_types),
        ret_type=erase_typevars(signature.ret_type, {variable.id for variable in signature.variables}),
        variables=[],
    )
