import runpy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typing_extensions import override

from denpo import ApplicationFactory, DynamicModule, module
from denpo.__main__ import main
from denpo.di import scoped
from denpo.messaging import (
    EventHandler,
    IEvent,
    IRequest,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
)

ROOT = Path(__file__).resolve().parents[1]
HERE = __name__


@dataclass(frozen=True)
class Place(IRequest[str]):
    sku: str


@dataclass(frozen=True)
class Placed(IEvent):
    sku: str


class PlaceHandler(RequestHandler[Place, str]):
    @override
    async def handle(self, request: Place, /) -> str:
        return request.sku


class Notify(EventHandler[Placed]):
    @override
    async def handle(self, event: Placed, /) -> None:
        pass


@module(extensions=[MessagingExtension().bind_request(Place, PlaceHandler).bind_event(Placed, [Notify])])
class ShopModule: ...


@module(imports=[MessagingModule.register(), ShopModule])
class AppModule: ...


@module()
class ConfiguredAppModule:
    @staticmethod
    def register() -> DynamicModule:
        return DynamicModule(
            parent_module=ConfiguredAppModule, imports=[MessagingModule.register(), ShopModule]
        )


CONFIGURED = ConfiguredAppModule.register()
APPLICATION = ApplicationFactory(AppModule).create()


@module()
class WithoutMessagingModule: ...


@module(extensions=[MessagingExtension().bind_request(Place, PlaceHandler)])
class AlsoPlacesModule: ...


@module(imports=[MessagingModule.register(), ShopModule, AlsoPlacesModule])
class DoublyBoundAppModule: ...


class Chicken:
    def __init__(self, egg: 'Egg') -> None:
        self.egg = egg


class Egg:
    def __init__(self, chicken: Chicken) -> None:
        self.chicken = chicken


@module(imports=[MessagingModule.register()], providers=[scoped(Chicken), scoped(Egg)])
class CyclicAppModule: ...


TABLE = """\
Requests (1)
request  handler       behaviors (outermost first)  module
-------  ------------  ---------------------------  ----------
Place    PlaceHandler  -                            ShopModule

Events (1)
event   #  handler  bound to  module
------  -  -------  --------  ----------
Placed  1  Notify   Placed    ShopModule
"""

MERMAID = """\
flowchart LR
    subgraph m0["ShopModule"]
        h0["PlaceHandler"]
        h1["Notify"]
    end
    r0(["Place"]) --> h0
    e0{{"Placed"}} -->|"1"| h1
"""


@pytest.mark.parametrize('target', ['AppModule', 'CONFIGURED', 'APPLICATION'])
def test_routes_prints_the_table(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(['routes', f'{HERE}:{target}']) == 0
    assert capsys.readouterr() == (TABLE, '')


def test_routes_prints_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(['routes', f'{HERE}:AppModule', '--format', 'mermaid']) == 0
    assert capsys.readouterr() == (MERMAID, '')


def test_routes_prints_qualified_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(['routes', f'{HERE}:AppModule', '--qualified', '--format', 'mermaid']) == 0
    assert capsys.readouterr().out.splitlines()[1:3] == [
        f'    subgraph m0["{HERE}.ShopModule"]',
        f'        h0["{HERE}.PlaceHandler"]',
    ]


def test_routes_does_not_start_the_application(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(['routes', f'{HERE}:APPLICATION']) == 0
    assert not APPLICATION.is_running


@pytest.mark.parametrize(
    ('target', 'message'),
    [
        pytest.param(
            HERE,
            f"expected a target like 'package.module:AppModule', got '{HERE}'.",
            id='no-colon',
        ),
        pytest.param(
            f'{HERE}:',
            f"expected a target like 'package.module:AppModule', got '{HERE}:'.",
            id='no-name',
        ),
        pytest.param(
            'tests.nowhere:AppModule',
            "cannot import 'tests.nowhere': there is no module named 'tests.nowhere'. Hint: run the command "
            'from the directory that contains the package, or install it.',
            id='missing-module',
        ),
        pytest.param(
            'nowhere_at_all.app:AppModule',
            "cannot import 'nowhere_at_all.app': there is no module named 'nowhere_at_all'.",
            id='missing-package',
        ),
        pytest.param(
            f'{HERE}:AppModel',
            f"'{HERE}' has no attribute 'AppModel'. Hint: targets defined there: APPLICATION, "
            'AlsoPlacesModule, AppModule, CONFIGURED, ConfiguredAppModule, CyclicAppModule, '
            'DoublyBoundAppModule, ShopModule, WithoutMessagingModule.',
            id='missing-name',
        ),
        pytest.param(
            f'{HERE}:AppModule.inner',
            f"'{HERE}' has no attribute 'AppModule.inner'.",
            id='missing-nested-name',
        ),
        pytest.param(
            'json:App',
            "'json' has no attribute 'App'. Hint: name the root @module class (the one passed to "
            'ApplicationFactory), a DynamicModule or an Application.',
            id='missing-name-no-candidates',
        ),
        pytest.param(
            f'{HERE}:Place',
            f'{HERE}:Place is a class without @module(...), not a module or an application. Hint: point '
            'at the root @module class (the one passed to ApplicationFactory), a DynamicModule or an '
            'Application.',
            id='class-not-module',
        ),
        pytest.param(
            'json:dumps',
            'json:dumps is an object of type function, not a module or an application.',
            id='function-not-module',
        ),
        pytest.param(
            f'{HERE}:WithoutMessagingModule',
            f'{HERE}:WithoutMessagingModule does not import MessagingModule, so it has no routes. Hint: add '
            '`MessagingModule.register(MessagingConfig())` to the imports of the root module.',
            id='no-messaging',
        ),
    ],
)
def test_routes_rejects_a_bad_target_with_status_2(
    target: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(['routes', target]) == 2
    out, err = capsys.readouterr()
    assert out == ''
    assert err.startswith(f'denpo routes: error: {message}')
    assert err.endswith('\n')


def test_routes_reports_a_broken_application_with_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(['routes', f'{HERE}:DoublyBoundAppModule']) == 1
    out, err = capsys.readouterr()
    assert out == ''
    assert err.startswith(
        f'denpo routes: error: cannot build the application from {HERE}:DoublyBoundAppModule:\n'
    )
    assert f'Request {HERE}.Place is bound twice' in err


def test_routes_reports_a_container_error_with_status_1(capsys: pytest.CaptureFixture[str]) -> None:
    # dishka's own validation (a dependency cycle), past denpo's checks.
    assert main(['routes', f'{HERE}:CyclicAppModule']) == 1
    err = capsys.readouterr().err
    assert err.startswith(f'denpo routes: error: cannot build the application from {HERE}:CyclicAppModule:\n')
    assert 'Cycle dependencies detected.' in err


def test_an_import_error_inside_the_target_propagates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / 'broken_target.py').write_text('import not_installed_dependency_of_denpo_tests\n')
    monkeypatch.setattr(sys, 'path', [str(tmp_path), *sys.path])
    with pytest.raises(ModuleNotFoundError, match="'not_installed_dependency_of_denpo_tests'"):
        main(['routes', 'broken_target:AppModule'])


@pytest.mark.parametrize(
    ('argv', 'message'),
    [
        pytest.param([], 'the following arguments are required: command', id='no-command'),
        pytest.param(['routes'], 'the following arguments are required: target', id='no-target'),
        pytest.param(['routes', 'a:B', '--format', 'svg'], "invalid choice: 'svg'", id='bad-format'),
    ],
)
def test_bad_command_lines_exit_with_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_python_dash_m_runs_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, 'argv', ['denpo', 'routes', f'{HERE}:AppModule'])
    monkeypatch.delitem(sys.modules, 'denpo.__main__')  # runpy warns when the module is already imported
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module('denpo', run_name='__main__')
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == TABLE


def test_subprocess_prints_the_routes_shown_in_the_docs() -> None:
    # docs/guides/routes.md shows this command's output as docs/examples/routes.txt.
    command = [sys.executable, '-m', 'denpo', 'routes', 'docs.examples.routes:AppModule']
    table = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    mermaid = subprocess.run(
        [*command, '--format', 'mermaid'], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert (table.stderr, mermaid.stderr) == ('', '')
    assert f'{table.stdout}\n{mermaid.stdout}' == (ROOT / 'docs' / 'examples' / 'routes.txt').read_text()


def test_subprocess_bad_target_exits_with_status_2() -> None:
    result = subprocess.run(
        [sys.executable, '-m', 'denpo', 'routes', 'docs.examples.routes:Missing'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ''
    assert result.stderr.startswith("denpo routes: error: 'docs.examples.routes' has no attribute 'Missing'.")
