"""A request class with two promises is refused at binding; one promise reached many ways is not.

Type checkers read only the first ``IRequest[...]`` of a class's bases, so a second promise would
be dropped without a word: the binding names both, and where each comes from.
"""

import re
from collections.abc import AsyncIterator
from typing import Any, Generic, TypeVar

import pytest
from typing_extensions import override

from denpo.messaging import (
    InvalidBindingError,
    IRequest,
    IStreamRequest,
    MessagingExtension,
    RequestHandler,
    StreamRequestHandler,
)
from denpo.messaging._introspection import declarations, declared_arguments
from tests.conftest import bind_request_unchecked, named

T = TypeVar('T')
U = TypeVar('U')


class User: ...


class Admin(User): ...


class GetUser(IRequest[User]): ...


class GetAdmin(IRequest[Admin]): ...


class Get(IRequest[T], Generic[T]): ...


class GetUserById(Get[User]): ...


class Tagged(Generic[T]): ...


# --- two promises ---------------------------------------------------------------------------


class GetSuperUser(GetUser, IRequest[Admin]): ...  # type: ignore[denpo-redeclared-promise]


class GetUserName(GetUser, IRequest[str]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class GetNothing(GetUser, IRequest): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class GetEither(GetUser, GetAdmin): ...  # type: ignore[denpo-redeclared-promise]


class GetAdminById(GetUserById, IRequest[Admin]): ...  # type: ignore[denpo-redeclared-promise]


class GetSuperUserAgain(GetSuperUser): ...


class Pair(Get[T], IRequest[U], Generic[T, U]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class UserThenAdmin(Pair[User, Admin]): ...


class ListUsers(IStreamRequest[User]): ...


class ListAdmins(ListUsers, IStreamRequest[Admin]): ...  # type: ignore[denpo-redeclared-promise]


class UserHandler(RequestHandler[GetUser, User]):
    @override
    async def handle(self, request: GetUser, /) -> User:
        return User()


class UserByIdHandler(RequestHandler[GetUserById, User]):
    @override
    async def handle(self, request: GetUserById, /) -> User:
        return User()


class UsersHandler(StreamRequestHandler[ListUsers, User]):
    @override
    async def handle(self, request: ListUsers, /) -> AsyncIterator[User]:
        yield User()


def two_promises(
    owner: type[Any], inherited: str, source: type[Any], promised: str, origin: type[Any]
) -> str:
    contract = 'IStreamRequest' if issubclass(owner, IStreamRequest) else 'IRequest'
    return (
        f'{named(owner)} has two promises: {contract}\\[{inherited}\\] from {named(source)} and '
        f'{contract}\\[{re.escape(promised)}\\] from {named(origin)}\\. Type checkers and the bus read '
        'only the first, so the second would be silently dropped\\. '
        f'Hint: declare {named(owner)} as a new '
    )


@pytest.mark.parametrize(
    ('request_type', 'message'),
    [
        pytest.param(
            GetSuperUser, two_promises(GetSuperUser, 'User', GetUser, 'Admin', GetSuperUser), id='narrower'
        ),
        pytest.param(
            GetUserName, two_promises(GetUserName, 'User', GetUser, 'str', GetUserName), id='unrelated'
        ),
        pytest.param(
            GetNothing, two_promises(GetNothing, 'User', GetUser, 'None', GetNothing), id='bare-contract'
        ),
        pytest.param(
            GetEither, two_promises(GetEither, 'User', GetUser, 'Admin', GetAdmin), id='two-requests'
        ),
        pytest.param(
            GetAdminById,
            two_promises(GetAdminById, 'User', GetUserById, 'Admin', GetAdminById),
            id='through-a-generic-base',
        ),
        # Both promises reach the subclass through one base: the base is where they meet.
        pytest.param(
            GetSuperUserAgain,
            two_promises(GetSuperUser, 'User', GetUser, 'Admin', GetSuperUser),
            id='inherited-from-the-class-at-fault',
        ),
        # ... unless only the subclass makes them differ: Pair's T and U may be anything.
        pytest.param(
            UserThenAdmin, two_promises(UserThenAdmin, 'User', Pair, 'Admin', Pair), id='made-to-differ'
        ),
    ],
)
def test_a_request_with_two_promises_is_refused(request_type: type[Any], message: str) -> None:
    with pytest.raises(InvalidBindingError, match=message) as caught:
        bind_request_unchecked(request_type, UserHandler)
    assert caught.value.code == 'denpo-redeclared-promise'
    assert caught.value.subject is request_type


def test_the_hint_names_the_inherited_class_and_a_generic_base() -> None:
    with pytest.raises(InvalidBindingError) as caught:
        bind_request_unchecked(GetSuperUser, UserHandler)
    inherited = f'{GetUser.__module__}.{GetUser.__qualname__}'
    assert str(caught.value).endswith(
        f'rather than inheriting {inherited}; to share their fields, derive both from a base generic in '
        'its response (`class Base(IRequest[R], Generic[R])`).'
    )


def test_a_stream_request_with_two_promises_is_refused() -> None:
    with pytest.raises(
        InvalidBindingError, match=two_promises(ListAdmins, 'User', ListUsers, 'Admin', ListAdmins)
    ) as caught:
        MessagingExtension().bind_stream(ListAdmins, UsersHandler)
    assert 'derive both from a base generic in its item (`class Base(IStreamRequest[R]' in str(caught.value)


# --- one promise ----------------------------------------------------------------------------


class GetUserAgain(GetUser, IRequest[User]): ...


class GetUserEither(GetUserAgain, GetUser): ...


class GetUserByIdAgain(GetUserById, IRequest[User]): ...


class Page(Get[T], IRequest[T], Generic[T]): ...


class TaggedUser(Tagged[str], GetUser): ...


class PlainTaggedUser(Tagged, GetUser): ...  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]  # a bare generic mixin: no __orig_bases__ of its own


class GetUserOrNone(IRequest[User | None]): ...


class ListUsersAgain(ListUsers, IStreamRequest[User]): ...


@pytest.mark.parametrize(
    ('request_type', 'handler'),
    [
        pytest.param(GetUserAgain, UserHandler, id='repeated'),
        pytest.param(GetUserEither, UserHandler, id='reached-twice'),
        pytest.param(GetUserByIdAgain, UserByIdHandler, id='generic-base-specialised'),
        pytest.param(TaggedUser, UserHandler, id='generic-mixin'),
        pytest.param(PlainTaggedUser, UserHandler, id='bare-generic-mixin'),
    ],
)
def test_one_promise_reached_many_ways_is_bound(request_type: type[Any], handler: type[Any]) -> None:
    bind_request_unchecked(request_type, handler)
    assert declared_arguments(request_type, IRequest) == (User,)


def test_what_the_runtime_cannot_tell_apart_is_left_to_the_checkers() -> None:
    # A type variable against a type built on it; the same union written two ways.
    class TypedPage(Get[T], IRequest[list[T]], Generic[T]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]

    class Optional(GetUserOrNone, IRequest['User | None']): ...

    for request_type in (Page, TypedPage, Pair, Optional):

        class Handler(RequestHandler[Any, Any]):
            @override
            async def handle(self, request: Any, /) -> Any:
                return None

        bind_request_unchecked(request_type, Handler)
    assert [path.arguments for path in declarations(Optional, IRequest)] == [(User | None,), (User | None,)]


def test_a_stream_request_that_repeats_its_promise_is_bound() -> None:
    MessagingExtension().bind_stream(ListUsersAgain, UsersHandler)
    assert [path.through for path in declarations(ListUsersAgain, IStreamRequest)] == [
        ListUsers,
        ListUsersAgain,
    ]


def test_declarations_follow_the_bases_depth_first_with_type_variables_substituted() -> None:
    assert list(declarations(GetAdminById, IRequest)) == [((User,), GetUserById), ((Admin,), GetAdminById)]
    assert [path.arguments for path in declarations(Pair, IRequest)] == [(T,), (U,)]
    assert list(declarations(IRequest, IRequest)) == []
