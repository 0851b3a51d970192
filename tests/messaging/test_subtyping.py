"""What the bind-time checks can tell about declared types: certain mistakes, and nothing else."""

from collections.abc import Callable
from typing import Annotated, Any, Generic, Literal, Optional, Protocol, TypedDict, TypeVar, Union

import pytest
from typing_extensions import override

from denpo.messaging import (
    CallNext,
    EventHandler,
    IEvent,
    InvalidBindingError,
    IPipelineBehavior,
    IRequest,
    IRequestHandler,
    MessagingExtension,
    RequestExceptionHandler,
    RequestHandler,
)
from denpo.messaging._introspection import type_name
from denpo.messaging._subtyping import (
    admits,
    certainly_not_handled,
    certainly_not_subtype,
    certainly_outside_bound,
)

T = TypeVar('T')
U = TypeVar('U')


class Animal:
    pass


class Dog(Animal):
    pass


class Box(Generic[T]):
    pass


@pytest.mark.parametrize(
    ('left', 'right'),
    [
        pytest.param(Dog | None, Dog, id='optional-for-a-plain-promise'),
        pytest.param(Optional[Dog], Dog, id='typing-optional'),  # noqa: UP045  # the spelling under test
        pytest.param(object, list[int], id='wider-than-a-container'),
        pytest.param(bytes, int | str, id='no-member-of-a-union'),
        pytest.param(int, dict[str, list[Dog]], id='another-container'),
        pytest.param(str, Annotated[int, 'meta'], id='annotated'),
        pytest.param(int, Box[Dog], id='another-generic-class'),
        pytest.param(int, Literal['a', 'b'], id='class-for-a-literal'),
        pytest.param(Literal['a', 'c'], Literal['a', 'b'], id='literal-with-another-value'),
        pytest.param(Literal[1], str, id='literal-of-another-class'),
        pytest.param(Animal, Dog, id='base-for-a-subclass'),
    ],
)
def test_certainly_not_a_subtype(left: Any, right: Any) -> None:
    assert certainly_not_subtype(left, right)


@pytest.mark.parametrize(
    ('left', 'right'),
    [
        pytest.param(Dog, Animal, id='subclass'),
        pytest.param(Dog, Union[Dog, None], id='member-of-a-union'),  # noqa: UP007  # the spelling under test
        pytest.param(None, Dog | None, id='none-in-an-optional'),
        pytest.param(list[str], list[int], id='container-parameters-left-to-the-checkers'),
        pytest.param(list, list[int], id='bare-container'),
        pytest.param(Literal['a'], Literal['a', 'b'], id='literal-subset'),
        pytest.param(Literal['a'], str, id='literal-of-the-class'),
        pytest.param(T, int, id='type-variable'),
        pytest.param(int, Any, id='any'),
    ],
)
def test_not_certainly_wrong(left: Any, right: Any) -> None:
    assert not certainly_not_subtype(left, right)


class Echo(IRequest[T], Generic[T]):
    pass


class EchoInt(Echo[int]):
    pass


class Pair(IRequest[T], Generic[T, U]):
    pass


def generic(cls: Any, *parameters: object) -> Any:
    """``cls[parameters]`` with type variables, as a handler's base class declares it."""
    return cls[parameters]


@pytest.mark.parametrize(
    ('message', 'handled', 'refused'),
    [
        pytest.param(Echo, generic(Echo, U), False, id='generic-handler-of-a-bare-generic-request'),
        pytest.param(Echo, Echo[int], True, id='one-parameterization-of-a-bare-generic-request'),
        pytest.param(EchoInt, Echo[int], False, id='the-parameterization-the-request-fixes'),
        pytest.param(EchoInt, Echo[str], True, id='another-parameterization'),
        pytest.param(Pair, generic(Pair, U, T), False, id='parameters-swapped-but-generic'),
        pytest.param(Echo, Dog | generic(Echo, U), False, id='a-union-member-handles-it'),
        pytest.param(Echo, Dog | Animal, True, id='no-union-member-handles-it'),
        pytest.param(Echo, T, False, id='type-variable'),
        pytest.param(Echo, Box[int], True, id='another-parameterized-class'),
    ],
)
def test_certainly_not_handled(message: type[Any], handled: Any, *, refused: bool) -> None:
    assert certainly_not_handled(message, handled) is refused


# --- through the binding calls ------------------------------------------------------------------


class Confirmation:
    pass


class GetDog(IRequest[Dog]):
    pass


class MaybeDog(RequestHandler[GetDog, Dog | None]):  # type: ignore[denpo-handler-response]  # under test
    @override
    async def handle(self, request: GetDog, /) -> Dog | None:
        return None


class EchoStr(RequestHandler[Echo[T], str], Generic[T]):  # type: ignore[denpo-handler-response]  # under test
    @override
    async def handle(self, request: Echo[T], /) -> str:
        return ''


class Notify(EventHandler['Placed']):  # written above its event, as a forward reference
    @override
    async def handle(self, event: 'Placed', /) -> None:
        pass


class Placed(IEvent):
    pass


class Cancelled(IEvent):
    pass


def test_an_optional_response_breaks_a_plain_promise() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(InvalidBindingError, match=r'MaybeDog returns Dog \| None, but GetDog promises Dog'):
        bind(GetDog, MaybeDog)


def test_a_generic_request_promises_its_parameter() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(InvalidBindingError, match=r'EchoStr returns str, but Echo promises T ') as caught:
        bind(Echo, EchoStr)
    assert caught.value.code == 'denpo-response-mismatch'


def test_a_forward_reference_is_read_once_it_names_a_class() -> None:
    bind: Any = MessagingExtension().bind_event
    bind(Placed, [Notify])
    with pytest.raises(InvalidBindingError, match=r'Notify handles Placed, not Cancelled') as caught:
        bind(Cancelled, [Notify])
    assert caught.value.code == 'denpo-event-mismatch'


class EchoBase(Echo[T], Generic[T]):
    pass


class EchoLeaf(EchoBase[T], Generic[T]):
    pass


def test_the_parameters_a_request_gives_through_an_intermediate_base_are_read() -> None:
    # EchoLeaf is bound bare, so a handler of one parameterization cannot take it.
    assert certainly_not_handled(EchoLeaf, Echo[int])
    assert not certainly_not_handled(EchoLeaf, generic(Echo, U))


class Unresolved(EventHandler['NoSuchEvent']):  # type: ignore[name-defined]  # pyright: ignore[reportUndefinedVariable]  # under test
    @override
    async def handle(self, event: Any, /) -> None:
        pass


def test_a_forward_reference_that_names_nothing_is_not_compared() -> None:
    MessagingExtension().bind_event(Cancelled, [Unresolved])  # nothing to compare: accepted


class LoudMeta(type):
    def __getattr__(cls, name: str) -> object:
        raise KeyError(name)


class Loud(metaclass=LoudMeta):
    pass


def test_a_class_whose_attributes_raise_has_no_handle() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(
        InvalidBindingError, match=r'Loud is not a request handler: it has no handle\(\) method'
    ):
        bind(GetDog, Loud)


@pytest.mark.parametrize(
    ('annotation', 'name'),
    [
        pytest.param(Dog | None, 'Dog | None', id='union'),
        pytest.param(dict[str, list[Dog]], 'dict[str, list[Dog]]', id='nested'),
        pytest.param(Literal['a', 1], "Literal['a', 1]", id='literal'),
        pytest.param(T, 'T', id='type-variable'),
        pytest.param(Callable[[int], str], 'Callable[[int], str]', id='callable'),
        pytest.param(tuple[int, ...], 'tuple[int, ...]', id='variadic-tuple'),
        pytest.param(Any, 'Any', id='any'),
        pytest.param('Later', "'Later'", id='forward-reference'),
    ],
)
def test_type_names_read_as_written(annotation: object, name: str) -> None:
    assert type_name(annotation) == name


class Mixin:
    pass


class MixedEcho(Mixin, EchoBase[int]):
    pass


class BareEcho(Echo):  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # under test
    pass


@pytest.mark.parametrize(
    ('message', 'handled', 'refused'),
    [
        pytest.param(MixedEcho, Echo[int], False, id='past-an-unrelated-base'),
        pytest.param(MixedEcho, Echo[str], True, id='past-an-unrelated-base-another-parameter'),
        pytest.param(BareEcho, Echo[int], False, id='a-subclass-that-gives-no-parameters'),
    ],
)
def test_the_parameters_of_a_request_are_found_among_its_bases(
    message: type[Any], handled: Any, *, refused: bool
) -> None:
    assert certainly_not_handled(message, handled) is refused


Q = TypeVar('Q')
R = TypeVar('R')


class AnyRequest(RequestHandler[Q, R], Generic[Q, R]):
    @override
    async def handle(self, request: Q, /) -> R:
        raise NotImplementedError


def test_a_handler_generic_in_request_and_response_fits_a_generic_request() -> None:
    extension = MessagingExtension().bind_request(Echo, AnyRequest)
    assert [binding.handler_type for binding in extension.request_bindings] == [AnyRequest]


class Tagged(type):
    pass


class Audited(metaclass=Tagged):  # a class whose metaclass is not `type`
    pass


class AuditedEcho(Echo[int], Audited):
    pass


@pytest.mark.parametrize(
    ('message', 'refused'),
    [pytest.param(Echo, True, id='outside-the-class'), pytest.param(AuditedEcho, False, id='a-subclass')],
)
def test_a_class_with_a_metaclass_is_compared_by_subclassing(message: type[Any], *, refused: bool) -> None:
    assert certainly_not_handled(message, Audited) is refused


# --- what a type checker would accept is never refused -------------------------------------------


class Totals(TypedDict):
    count: int


class Named(Protocol):
    name: str


class HasName:
    name = 'x'


@pytest.mark.parametrize(
    ('left', 'right'),
    [
        pytest.param(int, float, id='int-for-float'),
        pytest.param(float, complex, id='float-for-complex'),
        pytest.param(Totals, Totals, id='typed-dict'),
        pytest.param(Totals | None, Totals, id='typed-dict-in-a-union'),
        pytest.param(HasName, Named, id='structural-protocol'),
    ],
)
def test_what_only_a_type_checker_can_decide_is_never_refused(left: Any, right: Any) -> None:
    assert not certainly_not_subtype(left, right)


def test_a_handler_of_any_parameter_takes_the_bare_generic_request() -> None:
    assert not certainly_not_handled(Echo, Echo[Any])


class GetTotals(IRequest[Totals]):
    pass


class TotalsHandler(RequestHandler[GetTotals, Totals]):
    @override
    async def handle(self, request: GetTotals, /) -> Totals:
        return {'count': 1}


def test_a_typed_dict_response_binds() -> None:
    extension = MessagingExtension().bind_request(GetTotals, TotalsHandler)
    assert len(extension.request_bindings) == 1


class Unimplemented(IRequestHandler[GetDog, Dog]):  # explicit subclass of the protocol twin
    pass


def test_a_protocol_twin_subclass_must_implement_handle() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(
        InvalidBindingError, match=r'Unimplemented is abstract \(unimplemented: handle\)'
    ) as caught:
        bind(GetDog, Unimplemented)
    assert caught.value.code == 'denpo-abstract-handler'


class FixedReply(RequestHandler[T, str], Generic[T]):
    @override
    async def handle(self, request: T, /) -> str:
        return ''


def test_a_parameterized_handler_class_is_named_as_such() -> None:
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(
        InvalidBindingError,
        match=r'^FixedReply\[GetDog\] is a parameterized generic class; .* pass the bare class FixedReply:',
    ) as caught:
        bind(GetDog, generic(FixedReply, GetDog))
    assert caught.value.name == 'PARAMETERIZED_HANDLER'


class OnGroup(RequestExceptionHandler[GetDog, ExceptionGroup[KeyError], Dog]):
    @override
    async def handle(self, request: GetDog, error: ExceptionGroup[KeyError], /) -> Dog:
        return Dog()


class DogHandler(RequestHandler[GetDog, Dog]):
    @override
    async def handle(self, request: GetDog, /) -> Dog:
        return Dog()


def test_an_exception_handler_of_a_parameterized_exception_group_is_refused() -> None:
    # The bus catches by class: ExceptionGroup[KeyError] would also get groups of other errors.
    message = (
        r'^Exception handler tests\.messaging\.test_subtyping\.OnGroup declares the parameterized exception '
        r'type ExceptionGroup\[KeyError\], but the bus catches exceptions by class: .* Hint: declare it as '
        r'RequestExceptionHandler\[GetDog, ExceptionGroup\[Any\], '
    )
    bind: Any = MessagingExtension().bind_request
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(GetDog, DogHandler, exception_handlers=[OnGroup])
    assert caught.value.name == 'PARAMETERIZED_EXCEPTION_TYPE'


class ForwardDog(RequestHandler['GetDog', Dog]):  # the request written as a forward reference
    @override
    async def handle(self, request: GetDog, /) -> Dog:
        return Dog()


def test_a_forward_reference_next_to_a_class_is_read() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(GetDog, ForwardDog)
    with pytest.raises(InvalidBindingError, match=r'ForwardDog handles GetDog, not GetTotals'):
        bind(GetTotals, ForwardDog)


# --- a generic handler or behavior whose type variable has a bound -------------------------------


class Recorded(IRequest[Dog]):
    pass


class RecordedGetDog(GetDog, Recorded):
    pass


AuditedT = TypeVar('AuditedT', bound=Recorded)
Pick = TypeVar('Pick', GetDog, GetTotals)


class AuditedHandler(RequestHandler[AuditedT, Dog], Generic[AuditedT]):
    @override
    async def handle(self, request: AuditedT, /) -> Dog:
        return Dog()


class AuditTrail(IPipelineBehavior[AuditedT, R], Generic[AuditedT, R]):
    @override
    async def handle(self, request: AuditedT, /, call_next: CallNext[R]) -> R:
        return await call_next()


class PickHandler(RequestHandler[Pick, Dog], Generic[Pick]):
    @override
    async def handle(self, request: Pick, /) -> Dog:
        return Dog()


def test_a_generic_handler_takes_only_requests_within_its_bound() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(RecordedGetDog, AuditedHandler)
    message = r'AuditedHandler handles AuditedT \(bound to Recorded\), not GetDog\.'
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(GetDog, AuditedHandler)
    assert caught.value.code == 'denpo-request-mismatch'


def test_a_generic_behavior_takes_only_requests_within_its_bound() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(RecordedGetDog, DogHandler, behaviors=[AuditTrail])
    message = r'Pipeline behavior .*AuditTrail handles AuditedT \(bound to Recorded\), not GetDog\.'
    with pytest.raises(InvalidBindingError, match=message):
        bind(GetDog, DogHandler, behaviors=[AuditTrail])


def test_a_constrained_handler_takes_only_its_constraints() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(GetDog, PickHandler)
    with pytest.raises(
        InvalidBindingError, match=r'PickHandler handles Pick \(one of GetDog, GetTotals\), not Echo'
    ):
        bind(Echo, PickHandler)


AnimalT = TypeVar('AnimalT', bound=Animal)


class KeepAnimal(IPipelineBehavior[Q, AnimalT], Generic[Q, AnimalT]):
    @override
    async def handle(self, request: Q, /, call_next: CallNext[AnimalT]) -> AnimalT:
        return await call_next()


class AnimalFallback(RequestExceptionHandler[Q, LookupError, AnimalT], Generic[Q, AnimalT]):
    @override
    async def handle(self, request: Q, error: LookupError, /) -> AnimalT:
        raise error


def test_a_behavior_generic_in_a_bounded_response_takes_only_promises_within_it() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(GetDog, DogHandler, behaviors=[KeepAnimal])
    message = (
        r'Pipeline behavior .*KeepAnimal works on AnimalT \(bound to .*Animal\) responses, but GetTotals'
    )
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(GetTotals, TotalsHandler, behaviors=[KeepAnimal])
    assert caught.value.code == 'denpo-behavior-mismatch'


def test_an_exception_handler_generic_in_a_bounded_response_takes_only_promises_within_it() -> None:
    bind: Any = MessagingExtension().bind_request
    bind(GetDog, DogHandler, exception_handlers=[AnimalFallback])
    message = r'Exception handler .*AnimalFallback returns AnimalT \(bound to .*Animal\), but GetTotals'
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind(GetTotals, TotalsHandler, exception_handlers=[AnimalFallback])
    assert caught.value.code == 'denpo-exception-handler-mismatch'


@pytest.mark.parametrize(
    ('declared', 'promised', 'outside'),
    [
        pytest.param(AnimalT, Dog, False, id='within-the-bound'),
        pytest.param(AnimalT, Totals, True, id='outside-the-bound'),
        pytest.param(AnimalT, Optional[Dog], False, id='not-a-class-cannot-tell'),  # noqa: UP045  # under test
        pytest.param(Dog, Totals, False, id='not-a-type-variable'),
    ],
)
def test_certainly_outside_bound(declared: Any, promised: Any, *, outside: bool) -> None:
    assert certainly_outside_bound(declared, promised) is outside


class Command(IRequest[T], Generic[T]):
    pass


class CountCommand(Command[int]):
    pass


class DogCommand(Command[Dog]):
    pass


EitherT = TypeVar('EitherT', bound=GetDog | GetTotals)
EitherUnionT = TypeVar('EitherUnionT', bound=Union[GetDog, GetTotals])  # noqa: UP007  # under test
DogCommandT = TypeVar('DogCommandT', bound=Command[Dog])
AnyCommandT = TypeVar('AnyCommandT', bound=Command[Any])
NamedT = TypeVar('NamedT', bound=Named)


@pytest.mark.parametrize(
    ('variable', 'cls', 'admitted'),
    [
        pytest.param(EitherT, GetDog, True, id='union-bound-member'),
        pytest.param(EitherT, RecordedGetDog, True, id='union-bound-subclass'),
        pytest.param(EitherT, Echo, False, id='union-bound-outside'),
        pytest.param(EitherUnionT, GetTotals, True, id='typing-union-bound-member'),
        pytest.param(EitherUnionT, Echo, False, id='typing-union-bound-outside'),
        pytest.param(DogCommandT, DogCommand, True, id='parameterized-bound-same-argument'),
        pytest.param(DogCommandT, CountCommand, False, id='parameterized-bound-other-argument'),
        pytest.param(AnyCommandT, CountCommand, True, id='parameterized-bound-any'),
        pytest.param(AnyCommandT, GetDog, False, id='parameterized-bound-other-class'),
        pytest.param(NamedT, Echo, True, id='protocol-bound-cannot-tell'),
        pytest.param(Pick, GetTotals, True, id='constraint-member'),
        pytest.param(Pick, Echo, False, id='constraint-outside'),
        pytest.param(Dog, Echo, True, id='not-a-type-variable'),
    ],
)
def test_admits_reads_bounds_as_handled_types(variable: Any, cls: type[Any], *, admitted: bool) -> None:
    assert admits(variable, cls) is admitted


def test_a_union_bound_takes_each_member_at_binding() -> None:
    class EitherHandler(RequestHandler[EitherT, Dog], Generic[EitherT]):
        @override
        async def handle(self, request: EitherT, /) -> Dog:
            return Dog()

    bind: Any = MessagingExtension().bind_request
    bind(GetDog, EitherHandler)
    with pytest.raises(
        InvalidBindingError, match=r'handles EitherT \(bound to .*GetDog \| .*GetTotals\), not Echo'
    ):
        bind(Echo, EitherHandler)


Inv = TypeVar('Inv')
Co = TypeVar('Co', covariant=True)
Contra = TypeVar('Contra', contravariant=True)


class VarianceBox(IRequest[None], Generic[Inv]):
    pass


class Source(IRequest[None], Generic[Co]):
    pass


class Sink(IRequest[None], Generic[Contra]):
    pass


class DogBox(VarianceBox[Dog]):
    pass


class DogSource(Source[Dog]):
    pass


class AnimalSink(Sink[Animal]):
    pass


@pytest.mark.parametrize(
    ('message', 'handled', 'refused'),
    [
        pytest.param(DogBox, VarianceBox[Dog], False, id='invariant-same'),
        pytest.param(DogBox, VarianceBox[Animal], True, id='invariant-wider'),
        pytest.param(DogSource, Source[Animal], False, id='covariant-wider'),
        pytest.param(DogSource, Source[GetTotals], True, id='covariant-unrelated'),
        pytest.param(AnimalSink, Sink[Dog], False, id='contravariant-narrower'),
        pytest.param(AnimalSink, Sink[Totals], True, id='contravariant-unrelated'),
    ],
)
def test_parameterized_handled_types_follow_the_variance_of_their_parameters(
    message: type[Any], handled: Any, *, refused: bool
) -> None:
    assert certainly_not_handled(message, handled) is refused


def test_a_parameterized_bound_follows_the_variance_of_its_parameters() -> None:
    animal_box = TypeVar('animal_box', bound=VarianceBox[Animal])
    assert not admits(animal_box, DogBox)
