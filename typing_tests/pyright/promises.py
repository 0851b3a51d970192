"""A request class that inherits one promise and declares another: what each checker sees.

Both checkers read the first `IRequest[...]` of the bases, so `invoke` returns the inherited
response. mypy with the denpo plugin reports every redeclaration where the class is defined
(`denpo-redeclared-promise`). pyright reports a redeclaration that its base does not accept
(a wider or unrelated promise: "Base classes ... are mutually incompatible"), and says nothing of
a narrower one, which is the one users write (`GetSuperUser(GetUser, IRequest[Admin])`): there
only the plugin and the runtime (at binding) refuse it.
"""

from collections.abc import AsyncGenerator
from typing import Generic, TypeVar, assert_type

from typing_extensions import override

from denpo.messaging import IRequest, ISender, IStreamRequest, MessagingExtension, RequestHandler

T = TypeVar('T')


class User: ...


class Admin(User): ...


class Audited: ...


class GetUser(IRequest[User]): ...


class GetAdmin(IRequest[Admin]): ...


class Get(IRequest[T], Generic[T]): ...


class ListUsers(IStreamRequest[User]): ...


# --- redeclared: narrower, only mypy with the plugin sees it ---------------------------------


# Only mypy: for pyright a narrower promise is a compatible base class.
class GetSuperUser(GetUser, IRequest[Admin]): ...  # type: ignore[denpo-redeclared-promise]


# Only mypy: the same through two request bases.
class GetEither(GetUser, GetAdmin): ...  # type: ignore[denpo-redeclared-promise]


# Only mypy: the same for a stream request.
class ListAdmins(ListUsers, IStreamRequest[Admin]): ...  # type: ignore[denpo-redeclared-promise]


class UserHandler(RequestHandler[GetUser, User]):
    @override
    async def handle(self, request: GetUser, /) -> User:
        return User()


# The redeclared Admin is dropped: a handler of User fits, invoke() gives a User.
MessagingExtension().bind_request(GetSuperUser, UserHandler)


async def narrower(bus: ISender) -> None:
    assert_type(await bus.invoke(GetSuperUser()), User)
    assert_type(await bus.invoke(GetEither()), User)
    assert_type(bus.stream(ListAdmins()), AsyncGenerator[User, None])


# --- redeclared: wider or unrelated, both checkers see it -------------------------------------


class GetAnything(GetUser, IRequest[object]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class GetUserName(GetUser, IRequest[str]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class GetNothing(GetUser, IRequest): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


class Page(Get[T], IRequest[list[T]], Generic[T]): ...  # type: ignore[denpo-redeclared-promise]  # pyright: ignore[reportGeneralTypeIssues]


# --- one promise: no error ------------------------------------------------------------------


class GetUserAgain(GetUser, IRequest[User]): ...


class GetUserById(Get[User]): ...


class GetUserByIdAgain(GetUserById, IRequest[User]): ...


class Same(Get[T], IRequest[T], Generic[T]): ...


class AuditedGetUser(Audited, GetUser): ...


async def one_promise(bus: ISender) -> None:
    assert_type(await bus.invoke(GetUserAgain()), User)
    assert_type(await bus.invoke(GetUserByIdAgain()), User)
    assert_type(await bus.invoke(Same[int]()), int)
    assert_type(await bus.invoke(AuditedGetUser()), User)
