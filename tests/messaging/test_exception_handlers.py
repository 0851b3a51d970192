"""Typed exception handling: ``bind_request(..., exception_handlers=[...])``."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo import module
from denpo.messaging import (
    CallNext,
    IMessageBus,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
    RequestRoute,
    describe_routes,
    render_mermaid,
    render_table,
)
from tests.conftest import Boom, Trace, messaging_app, named
from tests.messaging._registry import registry_of

Q = TypeVar('Q')
R = TypeVar('R')
E = TypeVar('E', bound=Exception)


class Missing(KeyError):  # noqa: N818  # a test double named for what it means
    pass


@dataclass(frozen=True, slots=True)
class Find(IRequest[str]):
    error: Exception | None = None


@dataclass(frozen=True, slots=True)
class Other(IRequest[str]):
    pass


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


class LookupAsDefault(RequestExceptionHandler[Find, LookupError, str]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Find, error: LookupError, /) -> str:
        self.trace(f'lookup handler got {type(error).__name__}')
        return 'default'


class MissingAsEmpty(RequestExceptionHandler[Find, Missing, str]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Find, error: Missing, /) -> str:
        self.trace('missing handler')
        return 'empty'


class Reraising(RequestExceptionHandler[Find, ValueError, str]):
    @override
    async def handle(self, request: Find, error: ValueError, /) -> str:
        raise Boom(str(error))


class AnyRequest(RequestExceptionHandler[Q, E, R], Generic[Q, E, R]):
    """Generic in the request and response: the exception is left open too (refused)."""

    @override
    async def handle(self, request: Q, error: E, /) -> R:
        raise error


class Recording(IPipelineBehavior[Q, R], Generic[Q, R]):
    def __init__(self, trace: Trace) -> None:
        super().__init__()
        self.trace = trace

    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        self.trace('behavior before')
        result = await call_next()
        self.trace(f'behavior saw {result!r}')
        return result


def app_with(*handlers: type[RequestExceptionHandler[Find, Any, str]]) -> Any:
    @module(
        extensions=[
            MessagingExtension().bind_request(
                Find, FindHandler, behaviors=[Recording], exception_handlers=handlers
            ),
        ]
    )
    class FindModule:
        pass

    return messaging_app(FindModule)


async def run(
    request: Find, *handlers: type[RequestExceptionHandler[Find, Any, str]]
) -> tuple[str, list[str]]:
    """Invoke ``request`` twice in one scope (first call, then the cached runner)."""
    async with app_with(*handlers) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        trace = await container.get(Trace)
        first = await bus.invoke(request)
        entries = list(trace.entries)
        trace.entries.clear()
        assert await bus.invoke(request) == first
        assert trace.entries == entries
        return first, entries


# --- dispatch ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_happy_path_runs_no_exception_handler() -> None:
    assert await run(Find(), LookupAsDefault) == (
        'found',
        ['behavior before', 'handler', "behavior saw 'found'"],
    )


@pytest.mark.anyio
async def test_a_matching_exception_handler_returns_the_response_the_behaviors_see() -> None:
    assert await run(Find(KeyError('x')), LookupAsDefault) == (
        'default',
        ['behavior before', 'handler', 'lookup handler got KeyError', "behavior saw 'default'"],
    )


@pytest.mark.anyio
async def test_the_first_match_in_bind_order_wins() -> None:
    result, entries = await run(Find(Missing('x')), LookupAsDefault, MissingAsEmpty)
    assert result == 'default'
    assert 'missing handler' not in entries
    result, entries = await run(Find(Missing('x')), MissingAsEmpty, LookupAsDefault)
    assert result == 'empty'
    assert 'lookup handler got Missing' not in entries


@pytest.mark.anyio
async def test_later_handlers_are_tried_when_the_first_does_not_match() -> None:
    result, entries = await run(Find(KeyError('x')), MissingAsEmpty, LookupAsDefault)
    assert (result, entries[-2]) == ('default', 'lookup handler got KeyError')


@pytest.mark.anyio
async def test_no_match_reraises_the_same_exception() -> None:
    error = Boom('no exception handler takes it')
    async with app_with(LookupAsDefault, MissingAsEmpty) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        for _ in range(2):
            with pytest.raises(Boom) as caught:
                await bus.invoke(Find(error))
            assert caught.value is error
        trace = await container.get(Trace)
        assert trace.entries == ['behavior before', 'handler'] * 2


@pytest.mark.anyio
async def test_an_exception_raised_by_an_exception_handler_propagates() -> None:
    error = ValueError('bad')
    async with app_with(Reraising, LookupAsDefault) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        with pytest.raises(Boom, match='bad') as caught:
            await bus.invoke(Find(error))
        assert caught.value.__context__ is error


@pytest.mark.anyio
async def test_exception_handlers_are_per_request() -> None:
    @module(
        extensions=[
            MessagingExtension()
            .bind_request(Find, FindHandler, exception_handlers=[LookupAsDefault])
            .bind_request(Other, OtherHandler),
        ]
    )
    class BothModule:
        pass

    async with messaging_app(BothModule) as app, app.container() as container:
        bus = await container.get(IMessageBus)
        assert await bus.invoke(Other()) == 'other'
        assert await bus.invoke(Find(LookupError())) == 'default'


# --- bind_request(..., exception_handlers=...) ---------------------------------------------


class NotAnExceptionHandler:
    async def handle(self, request: Find, error: Exception, /) -> str:
        return ''


class AbstractExceptionHandler(RequestExceptionHandler[Find, LookupError, str]):
    pass


class SyncExceptionHandler(RequestExceptionHandler[Find, LookupError, str]):
    @override
    def handle(self, request: Find, error: LookupError, /) -> str:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]  # wrong on purpose: not async
        return ''


class BareExceptionHandler(RequestExceptionHandler):  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # bare on purpose
    @override
    async def handle(self, request: Any, error: Any, /) -> Any:
        return ''


class BaseExceptionHandler(RequestExceptionHandler[Find, KeyboardInterrupt, str]):  # type: ignore[type-var]  # pyright: ignore[reportInvalidTypeArguments]  # not an Exception on purpose
    @override
    async def handle(self, request: Find, error: KeyboardInterrupt, /) -> str:
        return ''


class OtherRequestExceptionHandler(RequestExceptionHandler[Other, LookupError, str]):
    @override
    async def handle(self, request: Other, error: LookupError, /) -> str:
        return ''


class IntExceptionHandler(RequestExceptionHandler[Find, LookupError, int]):  # type: ignore[denpo-handler-response]  # wrong on purpose
    @override
    async def handle(self, request: Find, error: LookupError, /) -> int:
        return 0


class Rejected(Exception, Generic[R]):  # noqa: N818  # a test double named for what it means
    """A generic exception: ``except`` cannot tell ``Rejected[int]`` from ``Rejected[str]``."""


class IntRejectedAsText(RequestExceptionHandler[Find, Rejected[int], str]):
    @override
    async def handle(self, request: Find, error: Rejected[int], /) -> str:
        return ''


class GroupedLookupAsText(RequestExceptionHandler[Find, ExceptionGroup[LookupError], str]):
    @override
    async def handle(self, request: Find, error: ExceptionGroup[LookupError], /) -> str:
        return ''


class AnyRejectedAsText(RequestExceptionHandler[Find, Rejected[Any], str]):
    @override
    async def handle(self, request: Find, error: Rejected[Any], /) -> str:
        return f'any: {error}'


class GroupAsText(RequestExceptionHandler[Find, ExceptionGroup, str]):  # bare: ExceptionGroup[Exception]
    @override
    async def handle(self, request: Find, error: ExceptionGroup, /) -> str:
        return f'group of {len(error.exceptions)}'


class AnyGroupAsText(RequestExceptionHandler[Find, ExceptionGroup[Exception], str]):
    """Its parameter's default, which checkers read the bare class as: as good as bare."""

    @override
    async def handle(self, request: Find, error: ExceptionGroup[Exception], /) -> str:
        return ''


def bind_unchecked(handlers: object, *, extension: MessagingExtension) -> None:
    """Call ``bind_request`` with exception handlers the type checkers would reject."""
    bind: Any = extension.bind_request
    bind(Find, FindHandler, exception_handlers=handlers)


@pytest.mark.parametrize(
    ('handlers', 'message'),
    [
        pytest.param(
            LookupAsDefault,
            r'bind_request\(Find, \.\.\., exception_handlers=\.\.\.\) expects a list of exception handler '
            rf'classes, got the class {named(LookupAsDefault)}\. '
            r'Hint: write exception_handlers=\[LookupAsDefault\]',
            id='not-a-list',
        ),
        pytest.param(
            [NotAnExceptionHandler],
            rf'^The class {named(NotAnExceptionHandler)} is not an exception handler\. Hint: inherit '
            r'RequestExceptionHandler\[<request>, <exception>, <response>\] and implement handle\(\)\.$',
            id='not-an-exception-handler',
        ),
        pytest.param(
            [Trace()],
            rf'^An instance of {named(Trace)} is not an exception handler\. ',
            id='an-instance',
        ),
        pytest.param(
            [FindHandler],
            rf'^{named(FindHandler)} is a request handler, not an exception handler\. '
            r'Hint: bind it with bind_request\(<request class>, FindHandler\)\.$',
            id='a-request-handler',
        ),
        pytest.param(
            [Recording],
            rf'^{named(Recording)} is a pipeline behavior, not an exception handler\. '
            r'Hint: pass it as bind_request\(\.\.\., behaviors=\[Recording\]\)\.$',
            id='a-behavior',
        ),
        pytest.param(
            [LookupAsDefault, MissingAsEmpty, LookupAsDefault],
            rf'^Exception handler {named(LookupAsDefault)} is listed twice in bind_request\(Find, \.\.\., '
            r'exception_handlers=\[\.\.\.\]\); only the first could ever run\. Hint: list it once\.$',
            id='listed-twice',
        ),
        pytest.param(
            [AbstractExceptionHandler],
            rf'{named(AbstractExceptionHandler)} is abstract \(unimplemented: handle\)',
            id='abstract',
        ),
        pytest.param(
            [SyncExceptionHandler],
            rf'{named(SyncExceptionHandler)}\.handle\(\) is not an async def method',
            id='not-async',
        ),
        pytest.param(
            [BareExceptionHandler],
            rf'{named(BareExceptionHandler)} must declare the exception it handles as an Exception '
            r'subclass, got nothing\. Hint: inherit RequestExceptionHandler\[Find, <exception>, '
            r'<response>\], with a class such as LookupError for <exception>\.',
            id='exception-not-declared',
        ),
        pytest.param(
            [AnyRequest],
            rf'{named(AnyRequest)} must declare the exception it handles as an Exception subclass, got E\.',
            id='exception-is-a-type-variable',
        ),
        pytest.param(
            [BaseExceptionHandler],
            rf'{named(BaseExceptionHandler)} must declare the exception it handles as an Exception subclass, '
            r'got KeyboardInterrupt\.',
            id='exception-is-a-base-exception',
        ),
        pytest.param(
            [IntRejectedAsText],
            rf'^Exception handler {named(IntRejectedAsText)} declares the parameterized exception type '
            r'Rejected\[int\], but the bus catches exceptions by class: it would handle every Rejected, '
            r'whatever its type arguments\. Hint: declare it as RequestExceptionHandler\[Find, '
            r'Rejected\[Any\], <response>\] \(the bare class Rejected is accepted too\), and test what '
            r'the exception holds inside handle\(\)\.$',
            id='exception-with-type-arguments',
        ),
        pytest.param(
            [GroupedLookupAsText],
            rf'^Exception handler {named(GroupedLookupAsText)} declares the parameterized exception type '
            r'ExceptionGroup\[LookupError\], but .* it would handle every ExceptionGroup, ',
            id='exception-group-of-one-type',
        ),
        pytest.param(
            [OtherRequestExceptionHandler],
            rf'{named(OtherRequestExceptionHandler)} handles Other, not Find\. '
            r'Hint: make it generic in the request \(RequestExceptionHandler\[Q, <exception>, R\]\) or bind '
            r'it to requests of Other\.',
            id='another-request',
        ),
        pytest.param(
            [IntExceptionHandler],
            rf'{named(IntExceptionHandler)} returns int, but Find promises str \(IRequest\[str\]\)\. '
            r'Hint: return str or a subtype from the exception handler',
            id='response-mismatch',
        ),
    ],
)
def test_bind_request_refuses_exception_handlers(handlers: object, message: str) -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError, match=message):
        bind_unchecked(handlers, extension=extension)
    assert extension.request_bindings == ()


def test_an_exception_handler_listed_twice_is_refused_with_its_code() -> None:
    extension = MessagingExtension()
    with pytest.raises(InvalidBindingError) as caught:
        bind_unchecked([LookupAsDefault, LookupAsDefault], extension=extension)
    assert caught.value.code == 'denpo-duplicate-exception-handler'
    assert caught.value.name == 'EXCEPTION_HANDLER_LISTED_TWICE'
    assert caught.value.subject is LookupAsDefault
    assert dict(caught.value.fields) == {'handler': f'{__name__}.LookupAsDefault', 'request': 'Find'}


def test_an_exception_handler_is_not_a_request_handler() -> None:
    bind: Any = MessagingExtension().bind_request
    message = (
        rf'{named(LookupAsDefault)} is an exception handler, not a request handler\. '
        r'Hint: pass it as bind_request\(\.\.\., exception_handlers=\[LookupAsDefault\]\)'
    )
    with pytest.raises(InvalidBindingError, match=message):
        bind(Find, LookupAsDefault)


def test_the_binding_records_each_exception_type_once() -> None:
    extension = MessagingExtension().bind_request(
        Find, FindHandler, exception_handlers=[MissingAsEmpty, LookupAsDefault]
    )
    (binding,) = extension.request_bindings
    assert binding.exception_handlers == ((Missing, MissingAsEmpty), (LookupError, LookupAsDefault))


@pytest.mark.anyio
async def test_a_generic_exception_is_caught_by_its_class_bare_or_with_any() -> None:
    extension = MessagingExtension().bind_request(
        Find, FindHandler, exception_handlers=[AnyRejectedAsText, GroupAsText]
    )
    assert extension.request_bindings[0].exception_handlers == (
        (Rejected, AnyRejectedAsText),
        (ExceptionGroup, GroupAsText),
    )
    assert await run(Find(Rejected[str]('text')), AnyRejectedAsText, GroupAsText) == (
        'any: text',
        ['behavior before', 'handler', "behavior saw 'any: text'"],
    )
    group = ExceptionGroup('two', [KeyError('a'), ValueError('b')])
    assert (await run(Find(group), AnyRejectedAsText, GroupAsText))[0] == 'group of 2'
    assert MessagingExtension().bind_request(
        Find, FindHandler, exception_handlers=[AnyGroupAsText]
    ).request_bindings[0].exception_handlers == ((ExceptionGroup, AnyGroupAsText),)


# --- registry and routes -------------------------------------------------------------------


def test_routes_list_exception_handlers() -> None:
    registry = registry_of(
        (
            'pkg.A',
            MessagingExtension()
            .bind_request(Find, FindHandler, behaviors=[Recording], exception_handlers=[LookupAsDefault])
            .bind_request(Other, OtherHandler),
        )
    )
    table = describe_routes(registry)
    assert table.requests[0] == RequestRoute(
        Find, FindHandler, (Recording,), 'pkg.A', ((LookupError, LookupAsDefault),)
    )
    assert registry.handler_types() == (Recording, FindHandler, LookupAsDefault, OtherHandler)
    assert render_table(table) == (
        'Requests (2)\n'
        'request  handler       behaviors (outermost first)  exception handlers             module\n'
        '-------  ------------  ---------------------------  -----------------------------  ------\n'
        'Find     FindHandler   Recording                    LookupAsDefault (LookupError)  A\n'
        'Other    OtherHandler  -                            -                              A\n'
        '\n'
        'Events (0)\n'
        '(none)'
    )
    assert render_mermaid(table) == (
        'flowchart LR\n'
        '    subgraph m0["A"]\n'
        '        h0["FindHandler"]\n'
        '        h1["LookupAsDefault"]\n'
        '        h2["OtherHandler"]\n'
        '    end\n'
        '    r0(["Find"]) -->|"Recording"| h0\n'
        '    h0 -.->|"LookupError"| h1\n'
        '    r1(["Other"]) --> h2'
    )
