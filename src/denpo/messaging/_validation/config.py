"""Checks of ``MessagingModule.register(config)``: the configuration, not a binding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from denpo import _catalogue
from denpo._naming import qualname
from denpo._text import safe_repr
from denpo.messaging._global_behaviors import fixed_parameters
from denpo.messaging._introspection import declared_arguments, is_abstract, type_name
from denpo.messaging._validation._common import described, fail
from denpo.messaging._validation._kinds import REQUEST
from denpo.messaging._validation.behaviors import check_behaviors
from denpo.messaging.bus import IMessageBus
from denpo.messaging.exceptions import MessagingConfigurationError
from denpo.messaging.pipeline import IPipelineBehavior
from denpo.messaging.publishers import EventPublisher
from denpo.messaging.registry import check_unique_behaviors

if TYPE_CHECKING:
    from denpo.messaging.module import MessagingConfig

__all__ = ['check_config']


def check_config(value: object, config_type: type[MessagingConfig]) -> MessagingConfig:
    """Return ``value`` if it is a valid ``config_type`` instance.

    Args:
        value: What ``MessagingModule.register`` received.
        config_type: ``MessagingConfig``, passed in because its module imports this package.

    Raises:
        MessagingConfigurationError: ``value`` is not a configuration, or names a bus or a
            publisher class of the wrong kind.
        InvalidBindingError: A global behavior is not a usable pipeline behavior.
        PipelineBehaviorAlreadyRegistered: A global behavior is listed twice.
    """
    if not isinstance(value, config_type):  # an untyped caller passed something else
        shown = qualname(value) if isinstance(value, type) else safe_repr(value)
        msg = (
            f'MessagingModule.register() expects a MessagingConfig instance, got {shown}. '
            'Hint: write MessagingModule.register(MessagingConfig(...)).'
        )
        raise MessagingConfigurationError(msg)
    bus = value.message_bus_implementation_type
    if not _is_concrete_subclass(bus, IMessageBus):
        msg = (
            f'MessagingConfig.message_bus_implementation_type must be a concrete subclass of '
            f'IMessageBus, got {described(bus)}. Hint: subclass MessageBus and pass the class.'
        )
        raise MessagingConfigurationError(msg)
    publisher = value.event_publisher
    if not _is_concrete_subclass(publisher, EventPublisher):
        msg = (
            f'MessagingConfig.event_publisher must be a concrete EventPublisher class, got '
            f'{described(publisher)}. Hint: pass SequentialEventPublisher, GroupEventPublisher '
            'or your own EventPublisher subclass.'
        )
        raise MessagingConfigurationError(msg)
    # The global behaviors are bindings of a kind: the bind-time checks word their mistakes.
    for behavior in check_behaviors(REQUEST, None, value.pipeline_behaviors):
        _check_generic(behavior)
    check_unique_behaviors(None, value.pipeline_behaviors)
    return value


def _check_generic(behavior: type[Any]) -> None:
    """Refuse a global behavior written for one request or response: it would wrap every request."""
    fixed = fixed_parameters(behavior)
    if fixed:
        declared = declared_arguments(behavior, IPipelineBehavior) or ()
        fail(
            _catalogue.GLOBAL_BEHAVIOR_NOT_GENERIC,
            behavior,
            kind=REQUEST.words,
            behavior=qualname(behavior),
            declared=f'IPipelineBehavior[{", ".join(map(type_name, declared))}]',
            short=behavior.__name__,
        )


def _is_concrete_subclass(value: object, base: type[Any]) -> bool:
    return isinstance(value, type) and issubclass(value, base) and not is_abstract(value)
