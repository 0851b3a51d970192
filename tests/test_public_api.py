"""Each public package exports exactly its intended names, sorted, and every one resolves."""

import importlib

import pytest

PUBLIC_NAMES: dict[str, set[str]] = {
    'denpo': {
        'Application',
        'ApplicationError',
        'ApplicationFactory',
        'ApplicationState',
        'DenpoError',
        'DependencyNotAccessibleError',
        'DependencyResolutionError',
        'DuplicateModuleError',
        'DuplicateProviderError',
        'DynamicModule',
        'InvalidModuleError',
        'Lifespan',
        'Module',
        'ModuleError',
        'ModuleImportCycleError',
        'ModuleMetadata',
        'NarrowerScopeError',
        'module',
    },
    'denpo.di': {
        'AsyncContainer',
        'Provider',
        'Scope',
        'contextual',
        'many',
        'object_',
        'scoped',
        'singleton',
        'transient',
    },
    'denpo.extensions': {
        'AfterApplicationInit',
        'ApplicationExtension',
        'ModuleExtension',
        'OnApplicationInit',
        'OnApplicationShutdown',
        'OnModuleConfigure',
        'OnModuleDestroy',
        'OnModuleInit',
        'OnModuleRegistration',
    },
    'denpo.messaging': {
        # contracts
        'IEvent',
        'IRequest',
        'IStreamRequest',
        'RequestClass',
        'StreamRequestClass',
        # handlers and behaviors
        'CallNext',
        'EventHandler',
        'IEventHandler',
        'IPipelineBehavior',
        'IRequestExceptionAction',
        'IRequestHandler',
        'IStreamPipelineBehavior',
        'IStreamRequestHandler',
        'RequestExceptionAction',
        'RequestExceptionHandler',
        'RequestHandler',
        'StreamNext',
        'StreamRequestHandler',
        # the bus and its publishers
        'CollectAllEventPublisher',
        'EventPublisher',
        'GroupEventPublisher',
        'IMessageBus',
        'IPublisher',
        'ISender',
        'MessageBus',
        'SequentialEventPublisher',
        # wiring
        'MessagingConfig',
        'MessagingExtension',
        'MessagingModule',
        # what each module binds
        'EventBinding',
        'ModuleBindings',
        'RequestBinding',
        'StreamBinding',
        # the routing table and its description
        'EventDelivery',
        'EventRecipient',
        'EventRoute',
        'MessagingRegistry',
        'RequestRoute',
        'RoutingTable',
        'StreamRoute',
        'describe_routes',
        'render_mermaid',
        'render_table',
        # errors
        'BindingsFrozenError',
        'EventHandlerAlreadyRegistered',
        'InvalidBindingError',
        'MessagingConfigurationError',
        'MessagingError',
        'PipelineBehaviorAlreadyRegistered',
        'RequestHandlerAlreadyRegistered',
        'RequestHandlerNotFound',
    },
    'denpo.modules': {
        'DynamicModule',
        'Module',
        'ModuleMetadata',
        'ModuleRegistry',
        'ModuleType',
        'build_module_registry',
        'get_module_metadata',
        'module',
    },
}

PACKAGES = sorted(PUBLIC_NAMES)


def exported(package: str) -> list[str]:
    names: list[str] = importlib.import_module(package).__all__
    return names


@pytest.mark.parametrize('package', PACKAGES)
def test_all_is_exactly_the_public_names(package: str) -> None:
    assert set(exported(package)) == PUBLIC_NAMES[package]


@pytest.mark.parametrize('package', PACKAGES)
def test_all_is_sorted_without_duplicates(package: str) -> None:
    names = exported(package)
    assert names == sorted(set(names))


@pytest.mark.parametrize('package', PACKAGES)
def test_every_public_name_resolves(package: str) -> None:
    imported = importlib.import_module(package)
    missing = [name for name in exported(package) if not hasattr(imported, name)]
    assert missing == []


@pytest.mark.parametrize(
    ('package', 'name', 'defined_in'),
    [
        pytest.param('denpo', 'Module', 'denpo.modules', id='denpo.Module'),
        pytest.param('denpo', 'module', 'denpo.modules', id='denpo.module'),
        pytest.param('denpo', 'DynamicModule', 'denpo.modules', id='denpo.DynamicModule'),
        pytest.param('denpo', 'ModuleMetadata', 'denpo.modules', id='denpo.ModuleMetadata'),
    ],
)
def test_reexports_are_the_same_objects(package: str, name: str, defined_in: str) -> None:
    assert getattr(importlib.import_module(package), name) is getattr(
        importlib.import_module(defined_in), name
    )
