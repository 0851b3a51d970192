"""The streams ``bus.stream()`` returns: a stream's first call in a scope, and behavior chains.

Both are async generators by protocol, not generator functions: ``asend``, ``athrow`` and
``aclose`` reach the outermost generator of the chain (the handler's own one when the stream
has no behaviors), the same on the first stream of a class in a scope as on later ones.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Iterable
from functools import partial
from types import TracebackType
from typing import Any, TypeAlias, overload

from typing_extensions import override

from denpo._naming import described_error, qualname

__all__ = ['ChainStream', 'FirstStream', 'Stream', 'StreamBehavior', 'StreamRunner', 'stream_chain']

Stream: TypeAlias = AsyncGenerator[Any, None]
StreamRunner: TypeAlias = Callable[[Any], Stream]
StreamBehavior: TypeAlias = Callable[[Any, Callable[[], Stream]], Stream]
_Throw: TypeAlias = Callable[..., Coroutine[Any, Any, Any]]
"""``athrow`` seen through one signature: its arguments pass through as the caller gave them."""
_Opened: TypeAlias = list[tuple[Callable[..., Any], Stream]]
"""Each stream of a chain with the step (behavior or handler ``handle``) that made it."""


async def _unstarted() -> Stream:
    """A generator never started: throwing into it raises what a fresh generator would."""
    yield  # pragma: no cover  # never runs: what is thrown in is raised before the first line


class FirstStream(Stream):
    """The first stream of a stream request class in a scope.

    Its first ``__anext__`` or ``asend`` resolves the route (which may raise ``TypeError`` or
    ``RequestHandlerNotFound``), caches its runner and opens the real stream; from then on every
    call goes to that stream. Before that, ``aclose`` and ``athrow`` act as on an unstarted
    async generator: they finish it without resolving anything.
    """

    __slots__ = ('_request', '_resolve', '_stream')

    def __init__(self, resolve: Callable[[Any], Awaitable[StreamRunner]], request: object) -> None:
        self._resolve: Callable[[Any], Awaitable[StreamRunner]] | None = resolve
        self._request = request
        self._stream: Stream | None = None

    @override
    def __anext__(self) -> Coroutine[Any, Any, Any]:
        stream = self._stream
        if stream is None:
            return self._first(_next)
        return stream.__anext__()

    @override
    def asend(self, value: None, /) -> Coroutine[Any, Any, Any]:
        stream = self._stream
        if stream is None:
            return self._first(partial(_send, value=value))
        return stream.asend(value)

    @overload
    async def athrow(
        self, typ: type[BaseException], val: BaseException | object = None, tb: TracebackType | None = None, /
    ) -> Any: ...
    @overload
    async def athrow(
        self, typ: BaseException, val: None = None, tb: TracebackType | None = None, /
    ) -> Any: ...
    @override
    async def athrow(
        self, typ: type[BaseException] | BaseException, val: object = None, tb: TracebackType | None = None, /
    ) -> Any:
        stream = self._stream
        if stream is None:
            self._resolve = None
            stream = _unstarted()
        throw: _Throw = stream.athrow
        return await throw(typ, val, tb)

    @override
    async def aclose(self) -> None:
        if self._stream is None:
            self._resolve = None
        else:
            await self._stream.aclose()

    async def _first(self, step: Callable[[Stream], Awaitable[Any]]) -> Any:
        resolve, self._resolve = self._resolve, None
        if resolve is None:  # closed, or failed to resolve, before its first item
            raise StopAsyncIteration
        runner = await resolve(self._request)
        self._stream = runner(self._request)
        return await step(self._stream)


def _next(stream: Stream) -> Awaitable[Any]:
    return stream.__anext__()


def _send(stream: Stream, value: None) -> Awaitable[Any]:
    return stream.asend(value)


def stream_chain(handle: StreamRunner, behaviors: tuple[StreamBehavior, ...]) -> StreamRunner:
    """Compile a stream handler and its behaviors (outermost first) into one runner, once per scope.

    Each stream the chain opens through ``call_next`` is recorded, and closed after the
    outermost one when that one finishes, raises or is closed: the handler's cleanup runs even
    if a behavior left its inner stream open.
    """
    outermost, *rest = behaviors
    inner_first = tuple(reversed(rest))

    def recorded(
        step: Callable[..., Stream], start: Callable[[], Stream], opened: _Opened
    ) -> Callable[[], Stream]:
        def open_stream() -> Stream:
            stream = start()
            opened.append((step, stream))
            return stream

        return open_stream

    def run(request: object) -> Stream:
        # Nothing runs before the first iteration, so the outer stream is first in the list and
        # the inner ones follow in the order they are opened: outermost first.
        opened: _Opened = []
        call_next = recorded(handle, partial(handle, request), opened)
        for behavior in inner_first:
            call_next = recorded(behavior, partial(behavior, request, call_next), opened)
        outer = outermost(request, call_next)
        opened.append((outermost, outer))
        return ChainStream(outer, opened)

    return run


class ChainStream(Stream):
    """A stream with behaviors: every call goes to the outermost behavior's generator.

    When that generator finishes, raises or is closed, every stream of the chain is closed,
    outermost first, even if some closes raise.
    """

    __slots__ = ('_opened', '_outer')

    def __init__(self, outer: Stream, opened: _Opened) -> None:
        self._outer = outer
        self._opened = opened

    @override
    def __anext__(self) -> Coroutine[Any, Any, Any]:
        return self._through(self._outer.__anext__())

    @override
    def asend(self, value: None, /) -> Coroutine[Any, Any, Any]:
        return self._through(self._outer.asend(value))

    @overload
    def athrow(
        self, typ: type[BaseException], val: BaseException | object = None, tb: TracebackType | None = None, /
    ) -> Coroutine[Any, Any, Any]: ...
    @overload
    def athrow(
        self, typ: BaseException, val: None = None, tb: TracebackType | None = None, /
    ) -> Coroutine[Any, Any, Any]: ...
    @override
    def athrow(
        self, typ: type[BaseException] | BaseException, val: object = None, tb: TracebackType | None = None, /
    ) -> Coroutine[Any, Any, Any]:
        throw: _Throw = self._outer.athrow
        return self._through(throw(typ, val, tb))

    @override
    async def aclose(self) -> None:
        error = await _close_all(self._opened, None)
        if error is not None:
            raise error

    async def _through(self, step: Awaitable[Any]) -> Any:
        """Await one call of the outer stream; when it raises, close the chain first."""
        try:
            return await step
        except BaseException as error:  # raised again below, the same object
            if getattr(self._outer, 'ag_frame', None) is not None:
                raise  # refused without ending it (a first send of a value): nothing to close
            # A stream that merely ended (StopAsyncIteration) gives way to the first close error.
            first = None if isinstance(error, StopAsyncIteration) else error
            raise await _close_all(self._opened, first) or error  # noqa: B904  # no new cause: see above


async def _close_all(
    opened: Iterable[tuple[Callable[..., Any], Stream]], first: BaseException | None
) -> BaseException | None:
    """Close every stream, even after a close raised (cancellation too: the rest must still clean up).

    Returns ``first``, or else the first error a close raised, with every later one attached
    as a note.
    """
    for step, stream in opened:
        try:
            await stream.aclose()
        except BaseException as error:  # noqa: BLE001  # kept: returned, or noted on the first one
            if first is None:
                first = error
            else:
                first.add_note(f'Closing the stream of {_maker(step)} also raised {described_error(error)}')
    return first


def _maker(step: Callable[..., Any]) -> str:
    """The class whose ``handle`` made a stream; the callable itself when it is not a method."""
    owner = getattr(step, '__self__', None)
    return qualname(step if owner is None else type(owner))
