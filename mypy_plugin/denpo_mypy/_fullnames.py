"""Every fully qualified name the plugin keys on, in one place.

A test resolves each constant against the runtime object it names, so renaming a class or a
method in ``denpo`` (or a dishka upgrade) fails the test suite instead of silently switching a
check off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

IREQUEST: Final = 'denpo.messaging.contracts.IRequest'
ISTREAM_REQUEST: Final = 'denpo.messaging.contracts.IStreamRequest'
IEVENT: Final = 'denpo.messaging.contracts.IEvent'

REQUEST_HANDLER: Final = 'denpo.messaging.handlers.RequestHandler'
IREQUEST_HANDLER: Final = 'denpo.messaging.handlers.IRequestHandler'
EVENT_HANDLER: Final = 'denpo.messaging.handlers.EventHandler'
IEVENT_HANDLER: Final = 'denpo.messaging.handlers.IEventHandler'
STREAM_REQUEST_HANDLER: Final = 'denpo.messaging.handlers.StreamRequestHandler'
ISTREAM_REQUEST_HANDLER: Final = 'denpo.messaging.handlers.IStreamRequestHandler'
REQUEST_EXCEPTION_HANDLER: Final = 'denpo.messaging.handlers.RequestExceptionHandler'
REQUEST_EXCEPTION_ACTION: Final = 'denpo.messaging.handlers.RequestExceptionAction'
PIPELINE_BEHAVIOR: Final = 'denpo.messaging.pipeline.IPipelineBehavior'
STREAM_PIPELINE_BEHAVIOR: Final = 'denpo.messaging.pipeline.IStreamPipelineBehavior'

BY_SHORT_NAME: Final[Mapping[str, str]] = {
    fullname.rpartition('.')[2]: fullname
    for fullname in (
        IREQUEST,
        ISTREAM_REQUEST,
        IEVENT,
        REQUEST_HANDLER,
        IREQUEST_HANDLER,
        EVENT_HANDLER,
        IEVENT_HANDLER,
        STREAM_REQUEST_HANDLER,
        ISTREAM_REQUEST_HANDLER,
        REQUEST_EXCEPTION_HANDLER,
        REQUEST_EXCEPTION_ACTION,
        PIPELINE_BEHAVIOR,
        STREAM_PIPELINE_BEHAVIOR,
    )
}
"""The contracts, handler and behavior bases by the short name the catalogue (``denpo._catalogue``)
gives them: its kinds and roles name classes, the plugin keys on their fullnames."""

ISENDER_INVOKE: Final = 'denpo.messaging.bus.ISender.invoke'
INVOKE_METHOD: Final = 'invoke'
ISENDER_STREAM: Final = 'denpo.messaging.bus.ISender.stream'
STREAM_METHOD: Final = 'stream'
IPUBLISHER_PUBLISH: Final = 'denpo.messaging.bus.IPublisher.publish'
PUBLISH_METHOD: Final = 'publish'

MESSAGING_EXTENSION: Final = 'denpo.messaging.module.MessagingExtension'
MESSAGING_CONFIG: Final = 'denpo.messaging.module.MessagingConfig'
BIND_REQUEST: Final = 'denpo.messaging.module.MessagingExtension.bind_request'
BIND_EVENT: Final = 'denpo.messaging.module.MessagingExtension.bind_event'
BIND_STREAM: Final = 'denpo.messaging.module.MessagingExtension.bind_stream'
BIND_REQUEST_METHOD: Final = 'bind_request'
BIND_EVENT_METHOD: Final = 'bind_event'
BIND_STREAM_METHOD: Final = 'bind_stream'

ASYNC_CONTAINER_GET: Final = 'dishka.async_container.AsyncContainer.get'
CONTAINER_GET: Final = 'dishka.container.Container.get'

AWAITABLE: Final = 'typing.Awaitable'
ASYNC_ITERATOR: Final = 'typing.AsyncIterator'
COROUTINE: Final = 'typing.Coroutine'
SEQUENCE: Final = 'typing.Sequence'
OBJECT: Final = 'builtins.object'
EXCEPTION: Final = 'builtins.Exception'
