"""Every fully qualified name the plugin keys on names a real runtime object.

If a class or method is renamed or moved in denpo (or in dishka), this fails instead of the
plugin's check silently never firing.
"""

import importlib
import inspect
from types import ModuleType

import pytest

from denpo import _catalogue
from denpo_mypy import _fullnames
from denpo_mypy._kinds import KINDS, RequestKind

QUALIFIED = {
    name: value
    for name, value in vars(_fullnames).items()
    if name.isupper() and isinstance(value, str) and '.' in value
}
METHOD_NAMES = {
    _fullnames.INVOKE_METHOD: _fullnames.ISENDER_INVOKE,
    _fullnames.BIND_REQUEST_METHOD: _fullnames.BIND_REQUEST,
    _fullnames.BIND_EVENT_METHOD: _fullnames.BIND_EVENT,
    _fullnames.STREAM_METHOD: _fullnames.ISENDER_STREAM,
    _fullnames.PUBLISH_METHOD: _fullnames.IPUBLISHER_PUBLISH,
    _fullnames.BIND_STREAM_METHOD: _fullnames.BIND_STREAM,
}


def _resolve(fullname: str) -> object:
    parts = fullname.split('.')
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module('.'.join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(fullname)


def test_every_constant_is_checked() -> None:
    constants = {name for name in vars(_fullnames) if name.isupper()}
    assert constants == set(QUALIFIED) | {
        'BY_SHORT_NAME',
        'INVOKE_METHOD',
        'STREAM_METHOD',
        'PUBLISH_METHOD',
        'BIND_REQUEST_METHOD',
        'BIND_EVENT_METHOD',
        'BIND_STREAM_METHOD',
    }


@pytest.mark.parametrize(('name', 'fullname'), sorted(QUALIFIED.items()), ids=sorted(QUALIFIED))
def test_fullname_resolves_to_its_runtime_object(name: str, fullname: str) -> None:
    found = _resolve(fullname)
    assert not isinstance(found, ModuleType), f'{name} names a module'
    parent, _, attribute = fullname.rpartition('.')
    if inspect.isclass(_resolve(parent)):
        assert callable(found)
        assert attribute in vars(_resolve(parent)), f'{fullname} is inherited, not defined there'
    else:
        assert inspect.isclass(found) or getattr(found, '__module__', None) is not None


def test_classes_are_defined_where_their_fullname_says() -> None:
    for fullname in QUALIFIED.values():
        found = _resolve(fullname)
        if inspect.isclass(found) and not fullname.startswith(('typing.', 'builtins.')):
            assert f'{found.__module__}.{found.__qualname__}' == fullname


def test_every_class_the_catalogue_names_has_its_fullname() -> None:
    # The catalogue names contracts, handler and behavior bases and roles by their short names.
    named = set(_catalogue.ROLES)
    for words in _catalogue.KINDS:
        named |= {words.contract, words.handler_base, words.handler_protocol, *words.wrong_roles}
        named |= {words.behavior_base} - {''}
    assert named <= set(_fullnames.BY_SHORT_NAME)
    for short, fullname in _fullnames.BY_SHORT_NAME.items():
        assert fullname in QUALIFIED.values()
        assert fullname.rpartition('.')[2] == short


@pytest.mark.parametrize(('method', 'fullname'), sorted(METHOD_NAMES.items()))
def test_method_names_match_their_methods(method: str, fullname: str) -> None:
    assert fullname.rpartition('.')[2] == method
    assert callable(_resolve(fullname))


@pytest.mark.parametrize('kind', [kind for _, kind in sorted(KINDS.items())], ids=sorted(KINDS))
def test_binding_parameters_match_the_runtime_signature(kind: RequestKind) -> None:
    # The plugin reads positional-only parameters by their order and the others by their name.
    method = _resolve(f'{_fullnames.MESSAGING_EXTENSION}.{kind.call}')
    assert callable(method)
    parameters = list(inspect.signature(method).parameters.values())[1:]  # after self
    positional = [item for item in parameters if item.kind is inspect.Parameter.POSITIONAL_ONLY]
    keywords = [item.name for item in parameters if item.kind is not inspect.Parameter.POSITIONAL_ONLY]
    assert len(positional) == len(kind.positional)
    assert keywords == list(kind.keywords)
    assert all(item.kind is inspect.Parameter.KEYWORD_ONLY for item in parameters[len(positional) :])
