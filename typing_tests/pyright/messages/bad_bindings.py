"""Typical bad bindings, left unsilenced: `test_pyright_cases.py` pins the first line pyright prints.

That line names the parameter's type with the type variables of the `bind_*` signature, so
they carry readable names (`RequestClass[RequestT@bind_request, ResponseT@bind_request]`).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass

from typing_extensions import override

from denpo.messaging import (
    EventHandler,
    IEvent,
    IRequest,
    IStreamRequest,
    MessagingExtension,
    RequestHandler,
    StreamRequestHandler,
)


class OrderConfirmation: ...


class OrderLine: ...


@dataclass(frozen=True)
class PlaceOrder(IRequest[OrderConfirmation]):
    product_id: str


@dataclass(frozen=True)
class ListOrderLines(IStreamRequest[OrderLine]):
    order_id: str


@dataclass(frozen=True)
class OrderPlaced(IEvent):
    order_id: str


@dataclass(frozen=True)
class UserRegistered(IEvent):
    user_id: str


class PlaceOrderReturnsInt(RequestHandler[PlaceOrder, int]):
    @override
    async def handle(self, request: PlaceOrder, /) -> int:
        return 1


class ListOrderLinesAsText(StreamRequestHandler[ListOrderLines, str]):
    @override
    async def handle(self, request: ListOrderLines, /) -> AsyncIterator[str]:
        yield ''


class WelcomeUser(EventHandler[UserRegistered]):
    @override
    async def handle(self, event: UserRegistered, /) -> None: ...


ext = MessagingExtension()
ext.bind_request(PlaceOrder, PlaceOrderReturnsInt)
ext.bind_request(OrderPlaced, PlaceOrderReturnsInt)
ext.bind_stream(ListOrderLines, ListOrderLinesAsText)
ext.bind_event(OrderPlaced, [WelcomeUser])
