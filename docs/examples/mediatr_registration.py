"""From MediatR: registration, async handlers, one handler each, void requests."""

from dataclasses import dataclass
from typing import Any

import anyio
from typing_extensions import override

from denpo import ApplicationFactory, module
from denpo.messaging import (
    InvalidBindingError,
    IRequest,
    ISender,
    MessagingConfig,
    MessagingExtension,
    MessagingModule,
    RequestHandler,
    RequestHandlerAlreadyRegistered,
    RequestHandlerNotFound,
)


@dataclass(frozen=True)
class RenameUser(
    IRequest
):  # MediatR: IRequest (no response); denpo: bare IRequest, response None
    user_id: int
    name: str


@dataclass(frozen=True)
class GetUserName(IRequest[str]):  # MediatR: IRequest<string>
    user_id: int


@dataclass(frozen=True)
class DeleteUser(IRequest):  # has a handler class below, but no module binds it
    user_id: int


class RenameUserHandler(RequestHandler[RenameUser, None]):
    @override
    async def handle(self, request: RenameUser, /) -> None:
        print(f'renamed user {request.user_id} to {request.name}')


class GetUserNameHandler(RequestHandler[GetUserName, str]):
    @override
    async def handle(self, request: GetUserName, /) -> str:
        return f'user-{request.user_id}'


class CachedUserNameHandler(RequestHandler[GetUserName, str]):
    @override
    async def handle(self, request: GetUserName, /) -> str:
        return f'cached-user-{request.user_id}'


class DeleteUserHandler(
    RequestHandler[DeleteUser, None]
):  # found by no scan: never runs
    @override
    async def handle(self, request: DeleteUser, /) -> None:
        print('never printed')


class BlockingUserNameHandler:
    # A MediatR handler may return Task.FromResult(...) from a plain method; denpo
    # awaits handle(), so it must be an `async def`.
    def handle(self, request: GetUserName, /) -> str:
        return f'user-{request.user_id}'


# MediatR: services.AddMediatR(cfg => cfg.RegisterServicesFromAssembly(...)).
# denpo: each module binds its own requests; nothing is scanned.
@module(
    extensions=[
        MessagingExtension()
        .bind_request(RenameUser, RenameUserHandler)
        .bind_request(GetUserName, GetUserNameHandler),
    ],
)
class UsersModule: ...


@module(
    extensions=[MessagingExtension().bind_request(GetUserName, CachedUserNameHandler)]
)
class CacheModule: ...


async def main() -> None:
    @module(imports=[MessagingModule.register(MessagingConfig()), UsersModule])
    class AppModule: ...

    app = ApplicationFactory(AppModule).create()
    async with app, app.container() as container:
        sender = await container.get(ISender)
        # Returns None, and is typed None: mypy reports a use of the value
        # (func-returns-value).
        await sender.invoke(RenameUser(1, 'Ada'))
        print(f'GetUserName returned {await sender.invoke(GetUserName(1))!r}')
        try:
            await sender.invoke(DeleteUser(1))
        except RequestHandlerNotFound:
            print('DeleteUser: RequestHandlerNotFound (no module binds it)')

    # Two handlers for one request: refused when the application is created, not
    # resolved to whichever registration came first or last.
    @module(
        imports=[MessagingModule.register(MessagingConfig()), UsersModule, CacheModule]
    )
    class TwoHandlersModule: ...

    try:
        ApplicationFactory(TwoHandlersModule).create()
    except RequestHandlerAlreadyRegistered as error:
        print(f'create(): {type(error).__name__}')

    # A handler whose handle() is not `async def` is refused when it is bound. The
    # checkers reject this call already; the annotation hides that from them, to show
    # the runtime check.
    blocking: type[Any] = BlockingUserNameHandler
    try:
        MessagingExtension().bind_request(GetUserName, blocking)
    except InvalidBindingError as error:
        name = type(error).__name__
        print(f'bind_request(): {name}: handle() is not an async def method')


if __name__ == '__main__':
    anyio.run(main)
