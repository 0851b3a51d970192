"""Reading denpo's contracts off mypy types: class objects, declared generic arguments, names.

Every function here answers ``None`` for what it does not understand (``Any``, type variables,
unions, callables that are not classes), so that the checks built on it never guess: they tell
"fits" from "cannot tell", and leave what they cannot tell to mypy's own check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mypy.checker import TypeChecker
from mypy.constraints import SUBTYPE_OF, SUPERTYPE_OF, infer_constraints
from mypy.expandtype import expand_type
from mypy.maptype import map_instance_to_supertype
from mypy.messages import format_type_bare
from mypy.nodes import Decorator, Expression, FuncBase, TypeInfo
from mypy.options import Options
from mypy.plugin import CheckerPluginInterface
from mypy.solve import solve_constraints
from mypy.subtypes import find_member, is_subtype
from mypy.typeops import get_type_vars
from mypy.types import (
    AnyType,
    CallableType,
    FunctionLike,
    Instance,
    NoneType,
    ProperType,
    Type,
    TypeOfAny,
    TypeType,
    TypeVarId,
    TypeVarLikeType,
    TypeVarType,
    UnpackType,
    get_proper_type,
)

from denpo import _text as text
from denpo_mypy import _fullnames

__all__ = [
    'ClassRef',
    'HandleSignature',
    'Solution',
    'bounded_name',
    'class_ref',
    'declared_arguments',
    'describe',
    'handle_signature',
    'is_value',
    'name_of',
    'promised_response',
    'quietly_typed',
    'solve',
    'solved_name',
    'unimplemented',
]


class ClassRef(NamedTuple):
    """A class passed where denpo expects one.

    Attributes:
        instance: The type of its instances: ``GetById[T]`` for the bare generic class,
            ``GetById[int]`` for a parameterized one.
        variables: The class's own type variables left open (a bare generic class).
        exact: Whether this is the class object itself; a ``type[X]`` value may be any
            subclass of ``X``, so it is never reported as abstract.
        parameterized: Whether generic arguments were applied, as in ``GetById[int]``.
    """

    instance: Instance
    variables: tuple[TypeVarLikeType, ...]
    exact: bool
    parameterized: bool

    @property
    def info(self) -> TypeInfo:
        """The class's ``TypeInfo``."""
        return self.instance.type

    @property
    def name(self) -> str:
        """The short class name, as mypy shows it."""
        return self.instance.type.name


def class_ref(typ: Type) -> ClassRef | None:
    """Read a class object (``Place``, ``GetById[int]``) or a ``type[X]`` value, else ``None``."""
    proper = get_proper_type(typ)
    if isinstance(proper, TypeType):
        if isinstance(proper.item, Instance):
            return ClassRef(proper.item, (), exact=False, parameterized=False)
        return None
    if not isinstance(proper, FunctionLike) or not proper.is_type_obj():
        return None
    constructor = proper.items[0]
    instance = get_proper_type(constructor.ret_type)
    if not isinstance(instance, Instance):
        fallback = constructor.get_instance_type(force_fallback=True)
        if not isinstance(fallback, Instance):
            return None
        instance = fallback
    variables = tuple(constructor.variables)
    open_ids = {variable.id for variable in variables}
    parameterized = any(not _is_open(argument, open_ids) for argument in instance.args)
    return ClassRef(instance, variables, exact=True, parameterized=parameterized)


def _is_open(argument: Type, open_ids: set[TypeVarId]) -> bool:
    proper = get_proper_type(argument)
    if isinstance(proper, UnpackType):  # `*Ts` of a class generic in a TypeVarTuple
        proper = get_proper_type(proper.type)
    return isinstance(proper, TypeVarLikeType) and proper.id in open_ids


def declared_arguments(instance: Instance, *bases: str) -> tuple[Type, ...] | None:
    """The arguments ``instance`` gives the first of ``bases`` that it inherits, else ``None``."""
    for base in bases:
        for info in instance.type.mro:
            if info.fullname == base:
                return tuple(map_instance_to_supertype(instance, info).args)
    return None


def promised_response(instance: Instance, contract: str) -> Type | None:
    """The ``Y`` of ``IRequest[Y]`` (or of another ``contract``) that a request type declares.

    ``None`` if ``instance`` does not inherit the contract.
    """
    arguments = declared_arguments(instance, contract)
    if arguments is None:
        return None
    return arguments[0] if arguments else NoneType()


class HandleSignature(NamedTuple):
    """The ``handle`` method of a structural handler."""

    accepts: Type
    """The type of its first parameter."""
    returns: Type
    """Its return type."""
    produces: Type | None
    """What awaiting (or iterating) its result produces; ``None`` if it cannot be."""


def handle_signature(instance: Instance, produced_by: str) -> HandleSignature | None:
    """Read ``instance.handle`` structurally; ``None`` if it is missing or not a plain method.

    ``produced_by`` names the generic type whose argument the handler produces: ``Awaitable``
    for a request handler (an ``async def``), ``AsyncIterator`` for a stream handler.
    """
    if not isinstance(instance.type.get_method('handle'), FuncBase | Decorator):
        return None  # an attribute typed as a callable, not a method: mypy's own check decides
    member = find_member('handle', instance, instance)
    method = None if member is None else get_proper_type(member)
    if not isinstance(method, CallableType) or not _takes_one_argument(method):
        return None
    returned = get_proper_type(method.ret_type)
    produces: Type | None = None
    if isinstance(returned, AnyType):
        produces = returned
    elif isinstance(returned, Instance):
        arguments = declared_arguments(returned, produced_by)
        if arguments:
            produces = arguments[0]
    return HandleSignature(method.arg_types[0], method.ret_type, produces)


def _takes_one_argument(method: CallableType) -> bool:
    """Whether ``method`` (bound) can be called with one positional argument, as the bus calls it."""
    if not method.arg_kinds or not method.arg_kinds[0].is_positional():
        return False
    return all(kind.is_optional() or kind.is_star() for kind in method.arg_kinds[1:])


class Solution(NamedTuple):
    """Types with a generic class's type variables substituted, and the first bound they break."""

    types: list[Type]
    """The types asked for, substituted."""
    broken: TypeVarType | None
    """The first type variable solved to a type outside its bound or its constraints, if any."""

    def breaks_in(self, template: Type) -> TypeVarType | None:
        """:attr:`broken`, if ``template`` mentions it."""
        broken = self.broken
        if broken is None or all(variable.id != broken.id for variable in get_type_vars(template)):
            return None
        return broken


def solve(
    variables: Sequence[TypeVarLikeType],
    constraints: Iterable[tuple[Type, Type, bool]],
    types: Sequence[Type],
) -> Solution:
    """Substitute ``variables`` in ``types``, solved from ``(template, actual, is_supertype)``.

    ``is_supertype`` means the template must be a supertype of the actual type. Variables
    that nothing constrains become ``Any``: an unconstrained generic class fits anything. A
    solution is checked against its variable's bound and constraints, which mypy's solver
    ignores (mypy checks them where a call applies them, which a binding call never does).
    """
    if not variables:
        return Solution(list(types), None)
    found = [
        constraint
        for template, actual, is_supertype in constraints
        for constraint in infer_constraints(template, actual, SUPERTYPE_OF if is_supertype else SUBTYPE_OF)
    ]
    values, _ = solve_constraints(variables, found, strict=False)
    solution: dict[TypeVarId, Type] = {
        variable.id: AnyType(TypeOfAny.implementation_artifact) if value is None else value
        for variable, value in zip(variables, values, strict=True)
    }
    broken = next(
        (
            variable
            for variable in variables
            if isinstance(variable, TypeVarType) and not _within(solution[variable.id], variable, solution)
        ),
        None,
    )
    return Solution([expand_type(typ, solution) for typ in types], broken)


def _within(value: Type, variable: TypeVarType, solution: dict[TypeVarId, Type]) -> bool:
    """Whether ``value`` may stand for ``variable``: within its bound, and one of its constraints."""
    if isinstance(get_proper_type(value), AnyType):
        return True
    if not is_subtype(value, expand_type(variable.upper_bound, solution)):
        return False
    return not variable.values or any(is_subtype(value, allowed) for allowed in variable.values)


def solved_name(solved: Type, template: Type, broken: TypeVarType | None, options: Options) -> str:
    """The name of a solved type, or, if it breaks a bound, the declared ``template`` with the bound.

    ``A (bound to Audited)`` for a template that is the type variable itself, as the runtime words
    it; ``GetById[N] (N bound to int)`` for one that holds it.
    """
    if broken is None:
        return name_of(solved, options)
    proper = get_proper_type(template)
    if isinstance(proper, TypeVarType) and proper.id == broken.id:
        return bounded_name(broken, options)
    limit = bounded_name(broken, options).removeprefix(f'{broken.name} (').removesuffix(')')
    return f'{name_of(template, options)} ({broken.name} {limit})'


def bounded_name(variable: TypeVarType, options: Options) -> str:
    """A type variable with what limits it, as the runtime words it: ``A (bound to Audited)``."""
    if variable.values:
        return f'{variable.name} (one of {", ".join(name_of(value, options) for value in variable.values)})'
    return f'{variable.name} (bound to {name_of(variable.upper_bound, options)})'


def quietly_typed(api: CheckerPluginInterface, expression: Expression) -> tuple[Type, dict[Expression, Type]]:
    """The type of ``expression`` checked once more, with its errors and revealed types discarded.

    Also returns the types of its subexpressions, kept in a private map rather than mypy's: mypy
    checks the expression again against the signature a hook returns, and reports its errors then.
    """
    if not isinstance(api, TypeChecker):
        return api.get_expression_type(expression), {}
    with (
        api.msg.filter_errors(filter_deprecated=True, filter_revealed_type=True),
        api.local_type_map as types,
    ):
        typ = api.get_expression_type(expression)
    return typ, types


def unimplemented(info: TypeInfo) -> list[str]:
    """The abstract members that keep ``info`` from being instantiated, sorted."""
    return sorted(name for name, _status in info.abstract_attributes)


def is_value(typ: ProperType) -> bool:
    """Whether ``typ`` is certainly a plain value (an instance or ``None``), never a class.

    Instances of ``object``, of a metaclass, of a protocol (which a class object may satisfy)
    and of a class derived from ``Any`` may be classes at runtime.
    """
    if isinstance(typ, NoneType):
        return True
    return isinstance(typ, Instance) and not (
        typ.type.fullname == _fullnames.OBJECT
        or typ.type.is_metaclass()
        or typ.type.is_protocol
        or typ.type.fallback_to_any
    )


def describe(typ: ProperType, options: Options) -> str:
    """Word what was passed, as the runtime does: ``the class Place``, ``an instance of Place``, ``None``.

    A ``type[X]`` value, which may hold any subclass of ``X``, is ``a class of type type[X]``:
    prose, like the rest, so that a message opening with it starts a sentence.
    """
    ref = class_ref(typ)
    if ref is not None:
        return (
            text.describe(ref.name, is_class=True)
            if ref.exact
            else f'a class of type {name_of(typ, options)}'
        )
    if isinstance(typ, NoneType):
        return text.describe(None, is_class=False)
    if isinstance(typ, Instance):
        return text.describe(typ.type.name, is_class=False)
    return name_of(typ, options)


def name_of(typ: Type, options: Options) -> str:
    """The short name of ``typ``, as mypy's own messages show it."""
    return format_type_bare(typ, options)
