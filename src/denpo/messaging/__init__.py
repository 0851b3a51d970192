"""The CQRS message bus: requests to one handler through behaviors, events to many handlers."""

from denpo.messaging.bus import IMessageBus, IPublisher, ISender, MessageBus
from denpo.messaging.contracts import IEvent, IRequest
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
from denpo.messaging.handlers import EventHandler, IEventHandler, IRequestHandler, RequestHandler
from denpo.messaging.module import MessagingConfig, MessagingExtension, MessagingModule
from denpo.messaging.pipeline import CallNext, IPipelineBehavior
from denpo.messaging.publishers import EventPublisher, GroupEventPublisher, SequentialEventPublisher
from denpo.messaging.registry import EventRoute, MessagingRegistry, RequestRoute
from denpo.messaging.routes import (
    EventDelivery,
    EventRecipient,
    RoutingTable,
    describe_routes,
    render_mermaid,
    render_table,
)

__all__ = [
    'BindingsFrozenError',
    'CallNext',
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
    'IRequestHandler',
    'ISender',
    'InvalidBindingError',
    'MessageBus',
    'MessagingConfig',
    'MessagingConfigurationError',
    'MessagingError',
    'MessagingExtension',
    'MessagingModule',
    'MessagingRegistry',
    'PipelineBehaviorAlreadyRegistered',
    'RequestHandler',
    'RequestHandlerAlreadyRegistered',
    'RequestHandlerNotFound',
    'RequestRoute',
    'RoutingTable',
    'SequentialEventPublisher',
    'describe_routes',
    'render_mermaid',
    'render_table',
]
