"""Load a program from ``examples/`` (a folder of scripts, not a package) as a module."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_example(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` once, under the module name ``examples_<name>``.

    The module stays in ``sys.modules``: pydantic and Litestar look a module up by name when
    they read its annotations, also after import.
    """
    # The web examples import their shared order service as a sibling module, as they do when
    # run as scripts (`python examples/fastapi_app.py` puts `examples/` on the path).
    if str(ROOT / 'examples') not in sys.path:
        sys.path.insert(0, str(ROOT / 'examples'))
    module_name = f'examples_{name}'
    loaded = sys.modules.get(module_name)
    if loaded is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(module_name, ROOT / 'examples' / f'{name}.py')
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
