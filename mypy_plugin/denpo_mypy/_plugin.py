"""The plugin class: it only dispatches fully qualified names to the features.

Every callback handed to mypy is wrapped by :func:`guarded`, so a bug in a check, or a mypy
internal that changed shape, gives mypy's own answer instead of crashing the user's mypy run:
for a binding call, its real signature, so that mypy checks the call as it would without the
plugin. Set ``DENPO_MYPY_DEBUG=1`` to let such exceptions through (the plugin's own tests do).
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypeAlias, TypeVar

from mypy.nodes import TypeAlias as TypeAliasNode
from mypy.nodes import TypeInfo
from mypy.plugin import (
    ClassDefContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import FunctionLike, Instance, Type, get_proper_type
from typing_extensions import override

from denpo import _catalogue, _text
from denpo_mypy import _fullnames
from denpo_mypy._kinds import EVENT, REQUEST, STREAM, RequestKind

__all__ = [
    'CHECKS_DIGEST',
    'DEBUG_VARIABLE',
    'VERSION',
    'DenpoPlugin',
    'checks_digest',
    'config_data',
    'guarded',
    'sources',
]

VERSION: Final = '0.1.0'
"""The plugin's version: the version of the ``denpo`` distribution that ships it."""


def sources() -> list[Path]:
    """The files whose bytes decide what the plugin reports: its own modules and the catalogue."""
    package = Path(__file__).resolve().parent
    own = sorted(package.rglob('*.py'))
    return [*own, *(Path(module.__file__ or '') for module in (_catalogue, _text))]


def checks_digest(paths: Iterable[Path]) -> str:
    """A short digest of the names and bytes of ``paths`` (a file that cannot be read counts as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b'\0')
    return digest.hexdigest()[:16]


CHECKS_DIGEST: Final = checks_digest(sources())
"""The digest of the plugin's sources and of the catalogue, computed once at import (about 20
small files). Reported to mypy with :data:`VERSION`, so that any change to the checks or to their
wording invalidates mypy's cache, between releases too, with nothing to bump by hand."""

DEBUG_VARIABLE: Final = 'DENPO_MYPY_DEBUG'

_Context = TypeVar('_Context')
_Result = TypeVar('_Result')

SignatureHook: TypeAlias = Callable[[MethodSigContext], FunctionLike]
MethodHook: TypeAlias = Callable[[MethodContext], Type]
ClassHook: TypeAlias = Callable[[ClassDefContext], None]


def config_data() -> str:
    """What the plugin reports to mypy's cache: the version and the digest of the checks."""
    return f'{VERSION}+checks.{CHECKS_DIGEST}'


def guarded(
    hook: Callable[[_Context], _Result], fallback: Callable[[_Context], _Result]
) -> Callable[[_Context], _Result]:
    """Run ``hook``; on an unexpected exception answer ``fallback`` (mypy's own result)."""

    def run(ctx: _Context) -> _Result:
        try:
            return hook(ctx)
        except Exception:
            if os.environ.get(DEBUG_VARIABLE):
                raise
            return fallback(ctx)

    return run


def _default_signature(ctx: MethodSigContext) -> FunctionLike:
    return ctx.default_signature


def _default_return(ctx: MethodContext) -> Type:
    return ctx.default_return_type


def _default_function_signature(ctx: FunctionSigContext) -> FunctionLike:
    return ctx.default_signature


def _nothing(ctx: object) -> None:
    del ctx


def _feature(module: str, attribute: str, kind: RequestKind | None = None) -> Callable[[Any], Any]:
    """A feature's hook, imported the first time mypy calls it.

    A run whose files all come from mypy's cache calls no hook: importing the features (and the
    readers they use) only when one is needed keeps the plugin's fixed cost, paid by every run,
    to its dispatch tables.
    """
    # Typed `Any` here, by the fallback it is `guarded` with there: the hook's context and result
    # types are those of the attribute, which is only known once imported.
    loaded: list[Callable[[Any], Any]] = []

    def hook(ctx: Any) -> Any:
        if not loaded:
            found: Any = getattr(importlib.import_module(f'denpo_mypy._features.{module}'), attribute)
            loaded.append(found if kind is None else found(kind))
        return loaded[0](ctx)

    return hook


_SIGNATURE_HOOKS: Final[Mapping[str, SignatureHook]] = {
    _fullnames.BIND_REQUEST: guarded(_feature('binding', 'signature_hook', REQUEST), _default_signature),
    _fullnames.BIND_STREAM: guarded(_feature('binding', 'signature_hook', STREAM), _default_signature),
    _fullnames.BIND_EVENT: guarded(_feature('binding', 'signature_hook', EVENT), _default_signature),
}
"""The binding calls are read, judged and reported in the signature hook alone, which runs before
mypy checks the arguments: a call it cannot judge (or whose judgement crashed) keeps the real
signature, so mypy's own check runs, and nothing of the plugin is reported for it."""

_METHOD_HOOKS: Final[Mapping[str, MethodHook]] = {
    _fullnames.ASYNC_CONTAINER_GET: guarded(_feature('container_get', 'typed_get'), _default_return),
    _fullnames.CONTAINER_GET: guarded(_feature('container_get', 'typed_get'), _default_return),
}

_CONFIG_HOOK: Final = guarded(_feature('global_behaviors', 'signature_hook'), _default_function_signature)
"""For ``MessagingConfig(...)``: its global behavior lists, read once, judged and reported before
mypy checks them; a list the hook cannot judge (or whose judgement crashed) keeps its declared type."""

_BUS_METHODS: Final[Mapping[str, RequestKind]] = {
    _fullnames.INVOKE_METHOD: REQUEST,
    _fullnames.STREAM_METHOD: STREAM,
    _fullnames.PUBLISH_METHOD: EVENT,
}
"""The kind of message each bus method sends, by the method's name."""

_DISPATCH_HOOKS: Final[Mapping[str, SignatureHook]] = {
    method: guarded(_feature('dispatch', 'signature_hook', kind), _default_signature)
    for method, kind in _BUS_METHODS.items()
}
"""For every method named ``invoke``, ``stream`` or ``publish``, by that name: mypy names a method
call after the receiver's class, so ``ISender``, ``IMessageBus``, subclasses and bus protocols all
differ; the hook checks the method's shape and leaves the other methods of those names alone."""

_DISPATCH_SUFFIXES: Final = tuple(f'.{method}' for method in _DISPATCH_HOOKS)
_BINDING_SUFFIXES: Final = (
    f'.{_fullnames.BIND_REQUEST_METHOD}',
    f'.{_fullnames.BIND_EVENT_METHOD}',
    f'.{_fullnames.BIND_STREAM_METHOD}',
)

_HANDLER_BASES: Final = frozenset(
    {
        _fullnames.REQUEST_HANDLER,
        _fullnames.IREQUEST_HANDLER,
        _fullnames.STREAM_REQUEST_HANDLER,
        _fullnames.ISTREAM_REQUEST_HANDLER,
        _fullnames.REQUEST_EXCEPTION_HANDLER,
    }
)
_HANDLER_CLASS_HOOK: Final[ClassHook] = guarded(_feature('handler_response', 'check'), _nothing)

_CONTRACTS: Final = frozenset({_fullnames.IREQUEST, _fullnames.ISTREAM_REQUEST})
_PROMISE_CLASS_HOOK: Final[ClassHook] = guarded(_feature('promises', 'check'), _nothing)
"""For a class with a base that inherits ``IRequest`` or ``IStreamRequest``. Naming the contract
itself gives one promise: a second one needs such a base (a contract named twice is mypy's own
"Duplicate base class"), so the many plain ``class GetUser(IRequest[User])`` pay nothing."""


class DenpoPlugin(Plugin):
    """Dispatches denpo's checks by fully qualified name."""

    @override
    def report_config_data(self, ctx: ReportConfigContext) -> str:
        return config_data()

    @override
    def get_method_signature_hook(self, fullname: str) -> SignatureHook | None:
        hook = _SIGNATURE_HOOKS.get(fullname)
        if hook is None and fullname.endswith(_BINDING_SUFFIXES):
            inherited = self._inherited_binding(fullname)
            return None if inherited is None else _SIGNATURE_HOOKS[inherited]
        if hook is None and fullname.endswith(_DISPATCH_SUFFIXES):
            return _DISPATCH_HOOKS[fullname.rpartition('.')[2]]
        return hook

    @override
    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        return _CONFIG_HOOK if fullname == _fullnames.MESSAGING_CONFIG else None

    @override
    def get_method_hook(self, fullname: str) -> MethodHook | None:
        return _METHOD_HOOKS.get(fullname)

    @override
    def get_base_class_hook(self, fullname: str) -> ClassHook | None:
        if fullname in _HANDLER_BASES:
            return _HANDLER_CLASS_HOOK
        info = self._class_named(fullname)
        if info is None or info.fullname in _CONTRACTS:
            return None
        ancestors = {base.fullname for base in info.mro}
        if not _HANDLER_BASES.isdisjoint(ancestors):  # an intermediate handler base
            return _HANDLER_CLASS_HOOK
        return None if _CONTRACTS.isdisjoint(ancestors) else _PROMISE_CLASS_HOOK

    def _inherited_binding(self, fullname: str) -> str | None:
        """``MessagingExtension.bind_*`` for the same method called on a subclass that inherits it.

        mypy names a method call after the receiver's class (``app.MyExtension.bind_request``).
        A subclass that overrides the method has its own signature and is left alone.
        """
        owner, _, method = fullname.rpartition('.')
        symbol = self.lookup_fully_qualified(owner)
        info = None if symbol is None else symbol.node
        if not isinstance(info, TypeInfo):
            return None
        defined_in = next((base for base in info.mro if method in base.names), None)
        if defined_in is None or defined_in.fullname != _fullnames.MESSAGING_EXTENSION:
            return None
        return f'{_fullnames.MESSAGING_EXTENSION}.{method}'

    def _class_named(self, fullname: str) -> TypeInfo | None:
        """The class ``fullname`` names, also through an alias (``Base = RequestHandler[Place, int]``)."""
        symbol = self.lookup_fully_qualified(fullname)
        node = None if symbol is None else symbol.node
        if isinstance(node, TypeAliasNode):
            target = get_proper_type(node.target)
            node = target.type if isinstance(target, Instance) else None
        return node if isinstance(node, TypeInfo) else None
