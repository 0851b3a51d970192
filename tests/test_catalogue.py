"""One test of agreement: every catalogue entry, triggered at runtime and through mypy, reads the same.

Each case is a small program: the shared vocabulary below, then a few lines whose line marked
``# <-`` makes one binding mistake. The program is imported (the runtime raises at that line)
and type-checked with the plugin (mypy reports at that line). Both must give the entry's code
and the same text once module paths are taken out of the names (the runtime names classes by
qualified name, mypy by the name it shows). Every other line of a case must check clean.
"""

import importlib.util
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from denpo import _catalogue
from denpo.exceptions import DenpoError
from denpo.messaging import IMessageBus, InvalidBindingError
from tests.conftest import messaging_app
from tests.plugin.conftest import Diagnostic, run_mypy, write_files

PRELUDE = """\
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from typing_extensions import override

from denpo.messaging import (
    EventHandler,
    IEvent,
    IPipelineBehavior,
    IRequest,
    IRequestHandler,
    IStreamPipelineBehavior,
    IStreamRequest,
    MessagingExtension,
    RequestExceptionAction,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
    StreamNext,
    CallNext,
)

Q = TypeVar('Q')
R = TypeVar('R')
T = TypeVar('T')


class Confirmation: ...


class Shape: ...


class Circle(Shape): ...


class PlaceOrder(IRequest[Confirmation]): ...


class CancelOrder(IRequest[Confirmation]): ...


class GetById(IRequest[T], Generic[T]): ...


class Circles(IStreamRequest[Circle]): ...


class OrderPlaced(IEvent): ...


class OrderCancelled(IEvent): ...


class PlaceOrderHandler(RequestHandler[PlaceOrder, Confirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> Confirmation:
        return Confirmation()


class CancelOrderHandler(RequestHandler[CancelOrder, Confirmation]):
    @override
    async def handle(self, request: CancelOrder, /) -> Confirmation:
        return Confirmation()


class CirclesHandler(StreamRequestHandler[Circles, Circle]):
    @override
    async def handle(self, request: Circles, /) -> AsyncIterator[Circle]:
        yield Circle()


class SendEmail(EventHandler[OrderPlaced]):
    @override
    async def handle(self, event: OrderPlaced, /) -> None:
        pass


class RefundPayment(EventHandler[OrderCancelled]):
    @override
    async def handle(self, event: OrderCancelled, /) -> None:
        pass


class Logging(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class Tap(IStreamPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: StreamNext[R]) -> AsyncIterator[R]:
        async for item in call_next():
            yield item


class Fallback(RequestExceptionHandler[PlaceOrder, LookupError, Confirmation]):
    @override
    async def handle(self, request: PlaceOrder, error: LookupError, /) -> Confirmation:
        return Confirmation()


class LogFailure(RequestExceptionAction[PlaceOrder, LookupError]):
    @override
    async def execute(self, request: PlaceOrder, error: LookupError, /) -> None:
        pass


ext = MessagingExtension()
"""


@dataclass(frozen=True)
class Case:
    entry: _catalogue.Mistake
    source: str
    id: str

    @property
    def module(self) -> str:
        return f'case_{self.id.replace("-", "_")}'

    @property
    def program(self) -> str:
        return PRELUDE + '\n' + textwrap.dedent(self.source)

    @property
    def marked_line(self) -> int:
        lines = self.program.splitlines()
        (line,) = [number for number, text in enumerate(lines, start=1) if text.endswith('# <-')]
        return line

    @property
    def reported_line(self) -> int:
        """Where mypy reports: the line marked ``# <- class`` for a mistake in a class statement
        (the runtime sees it at binding, the marked line), else the marked line."""
        lines = self.program.splitlines()
        found = [number for number, text in enumerate(lines, start=1) if text.endswith('# <- class')]
        return found[0] if found else self.marked_line


def case(entry: _catalogue.Mistake, source: str, suffix: str = '') -> Case:
    return Case(entry, source, entry.name.lower().replace('_', '-') + suffix)


CASES = [
    case(_catalogue.MESSAGE_NOT_A_CLASS, 'ext.bind_request(PlaceOrder(), PlaceOrderHandler)  # <-'),
    case(
        _catalogue.MESSAGE_NOT_INHERITED,
        """
        class Thing: ...
        ext.bind_request(Thing, PlaceOrderHandler)  # <-
        """,
    ),
    case(_catalogue.MESSAGE_NOT_INHERITED, 'ext.bind_event(Confirmation, [SendEmail])  # <-', '-event'),
    case(
        _catalogue.MESSAGE_NOT_INHERITED,
        'ext.bind_request(list[int], PlaceOrderHandler)  # <-',
        '-parameterized',
    ),
    case(_catalogue.MESSAGE_OTHER_KIND, 'ext.bind_stream(PlaceOrder, CirclesHandler)  # <-'),
    case(_catalogue.MESSAGE_OTHER_KIND, 'ext.bind_request(Circles, PlaceOrderHandler)  # <-', '-stream'),
    case(_catalogue.MESSAGE_OTHER_KIND, 'ext.bind_request(OrderPlaced, PlaceOrderHandler)  # <-', '-event'),
    case(_catalogue.MESSAGE_OTHER_KIND, 'ext.bind_event(PlaceOrder, [SendEmail])  # <-', '-to-bind-event'),
    case(
        _catalogue.MESSAGE_OTHER_KIND, 'ext.bind_stream(OrderPlaced, CirclesHandler)  # <-', '-to-bind-stream'
    ),
    case(
        _catalogue.MESSAGE_OTHER_KIND,
        """
        class Page(IStreamRequest[T], Generic[T]): ...
        ext.bind_request(Page[int], PlaceOrderHandler)  # <-
        """,
        '-parameterized',
    ),
    case(_catalogue.MESSAGE_IS_A_HANDLER, 'ext.bind_request(PlaceOrderHandler, PlaceOrder)  # <-'),
    case(_catalogue.MESSAGE_IS_A_HANDLER, 'ext.bind_event(SendEmail, [OrderPlaced])  # <-', '-event'),
    case(_catalogue.MESSAGE_IS_A_HANDLER, 'ext.bind_stream(CirclesHandler, Circles)  # <-', '-stream'),
    case(_catalogue.MESSAGE_IS_A_HANDLER, 'ext.bind_request(Logging, PlaceOrderHandler)  # <-', '-behavior'),
    case(
        _catalogue.MESSAGE_IS_A_HANDLER, 'ext.bind_request(SendEmail, PlaceOrderHandler)  # <-', '-other-role'
    ),
    case(
        _catalogue.MESSAGE_BOTH_KINDS,
        """
        class Both(IRequest[int], IStreamRequest[int]): ...
        ext.bind_request(Both, PlaceOrderHandler)  # <-
        """,
    ),
    case(
        _catalogue.PARAMETERIZED_MESSAGE,
        """
        class ById(RequestHandler[GetById[T], T], Generic[T]):
            @override
            async def handle(self, request: GetById[T], /) -> T:
                raise NotImplementedError
        ext.bind_request(GetById[int], ById)  # <-
        """,
    ),
    case(
        _catalogue.REDECLARED_PROMISE,
        """
        class Express(Confirmation): ...
        class PlaceExpress(PlaceOrder, IRequest[Express]): ...  # <- class
        ext.bind_request(PlaceExpress, PlaceOrderHandler)  # <-
        """,
    ),
    case(
        _catalogue.REDECLARED_PROMISE,
        """
        class AnyShapes(Circles, IStreamRequest[Shape]): ...  # <- class
        ext.bind_stream(AnyShapes, CirclesHandler)  # <-
        """,
        '-stream',
    ),
    case(_catalogue.HANDLER_NOT_A_CLASS, 'ext.bind_request(PlaceOrder, PlaceOrderHandler())  # <-'),
    case(_catalogue.HANDLER_WRONG_ROLE, 'ext.bind_request(PlaceOrder, SendEmail)  # <-'),
    case(_catalogue.HANDLER_WRONG_ROLE, 'ext.bind_event(OrderPlaced, [PlaceOrderHandler])  # <-', '-event'),
    case(_catalogue.HANDLER_WRONG_ROLE, 'ext.bind_stream(Circles, PlaceOrderHandler)  # <-', '-stream'),
    case(
        _catalogue.HANDLER_WITHOUT_HANDLE,
        """
        class NoHandle: ...
        ext.bind_request(PlaceOrder, NoHandle)  # <-
        """,
    ),
    case(
        _catalogue.PARAMETERIZED_HANDLER,
        """
        class Confirm(RequestHandler[Q, Confirmation], Generic[Q]):
            @override
            async def handle(self, request: Q, /) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, Confirm[PlaceOrder])  # <-
        """,
    ),
    case(
        _catalogue.PARAMETERIZED_HANDLER,
        """
        E = TypeVar('E', bound=IEvent)
        class Audit(EventHandler[E], Generic[E]):
            @override
            async def handle(self, event: E, /) -> None:
                pass
        ext.bind_event(OrderPlaced, [SendEmail, Audit[OrderPlaced]])  # <-
        """,
        '-event',
    ),
    case(
        _catalogue.PARAMETERIZED_HANDLER,
        """
        class Repeat(StreamRequestHandler[Q, Circle], Generic[Q]):
            @override
            async def handle(self, request: Q, /) -> AsyncIterator[Circle]:
                yield Circle()
        ext.bind_stream(Circles, Repeat[Circles])  # <-
        """,
        '-stream',
    ),
    case(
        _catalogue.HANDLE_NOT_AWAITABLE,
        """
        class Blocking:
            def handle(self, request: PlaceOrder, /) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, Blocking)  # <-
        """,
    ),
    case(
        _catalogue.HANDLE_NOT_ASYNC_GENERATOR,
        """
        class Returns:
            async def handle(self, request: Circles, /) -> list[Circle]:
                return [Circle()]
        ext.bind_stream(Circles, Returns)  # <-
        """,
    ),
    case(
        _catalogue.PROTOCOL_CLASS,
        """
        class PlaceOrderProtocol(IRequestHandler[PlaceOrder, Confirmation], Protocol):
            async def handle(self, request: PlaceOrder, /) -> Confirmation: ...
        ext.bind_request(PlaceOrder, PlaceOrderProtocol)  # <-
        """,
    ),
    case(
        _catalogue.ABSTRACT_CLASS,
        """
        class Unfinished(RequestHandler[PlaceOrder, Confirmation]): ...
        ext.bind_request(PlaceOrder, Unfinished)  # <-
        """,
    ),
    case(
        _catalogue.ABSTRACT_CLASS,
        """
        from abc import abstractmethod
        class Half(Logging[Q, R], Generic[Q, R]):
            @abstractmethod
            def audit(self) -> None: ...
            @abstractmethod
            def close(self) -> None: ...
        ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Half])  # <-
        """,
        '-two-members',
    ),
    case(_catalogue.REQUEST_MISMATCH, 'ext.bind_request(PlaceOrder, CancelOrderHandler)  # <-'),
    case(
        _catalogue.RESPONSE_MISMATCH,
        """
        class Counts(RequestHandler[PlaceOrder, int]):  # type: ignore[denpo-handler-response]
            @override
            async def handle(self, request: PlaceOrder, /) -> int:
                return 1
        ext.bind_request(PlaceOrder, Counts)  # <-
        """,
    ),
    case(
        _catalogue.RESPONSE_MISMATCH,
        """
        class Squares(StreamRequestHandler[Circles, Shape]):  # type: ignore[denpo-handler-response]
            @override
            async def handle(self, request: Circles, /) -> AsyncIterator[Shape]:
                yield Shape()
        ext.bind_stream(Circles, Squares)  # <-
        """,
        '-stream',
    ),
    case(_catalogue.EVENT_MISMATCH, 'ext.bind_event(OrderPlaced, [RefundPayment])  # <-'),
    case(_catalogue.EVENT_HANDLERS_NOT_A_LIST, 'ext.bind_event(OrderPlaced, SendEmail)  # <-'),
    case(_catalogue.NO_EVENT_HANDLERS, 'ext.bind_event(OrderPlaced, [])  # <-'),
    case(_catalogue.EVENT_HANDLER_LISTED_TWICE, 'ext.bind_event(OrderPlaced, [SendEmail, SendEmail])  # <-'),
    case(
        _catalogue.BEHAVIORS_NOT_A_LIST,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=Logging)  # <-',
    ),
    case(
        _catalogue.BEHAVIOR_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[PlaceOrderHandler])  # <-',
    ),
    case(
        _catalogue.BEHAVIOR_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Tap])  # <-',
        '-stream-behavior',
    ),
    case(
        _catalogue.BEHAVIOR_WRONG_ROLE,
        'ext.bind_stream(Circles, CirclesHandler, behaviors=[Logging])  # <-',
        '-in-a-stream',
    ),
    case(
        _catalogue.BEHAVIOR_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Fallback])  # <-',
        '-exception-handler',
    ),
    case(
        _catalogue.NOT_A_BEHAVIOR,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Confirmation])  # <-',
    ),
    case(
        _catalogue.NOT_A_BEHAVIOR,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging()])  # <-',
        '-instance',
    ),
    case(
        _catalogue.PARAMETERIZED_BEHAVIOR,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging[PlaceOrder, Any]])  # <-',
    ),
    case(
        _catalogue.PARAMETERIZED_BEHAVIOR,
        'ext.bind_stream(Circles, CirclesHandler, behaviors=[Tap[Circles, Circle]])  # <-',
        '-stream',
    ),
    case(
        _catalogue.PARAMETERIZED_BEHAVIOR,
        """
        from denpo.messaging import MessagingConfig, MessagingModule
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging[Any, Any]]))  # <-
        """,
        '-global',
    ),
    case(
        _catalogue.BEHAVIOR_REQUEST_MISMATCH,
        """
        class CancelOnly(IPipelineBehavior[CancelOrder, Confirmation]):
            @override
            async def handle(
                self, request: CancelOrder, /, call_next: CallNext[Confirmation]
            ) -> Confirmation:
                return await call_next()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[CancelOnly])  # <-
        """,
    ),
    case(
        _catalogue.BEHAVIOR_RESPONSE_MISMATCH,
        """
        class Counting(IPipelineBehavior[Q, int], Generic[Q]):
            @override
            async def handle(self, request: Q, /, call_next: CallNext[int]) -> int:
                return await call_next()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Counting])  # <-
        """,
    ),
    case(
        _catalogue.REQUEST_MISMATCH,
        """
        Sized = TypeVar('Sized', bound=Shape)
        class ShapeHandler(RequestHandler[Sized, Confirmation], Generic[Sized]):
            @override
            async def handle(self, request: Sized, /) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, ShapeHandler)  # <-
        """,
        '-bound',
    ),
    case(
        _catalogue.EVENT_MISMATCH,
        """
        Either = TypeVar('Either', OrderCancelled, Shape)
        class OnEither(EventHandler[Either], Generic[Either]):
            @override
            async def handle(self, event: Either, /) -> None: ...
        ext.bind_event(OrderPlaced, [OnEither])  # <-
        """,
        '-constrained',
    ),
    case(
        _catalogue.BEHAVIOR_RESPONSE_MISMATCH,
        """
        Round = TypeVar('Round', bound=Circle)
        class KeepRound(IPipelineBehavior[Q, Round], Generic[Q, Round]):
            @override
            async def handle(self, request: Q, /, call_next: CallNext[Round]) -> Round:
                return await call_next()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[KeepRound])  # <-
        """,
        '-bound',
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_REQUEST_MISMATCH,
        """
        Cancel = TypeVar('Cancel', bound=CancelOrder)
        class CancelFallback(RequestExceptionHandler[Cancel, LookupError, R], Generic[Cancel, R]):
            @override
            async def handle(self, request: Cancel, error: LookupError, /) -> R:
                raise error
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[CancelFallback])  # <-
        """,
        '-bound',
    ),
    case(
        _catalogue.GLOBAL_BEHAVIOR_NOT_GENERIC,
        """
        from denpo.messaging import MessagingConfig, MessagingModule
        class CancelOnly(IPipelineBehavior[CancelOrder, Confirmation]):
            @override
            async def handle(
                self, request: CancelOrder, /, call_next: CallNext[Confirmation]
            ) -> Confirmation:
                return await call_next()
        MessagingModule.register(MessagingConfig(pipeline_behaviors=[Logging, CancelOnly]))  # <-
        """,
    ),
    case(
        _catalogue.GLOBAL_BEHAVIOR_NOT_GENERIC,
        """
        from denpo.messaging import MessagingConfig, MessagingModule
        class IntItems(IStreamPipelineBehavior[Q, int], Generic[Q]):
            @override
            async def handle(self, request: Q, /, call_next: StreamNext[int]) -> AsyncIterator[int]:
                async for item in call_next():
                    yield item
        MessagingModule.register(MessagingConfig(stream_behaviors=[Tap, IntItems]))  # <-
        """,
        '-stream',
    ),
    case(
        _catalogue.BEHAVIOR_LISTED_TWICE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging, Logging])  # <-',
    ),
    case(
        _catalogue.EXCEPTION_HANDLERS_NOT_A_LIST,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=Fallback)  # <-',
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[PlaceOrderHandler])  # <-',
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Logging])  # <-',
        '-behavior',
    ),
    case(
        _catalogue.NOT_AN_EXCEPTION_HANDLER,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Confirmation])  # <-',
    ),
    case(
        _catalogue.PARAMETERIZED_EXCEPTION_HANDLER,
        """
        class Retry(RequestExceptionHandler[Q, LookupError, R], Generic[Q, R]):
            @override
            async def handle(self, request: Q, error: LookupError, /) -> R:
                raise error
        ext.bind_request(
            PlaceOrder, PlaceOrderHandler, exception_handlers=[Retry[PlaceOrder, Confirmation]]  # <-
        )
        """,
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_LISTED_TWICE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Fallback, Fallback])  # <-',
    ),
    case(
        _catalogue.EXCEPTION_TYPE_NOT_A_CLASS,
        """
        Base = RequestExceptionHandler[PlaceOrder, KeyboardInterrupt, Confirmation]  # type: ignore[type-var]
        class Interrupted(Base):
            @override
            async def handle(self, request: PlaceOrder, error: KeyboardInterrupt, /) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Interrupted])  # <-
        """,
    ),
    case(
        _catalogue.PARAMETERIZED_EXCEPTION_TYPE,
        """
        class Grouped(RequestExceptionHandler[PlaceOrder, ExceptionGroup[LookupError], Confirmation]):
            @override
            async def handle(
                self, request: PlaceOrder, error: ExceptionGroup[LookupError], /
            ) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Grouped])  # <-
        """,
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_REQUEST_MISMATCH,
        """
        class OnCancel(RequestExceptionHandler[CancelOrder, LookupError, Confirmation]):
            @override
            async def handle(self, request: CancelOrder, error: LookupError, /) -> Confirmation:
                return Confirmation()
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[OnCancel])  # <-
        """,
    ),
    case(
        _catalogue.EXCEPTION_HANDLER_RESPONSE_MISMATCH,
        """
        Base = RequestExceptionHandler[PlaceOrder, LookupError, int]
        class Zero(Base):  # type: ignore[denpo-handler-response]
            @override
            async def handle(self, request: PlaceOrder, error: LookupError, /) -> int:
                return 0
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[Zero])  # <-
        """,
    ),
    case(
        _catalogue.EXCEPTION_ACTIONS_NOT_A_LIST,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=LogFailure)  # <-',
    ),
    case(
        _catalogue.EXCEPTION_ACTION_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Fallback])  # <-',
    ),
    case(
        _catalogue.EXCEPTION_ACTION_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Logging])  # <-',
        '-behavior',
    ),
    case(
        _catalogue.HANDLER_WRONG_ROLE,
        'ext.bind_request(PlaceOrder, LogFailure)  # <-',
        '-exception-action',
    ),
    case(
        _catalogue.NOT_AN_EXCEPTION_ACTION,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Confirmation])  # <-',
    ),
    case(
        _catalogue.PARAMETERIZED_EXCEPTION_ACTION,
        """
        class Audit(RequestExceptionAction[Q, Exception], Generic[Q]):
            @override
            async def execute(self, request: Q, error: Exception, /) -> None:
                pass
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Audit[PlaceOrder]])  # <-
        """,
    ),
    case(
        _catalogue.ABSTRACT_CLASS,
        """
        class Unfinished(RequestExceptionAction[PlaceOrder, LookupError]): ...
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Unfinished])  # <-
        """,
        '-exception-action',
    ),
    case(
        _catalogue.EXECUTE_NOT_AWAITABLE,
        """
        from collections.abc import Awaitable
        class Blocking(RequestExceptionAction[PlaceOrder, LookupError]):
            def execute(self, request: PlaceOrder, error: LookupError, /) -> Awaitable[None]:
                raise error
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Blocking])  # <-
        """,
    ),
    case(
        _catalogue.ACTION_EXCEPTION_TYPE_NOT_A_CLASS,
        """
        Base = RequestExceptionAction[PlaceOrder, KeyboardInterrupt]  # type: ignore[type-var]
        class Interrupted(Base):
            @override
            async def execute(self, request: PlaceOrder, error: KeyboardInterrupt, /) -> None:
                pass
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[Interrupted])  # <-
        """,
    ),
    case(
        _catalogue.ACTION_PARAMETERIZED_EXCEPTION_TYPE,
        """
        class Rejected(Exception, Generic[T]): ...
        class OnIntRejected(RequestExceptionAction[PlaceOrder, Rejected[int]]):
            @override
            async def execute(self, request: PlaceOrder, error: Rejected[int], /) -> None:
                pass
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[OnIntRejected])  # <-
        """,
    ),
    case(
        _catalogue.EXCEPTION_ACTION_REQUEST_MISMATCH,
        """
        class OnCancel(RequestExceptionAction[CancelOrder, LookupError]):
            @override
            async def execute(self, request: CancelOrder, error: LookupError, /) -> None:
                pass
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[OnCancel])  # <-
        """,
    ),
    case(
        _catalogue.EXCEPTION_ACTION_REQUEST_MISMATCH,
        """
        Cancel = TypeVar('Cancel', bound=CancelOrder)
        class CancelAudit(RequestExceptionAction[Cancel, LookupError], Generic[Cancel]):
            @override
            async def execute(self, request: Cancel, error: LookupError, /) -> None:
                pass
        ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[CancelAudit])  # <-
        """,
        '-bound',
    ),
    case(
        _catalogue.EXCEPTION_ACTION_LISTED_TWICE,
        'ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_actions=[LogFailure, LogFailure])  # <-',
    ),
    case(
        _catalogue.REQUEST_BOUND_TWICE,
        """
        class OtherHandler(RequestHandler[PlaceOrder, Confirmation]):
            @override
            async def handle(self, request: PlaceOrder, /) -> Confirmation:
                return Confirmation()
        MessagingExtension().bind_request(PlaceOrder, PlaceOrderHandler).bind_request(
            PlaceOrder, OtherHandler  # <-
        )
        """,
    ),
    case(
        _catalogue.REQUEST_BOUND_TWICE,
        """
        MessagingExtension().bind_stream(Circles, CirclesHandler).bind_stream(
            Circles, CirclesHandler  # <-
        )
        """,
        '-stream',
    ),
]

DISPATCH_CASES = [
    case(
        entry,
        f"""
        from denpo.messaging import IMessageBus
        async def run(bus: IMessageBus) -> None:
            {call}  # <-
        """,
        suffix,
    )
    for entry, call, suffix in [
        (_catalogue.DISPATCH_OTHER_KIND, 'await bus.invoke(OrderPlaced())', ''),
        (_catalogue.DISPATCH_OTHER_KIND, 'await bus.publish(PlaceOrder())', '-request'),
        (_catalogue.DISPATCH_OTHER_KIND, 'await anext(bus.stream(OrderCancelled()))', '-to-stream'),
        (_catalogue.DISPATCH_A_CLASS, 'await bus.invoke(PlaceOrder)', ''),
        (_catalogue.DISPATCH_A_CLASS, 'await bus.invoke(GetById[int])', '-parameterized'),
        (_catalogue.DISPATCH_NOT_A_MESSAGE, 'await bus.invoke(Confirmation())', ''),
        (_catalogue.DISPATCH_NOT_A_MESSAGE, 'await bus.publish(None)', '-none'),
        (_catalogue.DISPATCH_NOT_A_MESSAGE, 'await anext(bus.stream(Shape))', '-class'),
    ]
]
"""The bus calls given the wrong argument: the runtime raises a ``TypeError`` when the call runs
(a stream on its first item), the plugin reports ``denpo-wrong-message``."""

ONE_SIDED = {
    _catalogue.HANDLER_RESPONSE.name: 'a handler class is checked where it is defined, which only the plugin '
    'sees; the runtime reports the same response at binding (RESPONSE_MISMATCH)',
    _catalogue.EVENT_HANDLER_BOUND_TWICE.name: 'bindings in two modules: the plugin checks one call chain at '
    'a time and keeps no state across modules',
}

_MODULE_PATH = re.compile(r'\b(?:[a-z_][a-z0-9_]*\.)+(?=[A-Za-z_])')


def normalised(text: str) -> str:
    """The text with module paths taken out of names: ``case_x.PlaceOrder`` becomes ``PlaceOrder``."""
    return _MODULE_PATH.sub('', text)


@pytest.fixture(scope='module')
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp('catalogue')
    write_files(path, {f'{item.module}.py': item.program for item in (*CASES, *DISPATCH_CASES)})
    return path


@pytest.fixture(scope='module')
def mypy_errors(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Diagnostic]]:
    root = Path(__file__).resolve().parents[1]
    run = run_mypy(
        folder,
        [f'{item.module}.py' for item in (*CASES, *DISPATCH_CASES)],
        cache=tmp_path_factory.mktemp('cache'),
        mypy_path=[root / 'src', root / 'mypy_plugin'],
    )
    assert not run.crashed, run.stdout + run.stderr
    errors: dict[str, list[Diagnostic]] = {item.module: [] for item in (*CASES, *DISPATCH_CASES)}
    for diagnostic in run.diagnostics:
        if diagnostic.severity == 'error':
            errors[Path(diagnostic.path).stem].append(diagnostic)
    return errors


def runtime_error(folder: Path, item: Case) -> DenpoError:
    spec = importlib.util.spec_from_file_location(item.module, folder / f'{item.module}.py')
    assert spec is not None
    assert spec.loader is not None
    program = importlib.util.module_from_spec(spec)
    sys.modules[item.module] = program  # dataclasses and typing look the module up while it runs
    try:
        with pytest.raises(DenpoError) as caught:
            spec.loader.exec_module(program)
    finally:
        del sys.modules[item.module]
    frames = [frame for frame in caught.traceback if Path(str(frame.path)).stem == item.module]
    assert frames[-1].lineno + 1 == item.marked_line or _in_call(item, frames[-1].lineno + 1)
    return caught.value


def _in_call(item: Case, line: int) -> bool:
    """Whether ``line`` starts the call that spans the marked line."""
    return line < item.marked_line and item.program.splitlines()[line - 1].rstrip().endswith('(')


def test_every_entry_has_a_case_or_a_reason() -> None:
    covered = {item.entry.name for item in (*CASES, *DISPATCH_CASES)}
    assert covered.isdisjoint(ONE_SIDED)
    assert covered | set(ONE_SIDED) == {mistake.name for mistake in _catalogue.ALL_MISTAKES}


@pytest.mark.parametrize('item', CASES, ids=[item.id for item in CASES])
def test_the_runtime_and_the_plugin_agree(
    item: Case, folder: Path, mypy_errors: dict[str, list[Diagnostic]]
) -> None:
    error = runtime_error(folder, item)
    if isinstance(error, InvalidBindingError):
        assert error.name == item.entry.name
        code = error.code
    else:  # a duplicate binding: its own exception class, with the entry's code
        code = str(getattr(error, 'code', None))
        assert code == item.entry.code
    reported = mypy_errors[item.module]
    assert [(diagnostic.line, diagnostic.code) for diagnostic in reported] == [(item.reported_line, code)]
    (diagnostic,) = reported
    text = diagnostic.message.removesuffix(f'  [{code}]')
    assert normalised(text) == normalised(str(error))
    assert text[0].isupper() or item.entry.opens_with_code


@pytest.mark.anyio
@pytest.mark.parametrize('item', DISPATCH_CASES, ids=[item.id for item in DISPATCH_CASES])
async def test_the_bus_and_the_plugin_agree(
    item: Case, folder: Path, mypy_errors: dict[str, list[Diagnostic]]
) -> None:
    spec = importlib.util.spec_from_file_location(item.module, folder / f'{item.module}.py')
    assert spec is not None
    assert spec.loader is not None
    program = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(program)
    app = messaging_app()
    async with app, app.container() as container:
        with pytest.raises(TypeError) as caught:
            await program.run(await container.get(IMessageBus))
    frames = [frame for frame in caught.traceback if Path(str(frame.path)).stem == item.module]
    assert frames[-1].lineno + 1 == item.marked_line
    code, reported = item.entry.code, mypy_errors[item.module]
    assert [(diagnostic.line, diagnostic.code) for diagnostic in reported] == [(item.marked_line, code)]
    (diagnostic,) = reported
    text = diagnostic.message.removesuffix(f'  [{code}]')
    assert normalised(text) == normalised(str(caught.value))


def test_a_message_starts_with_a_capital_unless_it_opens_with_code() -> None:
    request = _catalogue.REQUEST
    rendered = _catalogue.NOT_A_BEHAVIOR.render({'kind': request, 'got': 'the class app.Thing'})
    assert rendered.startswith('The class app.Thing is not a pipeline behavior. Hint: inherit ')
    # A class or a call quoted as written keeps its case: `list`, `app.Thing`, `bind_event(`.
    rendered = _catalogue.MESSAGE_NOT_INHERITED.render({'kind': request, 'name': 'list', 'short': 'list'})
    assert rendered.startswith('list is not a request: ')
    rendered = _catalogue.HANDLER_WRONG_ROLE.render(
        {'kind': request, 'name': 'app.Thing', 'role': 'an event handler', 'binding': 'bind it'}
    )
    assert rendered.startswith('app.Thing is an event handler')
    assert _catalogue.NO_EVENT_HANDLERS.render({'event': 'E'}).startswith('bind_event(E, []) binds')
    rendered = _catalogue.MESSAGE_NOT_A_CLASS.render({'kind': request, 'got': 'None'})
    assert rendered.startswith('bind_request() expects a request class, got None.')


def test_opening_with_code_is_read_off_the_template() -> None:
    opening_with_code = {mistake.name for mistake in _catalogue.ALL_MISTAKES if mistake.opens_with_code}
    assert {'MESSAGE_NOT_INHERITED', 'MESSAGE_NOT_A_CLASS', 'NO_EVENT_HANDLERS'} <= opening_with_code
    assert {'NOT_A_BEHAVIOR', 'NOT_AN_EXCEPTION_HANDLER', 'HANDLER_NOT_A_CLASS'}.isdisjoint(opening_with_code)
    assert {'REQUEST_BOUND_TWICE', 'BEHAVIOR_LISTED_TWICE'}.isdisjoint(opening_with_code)  # `{kind.*_title}`


@pytest.mark.parametrize(
    ('kind', 'base', 'expected'),
    [
        (
            _catalogue.REQUEST,
            'RequestHandler',
            'pass the request class first: bind_request(<request class>, H)',
        ),
        (
            _catalogue.REQUEST,
            'IRequestHandler',
            'pass the request class first: bind_request(<request class>, H)',
        ),
        (
            _catalogue.STREAM,
            'StreamRequestHandler',
            'pass the stream request class first: bind_stream(<stream request class>, H)',
        ),
        (_catalogue.EVENT, 'EventHandler', 'pass the event class first: bind_event(<event class>, [H])'),
        (_catalogue.REQUEST, 'EventHandler', 'bind it with bind_event(<event class>, [H])'),
        (_catalogue.EVENT, 'IPipelineBehavior', 'pass it as bind_request(..., behaviors=[H])'),
        (
            _catalogue.STREAM,
            'RequestExceptionHandler',
            'pass it as bind_request(..., exception_handlers=[H])',
        ),
    ],
)
def test_a_class_where_the_message_goes_is_bound_by_its_role(
    kind: _catalogue.Kind, base: str, expected: str
) -> None:
    # Its own handler there means the arguments are swapped; another role belongs elsewhere.
    assert kind.misplaced_binding(_catalogue.ROLES[base], 'H') == expected


def test_every_kind_names_its_handler_argument_and_its_other_kinds() -> None:
    assert [kind.handler_argument for kind in _catalogue.KINDS] == [
        '<request handler class>',
        '<stream handler class>',
        '[<event handler class>]',
    ]
    assert [kind.a_message_title for kind in _catalogue.KINDS] == [
        'A request',
        'A stream request',
        'An event',
    ]
    assert _catalogue.STREAM.a_behavior == 'a stream pipeline behavior'


def test_the_catalogue_loads_without_the_runtime() -> None:
    # The mypy plugin imports it on every run: it must not pay for dishka, anyio or the bus.
    probe = (
        'import sys, denpo._catalogue; '
        "print(sorted(name for name in sys.modules if name.split('.')[0] in {'dishka', 'anyio'} "
        "or name.startswith('denpo.') and name not in {'denpo._catalogue', 'denpo._text'}))"
    )
    result = subprocess.run([sys.executable, '-c', probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == '[]'
