"""The states of an application and the REQUEST scopes open in it, across tasks, loops and threads."""

from __future__ import annotations

import enum
import logging
import math
import numbers
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Final, cast

import anyio

from denpo._naming import described_error
from denpo._text import safe_repr
from denpo._wakeup import Wakeup
from denpo.exceptions import ApplicationError

if TYPE_CHECKING:
    from dishka import AsyncContainer

__all__ = ['ApplicationState', 'Lifecycle', 'check_timeout', 'run_all']

logger: Final = logging.getLogger('denpo')


class ApplicationState(enum.Enum):
    """Where an [`Application`][denpo.Application] is in its life; ``app.state``.

    ``CREATED`` → ``STARTING`` (``async with app`` runs the init hooks and lifespans) →
    ``RUNNING`` → ``STOPPING`` (the exit closes the lifespans, runs the shutdown hooks, stops
    opening scopes and waits for the open ones) → ``STOPPED`` (the APP scope is closed). A start
    that fails goes from ``STARTING`` through the same exit to ``STOPPED``. An application runs
    once.
    """

    CREATED = 'created'
    STARTING = 'starting'
    RUNNING = 'running'
    STOPPING = 'stopping'
    STOPPED = 'stopped'


_STATUS: Final = {
    ApplicationState.CREATED: 'has not started',
    ApplicationState.STARTING: 'is starting',
    ApplicationState.RUNNING: 'is running',
    ApplicationState.STOPPING: 'is stopping',
    ApplicationState.STOPPED: 'has stopped',
}

_RESTART_HINT: Final = (
    'Hint: an application runs once; build a new one with ApplicationFactory(...).create().'
)


class Lifecycle:
    """The state of one application and the set of its open REQUEST scopes.

    Scopes are admitted and let go from any thread, without a lock: adding to and discarding
    from a ``set`` are atomic, and admission adds *before* it checks that scopes are still
    accepted, while the drain stops accepting *before* it counts. So a scope is either refused
    or waited for, never missed.
    """

    __slots__ = ('_accepting', '_drained', '_open', 'name', 'state')

    def __init__(self, name: str) -> None:
        self.name: str = name  # the root module, to tell applications apart in messages
        self.state: ApplicationState = ApplicationState.CREATED
        self._accepting = False
        self._open: set[AsyncContainer] = set()
        self._drained: Wakeup | None = None

    def start(self) -> None:
        """Enter ``STARTING``; scopes may open from now on (init hooks and lifespans may use them)."""
        if self.state is not ApplicationState.CREATED:
            stopping = self.state in {ApplicationState.STOPPING, ApplicationState.STOPPED}
            hint = _RESTART_HINT if stopping else 'Hint: enter `async with app:` once, in one task.'
            raise ApplicationError(self._cannot('start it again', hint))
        self.state = ApplicationState.STARTING
        self._accepting = True

    def started(self) -> None:
        self.state = ApplicationState.RUNNING

    def stop(self) -> None:
        """Enter ``STOPPING``; scopes may still open until [`drain`][]."""
        if self.state is not ApplicationState.RUNNING:
            hint = 'Hint: use `async with app:`.'
            if self.state is ApplicationState.STOPPED:
                hint = (
                    'Hint: it was exited already, and each `async with app:` exits once: let only the '
                    'task that entered it exit it (not a handler or a hook).'
                )
            raise ApplicationError(self._cannot('exit it', hint))
        self.state = ApplicationState.STOPPING

    def stopped(self) -> None:
        self.state = ApplicationState.STOPPED
        self._accepting = False

    def check_opening(self) -> None:
        """Raise unless a scope may open now (called when ``app.container()`` is called)."""
        if not self._accepting:
            raise ApplicationError(self._cannot('open a scope', self._scope_hint()))

    def admit(self, scope: AsyncContainer) -> None:
        """Count ``scope`` as open, or refuse it if the application no longer opens scopes."""
        self._open.add(scope)
        if not self._accepting:
            self.release(scope)
            raise ApplicationError(self._cannot('open a scope', self._scope_hint()))

    def release(self, scope: AsyncContainer) -> None:
        """``scope`` has exited (or was refused); wake the drain if it was the last one."""
        self._open.discard(scope)
        drained = self._drained
        if drained is not None and not self._open:
            drained.set()

    def open_scopes(self) -> frozenset[AsyncContainer]:
        """The scopes open now (a copy: one C-level call, so another thread cannot change it midway)."""
        return frozenset(self._open)

    @property
    def closed(self) -> bool:
        """Whether the APP scope is closed (or closing): nothing may be built in it any more."""
        return self.state is ApplicationState.STOPPED

    def check_resolving(self) -> None:
        """Raise if the APP scope is closed: nothing may be built in it any more."""
        if self.closed:
            raise ApplicationError(
                self._cannot(
                    'resolve from its APP scope, which is closed',
                    'Hint: resolve only inside `async with app:`, and let every scope exit before the '
                    'application does.',
                )
            )

    async def drain(self, timeout: float | None) -> None:  # noqa: ASYNC109  # the app's setting, not a call's
        """Stop opening scopes, then wait for the open ones to exit (at most ``timeout`` seconds)."""
        self._accepting = False
        self._drained = Wakeup()
        if not self._open:  # counted after the wake-up is in place: a scope exiting now sets it
            return
        try:
            with anyio.move_on_after(timeout if timeout is not None else math.inf):
                await self._drained.wait()
        except BaseException:
            self._warn_open(why='its exit was cancelled')
            raise
        self._warn_open(why=f'after waiting {timeout} s')

    def _warn_open(self, *, why: str) -> None:
        left = len(self._open)
        if left:
            logger.warning(
                'The application of %s stops with %d scope(s) still open (%s): their APP-scope '
                'dependencies are finalized now, and they can no longer resolve new ones.',
                self.name,
                left,
                why,
            )

    def _cannot(self, action: str, hint: str) -> str:
        return f'The application of {self.name} {_STATUS[self.state]}: cannot {action}. {hint}'

    def _scope_hint(self) -> str:
        if self.state is ApplicationState.CREATED:
            return (
                'Hint: open scopes inside `async with app:` '
                '(`async with app, app.container() as container:`).'
            )
        if self.state is ApplicationState.STOPPED:
            return _RESTART_HINT
        return 'Hint: let every scope open before the application starts to exit.'


def check_timeout(value: object) -> float | None:
    """Return ``value`` if it is a valid ``shutdown_timeout``: ``None`` or a number of seconds >= 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = (
            f'ApplicationFactory(shutdown_timeout=...) expects a number of seconds or None, got '
            f'{safe_repr(value)}. Hint: write shutdown_timeout=30, or leave it out to wait for every scope.'
        )
        raise TypeError(msg)
    try:
        seconds = float(value) + 0.0  # + 0.0: -0.0 reads as 0.0 in the log
    except OverflowError:  # beyond any float: a huge int or Fraction, which compare with 0
        seconds = math.inf if cast('int', value) > 0 else -math.inf
    if not seconds >= 0:  # also refuses NaN
        msg = (
            f'ApplicationFactory(shutdown_timeout=...) must be at least 0, got {safe_repr(value)}. '
            'Hint: write shutdown_timeout=0 to stop without waiting for open scopes.'
        )
        raise ValueError(msg)
    return seconds


async def run_all(
    calls: Iterable[tuple[str, Callable[[], Awaitable[object]]]], *, pending: BaseException | None
) -> None:
    """Await every call even if some fail; then raise the first failure, the others as its notes.

    Each call comes with the name its failure's note gives it.

    With an exception already ``pending`` (the exit's), every failure becomes a note on it instead,
    and nothing is raised here: the caller lets the pending one propagate. A ``BaseException``
    that is not an ``Exception`` (cancellation, ``KeyboardInterrupt``) stops at once: the calls
    after it do not run.
    """
    first = pending
    for name, call in calls:
        try:
            await call()
        except Exception as error:  # noqa: BLE001  # kept: raised below, or noted on the first
            if first is None:
                first = error
            else:
                first.add_note(f'{name} also raised {described_error(error)}')
    if first is not None and first is not pending:
        raise first
