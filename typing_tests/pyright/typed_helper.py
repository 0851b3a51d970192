"""A helper typed with `RequestClass[Q, R]` keeps the link `bind_request` keeps, in both checkers.

The helper is the one `docs/typing.md` shows ("Typed helpers"): a wrong handler passed through it
is rejected at the helper's call, with no plugin in pyright and with mypy's own inference error.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from typing_extensions import override

from denpo.messaging import IRequest, IRequestHandler, MessagingExtension, RequestClass, RequestHandler

Req = TypeVar('Req', bound=IRequest[Any])
Res = TypeVar('Res')


class Confirmation: ...


@dataclass(frozen=True, slots=True)
class PlaceOrder(IRequest[Confirmation]):
    product_id: str


@dataclass(frozen=True, slots=True)
class CountOrders(IRequest[int]):
    pass


class PlaceOrderHandler(RequestHandler[PlaceOrder, Confirmation]):
    @override
    async def handle(self, request: PlaceOrder, /) -> Confirmation:
        return Confirmation()


def bind_query(
    extension: MessagingExtension, request: RequestClass[Req, Res], handler: type[IRequestHandler[Req, Res]]
) -> MessagingExtension:
    return extension.bind_request(request, handler)


ext = MessagingExtension()
bind_query(ext, PlaceOrder, PlaceOrderHandler)
bind_query(ext, CountOrders, PlaceOrderHandler)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
