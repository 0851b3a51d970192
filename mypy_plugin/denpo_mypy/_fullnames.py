"""Every fully qualified name the plugin keys on, in one place.

A test resolves each constant against the runtime object it names, so renaming a class or a
method in ``denpo`` (or a dishka upgrade) fails the test suite instead of silently switching a
check off.
"""

from __future__ import annotations

from typing import Final

IREQUEST: Final = 'denpo.messaging.contracts.IRequest'
IEVENT: Final = 'denpo.messaging.contracts.IEvent'

REQUEST_HANDLER: Final = 'denpo.messaging.handlers.RequestHandler'
IREQUEST_HANDLER: Final = 'denpo.messaging.handlers.IRequestHandler'
EVENT_HANDLER: Final = 'denpo.messaging.handlers.EventHandler'
IEVENT_HANDLER: Final = 'denpo.messaging.handlers.IEventHandler'
PIPELINE_BEHAVIOR: Final = 'denpo.messaging.pipeline.IPipelineBehavior'

ISENDER_INVOKE: Final = 'denpo.messaging.bus.ISender.invoke'
INVOKE_METHOD: Final = 'invoke'

MESSAGING_EXTENSION: Final = 'denpo.messaging.module.MessagingExtension'
BIND_REQUEST: Final = 'denpo.messaging.module.MessagingExtension.bind_request'
BIND_EVENT: Final = 'denpo.messaging.module.MessagingExtension.bind_event'
BIND_REQUEST_METHOD: Final = 'bind_request'
BIND_EVENT_METHOD: Final = 'bind_event'

ASYNC_CONTAINER_GET: Final = 'dishka.async_container.AsyncContainer.get'
CONTAINER_GET: Final = 'dishka.container.Container.get'

AWAITABLE: Final = 'typing.Awaitable'
COROUTINE: Final = 'typing.Coroutine'
SEQUENCE: Final = 'typing.Sequence'
OBJECT: Final = 'builtins.object'
