"""Observe-only exception actions: ``bind_request(..., exception_actions=[...])``."""

from abc import ABCMeta
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio
import pytest
from typing_extensions import TypeVar as TypeVarWithDefault
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IRequestExceptionAction,
    MessagingExtension,
    RequestExceptionAction,
    RequestExceptionHandler,
    RequestHandler,
    RequestRoute,
    describe_routes,
    render_mermaid,
    render_table,
)
from denpo.messaging import bus as bus_module
from tests.conftest import Boom, Trace, messaging_app, named
from tests.messaging._registry import registry_of

Q = TypeVar('Q')
R = TypeVar('R')
E = TypeVar('E', bound=Exception)


class Missing(KeyError):  # noqa: N818  # a test double named for what it means
    pass


@dataclass(frozen=True, slots=True)
class Find(IRequest[str]):
    error: BaseException | None = None


@dataclass(frozen=True, slots=True)
class Other(IRequest[str]):
    pass


Command = TypeVar('Command', bound=Other)


class FindHandler(RequestHandler[Find, str]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Find, /) -> str:
        self.trace('handler')
        if request.error is not None:
            raise request.error
        return 'found'


class OtherHandler(RequestHandler[Other, str]):
    @override
    async def handle(self, request: Other, /) -> str:
        return 'other'


class SlowHandler(RequestHandler[Find, str]):
    """Waits until cancelled."""

    @override
    async def handle(self, request: Find, /) -> str:
        await anyio.sleep_forever()
        raise AssertionError  # pragma: no cover  # sleep_forever only ends by cancellation


class Observer:
    """Records the exception it was given, by identity, and where in the trace it ran."""

    def __init__(self, trace: Trace, label: str) -> None:
        self.trace = trace
        self.label = label

    def saw(self, error: Exception) -> None:
        self.trace(f'{self.label} saw {type(error).__name__}#{id(error)}')


class LogLookup(RequestExceptionAction[Find, LookupError]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.observer = Observer(trace, 'log lookup')

    @override
    async def execute(self, request: Find, error: LookupError, /) -> None:
        await anyio.lowlevel.checkpoint()  # awaited: the next action waits for this one
        self.observer.saw(error)


class CountMissing(IRequestExceptionAction[Find, Missing]):  # the MediatR name, the same class
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.observer = Observer(trace, 'count missing')

    @override
    async def execute(self, request: Find, error: Missing, /) -> None:
        self.observer.saw(error)


class AuditAny(RequestExceptionAction[Q, Exception], Generic[Q]):
    """Generic in the request: observes every failure of any request."""

    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def execute(self, request: Q, error: Exception, /) -> None:
        self.trace(f'audit saw {type(error).__name__}#{id(error)}')


class FailingAction(RequestExceptionAction[Find, LookupError]):
    @override
    async def execute(self, request: Find, error: LookupError, /) -> None:
        message = 'the action failed'
        raise Boom(message)


class LookupAsDefault(RequestExceptionHandler[Find, LookupError, str]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Find, error: LookupError, /) -> str:
        self.trace(f'exception handler saw {type(error).__name__}#{id(error)}')
        return 'default'


class Catching(IPipelineBehavior[Q, R], Generic[Q, R]):
    """A behavior that sees the exception after the actions ran, and records it."""

    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        try:
            return await call_next()
        except Exception as error:
            self.trace(f'behavior saw {type(error).__name__}#{id(error)}')
            raise


def saw(label: str, error: BaseException) -> str:
    return f'{label} saw {type(error).__name__}#{id(error)}'


def app_with(
    *actions: type[RequestExceptionAction[Find, Any]],
    handlers: tuple[type[RequestExceptionHandler[Find, Any, str]], ...] = (),
    handler: type[RequestHandler[Find, str]] = FindHandler,
) -> Any:
    @module(
        extensions=[
            MessagingExtension().bind_request(
                Find, handler, behaviors=[Catching], exception_handlers=handlers, exception_actions=actions
            ),
        ]
    )
    class FindModule:
        pass

    return messaging_app(FindModule)


async def failing(
    error: Exception, *actions: type[RequestExceptionAction[Find, Any]]
) -> tuple[list[BaseException], list[str]]:
    """Invoke a failing ``Find`` twice in one scope (first call, then the cached runner).

    Returns what each call raised, and what the one trace recorded (the same both times).
    """
    async with app_with(*actions) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        raised: list[BaseException] = []
        entries: list[list[str]] = []
        for _ in range(2):
            with pytest.raises(Exception) as caught:  # noqa: PT011  # the type is asserted by the callers
                await bus.invoke(Find(error))
            raised.append(caught.value)
            entries.append(list(trace.entries))
            trace.entries.clear()
        assert entries[0] == [entry.replace(str(id(raised[1])), str(id(raised[0]))) for entry in entries[1]]
        return raised, entries[0]


# --- dispatch ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_happy_path_runs_no_action() -> None:
    async with app_with(LogLookup, AuditAny) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Find()) == 'found'
        assert (await container.get(Trace)).entries == ['handler']


@pytest.mark.anyio
async def test_matching_actions_run_in_bind_order_then_the_same_exception_propagates() -> None:
    error = Missing('x')
    raised, entries = await failing(error, AuditAny, LogLookup, CountMissing)
    assert raised == [error, error]  # the same object, both times
    assert all(each is error for each in raised)
    assert error.__context__ is None  # propagated untouched, not re-raised from another exception
    assert entries == [
        'handler',
        saw('audit', error),
        saw('log lookup', error),
        saw('count missing', error),
        saw('behavior', error),
    ]


@pytest.mark.anyio
async def test_only_the_actions_whose_exception_matches_run() -> None:
    error = KeyError('x')  # a LookupError, not a Missing
    raised, entries = await failing(error, CountMissing, LogLookup)
    assert all(each is error for each in raised)
    assert entries == ['handler', saw('log lookup', error), saw('behavior', error)]
    other = Boom('no action observes it')
    raised, entries = await failing(other, CountMissing, LogLookup)
    assert all(each is other for each in raised)
    assert entries == ['handler', saw('behavior', other)]


@pytest.mark.anyio
async def test_actions_see_the_raw_exception_before_an_exception_handler_maps_it() -> None:
    error = KeyError('x')
    async with app_with(LogLookup, handlers=(LookupAsDefault,)) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Find(error)) == 'default'
        assert (await container.get(Trace)).entries == [
            'handler',
            saw('log lookup', error),
            saw('exception handler', error),
        ]


@pytest.mark.anyio
async def test_an_action_that_raises_replaces_the_exception_and_stops_the_others() -> None:
    error = KeyError('x')
    raised, entries = await failing(error, AuditAny, FailingAction, LogLookup)
    for each in raised:
        assert isinstance(each, Boom)
        assert str(each) == 'the action failed'
        assert each.__context__ is error
    assert entries == ['handler', saw('audit', error), saw('behavior', raised[0])]


@pytest.mark.anyio
async def test_cancellation_runs_no_action() -> None:
    async with app_with(AuditAny, handler=SlowHandler) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        for _ in range(2):  # the first call, then the cached runner
            with anyio.move_on_after(0.01) as scope:
                await bus.invoke(Find())
            assert scope.cancelled_caught
        assert trace.entries == []


@pytest.mark.anyio
async def test_actions_are_per_request_and_resolved_once_per_scope() -> None:
    @module(
        extensions=[
            MessagingExtension()
            .bind_request(Find, FindHandler, exception_actions=[AuditAny])
            .bind_request(Other, OtherHandler),
        ]
    )
    class BothModule:
        pass

    async with messaging_app(BothModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Other()) == 'other'
        first, second = LookupError('a'), LookupError('b')
        for error in (first, second):
            with pytest.raises(LookupError) as caught:
                await bus.invoke(Find(error))
            assert caught.value is error
        assert (await container.get(Trace)).entries == [
            'handler',
            saw('audit', first),
            'handler',
            saw('audit', second),
        ]


@pytest.mark.anyio
async def test_no_wrapper_is_built_without_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Any, ...]] = []
    wrap = bus_module._with_exception_actions  # pyright: ignore[reportPrivateUsage]  # spied on, not changed

    def spy(handle: Any, actions: Any) -> Any:
        built.append(actions)
        return wrap(handle, actions)

    monkeypatch.setattr(bus_module, '_with_exception_actions', spy)
    async with app_with() as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Find()) == 'found'
    assert built == []
    async with app_with(LogLookup) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Find()) == 'found'
        assert await bus.invoke(Find()) == 'found'
    ((only,),) = built  # one wrapper per scope, with the one action, resolved from the scope
    assert only[0] is LookupError


# --- bind_request(..., exception_actions=...) ----------------------------------------------


class NotAnAction:
    async def execute(self, request: Find, error: Exception, /) -> None:
        pass


class AbstractAction(RequestExceptionAction[Find, LookupError]):
    pass


class SyncAction(RequestExceptionAction[Find, LookupError]):
    @override
    def execute(self, request: Find, error: LookupError, /) -> None:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]  # wrong on purpose: not async
        pass


class BareAction(RequestExceptionAction):  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # bare on purpose
    @override
    async def execute(self, request: Any, error: Any, /) -> None:
        pass


class AnyError(RequestExceptionAction[Q, E], Generic[Q, E]):
    """The exception is left open: refused, the bus would not know what to observe."""

    @override
    async def execute(self, request: Q, error: E, /) -> None:
        pass


class BaseExceptionAction(RequestExceptionAction[Find, KeyboardInterrupt]):  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]  # not an Exception on purpose
    @override
    async def execute(self, request: Find, error: KeyboardInterrupt, /) -> None:
        pass


class OtherRequestAction(RequestExceptionAction[Other, LookupError]):
    @override
    async def execute(self, request: Other, error: LookupError, /) -> None:
        pass


class OthersOnly(RequestExceptionAction[Command, LookupError], Generic[Command]):
    @override
    async def execute(self, request: Command, error: LookupError, /) -> None:
        pass


class Rejected(Exception, Generic[R]):  # noqa: N818  # a test double named for what it means
    """A generic exception: ``isinstance`` cannot tell ``Rejected[int]`` from ``Rejected[str]``."""


class OnIntRejected(RequestExceptionAction[Find, Rejected[int]]):
    @override
    async def execute(self, request: Find, error: Rejected[int], /) -> None:
        pass


class OnGroupedLookup(RequestExceptionAction[Find, ExceptionGroup[LookupError]]):
    @override
    async def execute(self, request: Find, error: ExceptionGroup[LookupError], /) -> None:
        pass


class OnAnyRejected(RequestExceptionAction[Find, Rejected[Any]]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def execute(self, request: Find, error: Rejected[Any], /) -> None:
        self.trace(saw('any rejected', error))


class OnBareRejected(RequestExceptionAction[Find, Rejected]):  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # bare on purpose: accepted too
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def execute(self, request: Find, error: Rejected, /) -> None:  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument, reportUnknownParameterType]  # as the base
        self.trace(saw('bare rejected', error))  # pyright: ignore[reportUnknownArgumentType]  # bare on purpose


Detail = TypeVarWithDefault('Detail', default=str)


class Detailed(Exception, Generic[Detail]):  # noqa: N818  # a test double named for what it means
    """A generic exception whose parameter has a default: the bare class is ``Detailed[str]``."""


class OnStrDetailed(RequestExceptionAction[Find, Detailed[str]]):
    @override
    async def execute(self, request: Find, error: Detailed[str], /) -> None:
        pass


class OnIntDetailed(RequestExceptionAction[Find, Detailed[int]]):
    @override
    async def execute(self, request: Find, error: Detailed[int], /) -> None:
        pass


class HostileMeta(ABCMeta):
    armed = False  # armed by the test only: the ABC machinery reads `execute` while creating the class

    @override
    def __getattribute__(cls, name: str) -> Any:
        if name == 'execute' and HostileMeta.armed:
            raise RuntimeError(name)
        return super().__getattribute__(name)


class HostileAction(RequestExceptionAction[Find, LookupError], metaclass=HostileMeta):
    @override
    async def execute(self, request: Find, error: LookupError, /) -> None:
        pass


def bind_unchecked(actions: object, *, extension: MessagingExtension) -> None:
    """Call ``bind_request`` with exception actions the type checkers would reject."""
    bind: Any = extension.bind_request
    bind(Find, FindHandler, exception_actions=actions)


@pytest.mark.parametrize(
    ('actions', 'message'),
    [
        pytest.param(
            LogLookup,
            r'^bind_request\(Find, \.\.\., exception_actions=\.\.\.\) expects a list of exception action '
            rf'classes, got the class {named(LogLookup)}\. Hint: write exception_actions=\[LogLookup\]\.$',
            id='not-a-list',
        ),
        pytest.param(
            None,
            r'^bind_request\(Find, \.\.\., exception_actions=\.\.\.\) expects a list of exception action '
            r'classes, got None\. Hint: write exception_actions=\[<exception action class>, \.\.\.\]\.$',
            id='none',
        ),
        pytest.param(
            [NotAnAction],
            rf'^The class {named(NotAnAction)} is not an exception action\. Hint: inherit '
            r'RequestExceptionAction\[<request>, <exception>\] and implement execute\(\)\.$',
            id='not-an-action',
        ),
        pytest.param(
            [Trace()],
            rf'^An instance of {named(Trace)} is not an exception action\. ',
            id='an-instance',
        ),
        pytest.param(
            [FindHandler],
            rf'^{named(FindHandler)} is a request handler, not an exception action\. '
            r'Hint: bind it with bind_request\(<request class>, FindHandler\)\.$',
            id='a-request-handler',
        ),
        pytest.param(
            [Catching],
            rf'^{named(Catching)} is a pipeline behavior, not an exception action\. '
            r'Hint: pass it as bind_request\(\.\.\., behaviors=\[Catching\]\)\.$',
            id='a-behavior',
        ),
        pytest.param(
            [LookupAsDefault],
            rf'^{named(LookupAsDefault)} is an exception handler, not an exception action\. '
            r'Hint: pass it as bind_request\(\.\.\., exception_handlers=\[LookupAsDefault\]\)\.$',
            id='an-exception-handler',
        ),
        pytest.param(
            [AuditAny[Find]],
            r'^AuditAny\[.*Find\] is a parameterized generic class; the bus builds exception actions '
            r'from the class itself\. Hint: pass the bare class AuditAny: its type variables are solved '
            r'from the request\.$',
            id='parameterized',
        ),
        pytest.param(
            [LogLookup, AuditAny, LogLookup],
            rf'^Exception action {named(LogLookup)} is listed twice in bind_request\(Find, \.\.\., '
            r'exception_actions=\[\.\.\.\]\); it would run twice for each failure\. Hint: list it once\.$',
            id='listed-twice',
        ),
        pytest.param(
            [AbstractAction],
            rf'^{named(AbstractAction)} is abstract \(unimplemented: execute\) and cannot be instantiated\. '
            r'Hint: bind a concrete subclass that implements execute\.$',
            id='abstract',
        ),
        pytest.param(
            [SyncAction],
            rf'^{named(SyncAction)}\.execute\(\) is not an async def method, so the bus cannot await it\. '
            r'Hint: declare it with `async def execute\(\.\.\.\)`',
            id='not-async',
        ),
        pytest.param(
            [BareAction],
            rf'^Exception action {named(BareAction)} must declare the exception it observes as an '
            r'Exception subclass, got nothing\. Hint: inherit RequestExceptionAction\[Find, <exception>\], '
            r'with a class such as LookupError for <exception>\.$',
            id='exception-not-declared',
        ),
        pytest.param(
            [AnyError],
            rf'^Exception action {named(AnyError)} must declare the exception it observes as an Exception '
            r'subclass, got E\.',
            id='exception-is-a-type-variable',
        ),
        pytest.param(
            [BaseExceptionAction],
            rf'^Exception action {named(BaseExceptionAction)} must declare the exception it observes as an '
            r'Exception subclass, got KeyboardInterrupt\.',
            id='exception-is-a-base-exception',
        ),
        pytest.param(
            [OnIntRejected],
            rf'^Exception action {named(OnIntRejected)} declares the parameterized exception type '
            r'Rejected\[int\], but the bus matches exceptions by class: it would observe every Rejected, '
            r'whatever its type arguments\. Hint: declare it as RequestExceptionAction\[Find, '
            r'Rejected\[Any\]\] \(the bare class Rejected is accepted too\), and test what the exception '
            r'holds inside execute\(\)\.$',
            id='exception-with-type-arguments',
        ),
        pytest.param(
            [OnGroupedLookup],
            rf'^Exception action {named(OnGroupedLookup)} declares the parameterized exception type '
            r'ExceptionGroup\[LookupError\], but .* it would observe every ExceptionGroup, ',
            id='exception-group-of-one-type',
        ),
        pytest.param(
            [OnIntDetailed],
            rf'^Exception action {named(OnIntDetailed)} declares the parameterized exception type '
            r'Detailed\[int\], ',
            id='exception-with-other-than-its-default',
        ),
        pytest.param(
            [OtherRequestAction],
            rf'^Exception action {named(OtherRequestAction)} observes Other, not Find\. Hint: make it '
            r'generic in the request \(RequestExceptionAction\[Q, <exception>\]\) or bind it to requests '
            r'of Other\.$',
            id='another-request',
        ),
        pytest.param(
            [OthersOnly],
            rf'^Exception action {named(OthersOnly)} observes Command \(bound to .*Other\), not Find\.',
            id='outside-the-bound',
        ),
    ],
)
def test_bind_request_refuses_exception_actions(actions: object, message: str) -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError, match=message):
        bind_unchecked(actions, extension=extension)
    assert extension.request_bindings == ()


def test_an_execute_that_cannot_be_read_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HostileMeta, 'armed', True)
    with pytest.raises(
        InvalidBindingError, match=rf'^{named(HostileAction)}\.execute\(\) is not an async def'
    ):
        bind_unchecked([HostileAction], extension=MessagingExtension())


def test_an_action_listed_twice_is_refused_with_its_code() -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError) as caught:
        bind_unchecked([LogLookup, LogLookup], extension=extension)
    assert caught.value.code == 'denpo-duplicate-exception-action'
    assert caught.value.name == 'EXCEPTION_ACTION_LISTED_TWICE'
    assert caught.value.subject is LogLookup
    assert dict(caught.value.fields) == {'handler': f'{__name__}.LogLookup', 'request': 'Find'}


def test_an_abstract_action_shares_the_abstract_handler_code() -> None:
    with pytest.raises(InvalidBindingError) as caught:
        bind_unchecked([AbstractAction], extension=MessagingExtension())
    assert caught.value.code == 'denpo-abstract-handler'


@pytest.mark.parametrize(
    ('arguments', 'keywords', 'message'),
    [
        pytest.param(
            (Find, LogLookup),
            {},
            rf'^{named(LogLookup)} is an exception action, not a request handler\. '
            r'Hint: pass it as bind_request\(\.\.\., exception_actions=\[LogLookup\]\)\.$',
            id='as-a-handler',
        ),
        pytest.param(
            (Find, FindHandler),
            {'behaviors': [LogLookup]},
            rf'^{named(LogLookup)} is an exception action, not a pipeline behavior\. ',
            id='as-a-behavior',
        ),
        pytest.param(
            (Find, FindHandler),
            {'exception_handlers': [LogLookup]},
            rf'^{named(LogLookup)} is an exception action, not an exception handler\. '
            r'Hint: pass it as bind_request\(\.\.\., exception_actions=\[LogLookup\]\)\.$',
            id='as-an-exception-handler',
        ),
        pytest.param(
            (LogLookup, FindHandler),
            {},
            rf'^{named(LogLookup)} is an exception action, not a request\. '
            r'Hint: pass it as bind_request\(\.\.\., exception_actions=\[LogLookup\]\)\.$',
            id='as-the-request',
        ),
    ],
)
def test_an_action_is_refused_in_every_other_role(
    arguments: tuple[object, ...], keywords: dict[str, object], message: str
) -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(InvalidBindingError, match=message):
        bind(*arguments, **keywords)


def test_the_binding_records_each_exception_type_in_bind_order() -> None:
    extension = MessagingExtension().bind_request(
        Find, FindHandler, exception_actions=[CountMissing, LogLookup, AuditAny]
    )
    (binding,) = extension.request_bindings
    assert binding.exception_actions == (
        (Missing, CountMissing),
        (LookupError, LogLookup),
        (Exception, AuditAny),
    )
    assert binding.exception_handlers == ()
    assert MessagingExtension().bind_request(Find, FindHandler).request_bindings[0].exception_actions == ()


@pytest.mark.anyio
async def test_a_generic_exception_is_observed_by_its_class_bare_or_with_any() -> None:
    extension = MessagingExtension().bind_request(
        Find, FindHandler, exception_actions=[OnAnyRejected, OnBareRejected]
    )
    assert extension.request_bindings[0].exception_actions == (
        (Rejected, OnAnyRejected),
        (Rejected, OnBareRejected),
    )
    assert MessagingExtension().bind_request(
        Find, FindHandler, exception_actions=[OnStrDetailed]
    ).request_bindings[0].exception_actions == ((Detailed, OnStrDetailed),)
    error = Rejected[str]('text')
    raised, entries = await failing(error, OnAnyRejected, OnBareRejected)
    assert raised == [error, error]
    assert entries == [
        'handler',
        saw('any rejected', error),
        saw('bare rejected', error),
        saw('behavior', error),
    ]


# --- registry and routes -------------------------------------------------------------------


def test_routes_list_exception_actions() -> None:
    registry = registry_of(
        (
            'pkg.A',
            MessagingExtension()
            .bind_request(
                Find,
                FindHandler,
                exception_handlers=[LookupAsDefault],
                exception_actions=[LogLookup, AuditAny],
            )
            .bind_request(Other, OtherHandler),
        )
    )
    table = describe_routes(registry)
    assert table.requests[0] == RequestRoute(
        Find,
        FindHandler,
        (),
        'pkg.A',
        ((LookupError, LookupAsDefault),),
        ((LookupError, LogLookup), (Exception, AuditAny)),
    )
    assert registry.handler_types() == (FindHandler, LookupAsDefault, LogLookup, AuditAny, OtherHandler)
    text = render_table(table)
    assert 'exception handlers' in text
    assert 'exception actions' in text
    lines = text.splitlines()
    find_row = next(line for line in lines if line.startswith('Find '))
    other_row = next(line for line in lines if line.startswith('Other '))
    assert find_row.split() == [
        'Find',
        'FindHandler',
        '-',
        'LookupAsDefault',
        '(LookupError)',
        'LogLookup',
        '(LookupError),',
        'AuditAny',
        '(Exception)',
        'A',
    ]
    assert other_row.split() == ['Other', 'OtherHandler', '-', '-', '-', 'A']
    mermaid = render_mermaid(table)
    assert '-.->|"LookupError (observes)"|' in mermaid
    assert '-.->|"Exception (observes)"|' in mermaid
    assert mermaid.count('(observes)') == 2  # one edge per action


def test_routes_show_actions_without_exception_handlers() -> None:
    registry = registry_of(
        ('pkg.A', MessagingExtension().bind_request(Find, FindHandler, exception_actions=[LogLookup]))
    )
    text = render_table(describe_routes(registry))
    assert 'exception handlers' not in text
    header = text.splitlines()[1].split()
    assert header[-3:] == ['exception', 'actions', 'module']


def test_the_mediatr_name_is_the_same_class() -> None:
    # One class under two names: an action written with either binds, and its role is one.
    assert IRequestExceptionAction is RequestExceptionAction
    assert CountMissing.__mro__[1] is RequestExceptionAction
