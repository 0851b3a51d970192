"""The module system: ``@module``, dynamic modules and the resolved module graph."""

from denpo.modules._graph import Module, ModuleRegistry, build_module_registry
from denpo.modules._metadata import DynamicModule, ModuleMetadata, ModuleType, get_module_metadata, module

__all__ = [
    'DynamicModule',
    'Module',
    'ModuleMetadata',
    'ModuleRegistry',
    'ModuleType',
    'build_module_registry',
    'get_module_metadata',
    'module',
]
