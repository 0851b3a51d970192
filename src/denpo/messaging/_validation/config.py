"""Checks of ``MessagingModule.register(config)``: the configuration, not a binding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from denpo import _catalogue
from denpo._arguments import guarded, is_instance, shown
from denpo._naming import qualname
from denpo.messaging._global_behaviors import fixed_parameters
from denpo.messaging._introspection import declared_arguments, is_abstract, type_name
from denpo.messaging._validation._common import described, fail, is_subclass, sequence, short
from denpo.messaging._validation._kinds import REQUEST, STREAM, Kind
from denpo.messaging._validation.behaviors import check_behaviors
from denpo.messaging.bus import IMessageBus
from denpo.messaging.exceptions import MessagingConfigurationError
from denpo.messaging.pipeline import IPipelineBehavior, IStreamPipelineBehavior
from denpo.messaging.publishers import EventPublisher

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
        InvalidBindingError: A global behavior is not a usable pipeline behavior (or stream
            behavior, in ``stream_behaviors``), or is declared for one request or response.
        PipelineBehaviorAlreadyRegistered: A global behavior is listed twice in one list.
    """
    if not is_instance(value, config_type):  # an untyped caller passed something else
        msg = (
            f'MessagingModule.register() expects a MessagingConfig instance, got {shown(value)}. '
            'Hint: write MessagingModule.register(MessagingConfig(...)).'
        )
        raise MessagingConfigurationError(msg)
    config = cast('MessagingConfig', value)  # the guarded isinstance above does not narrow
    bus = config.message_bus_implementation_type
    if not _is_concrete_subclass(bus, IMessageBus):
        msg = (
            f'MessagingConfig.message_bus_implementation_type must be a concrete subclass of '
            f'IMessageBus, got {described(bus)}. Hint: subclass MessageBus and pass the class.'
        )
        raise MessagingConfigurationError(msg)
    publisher = config.event_publisher
    if not _is_concrete_subclass(publisher, EventPublisher):
        msg = (
            f'MessagingConfig.event_publisher must be a concrete EventPublisher class, got '
            f'{described(publisher)}. Hint: pass SequentialEventPublisher, GroupEventPublisher '
            'or your own EventPublisher subclass.'
        )
        raise MessagingConfigurationError(msg)
    _check_global_list(REQUEST, config.pipeline_behaviors, elsewhere=STREAM)
    _check_global_list(STREAM, config.stream_behaviors, elsewhere=REQUEST)
    return config


_BASES: Final[dict[Kind, type[Any]]] = {REQUEST: IPipelineBehavior, STREAM: IStreamPipelineBehavior}
"""The behavior base of each kind that has a global list (``Kind.behavior_base``, never ``None`` here)."""


def _check_global_list(kind: Kind, values: object, *, elsewhere: Kind) -> None:
    """Check the global behaviors of ``kind``; a behavior of the kind ``elsewhere`` is named with its list."""
    for value in sequence(values) or ():  # not a list: check_behaviors words it
        if is_subclass(value, _BASES[elsewhere]) and not is_subclass(value, _BASES[kind]):
            fail(
                _catalogue.BEHAVIOR_WRONG_ROLE,
                value,
                kind=kind.words,
                name=qualname(value),
                role=elsewhere.words.a_behavior,
                binding=f'list it in MessagingConfig({elsewhere.words.global_list}=[{short(value)}])',
            )
    # The global behaviors are bindings of a kind: the bind-time checks word their mistakes,
    # and refuse a behavior listed twice.
    for behavior in check_behaviors(kind, None, values):
        _check_generic(kind, behavior)


def _check_generic(kind: Kind, behavior: type[Any]) -> None:
    """Refuse a global behavior written for one request or response: it would wrap every request."""
    base = _BASES[kind]
    if fixed_parameters(behavior, base):
        declared = declared_arguments(behavior, base) or ()
        fail(
            _catalogue.GLOBAL_BEHAVIOR_NOT_GENERIC,
            behavior,
            kind=kind.words,
            behavior=qualname(behavior),
            declared=f'{base.__name__}[{", ".join(map(type_name, declared))}]',
            short=behavior.__name__,
        )


def _is_concrete_subclass(value: object, base: type[Any]) -> bool:
    if not is_instance(value, type):
        return False
    cls = cast('type[Any]', value)
    return guarded(lambda: issubclass(cls, base) and not is_abstract(cls))  # a metaclass may raise
