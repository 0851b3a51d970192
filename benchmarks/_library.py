"""The library under test: denpo, or waku 0.37 inside the ``--compare`` virtualenv.

Both expose the same messaging API (``IRequest``, ``RequestHandler``, ``MessagingExtension``,
``MessagingModule.register(MessagingConfig(...))``, ``IMessageBus``) under different package
names, so every scenario is written once against the names exported here. Two things differ:
waku's application factory is ``WakuFactory``, and a waku behavior calls
``next_handler(request)`` where a denpo behavior calls ``call_next()``; the pass-through
behaviors below are written once per library for that reason.

Type checkers see only the denpo branch (``TYPE_CHECKING`` is true for them): waku is never
installed in the project's environment, only in the throwaway ``--compare`` virtualenv.
"""

from __future__ import annotations

import os
from importlib import metadata
from typing import TYPE_CHECKING, Final, Generic, TypeVar

from typing_extensions import override

__all__ = [
    'LIBRARY',
    'LIBRARY_ENV',
    'VERSION',
    'ApplicationFactory',
    'EventHandler',
    'GroupEventPublisher',
    'IEvent',
    'IMessageBus',
    'IRequest',
    'InnerBehavior',
    'MessagingConfig',
    'MessagingExtension',
    'MessagingModule',
    'OuterBehavior',
    'RequestHandler',
    'SequentialEventPublisher',
    'module',
]

LIBRARY_ENV: Final = 'DENPO_BENCH_LIBRARY'
"""Environment variable naming the library a benchmark process measures (``denpo`` or ``waku``)."""

LIBRARY: Final = os.environ.get(LIBRARY_ENV, 'denpo')

_Q = TypeVar('_Q')
_R = TypeVar('_R')

if TYPE_CHECKING or LIBRARY == 'denpo':
    from denpo import ApplicationFactory, module
    from denpo.messaging import (
        CallNext,
        EventHandler,
        GroupEventPublisher,
        IEvent,
        IMessageBus,
        IPipelineBehavior,
        IRequest,
        MessagingConfig,
        MessagingExtension,
        MessagingModule,
        RequestHandler,
        SequentialEventPublisher,
    )

    VERSION: Final = metadata.version('denpo')

    class OuterBehavior(IPipelineBehavior[_Q, _R], Generic[_Q, _R]):
        """A pass-through behavior: the cheapest thing a behavior can do."""

        @override
        async def handle(self, _request: _Q, /, call_next: CallNext[_R]) -> _R:
            return await call_next()

    class InnerBehavior(IPipelineBehavior[_Q, _R], Generic[_Q, _R]):
        """A second pass-through behavior (a pipeline lists each behavior class once)."""

        @override
        async def handle(self, _request: _Q, /, call_next: CallNext[_R]) -> _R:
            return await call_next()

else:
    from collections.abc import Awaitable, Callable

    from waku import WakuFactory as ApplicationFactory
    from waku import module
    from waku.messaging import (
        EventHandler,
        IEvent,
        IMessageBus,
        IPipelineBehavior,
        IRequest,
        MessagingConfig,
        MessagingExtension,
        MessagingModule,
        RequestHandler,
    )
    from waku.messaging.events.publish import GroupEventPublisher, SequentialEventPublisher

    VERSION: Final = metadata.version('waku')

    class OuterBehavior(IPipelineBehavior[_Q, _R], Generic[_Q, _R]):
        async def handle(self, request: _Q, /, next_handler: Callable[[_Q], Awaitable[_R]]) -> _R:
            return await next_handler(request)

    class InnerBehavior(IPipelineBehavior[_Q, _R], Generic[_Q, _R]):
        async def handle(self, request: _Q, /, next_handler: Callable[[_Q], Awaitable[_R]]) -> _R:
            return await next_handler(request)
