"""denpo's command line: ``python -m denpo routes package.module:AppModule [--format table|mermaid]``.

``routes`` builds the application from a root module (as ``ApplicationFactory(AppModule).create()``
does, without starting it: no lifespan or init hook runs) and prints its routing table.
Exit status: 0 on success, 1 when the application cannot be built, 2 for a bad command line or
a bad target (not importable, not found, not a module or an application, or without
``MessagingModule``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

import anyio
from dishka.exception_base import DishkaError

from denpo._naming import qualname
from denpo.application import Application, ApplicationFactory
from denpo.exceptions import DenpoError
from denpo.messaging.module import MessagingModule
from denpo.messaging.registry import MessagingRegistry
from denpo.messaging.routes import describe_routes, render_mermaid, render_table
from denpo.modules import DynamicModule, get_module_metadata

__all__ = ['main']

_TARGET_HELP = (
    "the application as 'package.module:Name': the root @module class (the one passed to "
    'ApplicationFactory), a DynamicModule or an Application; the directory you run from is importable'
)
_EXPECTED = 'the root @module class (the one passed to ApplicationFactory), a DynamicModule or an Application'


class _TargetError(Exception):
    """The target names nothing that can be described; the message says why and what to do."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    Raises:
        SystemExit: With status 2 for a malformed command line (argparse prints the usage), or
            0 after ``--help``.
    """
    parser = _parser()
    arguments = parser.parse_args(argv)
    target: str = arguments.target
    output_format: str = arguments.format
    qualified: bool = arguments.qualified
    try:
        app = _build(_resolve(target), target)
    except _TargetError as error:
        sys.stderr.write(f'denpo routes: error: {error}\n')
        return 2
    except (DenpoError, DishkaError) as error:
        sys.stderr.write(f'denpo routes: error: cannot build the application from {target}:\n{error}\n')
        return 1
    registry = anyio.run(_read_registry, app)
    render = render_mermaid if output_format == 'mermaid' else render_table
    sys.stdout.write(f'{render(describe_routes(registry), qualified=qualified)}\n')
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='denpo', description='Tools for applications built on denpo.')
    commands = parser.add_subparsers(dest='command', required=True, metavar='command')
    routes = commands.add_parser(
        'routes',
        help="print an application's routing table",
        description=(
            'Print which handler and behaviors (outermost first) serve each request, and which '
            'handlers receive each event in delivery order, with the module of each binding.'
        ),
    )
    routes.add_argument('target', help=_TARGET_HELP)
    routes.add_argument(
        '--format', choices=('table', 'mermaid'), default='table', help='output format (default: table)'
    )
    routes.add_argument(
        '--qualified', action='store_true', help='name classes and modules package.module.Name, not Name'
    )
    return parser


def _resolve(target: str) -> object:
    module_path, _, attribute = target.partition(':')
    if not module_path or not attribute:
        msg = f"expected a target like 'package.module:AppModule', got {target!r}."
        raise _TargetError(msg)
    try:
        namespace = importlib.import_module(module_path)
    except ModuleNotFoundError as error:
        missing = error.name or ''
        if module_path != missing and not module_path.startswith(f'{missing}.'):
            raise  # the target exists, an import inside it failed: the traceback says where
        msg = (
            f'cannot import {module_path!r}: there is no module named {missing!r}. Hint: run the '
            'command from the directory that contains the package, or install it.'
        )
        raise _TargetError(msg) from None
    value: object = namespace
    for part in attribute.split('.'):
        if not hasattr(value, part):
            msg = (
                f'{module_path!r} has no attribute {attribute!r}. Hint: {_candidates(module_path, namespace)}'
            )
            raise _TargetError(msg)
        value = getattr(value, part)
    return value


def _candidates(module_path: str, namespace: ModuleType) -> str:
    names = sorted(name for name, value in vars(namespace).items() if _is_target(value, module_path))
    if not names:
        return f'name {_EXPECTED}.'
    return f'targets defined there: {", ".join(names)}.'


def _is_target(value: object, module_path: str) -> bool:
    # Module classes imported from elsewhere (MessagingModule, say) are not this module's targets.
    if isinstance(value, type):
        return value.__module__ == module_path and get_module_metadata(value) is not None
    return isinstance(value, DynamicModule | Application)


def _build(value: object, target: str) -> Application:
    if isinstance(value, Application):
        app = value
    elif isinstance(value, DynamicModule) or (
        isinstance(value, type) and get_module_metadata(value) is not None
    ):
        app = ApplicationFactory(value).create()
    else:
        kind = (
            'a class without @module(...)'
            if isinstance(value, type)
            else f'an object of type {qualname(type(value))}'
        )
        msg = f'{target} is {kind}, not a module or an application. Hint: point at {_EXPECTED}.'
        raise _TargetError(msg)
    if app.registry.get(MessagingModule) is None:
        msg = (
            f'{target} does not import MessagingModule, so it has no routes. Hint: add '
            '`MessagingModule.register(MessagingConfig())` to the imports of the root module.'
        )
        raise _TargetError(msg)
    return app


async def _read_registry(app: Application) -> MessagingRegistry:
    # APP scope: resolving it does not start the application.
    return await app.container.get(MessagingRegistry)


if __name__ == '__main__':
    sys.exit(main())
