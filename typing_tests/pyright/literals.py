"""Requests whose response is a `Literal[...]` bind, and a handler outside the literal does not.

The request class's promise reaches `bind_request` through `RequestClass.__denpo_response__`,
typed with a small generic class rather than a `Callable`: pyright (1.1.414) strips the literal
from a callable parameter's solution once the handler has bounded the response from below, and
then rejects the request argument of every correct binding.
"""

import enum
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Generic, Literal, TypeAlias, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import (
    CallNext,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    IStreamRequest,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
)

Q = TypeVar('Q')
R = TypeVar('R')

Mode: TypeAlias = Literal['fast', 'safe']


class Colour(enum.Enum):
    RED = 'red'
    BLUE = 'blue'


@dataclass(frozen=True)
class GetMode(IRequest[Mode]):
    pass


@dataclass(frozen=True)
class GetLevel(IRequest[Literal[1, 2, 3] | None]):
    pass


@dataclass(frozen=True)
class GetColour(IRequest[Literal[Colour.RED]]):
    pass


@dataclass(frozen=True)
class TailModes(IStreamRequest[Mode]):
    pass


# --- handlers that fit ---


class GetModeHandler(RequestHandler[GetMode, Mode]):
    @override
    async def handle(self, request: GetMode, /) -> Mode:
        return 'fast'


class AlwaysFast(RequestHandler[GetMode, Literal['fast']]):
    """Returns fewer values than the request promises: a narrower response fits."""

    @override
    async def handle(self, request: GetMode, /) -> Literal['fast']:
        return 'fast'


class GetModeService:
    """Structural, returning the literal."""

    async def handle(self, request: GetMode, /) -> Mode:
        return 'safe'


class GetLevelHandler(RequestHandler[GetLevel, Literal[1, 2, 3] | None]):
    @override
    async def handle(self, request: GetLevel, /) -> Literal[1, 2, 3] | None:
        return None


class GetColourHandler(RequestHandler[GetColour, Literal[Colour.RED]]):
    @override
    async def handle(self, request: GetColour, /) -> Literal[Colour.RED]:
        return Colour.RED


class TailModesHandler(StreamRequestHandler[TailModes, Mode]):
    @override
    async def handle(self, request: TailModes, /) -> AsyncIterator[Mode]:
        yield 'fast'


class Timing(IPipelineBehavior[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[R]) -> R:
        return await call_next()


class SafeOnError(RequestExceptionHandler[GetMode, LookupError, Literal['safe']]):
    @override
    async def handle(self, request: GetMode, error: LookupError, /) -> Literal['safe']:
        return 'safe'


MessagingExtension().bind_request(
    GetMode, GetModeHandler, behaviors=[Timing], exception_handlers=[SafeOnError]
)
MessagingExtension().bind_request(GetMode, AlwaysFast)
MessagingExtension().bind_request(GetMode, GetModeService)
MessagingExtension().bind_request(GetLevel, GetLevelHandler)
MessagingExtension().bind_request(GetColour, GetColourHandler)
MessagingExtension().bind_stream(TailModes, TailModesHandler)


async def literal_responses(bus: IMessageBus) -> None:
    assert_type(await bus.invoke(GetMode()), Mode)
    assert_type(await bus.invoke(GetLevel()), Literal[1, 2, 3] | None)
    assert_type(await bus.invoke(GetColour()), Literal[Colour.RED])


# --- handlers that return more than the literal promises ---


class GetModeServiceReturnsStr:
    async def handle(self, request: GetMode, /) -> str:
        return 'slow'


class TailModesReturnsStr:
    async def handle(self, request: TailModes, /) -> AsyncIterator[str]:
        yield 'slow'


# mypy only: the plugin checks the declared response where the class is defined.
class StrOnError(RequestExceptionHandler[GetMode, LookupError, str]):  # type: ignore[denpo-handler-response]
    @override
    async def handle(self, request: GetMode, error: LookupError, /) -> str:
        return 'slow'


MessagingExtension().bind_request(GetMode, GetModeServiceReturnsStr)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
MessagingExtension().bind_stream(TailModes, TailModesReturnsStr)  # type: ignore[denpo-response-mismatch]  # pyright: ignore[reportArgumentType]
MessagingExtension().bind_request(GetMode, GetModeHandler, exception_handlers=[StrOnError])  # type: ignore[denpo-exception-handler-mismatch]  # pyright: ignore[reportArgumentType]
