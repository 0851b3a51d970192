"""``ApplicationFactory(...)`` refuses every wrong argument when it is called, naming it and the fix."""

import functools
import re
from collections.abc import AsyncGenerator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any, NewType, cast

import anyio
import pytest
import typing_extensions
from typing_extensions import override

from denpo import Application, ApplicationError, ApplicationFactory, InvalidModuleError, Module, module
from denpo._arguments import ACCEPTED_HOOKS, class_mro, guarded, is_type_form
from denpo.extensions import OnApplicationInit, OnModuleInit, OnModuleRegistration
from denpo.modules import DynamicModule
from tests.conftest import named


@module()
class EmptyModule:
    pass


class NotAModule:
    pass


class AppHook:
    async def on_app_init(self, app: Application, /) -> None: ...


class ModuleHook:
    async def on_module_init(self, module: Module, /) -> None: ...


class Span(AbstractAsyncContextManager[object]):
    @override
    async def __aexit__(self, *exc_info: object) -> None: ...


class SpanOfApp(Span):
    def __init__(self, app: Application) -> None:
        self.app = app


class NoArgumentSpan(Span):
    def __init__(self) -> None: ...


UserId = NewType('UserId', int)
Alias = typing_extensions.TypeAliasType('Alias', int)


@asynccontextmanager
async def good_lifespan(app: Application) -> AsyncGenerator[None]:
    yield


async def undecorated(app: Application) -> AsyncGenerator[None]:
    yield


def sync_generator(app: Application) -> Iterator[None]:
    yield


async def coroutine(app: Application) -> None: ...


def two_parameters(app: Application, other: int) -> Span:
    return Span()


def returns_a_number(app: Application) -> object:
    return 42


def returns_a_coroutine(app: Application) -> object:
    return coroutine(app)  # closed by the check, unawaited


def factory(**arguments: Any) -> Callable[[], object]:
    return lambda: ApplicationFactory(EmptyModule, **arguments)


@pytest.mark.parametrize(
    'arguments',
    [
        pytest.param({}, id='defaults'),
        pytest.param(
            {'context': {int: 1, list[int]: [], UserId: 2, Annotated[int, 'x']: 3, Alias: 4}}, id='context'
        ),
        pytest.param(
            {'lifespan': [good_lifespan, Span(), SpanOfApp, print, vars]}, id='lifespans'
        ),  # vars: no signature
        pytest.param({'extensions': (AppHook(),)}, id='extensions'),
    ],
)
def test_good_arguments_are_accepted(arguments: dict[str, Any]) -> None:
    assert isinstance(ApplicationFactory(EmptyModule, **arguments), ApplicationFactory)


@pytest.mark.parametrize(
    ('build', 'error', 'message'),
    [
        pytest.param(
            lambda: ApplicationFactory(cast('Any', NotAModule)),
            InvalidModuleError,
            rf'{named(NotAModule)} imported by the application is not a module\. Hint: decorate',
            id='root-not-a-module',
        ),
        pytest.param(
            factory(context='ab'),
            TypeError,
            r"context= expects a mapping of types to values, got 'ab'\. "
            r'Hint: write context=\{Settings: settings\}',
            id='context-a-string',
        ),
        pytest.param(
            factory(context={'db': 1}),
            TypeError,
            r"context= keys must be types, got the key 'db'\. Hint: key each value by the type",
            id='context-key-a-string',
        ),
        pytest.param(
            factory(lifespan='x'),
            TypeError,
            r"lifespan= expects a list, got 'x'\. Hint: write lifespan=\[\.\.\.\]",
            id='lifespan-a-string',
        ),
        pytest.param(
            factory(lifespan=good_lifespan),
            TypeError,
            r'lifespan= expects a list, got .*good_lifespan\. Hint: write lifespan=\[good_lifespan\]',
            id='lifespan-not-a-list',
        ),
        pytest.param(
            factory(lifespan=[42]),
            TypeError,
            r'lifespan= got 42, which is neither an async context manager nor callable\. Hint:',
            id='lifespan-not-callable',
        ),
        pytest.param(
            factory(lifespan=[undecorated]),
            TypeError,
            r'an async generator function, which returns no context manager\. '
            r'Hint: decorate it with @contextlib\.asynccontextmanager',
            id='lifespan-undecorated',
        ),
        pytest.param(
            factory(lifespan=[sync_generator]),
            TypeError,
            r'a generator function, which is not async\. Hint: write it as `async def`',
            id='lifespan-sync-generator',
        ),
        pytest.param(
            factory(lifespan=[coroutine]),
            TypeError,
            r'a coroutine function, which returns no context manager\. Hint: make it an async generator',
            id='lifespan-coroutine-function',
        ),
        pytest.param(
            factory(lifespan=[NotAModule]),
            TypeError,
            r'a class that is not an async context manager\. Hint: give it __aenter__ and __aexit__',
            id='lifespan-plain-class',
        ),
        pytest.param(
            factory(lifespan=[two_parameters]),
            TypeError,
            r'cannot be called with the application as its one positional argument\. Hint: give it a single',
            id='lifespan-two-parameters',
        ),
        pytest.param(
            factory(lifespan=[NoArgumentSpan]),
            TypeError,
            r'cannot be called with the application as its one positional argument',
            id='lifespan-class-without-parameter',
        ),
        pytest.param(
            factory(extensions='abc'),
            TypeError,
            r"extensions= expects a list, got 'abc'\. Hint: write extensions=\[\.\.\.\]",
            id='extensions-a-string',
        ),
        pytest.param(
            factory(extensions=[AppHook]),
            TypeError,
            rf'extensions= expects extension instances, got the class {named(AppHook)}\. '
            r'Hint: write AppHook\(\)',
            id='extension-class',
        ),
        pytest.param(
            factory(extensions=[42]),
            TypeError,
            r'extensions= got 42, which implements none of OnModuleRegistration, OnApplicationInit, '
            r'AfterApplicationInit, OnApplicationShutdown\. Hint:',
            id='extension-with-no-hook',
        ),
        pytest.param(
            factory(extensions=[ModuleHook()]),
            TypeError,
            r'which implements OnModuleInit, a hook that does not run here .* '
            r"Hint: list it in a module's `@module\(extensions=\[\.\.\.\]\)`",
            id='extension-with-a-module-hook',
        ),
    ],
)
def test_wrong_arguments_are_refused_at_construction(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        build()
    assert 'Hint:' in str(caught.value)


class AppAndModuleHooks:
    async def on_app_init(self, app: Application, /) -> None: ...

    async def on_module_destroy(self, module: Module, /) -> None: ...


def test_an_application_extension_with_a_module_hook_too_is_refused_not_half_run() -> None:
    # The hook that runs here does not excuse the one that never would.
    message = (
        r'which implements OnModuleDestroy, a hook that does not run here .* '
        r"Hint: list it in a module's `@module\(extensions=\[\.\.\.\]\)` "
        r"\(the root module's, to run it once\)"
    )
    with pytest.raises(TypeError, match=message):
        ApplicationFactory(EmptyModule, extensions=[cast('Any', AppAndModuleHooks())])


class SyncAppInit:
    def on_app_init(self, app: Application, /) -> None: ...


class SyncModuleDestroy:
    def on_module_destroy(self, module: Module, /) -> None: ...


class AsyncRegistration:
    async def on_module_registration(self, *arguments: object) -> None: ...


def test_a_hook_written_def_where_it_is_awaited_is_refused() -> None:
    message = (
        r'whose OnApplicationInit hook on_app_init\(\) is a plain `def`, but denpo awaits it\. '
        r'Hint: write `async def on_app_init\(\.\.\.\)`'
    )
    with pytest.raises(TypeError, match=message):
        ApplicationFactory(EmptyModule, extensions=[cast('Any', SyncAppInit())])
    with pytest.raises(
        InvalidModuleError, match=r'on_module_destroy\(\) is a plain `def`, but denpo awaits it'
    ):
        module(extensions=[cast('Any', SyncModuleDestroy())])(type('Root', (), {}))


def test_a_hook_written_async_where_it_is_called_is_refused() -> None:
    message = (
        r'whose OnModuleRegistration hook on_module_registration\(\) is an `async def`, but denpo calls '
        r'it without awaiting\. Hint: write `def on_module_registration\(\.\.\.\)`'
    )
    with pytest.raises(InvalidModuleError, match=message):
        module(extensions=[cast('Any', AsyncRegistration())])(type('Root', (), {}))


def traced(function: Callable[..., Any]) -> Callable[..., Any]:
    """A decorator whose wrapper is a plain function that returns what the async one returns."""

    @functools.wraps(function)
    def wrapper(*arguments: object) -> object:
        return function(*arguments)

    return wrapper


class WrappedAppInit:
    @traced
    async def on_app_init(self, app: Application, /) -> None: ...


class AsyncCallable:
    async def __call__(self, app: Application, /) -> None: ...


class CallableAppInit:
    on_app_init = AsyncCallable()


class GeneratorAppInit:
    async def on_app_init(self, app: Application, /) -> AsyncGenerator[None]:
        yield


class NumberAppInit:
    on_app_init = 5


async def _looping_init(self: object, app: Application, /) -> None: ...


# A __wrapped__ cycle, which inspect.unwrap refuses to follow.
_looping_init.__wrapped__ = _looping_init  # type: ignore[attr-defined]  # pyright: ignore[reportFunctionMemberAccess]


class LoopingAppInit:
    on_app_init = _looping_init


def test_a_hook_behind_a_decorator_or_a_callable_object_is_accepted() -> None:
    extensions = [WrappedAppInit(), CallableAppInit(), LoopingAppInit()]
    factory = ApplicationFactory(EmptyModule, extensions=[cast('Any', extension) for extension in extensions])
    assert isinstance(factory, ApplicationFactory)


@pytest.mark.parametrize(
    ('extension', 'problem'),
    [
        pytest.param(GeneratorAppInit(), 'is an async generator function', id='async-generator'),
        pytest.param(NumberAppInit(), 'is not callable', id='not-callable'),
    ],
)
def test_a_hook_that_cannot_be_awaited_is_refused(extension: object, problem: str) -> None:
    with pytest.raises(
        TypeError, match=rf'hook on_app_init\(\) {problem}.* Hint: write `async def on_app_init'
    ):
        ApplicationFactory(EmptyModule, extensions=[cast('Any', extension)])


def test_the_table_of_accepted_hooks_is_what_the_check_reads() -> None:
    assert OnModuleRegistration in ACCEPTED_HOOKS['application']
    assert OnModuleInit not in ACCEPTED_HOOKS['application']
    assert OnApplicationInit in ACCEPTED_HOOKS['module']


class RaisesOnQuestions:
    @override
    def __getattribute__(self, name: str) -> Any:
        raise RuntimeError(name)


def test_the_guards_answer_no_where_a_value_raises() -> None:
    assert guarded(lambda: 1 / 0 == 0) is False
    assert class_mro(RaisesOnQuestions()) == ()
    assert class_mro(int) == (int, object)
    assert not is_type_form(RaisesOnQuestions())
    assert is_type_form(list[int])


@pytest.mark.parametrize(
    ('lifespan', 'returned'),
    [
        pytest.param(returns_a_number, '42', id='a-number'),
        pytest.param(returns_a_coroutine, '<coroutine object .*>', id='a-coroutine'),
    ],
)
@pytest.mark.anyio
async def test_a_lifespan_returning_no_context_manager_is_refused_at_enter(
    lifespan: Callable[[Application], Any], returned: str
) -> None:
    app = ApplicationFactory(EmptyModule, lifespan=[lifespan]).create()
    message = (
        rf'The lifespan {re.escape(named_function(lifespan))} returned {returned}, which is not an async '
        r'context manager\. Hint: return one'
    )
    with anyio.fail_after(5), pytest.raises(ApplicationError, match=message):
        async with app:
            pass
    assert not app.is_running


def named_function(function: Callable[..., Any]) -> str:
    return f'{function.__module__}.{function.__qualname__}'


def test_a_dynamic_root_module_is_accepted() -> None:
    assert isinstance(ApplicationFactory(DynamicModule(parent_module=EmptyModule)), ApplicationFactory)


class RaisesOnEveryMissingAttribute:
    def __getattr__(self, name: str) -> object:
        raise RuntimeError(name)


def test_an_extension_whose_attributes_raise_implements_no_hook() -> None:
    with pytest.raises(TypeError, match=r'which implements none of OnModuleRegistration, .* Hint: '):
        ApplicationFactory(EmptyModule, extensions=[cast('Any', RaisesOnEveryMissingAttribute())])
