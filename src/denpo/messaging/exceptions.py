"""Errors raised by the message bus and by bindings.

Hierarchy::

    DenpoError
    └── MessagingError
        ├── RequestHandlerNotFound (LookupError)            invoke() of an unbound request
        ├── RequestHandlerAlreadyRegistered (ValueError)    one request, two handlers
        ├── EventHandlerAlreadyRegistered (ValueError)      one handler, bound twice to an event
        ├── PipelineBehaviorAlreadyRegistered (ValueError)  one behavior, twice on a request
        └── MessagingConfigurationError
            ├── InvalidBindingError (TypeError)             a binding that is wrong in itself
            └── BindingsFrozenError (RuntimeError)          binding after the app was built
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from typing_extensions import override

from denpo import _catalogue
from denpo._catalogue import Mistake
from denpo._naming import qualname
from denpo.exceptions import DenpoError
from denpo.messaging.contracts import IStreamRequest
from denpo.messaging.pipeline import IStreamPipelineBehavior

__all__ = [
    'BindingsFrozenError',
    'EventHandlerAlreadyRegistered',
    'InvalidBindingError',
    'MessagingConfigurationError',
    'MessagingError',
    'PipelineBehaviorAlreadyRegistered',
    'RequestHandlerAlreadyRegistered',
    'RequestHandlerNotFound',
]


def _is_stream(request_type: type[object]) -> bool:
    return issubclass(request_type, IStreamRequest)


def _is_stream_behavior(behavior_type: type[object]) -> bool:
    return issubclass(behavior_type, IStreamPipelineBehavior)


class MessagingError(DenpoError):
    """Base class of the message bus errors."""


class _CatalogueError(MessagingError):
    """An error that is one entry of the catalogue of binding mistakes (``denpo._catalogue``).

    Its ``code`` is the code the mypy plugin reports for the same mistake, its ``name`` the
    entry, its ``fields`` what the message names; the message renders the entry.
    """

    def _entry(self) -> tuple[Mistake, Mapping[str, object]]:
        raise NotImplementedError

    @property
    def code(self) -> str:
        """The flat error code, as the mypy plugin reports it (``denpo-response-mismatch``)."""
        mistake, fields = self._entry()
        return mistake.code_for(fields.get('kind'))

    @property
    def name(self) -> str:
        """The catalogue entry (``RESPONSE_MISMATCH``): finer than ``code``."""
        return self._entry()[0].name

    @property
    def fields(self) -> Mapping[str, str]:
        """What the message names, by field: class names, and the binding kind as ``request``."""
        return MappingProxyType({key: _shown(value) for key, value in self._entry()[1].items()})

    @override
    def __str__(self) -> str:
        mistake, fields = self._entry()
        return mistake.render(fields)


def _shown(value: object) -> str:
    return value.name if isinstance(value, _catalogue.Kind) else str(value)


class RequestHandlerNotFound(MessagingError, LookupError):  # noqa: N818  # the name is public API
    """``invoke()`` was called with a request that no module binds.

    Attributes:
        request_type: The request's class.
    """

    def __init__(self, request_type: type[object]) -> None:
        super().__init__(request_type)
        self.request_type = request_type

    @override
    def __str__(self) -> str:
        name = self.request_type.__name__
        kind, call = (
            ('stream request', 'bind_stream')
            if _is_stream(self.request_type)
            else ('request', 'bind_request')
        )
        return (
            f'No handler is bound for {kind} {qualname(self.request_type)}. '
            f'Hint: add `MessagingExtension().{call}({name}, <handler class>)` to the '
            f'extensions of a module, and import that module into the application.'
        )


class RequestHandlerAlreadyRegistered(_CatalogueError, ValueError):  # noqa: N818  # public API name
    """One request type is bound to two handlers.

    Raised by ``bind_request``/``bind_stream`` when one extension binds the request twice (the
    modules are then ``None``), and when the application is created for two modules.

    Attributes:
        request_type: The request bound twice.
        first_handler: The handler of the first binding; ``first_module`` declares it.
        second_handler: The handler of the second binding; ``second_module`` declares it.
        code: ``denpo-duplicate-request``, the mypy plugin's code for the same mistake.
    """

    def __init__(
        self,
        request_type: type[object],
        first_handler: type[object],
        first_module: str | None,
        second_handler: type[object],
        second_module: str | None,
    ) -> None:
        super().__init__(request_type, first_handler, first_module, second_handler, second_module)
        self.request_type = request_type
        self.first_handler = first_handler
        self.first_module = first_module
        self.second_handler = second_handler
        self.second_module = second_module

    @override
    def _entry(self) -> tuple[Mistake, Mapping[str, object]]:
        kind = _catalogue.STREAM if _is_stream(self.request_type) else _catalogue.REQUEST
        first, second = qualname(self.first_handler), qualname(self.second_handler)
        if self.first_module is None or self.second_module is None:
            within = ' in one MessagingExtension'
        else:
            within = ''
            first, second = (
                f'{first} in module {self.first_module}',
                f'{second} in module {self.second_module}',
            )
        return _catalogue.REQUEST_BOUND_TWICE, (
            {
                'kind': kind,
                'request': qualname(self.request_type),
                'within': within,
                'first': first,
                'second': second,
                'calls': f'{kind.call}() calls',
            }
        )


class EventHandlerAlreadyRegistered(_CatalogueError, ValueError):  # noqa: N818  # public API name
    """One event handler class is bound twice to the same event (or to it and a base class).

    Raised by ``bind_event`` for a handler listed twice in one call (the modules are then
    ``None``), and when the application is created for bindings in two calls.

    Attributes:
        event_type: The event of the second binding.
        handler_type: The handler bound twice.
        first_event: The event of the first binding (``event_type`` or one of its bases).
        first_module: The module of the first binding.
        second_module: The module of the second binding.
        published: The event class that reaches the handler through both bindings, where it
            inherits two unrelated bound classes (``None`` otherwise).
        code: ``denpo-duplicate-event-handler``, the mypy plugin's code for the same mistake.
    """

    def __init__(  # noqa: PLR0913  # the two bindings, their modules and the published class
        self,
        event_type: type[object],
        handler_type: type[object],
        *,
        first_event: type[object],
        first_module: str | None,
        second_module: str | None,
        published: type[object] | None = None,
    ) -> None:
        super().__init__(event_type, handler_type, first_event, first_module, second_module)
        self.event_type = event_type
        self.handler_type = handler_type
        self.first_event = first_event
        self.first_module = first_module
        self.second_module = second_module
        self.published = published

    @override
    def __reduce__(self) -> tuple[Any, ...]:
        # The keyword-only arguments are not in ``args``: rebuild from the attributes.
        return (
            functools.partial(
                type(self),
                first_event=self.first_event,
                first_module=self.first_module,
                second_module=self.second_module,
                published=self.published,
            ),
            (self.event_type, self.handler_type),
        )

    @override
    def _entry(self) -> tuple[Mistake, Mapping[str, object]]:
        handler = qualname(self.handler_type)
        event = qualname(self.event_type)
        if self.first_module is None or self.second_module is None:
            return _catalogue.EVENT_HANDLER_LISTED_TWICE, {
                'handler': handler,
                'event': self.event_type.__name__,
            }
        receives = f'each {event}'
        if self.first_event is self.event_type:
            where = f'to event {event} in module {self.first_module} and again in module'
        elif issubclass(self.event_type, self.first_event):
            where = (
                f'to event {qualname(self.first_event)} in module {self.first_module} and to its '
                f'subclass {event} in module'
            )
        else:
            # Two unrelated bases of one published event (multiple inheritance).
            where = (
                f'to event {qualname(self.first_event)} in module {self.first_module} and to event '
                f'{event} in module'
            )
            receives = (
                'an event that inherits both'
                if self.published is None
                else f'each {qualname(self.published)}'
            )
        return _catalogue.EVENT_HANDLER_BOUND_TWICE, (
            {'handler': handler, 'bindings': f'{where} {self.second_module}', 'receives': receives}
        )


class PipelineBehaviorAlreadyRegistered(_CatalogueError, ValueError):  # noqa: N818  # public API name
    """One behavior class appears twice in the pipeline of a request.

    Attributes:
        request_type: The request whose pipeline repeats it, or ``None`` for a global list
            (``MessagingConfig.pipeline_behaviors``, or ``stream_behaviors`` for a stream behavior).
        behavior_type: The repeated behavior.
        code: ``denpo-duplicate-behavior``, the mypy plugin's code for the same mistake.
    """

    def __init__(self, request_type: type[object] | None, behavior_type: type[object]) -> None:
        super().__init__(request_type, behavior_type)
        self.request_type = request_type
        self.behavior_type = behavior_type

    @override
    def _entry(self) -> tuple[Mistake, Mapping[str, object]]:
        kind = _catalogue.REQUEST
        if self.request_type is None:
            if _is_stream_behavior(self.behavior_type):
                kind = _catalogue.STREAM
            where = f'MessagingConfig.{kind.global_list}'
        else:
            if _is_stream(self.request_type):
                kind = _catalogue.STREAM
            where = (
                f'the pipeline of {kind.message} {qualname(self.request_type)} (per-request behaviors '
                'repeat it, or repeat a global one)'
            )
        return _catalogue.BEHAVIOR_LISTED_TWICE, (
            {'kind': kind, 'behavior': qualname(self.behavior_type), 'pipeline': where}
        )


class MessagingConfigurationError(MessagingError):
    """The messaging configuration is wrong; raised before any request is served."""


class InvalidBindingError(_CatalogueError, MessagingConfigurationError, TypeError):
    """A binding is wrong in itself: not a handler, abstract, wrong request type, wrong response.

    Each one is an entry of denpo's catalogue of binding mistakes, which the mypy plugin reports
    with the same code and the same words at check time.

    Attributes:
        code: The flat error code, as the mypy plugin reports it (``denpo-response-mismatch``).
        name: The catalogue entry (``RESPONSE_MISMATCH``): finer than ``code``.
        fields: What the message names, by field name.
        subject: The class or value at fault, as it was passed.
    """

    def __init__(self, mistake: Mistake, subject: object, fields: Mapping[str, object]) -> None:
        super().__init__(mistake, subject, dict(fields))
        self.subject = subject
        self._mistake = mistake
        self._fields = dict(fields)

    @override
    def _entry(self) -> tuple[Mistake, Mapping[str, object]]:
        return self._mistake, self._fields


class BindingsFrozenError(MessagingConfigurationError, RuntimeError):
    """A binding was added after an application was built from the extension."""
