"""The catalogue of binding mistakes: one entry per mistake, shared by the runtime and the plugin.

Each [`Mistake`][] has a flat error code (the mypy plugin's ``denpo-…`` code), the fields its
message needs, and one template for the message and one for its hint. The runtime raises
[`InvalidBindingError`][denpo.messaging.InvalidBindingError] (or a duplicate-binding error) from
an entry, and a ``TypeError`` for a bus call given the wrong argument (``invoke(event)``); the mypy plugin
reports the same entry under the same code. Both render it with
[`Mistake.render`][], so a mistake reads the same at check time and at start-up; only the
names differ (the runtime names classes by qualified name, mypy by the name it shows).

The words for each kind of binding (request, stream request, event) and for each role a class
can play (a handler, a behavior, an exception handler or action) are data here too, so that neither side
spells them out in ``if`` blocks.

Like [`denpo._text`][], this module imports nothing outside the standard library and
``denpo._text``: the plugin imports it without loading the runtime.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from denpo._text import a, capitalized

__all__ = [
    'ALL_MISTAKES',
    'EVENT',
    'KINDS',
    'REQUEST',
    'ROLES',
    'STREAM',
    'Kind',
    'Mistake',
    'Role',
]


@dataclass(frozen=True, slots=True)
class Role:
    """Something a class can be made to play, and how to bind it in that role.

    Attributes:
        base: The name of the base class (or protocol) that gives a class this role.
        noun: What the role is called: ``event handler``, ``pipeline behavior``.
        written: How the class is written in its binding call; ``{name}`` is the class's name.
        verb: What to do with it: ``bind it with`` (a handler), ``pass it as`` (the others).
    """

    base: str
    noun: str
    written: str
    verb: str = 'bind it with'

    @property
    def binding(self) -> str:
        """How to bind a class in this role: ``bind it with bind_event(<event class>, [{name}])``."""
        return f'{self.verb} {self.written}'


ROLES: Final[Mapping[str, Role]] = {
    role.base: role
    for role in (
        Role('RequestHandler', 'request handler', 'bind_request(<request class>, {name})'),
        Role('IRequestHandler', 'request handler', 'bind_request(<request class>, {name})'),
        Role('StreamRequestHandler', 'stream handler', 'bind_stream(<stream request class>, {name})'),
        Role('IStreamRequestHandler', 'stream handler', 'bind_stream(<stream request class>, {name})'),
        Role('EventHandler', 'event handler', 'bind_event(<event class>, [{name}])'),
        Role('IEventHandler', 'event handler', 'bind_event(<event class>, [{name}])'),
        Role('IPipelineBehavior', 'pipeline behavior', 'bind_request(..., behaviors=[{name}])', 'pass it as'),
        Role(
            'IStreamPipelineBehavior',
            'stream pipeline behavior',
            'bind_stream(..., behaviors=[{name}])',
            'pass it as',
        ),
        Role(
            'RequestExceptionHandler',
            'exception handler',
            'bind_request(..., exception_handlers=[{name}])',
            'pass it as',
        ),
        Role(
            'RequestExceptionAction',
            'exception action',
            'bind_request(..., exception_actions=[{name}])',
            'pass it as',
        ),
    )
}
"""Every role, by the name of the base class that gives it."""


@dataclass(frozen=True, slots=True)
class Kind:
    """The words of one kind of binding: ``bind_request``, ``bind_stream`` or ``bind_event``.

    Attributes:
        name: ``request``, ``stream`` or ``event``.
        call: The binding method.
        message: What the message is called.
        contract: The name of the message base class.
        message_code: The code of a first argument that is not a message of this kind.
        handler: What its handler is called.
        handler_base: The name of the handler base class.
        handler_protocol: The name of the handler's protocol twin.
        handler_argument: How the call's handler argument is written in a hint:
            ``<request handler class>``, ``[<event handler class>]``.
        behavior: What its behaviors are called (``''``: the kind has none).
        behavior_base: The name of the behavior base class (``''``: none).
        result: What the handler hands back: ``response``, ``item`` (``''``: nothing).
        verb: How the handler hands it back: ``returns``, ``yields``.
        wrong_roles: The roles that make a class something other than this kind's handler,
            by base name, in the order they are checked.
        global_list: The ``MessagingConfig`` field that lists its global behaviors
            (``''``: none).
        dispatch: The bus method that sends a message of this kind: ``invoke``, ``stream``,
            ``publish``.
        dispatched: What that method does with the message, after ``publish(X(...))`` in a hint.
    """

    name: str
    call: str
    message: str
    contract: str
    message_code: str
    handler: str
    handler_base: str
    handler_protocol: str
    handler_argument: str
    behavior: str = ''
    behavior_base: str = ''
    result: str = ''
    verb: str = ''
    wrong_roles: tuple[str, ...] = field(default=())
    global_list: str = ''
    dispatch: str = ''
    dispatched: str = ''

    @property
    def a_message(self) -> str:
        """``a request``, ``a stream request``, ``an event``."""
        return a(self.message)

    @property
    def message_title(self) -> str:
        """The message noun at the start of a sentence: ``Request``, ``Stream request``."""
        return capitalized(self.message)

    @property
    def a_message_title(self) -> str:
        """The message noun with its article at the start of a sentence: ``A stream request``."""
        return capitalized(self.a_message)

    @property
    def a_handler(self) -> str:
        """``a request handler``, ``a stream handler``, ``an event handler``."""
        return a(self.handler)

    @property
    def a_behavior(self) -> str:
        """``a pipeline behavior``, ``a stream pipeline behavior``."""
        return a(self.behavior)

    @property
    def behavior_title(self) -> str:
        """The behavior noun at the start of a sentence: ``Pipeline behavior``."""
        return capitalized(self.behavior)

    @property
    def results(self) -> str:
        """The plural of [`result`][]: ``responses``, ``items``."""
        return f'{self.result}s'

    @property
    def produce(self) -> str:
        """The verb in the imperative: ``return``, ``yield``."""
        return self.verb.removesuffix('s')

    @property
    def declaration(self) -> str:
        """How a message of this kind is declared: ``IRequest[<response type>]``, ``IEvent``."""
        return f'{self.contract}[<{self.result} type>]' if self.result else self.contract

    def handler_fix(self, message: str) -> str:
        """How to write a handler of ``message``: ``inherit RequestHandler[Place, <response>] ...``."""
        result = f', <{self.result}>' if self.result else ''
        return f'inherit {self.handler_base}[{message}{result}] and implement handle()'

    def misplaced_binding(self, role: Role, name: str) -> str:
        """How to bind ``name``, a class of ``role`` passed where this kind's message goes.

        This kind's own handler there means the arguments are swapped; a class of another role
        belongs in another binding.
        """
        if role.noun == self.handler:
            return f'pass the {self.message} class first: {role.written.format(name=name)}'
        return role.binding.format(name=name)


REQUEST: Final = Kind(
    name='request',
    call='bind_request',
    message='request',
    contract='IRequest',
    message_code='denpo-not-a-request',
    handler='request handler',
    handler_base='RequestHandler',
    handler_protocol='IRequestHandler',
    handler_argument='<request handler class>',
    behavior='pipeline behavior',
    behavior_base='IPipelineBehavior',
    result='response',
    verb='returns',
    wrong_roles=(
        'EventHandler',
        'IEventHandler',
        'IPipelineBehavior',
        'StreamRequestHandler',
        'IStreamRequestHandler',
        'IStreamPipelineBehavior',
        'RequestExceptionHandler',
        'RequestExceptionAction',
    ),
    global_list='pipeline_behaviors',
    dispatch='invoke',
    dispatched='sends it to its one handler and returns the response',
)
STREAM: Final = Kind(
    name='stream',
    call='bind_stream',
    message='stream request',
    contract='IStreamRequest',
    message_code='denpo-not-a-request',
    handler='stream handler',
    handler_base='StreamRequestHandler',
    handler_protocol='IStreamRequestHandler',
    handler_argument='<stream handler class>',
    behavior='stream pipeline behavior',
    behavior_base='IStreamPipelineBehavior',
    result='item',
    verb='yields',
    wrong_roles=(
        'EventHandler',
        'IEventHandler',
        'IPipelineBehavior',
        'RequestHandler',
        'IRequestHandler',
        'IStreamPipelineBehavior',
        'RequestExceptionHandler',
        'RequestExceptionAction',
    ),
    global_list='stream_behaviors',
    dispatch='stream',
    dispatched='returns an async generator of the items its handler yields',
)
EVENT: Final = Kind(
    name='event',
    call='bind_event',
    message='event',
    contract='IEvent',
    message_code='denpo-not-an-event',
    handler='event handler',
    handler_base='EventHandler',
    handler_protocol='IEventHandler',
    handler_argument='[<event handler class>]',
    wrong_roles=(
        'RequestHandler',
        'IRequestHandler',
        'IPipelineBehavior',
        'StreamRequestHandler',
        'IStreamRequestHandler',
        'IStreamPipelineBehavior',
        'RequestExceptionHandler',
        'RequestExceptionAction',
    ),
    dispatch='publish',
    dispatched='delivers it to every handler bound to it; an event has no response',
)
KINDS: Final = (REQUEST, STREAM, EVENT)


@dataclass(frozen=True, slots=True)
class Mistake:
    """One binding mistake: its code, and how its message and hint are worded.

    Attributes:
        name: The entry's name in this catalogue (``RESPONSE_MISMATCH``).
        code: The flat error code, as the mypy plugin reports it (``denpo-response-mismatch``).
            ``{kind.message_code}`` stands for the code of the binding's kind.
        message: The message template; ``{field}`` and ``{field.attribute}`` are filled in.
        hint: The hint template, rendered after ``Hint:``.
        checked_by: Who can see the mistake: ``both``, ``plugin`` (only visible in the source,
            such as a class definition) or ``runtime`` (only visible in running code).
    """

    name: str
    code: str
    message: str
    hint: str
    checked_by: str = 'both'

    @property
    def fields(self) -> frozenset[str]:
        """The names of the fields the templates use."""
        parsed = string.Formatter().parse(f'{self.code} {self.message} {self.hint}')
        return frozenset(name.split('.')[0] for _, name, _, _ in parsed if name)

    def code_for(self, kind: object) -> str:
        """The error code, for the binding ``kind`` (a [`Kind`][]) where it depends on it."""
        return self.code.format(kind=kind) if '{' in self.code else self.code

    @property
    def opens_with_code(self) -> bool:
        """Whether the message opens with a name as written in code, which keeps its case.

        A class name (``{name}``: ``app.Thing`` at runtime, ``list``) or a call
        (``bind_event(...)``, ``{kind.call}()``) is quoted as it is written; prose, such as
        ``{got}`` (``the class X``), starts a sentence.
        """
        literal, field_name, _, _ = next(iter(string.Formatter().parse(self.message)))
        if literal:
            return _CALL.match(literal) is not None
        return field_name not in _PROSE_FIELDS

    def render(self, fields: Mapping[str, object]) -> str:
        """The full message: the filled-in template, then ``Hint:`` and the filled-in hint.

        The message starts with a capital letter, unless it opens with a name as written in
        code ([`opens_with_code`][]).

        Raises:
            KeyError: A field the templates use is missing.
        """
        message = self.message.format_map(fields)
        if not self.opens_with_code:
            message = capitalized(message)
        return f'{message} Hint: {self.hint.format_map(fields)}'


_CALL: Final = re.compile(r'[A-Za-z_]\w*\(')
"""Text that opens with a call as written in code: ``bind_event(``."""
_PROSE_FIELDS: Final = frozenset({'got', 'kind.message_title', 'kind.behavior_title'})
"""The fields worded as prose (``the class X``, ``Request``); the others name code."""


def _mistake(name: str, code: str, message: str, hint: str, checked_by: str = 'both') -> Mistake:
    return Mistake(name, code, message, hint, checked_by)


# ---------------------------------------------------------------- the message class
MESSAGE_NOT_A_CLASS: Final = _mistake(
    'MESSAGE_NOT_A_CLASS',
    '{kind.message_code}',
    '{kind.call}() expects {kind.a_message} class, got {got}.',
    'pass the class itself.',
)
MESSAGE_NOT_INHERITED: Final = _mistake(
    'MESSAGE_NOT_INHERITED',
    '{kind.message_code}',
    '{name} is not {kind.a_message}: it does not inherit {kind.contract}.',
    'declare it as `class {short}({kind.declaration})`.',
)
MESSAGE_OTHER_KIND: Final = _mistake(
    'MESSAGE_OTHER_KIND',
    '{kind.message_code}',
    '{name} is {other.a_message}, not {kind.a_message}.',
    'bind it with {other.call}({short}, {other.handler_argument}).',
)
MESSAGE_IS_A_HANDLER: Final = _mistake(
    'MESSAGE_IS_A_HANDLER',
    '{kind.message_code}',
    '{name} is {role}, not {kind.a_message}.',
    '{binding}.',
)
MESSAGE_BOTH_KINDS: Final = _mistake(
    'MESSAGE_BOTH_KINDS',
    '{kind.message_code}',
    '{kind.call}() got {name}, which inherits both IRequest and IStreamRequest; a request class is '
    'dispatched to one kind of handler.',
    'inherit only one of them.',
)
PARAMETERIZED_MESSAGE: Final = _mistake(
    'PARAMETERIZED_MESSAGE',
    'denpo-parameterized-request',
    '{kind.call}() got the parameterized generic {kind.message} {written}. Messages are dispatched '
    'by class at runtime, so {short}[int] and {short}[str] cannot be told apart.',
    'bind the bare class {short} to a handler that is generic in the same parameters.',
)
REDECLARED_PROMISE: Final = _mistake(
    'REDECLARED_PROMISE',
    'denpo-redeclared-promise',
    '{name} has two promises: {kind.contract}[{inherited}] from {source} and '
    '{kind.contract}[{promised}] from {origin}. Type checkers and the bus read only the first, so '
    'the second would be silently dropped.',
    'declare {name} as a new {kind.message} class rather than inheriting {source}; to share their '
    'fields, derive both from a base generic in its {kind.result} (`class Base({kind.contract}[R], '
    'Generic[R])`).',
)

# ---------------------------------------------------------------- the handler class
HANDLER_NOT_A_CLASS: Final = _mistake(
    'HANDLER_NOT_A_CLASS',
    'denpo-not-a-handler',
    'Expected {kind.a_handler} class, got {got}.',
    '{fix}.',
)
HANDLER_WRONG_ROLE: Final = _mistake(
    'HANDLER_WRONG_ROLE',
    'denpo-not-a-handler',
    '{name} is {role}, not {kind.a_handler}.',
    '{binding}.',
)
PARAMETERIZED_HANDLER: Final = _mistake(
    'PARAMETERIZED_HANDLER',
    'denpo-not-a-handler',
    '{written} is a parameterized generic class; the bus builds {kind.handler}s from the class itself.',
    'pass the bare class {short}: its type variables are solved from the {kind.message}.',
)
HANDLER_WITHOUT_HANDLE: Final = _mistake(
    'HANDLER_WITHOUT_HANDLE',
    'denpo-not-a-handler',
    '{name} is not {kind.a_handler}: it has no handle() method.',
    '{fix}.',
)
HANDLE_NOT_AWAITABLE: Final = _mistake(
    'HANDLE_NOT_AWAITABLE',
    'denpo-not-a-handler',
    '{name}.handle() is not an async def method, so the bus cannot await it.',
    'declare it with `async def handle(...)`; a decorator around it must return an async def function too.',
)
HANDLE_NOT_ASYNC_GENERATOR: Final = _mistake(
    'HANDLE_NOT_ASYNC_GENERATOR',
    'denpo-not-a-handler',
    '{name}.handle() is not an async generator, so the bus cannot iterate over it.',
    'make it an async generator, `async def handle(...) -> AsyncIterator[<item>]` that yields its items.',
)
PROTOCOL_CLASS: Final = _mistake(
    'PROTOCOL_CLASS',
    'denpo-abstract-handler',
    '{name} is a protocol and cannot be instantiated.',
    'bind a concrete class that implements handle().',
)
ABSTRACT_CLASS: Final = _mistake(
    'ABSTRACT_CLASS',
    'denpo-abstract-handler',
    '{name} is abstract (unimplemented: {missing}) and cannot be instantiated.',
    'bind a concrete subclass that implements {missing}.',
)
REQUEST_MISMATCH: Final = _mistake(
    'REQUEST_MISMATCH',
    'denpo-request-mismatch',
    '{handler} handles {handled}, not {request}.',
    'bind {request} to {kind.a_handler} of {request} (or of one of its base classes).',
)
RESPONSE_MISMATCH: Final = _mistake(
    'RESPONSE_MISMATCH',
    'denpo-response-mismatch',
    '{handler} {kind.verb} {returned}, but {request} promises {promised} ({kind.contract}[{promised}]).',
    '{kind.produce} {promised} or a subtype from the handler, or declare the request as '
    '{kind.contract}[{returned}].',
)
HANDLER_RESPONSE: Final = _mistake(
    'HANDLER_RESPONSE',
    'denpo-handler-response',
    RESPONSE_MISMATCH.message,
    RESPONSE_MISMATCH.hint,
    checked_by='plugin',  # where the class is defined; the runtime sees it at binding (RESPONSE_MISMATCH)
)

# ---------------------------------------------------------------- events
EVENT_MISMATCH: Final = _mistake(
    'EVENT_MISMATCH',
    'denpo-event-mismatch',
    '{handler} handles {handled}, not {event}.',
    'bind it to {handled} or one of its subclasses.',
)
EVENT_HANDLERS_NOT_A_LIST: Final = _mistake(
    'EVENT_HANDLERS_NOT_A_LIST',
    'denpo-not-a-handler',
    'bind_event({event}, ...) expects a list of handler classes, got {got}.',
    'write bind_event({event}, [{example}]).',
)
NO_EVENT_HANDLERS: Final = _mistake(
    'NO_EVENT_HANDLERS',
    'denpo-not-a-handler',
    'bind_event({event}, []) binds no handler.',
    'list at least one handler class, or remove the call (publishing an event without handlers '
    'is already a no-op).',
)
EVENT_HANDLER_LISTED_TWICE: Final = _mistake(
    'EVENT_HANDLER_LISTED_TWICE',
    'denpo-duplicate-event-handler',
    'Event handler {handler} is listed twice in bind_event({event}, [...]); it would receive each '
    '{event} twice.',
    'list it once.',
)
EVENT_HANDLER_BOUND_TWICE: Final = _mistake(
    'EVENT_HANDLER_BOUND_TWICE',
    'denpo-duplicate-event-handler',
    'Event handler {handler} is bound twice, {bindings}; it would receive {receives} twice.',
    'keep one of the two bindings.',
    checked_by='runtime',  # across modules: the plugin checks one module at a time
)

# ---------------------------------------------------------------- behaviors
BEHAVIORS_NOT_A_LIST: Final = _mistake(
    'BEHAVIORS_NOT_A_LIST',
    'denpo-behavior-mismatch',
    '{where} expects a list of {kind.behavior} classes, got {got}.',
    'write {argument}=[{example}].',
)
BEHAVIOR_WRONG_ROLE: Final = _mistake(
    'BEHAVIOR_WRONG_ROLE',
    'denpo-behavior-mismatch',
    '{name} is {role}, not {kind.a_behavior}.',
    '{binding}.',
)
NOT_A_BEHAVIOR: Final = _mistake(
    'NOT_A_BEHAVIOR',
    'denpo-behavior-mismatch',
    '{got} is not a {kind.behavior}.',
    'inherit {kind.behavior_base}[<request>, <{kind.result}>] and implement handle().',
)
PARAMETERIZED_BEHAVIOR: Final = _mistake(
    'PARAMETERIZED_BEHAVIOR',
    'denpo-behavior-mismatch',
    '{written} is a parameterized generic class; the bus builds {kind.behavior}s from the class itself.',
    'pass the bare class {short}: its type variables are solved from each {kind.message} it wraps.',
)
BEHAVIOR_REQUEST_MISMATCH: Final = _mistake(
    'BEHAVIOR_REQUEST_MISMATCH',
    'denpo-behavior-mismatch',
    '{kind.behavior_title} {behavior} handles {handled}, not {request}.',
    'make it generic ({kind.behavior_base}[Q, R]) or bind it to {kind.message}s of {handled}.',
)
BEHAVIOR_RESPONSE_MISMATCH: Final = _mistake(
    'BEHAVIOR_RESPONSE_MISMATCH',
    'denpo-behavior-mismatch',
    '{kind.behavior_title} {behavior} works on {returned} {kind.results}, but {request} promises {promised}.',
    'make the behavior generic in its {kind.result} ({kind.behavior_base}[Q, R]).',
)
GLOBAL_BEHAVIOR_NOT_GENERIC: Final = _mistake(
    'GLOBAL_BEHAVIOR_NOT_GENERIC',
    'denpo-global-behavior',
    '{kind.behavior_title} {behavior} is declared for {declared}, but a global behavior wraps every '
    '{kind.message} and hands its result to every caller.',
    'make it generic ({kind.behavior_base}[Q, R]), with a bound on Q for the {kind.message}s it '
    'should wrap, or bind it to those {kind.message}s with {kind.call}(..., behaviors=[{short}]).',
)
BEHAVIOR_LISTED_TWICE: Final = _mistake(
    'BEHAVIOR_LISTED_TWICE',
    'denpo-duplicate-behavior',
    '{kind.behavior_title} {behavior} appears twice in {pipeline}.',
    'list it once; global behaviors already run for every request.',
)

# ---------------------------------------------------------------- exception handlers
EXCEPTION_HANDLERS_NOT_A_LIST: Final = _mistake(
    'EXCEPTION_HANDLERS_NOT_A_LIST',
    'denpo-exception-handler-mismatch',
    'bind_request({request}, ..., exception_handlers=...) expects a list of exception handler '
    'classes, got {got}.',
    'write exception_handlers=[{example}].',
)
EXCEPTION_HANDLER_WRONG_ROLE: Final = _mistake(
    'EXCEPTION_HANDLER_WRONG_ROLE',
    'denpo-exception-handler-mismatch',
    '{name} is {role}, not an exception handler.',
    '{binding}.',
)
NOT_AN_EXCEPTION_HANDLER: Final = _mistake(
    'NOT_AN_EXCEPTION_HANDLER',
    'denpo-exception-handler-mismatch',
    '{got} is not an exception handler.',
    'inherit RequestExceptionHandler[<request>, <exception>, <response>] and implement handle().',
)
PARAMETERIZED_EXCEPTION_HANDLER: Final = _mistake(
    'PARAMETERIZED_EXCEPTION_HANDLER',
    'denpo-exception-handler-mismatch',
    '{written} is a parameterized generic class; the bus builds exception handlers from the class itself.',
    'pass the bare class {short}: its type variables are solved from the request.',
)
EXCEPTION_TYPE_NOT_A_CLASS: Final = _mistake(
    'EXCEPTION_TYPE_NOT_A_CLASS',
    'denpo-exception-handler-mismatch',
    'Exception handler {handler} must declare the exception it handles as an Exception subclass, '
    'got {declared}.',
    'inherit RequestExceptionHandler[{request}, <exception>, <response>], with a class such as '
    'LookupError for <exception>.',
)
PARAMETERIZED_EXCEPTION_TYPE: Final = _mistake(
    'PARAMETERIZED_EXCEPTION_TYPE',
    'denpo-exception-handler-mismatch',
    'Exception handler {handler} declares the parameterized exception type {declared}, but the bus '
    'catches exceptions by class: it would handle every {short}, whatever its type arguments.',
    'declare it as RequestExceptionHandler[{request}, {short}[Any], <response>] (the bare class '
    '{short} is accepted too), and test what the exception holds inside handle().',
)
EXCEPTION_HANDLER_REQUEST_MISMATCH: Final = _mistake(
    'EXCEPTION_HANDLER_REQUEST_MISMATCH',
    'denpo-exception-handler-mismatch',
    'Exception handler {handler} handles {handled}, not {request}.',
    'make it generic in the request (RequestExceptionHandler[Q, <exception>, R]) or bind it to '
    'requests of {handled}.',
)
EXCEPTION_HANDLER_RESPONSE_MISMATCH: Final = _mistake(
    'EXCEPTION_HANDLER_RESPONSE_MISMATCH',
    'denpo-exception-handler-mismatch',
    'Exception handler {handler} returns {returned}, but {request} promises {promised} '
    '(IRequest[{promised}]).',
    'return {promised} or a subtype from the exception handler, or make it generic in its '
    'response (RequestExceptionHandler[Q, <exception>, R]).',
)
EXCEPTION_HANDLER_LISTED_TWICE: Final = _mistake(
    'EXCEPTION_HANDLER_LISTED_TWICE',
    'denpo-duplicate-exception-handler',
    'Exception handler {handler} is listed twice in bind_request({request}, ..., exception_handlers=[...]); '
    'only the first could ever run.',
    'list it once.',
)

# ---------------------------------------------------------------- exception actions
EXCEPTION_ACTIONS_NOT_A_LIST: Final = _mistake(
    'EXCEPTION_ACTIONS_NOT_A_LIST',
    'denpo-exception-action-mismatch',
    'bind_request({request}, ..., exception_actions=...) expects a list of exception action '
    'classes, got {got}.',
    'write exception_actions=[{example}].',
)
EXCEPTION_ACTION_WRONG_ROLE: Final = _mistake(
    'EXCEPTION_ACTION_WRONG_ROLE',
    'denpo-exception-action-mismatch',
    '{name} is {role}, not an exception action.',
    '{binding}.',
)
NOT_AN_EXCEPTION_ACTION: Final = _mistake(
    'NOT_AN_EXCEPTION_ACTION',
    'denpo-exception-action-mismatch',
    '{got} is not an exception action.',
    'inherit RequestExceptionAction[<request>, <exception>] and implement execute().',
)
PARAMETERIZED_EXCEPTION_ACTION: Final = _mistake(
    'PARAMETERIZED_EXCEPTION_ACTION',
    'denpo-exception-action-mismatch',
    '{written} is a parameterized generic class; the bus builds exception actions from the class itself.',
    'pass the bare class {short}: its type variables are solved from the request.',
)
EXECUTE_NOT_AWAITABLE: Final = _mistake(
    'EXECUTE_NOT_AWAITABLE',
    'denpo-exception-action-mismatch',
    '{name}.execute() is not an async def method, so the bus cannot await it.',
    'declare it with `async def execute(...)`; a decorator around it must return an async def function too.',
)
ACTION_EXCEPTION_TYPE_NOT_A_CLASS: Final = _mistake(
    'ACTION_EXCEPTION_TYPE_NOT_A_CLASS',
    'denpo-exception-action-mismatch',
    'Exception action {handler} must declare the exception it observes as an Exception subclass, '
    'got {declared}.',
    'inherit RequestExceptionAction[{request}, <exception>], with a class such as LookupError for '
    '<exception>.',
)
ACTION_PARAMETERIZED_EXCEPTION_TYPE: Final = _mistake(
    'ACTION_PARAMETERIZED_EXCEPTION_TYPE',
    'denpo-exception-action-mismatch',
    'Exception action {handler} declares the parameterized exception type {declared}, but the bus '
    'matches exceptions by class: it would observe every {short}, whatever its type arguments.',
    'declare it as RequestExceptionAction[{request}, {short}[Any]] (the bare class {short} is '
    'accepted too), and test what the exception holds inside execute().',
)
EXCEPTION_ACTION_REQUEST_MISMATCH: Final = _mistake(
    'EXCEPTION_ACTION_REQUEST_MISMATCH',
    'denpo-exception-action-mismatch',
    'Exception action {handler} observes {handled}, not {request}.',
    'make it generic in the request (RequestExceptionAction[Q, <exception>]) or bind it to '
    'requests of {handled}.',
)
EXCEPTION_ACTION_LISTED_TWICE: Final = _mistake(
    'EXCEPTION_ACTION_LISTED_TWICE',
    'denpo-duplicate-exception-action',
    'Exception action {handler} is listed twice in bind_request({request}, ..., exception_actions=[...]); '
    'it would run twice for each failure.',
    'list it once.',
)

# ---------------------------------------------------------------- one request, two handlers
REQUEST_BOUND_TWICE: Final = _mistake(
    'REQUEST_BOUND_TWICE',
    'denpo-duplicate-request',
    '{kind.message_title} {request} is bound twice{within}: to {first} and to {second}. '
    '{kind.a_message_title} has exactly one handler.',
    'remove one of the two {calls}; to react in several places, publish an event instead.',
)

# ---------------------------------------------------------------- the bus calls
# invoke(), stream() and publish() given the wrong argument: the runtime raises these as a
# TypeError when the call runs (only on the path that resolves a new class, so a cached call
# pays nothing for them), the plugin reports them on the argument.
DISPATCH_OTHER_KIND: Final = _mistake(
    'DISPATCH_OTHER_KIND',
    'denpo-wrong-message',
    '{name} is {other.a_message}: use {other.dispatch}(), not {kind.dispatch}().',
    '{other.dispatch}({short}(...)) {other.dispatched}.',
)
DISPATCH_A_CLASS: Final = _mistake(
    'DISPATCH_A_CLASS',
    'denpo-wrong-message',
    '{kind.dispatch}() expects {kind.a_message} instance, got the class {name}.',
    'pass an instance: {kind.dispatch}({short}(...)).',
)
DISPATCH_NOT_A_MESSAGE: Final = _mistake(
    'DISPATCH_NOT_A_MESSAGE',
    'denpo-wrong-message',
    '{kind.dispatch}() expects {kind.a_message}, got {got}.',
    'pass an instance of a class declared as `class <Name>({kind.declaration})`.',
)

ALL_MISTAKES: Final = tuple(value for value in tuple(globals().values()) if isinstance(value, Mistake))
"""Every entry, in the order above."""
