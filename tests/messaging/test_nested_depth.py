"""How many Python frames one level of nested ``invoke`` costs, pinned (docs/failures.md).

A handler that invokes its own request class again through its injected ``ISender`` records
the stack depth at every level; the difference between two levels is what one level costs.
A change that adds a frame to the call path fails here, and the docs must follow it.
"""

import inspect
import itertools
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Generic, TypeVar

import anyio
import pytest
from typing_extensions import override

from denpo import module
from denpo.di import scoped
from denpo.messaging import (
    CallNext,
    IMessageBus,
    IPipelineBehavior,
    IRequest,
    ISender,
    MessagingExtension,
    RequestHandler,
)
from tests.conftest import messaging_app

pytestmark = pytest.mark.anyio

Q = TypeVar('Q', bound=IRequest[int])
LIMIT = 10  # seconds; a few thousand nested calls take milliseconds


def stack_depth() -> int:
    """The number of frames on the stack of the caller, the caller's own included."""
    depth = -1  # this function's own frame does not count
    frame: FrameType | None = inspect.currentframe()  # walked, not listed: inspect.stack() is slow
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


class Depths:
    """The stack depth of each level, outermost first; one per REQUEST scope."""

    def __init__(self) -> None:
        self.levels: list[int] = []


@dataclass(frozen=True, slots=True)
class Dive(IRequest[int]):
    levels: int  # how many nested invokes are still to come


@dataclass(frozen=True, slots=True)
class GuardedDive(IRequest[int]):
    levels: int


class DiveHandler(RequestHandler[Dive, int]):
    def __init__(self, sender: ISender, depths: Depths) -> None:
        super().__init__()
        self.sender = sender
        self.depths = depths

    @override
    async def handle(self, request: Dive, /) -> int:
        self.depths.levels.append(stack_depth())
        if request.levels == 0:
            return 0
        return 1 + await self.sender.invoke(Dive(request.levels - 1))


class GuardedDiveHandler(RequestHandler[GuardedDive, int]):
    def __init__(self, sender: ISender, depths: Depths) -> None:
        super().__init__()
        self.sender = sender
        self.depths = depths

    @override
    async def handle(self, request: GuardedDive, /) -> int:
        self.depths.levels.append(stack_depth())
        if request.levels == 0:
            return 0
        return 1 + await self.sender.invoke(GuardedDive(request.levels - 1))


class Outer(IPipelineBehavior[Q, int], Generic[Q]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[int]) -> int:
        return await call_next()


class Inner(IPipelineBehavior[Q, int], Generic[Q]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[int]) -> int:
        return await call_next()


@module(
    providers=[scoped(Depths)],
    extensions=[
        MessagingExtension()
        .bind_request(Dive, DiveHandler)
        .bind_request(GuardedDive, GuardedDiveHandler, behaviors=[Outer, Inner])
    ],
)
class DiveModule:
    pass


REQUESTS = [
    pytest.param(Dive, 1, id='no-behavior'),  # the handler's own frame
    pytest.param(GuardedDive, 3, id='two-behaviors'),  # and one per behavior
]


@pytest.mark.parametrize(('request_type', 'frames_per_level'), REQUESTS)
async def test_one_nested_level_adds_the_handler_frame_and_one_frame_per_behavior(
    request_type: type[Dive | GuardedDive], frames_per_level: int
) -> None:
    with anyio.fail_after(LIMIT):
        async with messaging_app(DiveModule) as app, app.container() as container:
            bus = await container.get(IMessageBus)
            depths = await container.get(Depths)
            assert await bus.invoke(request_type(5)) == 5  # first call of the class in the scope
            first = depths.levels.copy()
            depths.levels.clear()
            assert await bus.invoke(request_type(5)) == 5  # the cached runner at every level
            cached = depths.levels
    # The bus keeps no frame of its own on the stack: only the pipeline's steps are there.
    assert [deeper - shallower for shallower, deeper in itertools.pairwise(cached)] == [frames_per_level] * 5
    # Only the outermost call of the scope resolves the pipeline, in one more frame; the
    # levels nested in it already run the cached runner.
    assert [level - 1 for level in first] == cached


@pytest.mark.parametrize(('request_type', 'frames_per_level'), REQUESTS)
async def test_nesting_past_the_recursion_limit_raises_recursion_error_out_of_invoke(
    request_type: type[Dive | GuardedDive], frames_per_level: int
) -> None:
    limit = sys.getrecursionlimit()
    with anyio.fail_after(LIMIT):
        async with messaging_app(DiveModule) as app, app.container() as container:
            bus = await container.get(IMessageBus)
            depths = await container.get(Depths)
            with pytest.raises(RecursionError):
                await bus.invoke(request_type(limit))
            reached = depths.levels
            # The levels that fit are the frames left below the limit divided by the cost of one,
            # give or take a few: the interpreter also counts some C-level calls against it.
            frames = reached[0] + len(reached) * frames_per_level
            assert frames <= limit
            if sys.gettrace() is None:  # a tracer (coverage, a debugger) spends the limit too
                assert frames >= limit - frames_per_level - 10
            depths.levels.clear()
            assert await bus.invoke(request_type(3)) == 3  # the scope and its bus are still usable
