"""The CQRS message bus: requests to one handler through behaviors, events to many handlers."""

from denpo.messaging.bindings import EventBinding, ModuleBindings, RequestBinding, StreamBinding
from denpo.messaging.bus import IMessageBus, IPublisher, ISender, MessageBus
from denpo.messaging.contracts import IEvent, IRequest, IStreamRequest, RequestClass, StreamRequestClass
from denpo.messaging.exceptions import (
    BindingsFrozenError,
    EventHandlerAlreadyRegistered,
    InvalidBindingError,
    MessagingConfigurationError,
    MessagingError,
    PipelineBehaviorAlreadyRegistered,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)
from denpo.messaging.handlers import (
    EventHandler,
    IEventHandler,
    IRequestExceptionAction,
    IRequestHandler,
    IStreamRequestHandler,
    RequestExceptionAction,
    RequestExceptionHandler,
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging.module import MessagingConfig, MessagingExtension, MessagingModule
from denpo.messaging.pipeline import CallNext, IPipelineBehavior, IStreamPipelineBehavior, StreamNext
from denpo.messaging.publishers import (
    CollectAllEventPublisher,
    EventPublisher,
    GroupEventPublisher,
    SequentialEventPublisher,
)
from denpo.messaging.registry import EventRecipient, EventRoute, MessagingRegistry, RequestRoute, StreamRoute
from denpo.messaging.routes import EventDelivery, RoutingTable, describe_routes, render_mermaid, render_table

__all__ = [
    'BindingsFrozenError',
    'CallNext',
    'CollectAllEventPublisher',
    'EventBinding',
    'EventDelivery',
    'EventHandler',
    'EventHandlerAlreadyRegistered',
    'EventPublisher',
    'EventRecipient',
    'EventRoute',
    'GroupEventPublisher',
    'IEvent',
    'IEventHandler',
    'IMessageBus',
    'IPipelineBehavior',
    'IPublisher',
    'IRequest',
    'IRequestExceptionAction',
    'IRequestHandler',
    'ISender',
    'IStreamPipelineBehavior',
    'IStreamRequest',
    'IStreamRequestHandler',
    'InvalidBindingError',
    'MessageBus',
    'MessagingConfig',
    'MessagingConfigurationError',
    'MessagingError',
    'MessagingExtension',
    'MessagingModule',
    'MessagingRegistry',
    'ModuleBindings',
    'PipelineBehaviorAlreadyRegistered',
    'RequestBinding',
    'RequestClass',
    'RequestExceptionAction',
    'RequestExceptionHandler',
    'RequestHandler',
    'RequestHandlerAlreadyRegistered',
    'RequestHandlerNotFound',
    'RequestRoute',
    'RoutingTable',
    'SequentialEventPublisher',
    'StreamBinding',
    'StreamNext',
    'StreamRequestClass',
    'StreamRequestHandler',
    'StreamRoute',
    'describe_routes',
    'render_mermaid',
    'render_table',
]
