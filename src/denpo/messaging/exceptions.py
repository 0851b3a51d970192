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

from typing_extensions import override

from denpo._naming import qualname
from denpo.exceptions import DenpoError
from denpo.messaging.contracts import IStreamRequest

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


class MessagingError(DenpoError):
    """Base class of the message bus errors."""


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


class RequestHandlerAlreadyRegistered(MessagingError, ValueError):  # noqa: N818  # public API name
    """One request type is bound to two handlers.

    Attributes:
        request_type: The request bound twice.
        first_handler: The handler of the first binding; ``first_module`` declares it.
        second_handler: The handler of the second binding; ``second_module`` declares it.
    """

    def __init__(
        self,
        request_type: type[object],
        first_handler: type[object],
        first_module: str,
        second_handler: type[object],
        second_module: str,
    ) -> None:
        super().__init__(request_type, first_handler, first_module, second_handler, second_module)
        self.request_type = request_type
        self.first_handler = first_handler
        self.first_module = first_module
        self.second_handler = second_handler
        self.second_module = second_module

    @override
    def __str__(self) -> str:
        kind, call = (
            ('Stream request', 'bind_stream')
            if _is_stream(self.request_type)
            else ('Request', 'bind_request')
        )
        return (
            f'{kind} {qualname(self.request_type)} is bound twice: to '
            f'{qualname(self.first_handler)} in module {self.first_module} and to '
            f'{qualname(self.second_handler)} in module {self.second_module}. '
            f'A request has exactly one handler. Hint: remove one of the two {call}() calls; '
            'to react in several places, publish an event instead.'
        )


class EventHandlerAlreadyRegistered(MessagingError, ValueError):  # noqa: N818  # public API name
    """One event handler class is bound twice to the same event (or to it and a base class).

    Attributes:
        event_type: The event of the second binding.
        handler_type: The handler bound twice.
        first_event: The event of the first binding (``event_type`` or one of its bases).
        first_module: The module of the first binding.
        second_module: The module of the second binding.
    """

    def __init__(
        self,
        event_type: type[object],
        handler_type: type[object],
        *,
        first_event: type[object],
        first_module: str,
        second_module: str,
    ) -> None:
        super().__init__(event_type, handler_type, first_event, first_module, second_module)
        self.event_type = event_type
        self.handler_type = handler_type
        self.first_event = first_event
        self.first_module = first_module
        self.second_module = second_module

    @override
    def __str__(self) -> str:
        handler = qualname(self.handler_type)
        receives = f'each {qualname(self.event_type)}'
        if self.first_event is self.event_type:
            where = f'to event {qualname(self.event_type)} in module {self.first_module} and again in module'
        elif issubclass(self.event_type, self.first_event):
            where = (
                f'to event {qualname(self.first_event)} in module {self.first_module} and to its '
                f'subclass {qualname(self.event_type)} in module'
            )
        else:
            # Two unrelated bases of one published event (multiple inheritance).
            where = (
                f'to event {qualname(self.first_event)} in module {self.first_module} and to event '
                f'{qualname(self.event_type)} in module'
            )
            receives = 'an event that inherits both'
        return (
            f'Event handler {handler} is bound twice, {where} {self.second_module}; it would '
            f'receive {receives} twice. Hint: keep one of the two bindings.'
        )


class PipelineBehaviorAlreadyRegistered(MessagingError, ValueError):  # noqa: N818  # public API name
    """One behavior class appears twice in the pipeline of a request.

    Attributes:
        request_type: The request whose pipeline repeats it, or ``None`` for the global list.
        behavior_type: The repeated behavior.
    """

    def __init__(self, request_type: type[object] | None, behavior_type: type[object]) -> None:
        super().__init__(request_type, behavior_type)
        self.request_type = request_type
        self.behavior_type = behavior_type

    @override
    def __str__(self) -> str:
        behavior = qualname(self.behavior_type)
        if self.request_type is None:
            return (
                f'Pipeline behavior {behavior} is listed twice in MessagingConfig.pipeline_behaviors. '
                'Hint: list each global behavior once.'
            )
        return (
            f'Pipeline behavior {behavior} appears twice in the pipeline of request '
            f'{qualname(self.request_type)} (per-request behaviors repeat it, or repeat a global one). '
            'Hint: list it once; global behaviors already run for every request.'
        )


class MessagingConfigurationError(MessagingError):
    """The messaging configuration is wrong; raised before any request is served."""


class InvalidBindingError(MessagingConfigurationError, TypeError):
    """A binding is wrong in itself: not a handler, abstract, wrong request type, wrong response."""


class BindingsFrozenError(MessagingConfigurationError, RuntimeError):
    """A binding was added after an application was built from the extension."""
