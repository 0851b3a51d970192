"""Odd but right programs: the plugin neither crashes, nor raises a false alarm, nor hides an error.

Each program is checked by plain mypy and by mypy with the plugin (one cache per mode, shared by
the programs), with ``DENPO_MYPY_DEBUG=1`` so that an exception inside the plugin shows up as a
crash rather than being swallowed by its safety net. With the plugin:

- no ``denpo-`` error appears: every program is right;
- every line where plain mypy reports an error still has one. What the plugin cannot read
  (``Any`` beside classes, a union of messages, a class it does not understand, ``*args`` of
  unknown length) it leaves to mypy's own check of the call, which then reports what it
  reports without the plugin, false alarms of plain mypy on right code included;
- no other error appears: the plugin adds nothing of mypy's own on right code.
"""

from pathlib import Path
from textwrap import dedent

import pytest

from tests.plugin.conftest import SHOP, MypyRun, run_mypy, write_files

PROGRAMS: dict[str, dict[str, str]] = {
    'any_arguments': {
        'main.py': """
            from typing import Any, cast
            from dishka import AsyncContainer
            from denpo.messaging import IMessageBus, MessagingExtension
            from shop import OrderPlaced, PlaceOrder, PlaceOrderHandler

            def wire(value: Any, container: AsyncContainer, bus: IMessageBus) -> None:
                ext = MessagingExtension()
                ext.bind_request(value, value, behaviors=value)
                ext.bind_request(PlaceOrder, cast(Any, PlaceOrderHandler), behaviors=[value])
                ext.bind_event(value, value)
                ext.bind_event(OrderPlaced, [value, value])
                container.get(value).close()
                bus.invoke(value).close()
        """,
    },
    'unresolved_imports': {
        'main.py': """
            from denpo.messaging import MessagingExtension, RequestHandler
            from nowhere import Handler, Request, Event  # type: ignore[import-not-found]
            from shop import PlaceOrder

            class Half(RequestHandler[Request, int]):
                async def handle(self, request: Request, /) -> int:
                    return 0

            class OtherHalf(Handler):  # type: ignore[misc]
                pass

            MessagingExtension().bind_request(Request, Handler).bind_request(PlaceOrder, OtherHalf)
            MessagingExtension().bind_event(Event, [Handler, OtherHalf]).bind_request(Request, Half)
        """,
    },
    'star_arguments': {
        'main.py': """
            from typing import Any
            from denpo.messaging import MessagingExtension
            from shop import Logging, OrderPlaced, PlaceOrder, PlaceOrderHandler, SendConfirmationEmail

            def wire(args: tuple[Any, ...], kwargs: dict[str, Any], handlers: list[Any]) -> None:
                ext = MessagingExtension()
                ext.bind_request(*args)
                ext.bind_request(PlaceOrder, *args)
                ext.bind_request(PlaceOrder, PlaceOrderHandler, **kwargs)
                ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[*handlers, Logging])
                ext.bind_event(*args)
                ext.bind_event(OrderPlaced, [*handlers, SendConfirmationEmail])
        """,
    },
    'streams_and_exception_handlers_with_unknowns': {
        'main.py': """
            from typing import Any
            from denpo.messaging import IMessageBus, MessagingExtension, StreamRequestHandler
            from nowhere import Mystery  # type: ignore[import-not-found]
            from shop import ListOrderLines, ListOrderLinesHandler, PlaceOrder, PlaceOrderHandler

            class Half(StreamRequestHandler[Mystery, int]): ...

            def wire(
                value: Any, args: tuple[Any, ...], bus: IMessageBus, mixed: ListOrderLines | Any
            ) -> None:
                ext = MessagingExtension()
                ext.bind_stream(value, value, behaviors=value)
                ext.bind_stream(Mystery, Mystery, behaviors=[Mystery])
                ext.bind_stream(ListOrderLines, ListOrderLinesHandler, behaviors=[value, *args])
                ext.bind_stream(*args).bind_stream(ListOrderLines, *args)
                ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=[value, Mystery, *args])
                ext.bind_request(PlaceOrder, PlaceOrderHandler, exception_handlers=value)
                ext.bind_request(Mystery, Mystery, exception_handlers=[Mystery])
                bus.stream(value).aclose().close()
                bus.stream(mixed).aclose().close()
        """,
    },
    'forward_references': {
        'main.py': """
            from typing_extensions import override
            from denpo.messaging import IRequest, MessagingExtension, RequestHandler

            early: 'Later'

            class LaterHandler(RequestHandler['Later', 'Answer']):
                @override
                async def handle(self, request: 'Later', /) -> 'Answer':
                    return Answer()

            def wire() -> None:
                MessagingExtension().bind_request(Later, LaterHandler)

            class Later(IRequest['Answer']): ...

            class Answer: ...
        """,
    },
    'aliases_of_denpo_classes': {
        'main.py': """
            from typing import TypeAlias
            from typing_extensions import override
            from denpo.messaging import IRequest as Message
            from denpo.messaging import MessagingExtension as Bindings
            from denpo.messaging import RequestHandler as Handles
            from shop import OrderConfirmation, PlaceOrder

            Base: TypeAlias = Handles[PlaceOrder, OrderConfirmation]
            Request = PlaceOrder

            class Ping(Message[int]): ...

            class PingHandler(Handles[Ping, int]):
                @override
                async def handle(self, request: Ping, /) -> int:
                    return 0

            class PlaceOrderHandler(Base):
                @override
                async def handle(self, request: PlaceOrder, /) -> OrderConfirmation:
                    return OrderConfirmation()

            bind = Bindings().bind_request
            bind(Ping, PingHandler)
            Bindings().bind_request(Request, PlaceOrderHandler)
        """,
    },
    'subclasses_of_the_extension': {
        'main.py': """
            from typing import Any, Generic, TypeVar
            from typing_extensions import Self, override
            from denpo.messaging import MessagingExtension
            from shop import OrderPlaced, PlaceOrder, PlaceOrderHandler, SendConfirmationEmail

            T = TypeVar('T')

            class Tagged(MessagingExtension, Generic[T]):
                def tag(self, value: T) -> Self:
                    return self

            class Loose(MessagingExtension):
                @override
                def bind_event(self, *args: Any, **kwargs: Any) -> Self:
                    return self

            class Deeper(Tagged[int]): ...

            Tagged[str]().tag('orders').bind_request(PlaceOrder, PlaceOrderHandler)
            Deeper().bind_event(OrderPlaced, [SendConfirmationEmail]).tag(1)
            Loose().bind_event(42, 'anything')
        """,
    },
    'functools_partial': {
        'main.py': """
            from functools import partial
            from denpo.messaging import MessagingExtension
            from shop import OrderPlaced, PlaceOrder, PlaceOrderHandler, SendConfirmationEmail

            ext = MessagingExtension()
            bind_place_order = partial(ext.bind_request, PlaceOrder)
            bind_place_order(PlaceOrderHandler)
            partial(MessagingExtension.bind_event, ext)(OrderPlaced, [SendConfirmationEmail])
            partial(ext.bind_request, behaviors=[])(PlaceOrder, PlaceOrderHandler)
        """,
    },
    'incomplete_code': {
        'main.py': """
            from denpo.messaging import EventHandler, IRequest, MessagingExtension, RequestHandler
            from shop import OrderPlaced, PlaceOrder

            class Half(RequestHandler[PlaceOrder, Missing]):  # type: ignore[name-defined]
                async def handle(self, request: PlaceOrder, /) -> Missing:  # type: ignore[name-defined]
                    raise NotImplementedError

            class TooMany(IRequest[int, str]):  # type: ignore[type-arg]
                pass

            class TooManyHandler(RequestHandler[TooMany, Missing]):  # type: ignore[name-defined]
                async def handle(self, request: TooMany, /) -> Missing:  # type: ignore[name-defined]
                    raise NotImplementedError

            class Unknown(EventHandler[Missing]):  # type: ignore[name-defined]
                async def handle(self, event: Missing, /) -> None:  # type: ignore[name-defined]
                    pass

            ext = MessagingExtension()
            ext.bind_request(PlaceOrder)  # type: ignore[call-arg]
            ext.bind_request()  # type: ignore[call-arg]
            ext.bind_request(PlaceOrder, Undefined)  # type: ignore[name-defined]
            ext.bind_request(PlaceOrder, Half)
            ext.bind_request(TooMany, TooManyHandler)
            ext.bind_event(OrderPlaced)  # type: ignore[call-arg]
            ext.bind_event(OrderPlaced, [Unknown, Nowhere])  # type: ignore[name-defined]
            ext.bind_request(behaviors=[])  # type: ignore[call-arg]
        """,
    },
    'dynamic_values': {
        'main.py': """
            from typing import Any, TypeVar
            from denpo.messaging import IRequest, MessagingExtension, RequestHandler
            from shop import CountOrders, CountOrdersHandler, PlaceOrder, PlaceOrderHandler

            Q = TypeVar('Q', bound=IRequest[Any])

            def bind(
                ext: MessagingExtension, request: type[Q], handler: type[RequestHandler[Q, Any]]
            ) -> None:
                ext.bind_request(request, handler)

            def choose(flag: bool) -> None:
                ext = MessagingExtension()
                ext.bind_request(
                    PlaceOrder if flag else CountOrders, PlaceOrderHandler if flag else CountOrdersHandler
                )
                for request, handler in [(PlaceOrder, PlaceOrderHandler), (CountOrders, CountOrdersHandler)]:
                    ext.bind_request(request, handler)
                pairs = {PlaceOrder: PlaceOrderHandler}
                [ext.bind_request(request, handler) for request, handler in pairs.items()]
        """,
    },
    'any_bases_and_local_classes': {
        'main.py': """
            from typing import Any
            from denpo.messaging import IRequest, MessagingExtension, RequestHandler
            from shop import OrderPlaced, PlaceOrder

            Dynamic: Any = object

            class FromAny(Dynamic):  # type: ignore[misc]
                pass

            class RequestFromAny(IRequest[int], Dynamic):  # type: ignore[misc]
                pass

            def local() -> MessagingExtension:
                class LocalRequest(IRequest[str]): ...

                class LocalHandler(RequestHandler[LocalRequest, str]):
                    async def handle(self, request: LocalRequest, /) -> str:
                        return ''

                return (
                    MessagingExtension()
                    .bind_request(LocalRequest, LocalHandler)
                    .bind_request(PlaceOrder, FromAny)
                    .bind_request(RequestFromAny, FromAny)
                    .bind_event(OrderPlaced, [FromAny])
                )
        """,
    },
    'invoke_and_get_oddities': {
        'main.py': """
            from typing import Any, TypeVar
            from dishka import AsyncContainer, Container
            from denpo.messaging import IMessageBus, IRequest
            from shop import CountOrders, PlaceOrder

            Q = TypeVar('Q', bound=IRequest[int])

            async def run(
                bus: IMessageBus, request: Q, either: PlaceOrder | Any, container: AsyncContainer
            ) -> None:
                await bus.invoke(request)
                await bus.invoke(either)
                await bus.invoke(PlaceOrder('PROD-42') if request else CountOrders())
                await container.get(list[int])
                await container.get(IMessageBus, None)

            def run_sync(container: Container, buses: list[IMessageBus]) -> None:
                container.get(IRequest)
                container.get(IMessageBus | None)
                for bus in buses:
                    bus.invoke(CountOrders()).close()
        """,
    },
    'import_cycle': {
        'main.py': """
            from orders.wiring import extension

            extension.bind_request
        """,
        'orders/__init__.py': '',
        'orders/requests.py': """
            from __future__ import annotations
            from typing import TYPE_CHECKING
            from denpo.messaging import IRequest

            if TYPE_CHECKING:
                from orders.handlers import Receipt

            class Checkout(IRequest['Receipt']): ...
        """,
        'orders/handlers.py': """
            from typing_extensions import override
            from denpo.messaging import RequestHandler
            from orders.requests import Checkout

            class Receipt: ...

            class CheckoutHandler(RequestHandler[Checkout, Receipt]):
                @override
                async def handle(self, request: Checkout, /) -> Receipt:
                    return Receipt()
        """,
        'orders/wiring.py': """
            from denpo.messaging import MessagingExtension
            from orders.handlers import CheckoutHandler
            from orders.requests import Checkout

            extension = MessagingExtension().bind_request(Checkout, CheckoutHandler)
        """,
    },
    # Lists passed through variables, in a module holding every kind of statement, expression
    # and pattern: the plugin walks the module's tree to tell which variables it can read.
    'lists_in_variables_among_odd_code': {
        'main.py': """
            import sys
            from collections.abc import AsyncIterator
            from contextlib import asynccontextmanager
            from typing import TYPE_CHECKING, Any, overload
            from denpo.messaging import MessagingConfig, MessagingExtension
            from shop import Logging, OrderPlaced, PlaceOrder, PlaceOrderHandler, Retry, SendConfirmationEmail

            handlers = [SendConfirmationEmail]
            behaviors = (Logging, Retry)
            chained = other = [SendConfirmationEmail]
            looped = [item for item in handlers]
            table = {name: handler for name, handler in [('email', SendConfirmationEmail)]}
            unique = {handler for handler in handlers}
            first, *rest = [SendConfirmationEmail, SendConfirmationEmail]
            names = sorted(handlers, key=lambda handler: handler.__name__)
            ext = MessagingExtension()
            ext.bind_event(OrderPlaced, handlers).bind_event(OrderPlaced, chained)
            ext.bind_event(OrderPlaced, other).bind_event(OrderPlaced, looped)
            ext.bind_request(PlaceOrder, PlaceOrderHandler, behaviors=[Logging])
            ext.bind_event(OrderPlaced, rest).bind_event(OrderPlaced, list(table.values()))
            MessagingConfig(pipeline_behaviors=behaviors)

            if sys.version_info >= (3, 99):
                handlers.clear()
            if TYPE_CHECKING:
                pass
            else:
                del rest[0]


            @overload
            def pick(value: int) -> int: ...
            @overload
            def pick(value: str) -> str: ...
            def pick(value: int | str) -> int | str:
                return value


            @asynccontextmanager
            async def opened() -> AsyncIterator[list[type[SendConfirmationEmail]]]:
                yield handlers


            async def wire(value: Any) -> None:
                local = [SendConfirmationEmail]
                async with opened() as inside:
                    ext.bind_event(OrderPlaced, inside)
                match value:
                    case {'handlers': [*captured], **others} if others:
                        ext.bind_event(OrderPlaced, captured)
                    case str() as text:
                        print(f'{text!r:>10}')
                    case _:
                        pass
                try:
                    ext.bind_event(OrderPlaced, local)
                except (TypeError, ValueError) as error:
                    raise RuntimeError from error
                finally:
                    print(await value)
                if (found := [SendConfirmationEmail]) is not None:
                    ext.bind_event(OrderPlaced, found)

                def nested() -> None:
                    nonlocal local
                    local = [SendConfirmationEmail]

                nested()


            class Wiring:
                listed = [SendConfirmationEmail]

                class Inner:
                    more = [SendConfirmationEmail]

                ext.bind_event(OrderPlaced, listed)
        """,
    },
}

LONG_CHAIN = 300


def _long_chain() -> str:
    lines = [
        'from denpo.messaging import MessagingExtension',
        'from shop import OrderPlaced, PlaceOrder, PlaceOrderHandler, SendConfirmationEmail',
        '',
        'extension = (',
        '    MessagingExtension()',
        '    .bind_request(PlaceOrder, PlaceOrderHandler)',
    ]
    lines.extend('    .bind_event(OrderPlaced, [SendConfirmationEmail])' for _ in range(LONG_CHAIN))
    lines.append(')')
    return '\n'.join(lines) + '\n'


PROGRAMS['long_chain'] = {'main.py': _long_chain()}


@pytest.fixture(scope='module')
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp('mypy-cache')


def _both_ways(folder: Path, cache: Path) -> tuple[MypyRun, MypyRun]:
    """The program in ``folder`` checked by plain mypy, then with the plugin."""
    mypy_path = [SHOP, folder]
    plain = run_mypy(folder, ['main.py'], cache=cache / 'plain', mypy_path=mypy_path, plugins='')
    with_plugin = run_mypy(folder, ['main.py'], cache=cache / 'plugin', mypy_path=mypy_path)
    return plain, with_plugin


@pytest.mark.parametrize('name', sorted(PROGRAMS))
def test_program_checks_without_crash_false_alarm_or_lost_error(
    name: str, tmp_path: Path, shared_cache: Path
) -> None:
    write_files(tmp_path, {path: dedent(source) for path, source in PROGRAMS[name].items()})
    plain, with_plugin = _both_ways(tmp_path, shared_cache)
    assert not plain.crashed, plain.stdout + plain.stderr
    assert not with_plugin.crashed, with_plugin.stdout + with_plugin.stderr
    assert with_plugin.denpo_errors() == []
    assert with_plugin.error_lines() >= plain.error_lines(), with_plugin.stdout
    assert with_plugin.error_lines() == plain.error_lines(), with_plugin.stdout


def test_a_right_program_that_plain_mypy_rejects_keeps_its_errors(tmp_path: Path, shared_cache: Path) -> None:
    # The programs above prove something only if some of them make plain mypy report an error.
    write_files(tmp_path, {path: dedent(source) for path, source in PROGRAMS['dynamic_values'].items()})
    plain, with_plugin = _both_ways(tmp_path, shared_cache)
    assert len(plain.error_lines()) >= 3
    assert with_plugin.stdout == plain.stdout


def test_syntax_error_is_reported_without_crash(tmp_path: Path, shared_cache: Path) -> None:
    source = 'from denpo.messaging import MessagingExtension\n\nMessagingExtension().bind_request(\n'
    write_files(tmp_path, {'main.py': source})
    result = run_mypy(tmp_path, ['main.py'], cache=shared_cache)
    assert result.status == 2
    assert 'Traceback' not in result.stdout + result.stderr
    assert result.denpo_errors() == []
    assert [item.severity for item in result.diagnostics] == ['error']
