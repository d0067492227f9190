"""A loopback fake of the Telegram Bot API, at least as strict as Telegram.

Every request is checked against the Bot API specification (`api.min.json`; the rules live in
`tests/fakes/spec.py`):

* **types, recursively**: each parameter against its field's types. Form and multipart values are
  strings and are decoded per the expected type (a String stays the raw string, an Integer must be
  an integer literal, objects and arrays are JSON); a JSON body must match exactly. Objects need
  their required fields and have no unknown ones; abstract types are resolved by their
  discriminator (`type`, `status`, `source`…); InputFile fields take a file part, `attach://name`
  or a file_id the fake issued or a URL; `chat_id` strings must be @usernames.
* **documented limits**, read from the field descriptions (lengths in UTF-16 code units, bytes,
  list sizes, ranges, enumerations, language and country codes, HTTPS URLs) plus a few rules the
  descriptions state in prose (one action per inline button, bot command names, quizzes, chat
  actions, parse modes, entities inside their text, files and photo dimensions).
* **state Telegram keeps**: the messages the bot sent, the updates it fetched, the webhook.
* **flood limits**: at most 20 messages and edits in one group in any 60 seconds and 30 in all
  in any second (reactions, callback answers and chat actions are not messages); beyond that a
  429 "Too Many Requests: retry after N", recorded as a violation (`flood_limits` False lifts
  them for a test that floods on purpose). A chat in `no_reactions` allows no reactions
  (setMessageReaction: 400 REACTION_INVALID, as a group whose admins turned reactions off).

A breach is answered as Telegram answers it (400 "Bad Request: …", 401, 404, 409) and recorded in
`violations` and on the `Request` (`violation`). "message to edit not found", "message is not
modified", "message to delete not found", "message to be replied not found" and the like are
Telegram behaviour a correct bot must cope with: answered with 400 and recorded in `requests`
(with their status) but not as violations. The fake's own answers and the updates tests push are
checked against the spec too: a fake that would send what Telegram never sends fails loudly.

Tests push updates (`push_command`, `push_callback_query`, `push_poll_answer`), then wait for what
the bot sent (`wait_reply`, `wait_for`, `delivered`). Faults can be injected per method (`inject`).
Every live instance is in `FakeBotApi.live`; `mark()` and `violations_since(mark)` let a fixture
fail the test that caused a violation.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import math
import mimetypes
import re
import sys
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from tests.fakes.spec import (
    CHAT_NOT_FOUND,
    EDIT_METHODS,
    INTEGER_LITERAL,
    Rejected,
    bad,
    find_spec,
    image_size,
    load_spec,
    utf16_len,
)

SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "sendAnimation", "sendPoll")
BOT_USERNAME = "c2f_test_bot"
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "C2F", "username": BOT_USERNAME}
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
GROUP_FLOOD = (20, 60.0)  # messages and edits in one group, per seconds
OVERALL_FLOOD = (30, 1.0)
NOT_MESSAGES = frozenset({"sendChatAction"})
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
MEDIA_KINDS = ("photo", "document", "animation", "video", "audio")

# --- what the fake records ----------------------------------------------------------------------


@dataclass
class Fault:
    """Answer the next `times` calls of `method` with `status` (and retry_after), or hang first.
    The faulted calls are still checked and recorded, but change nothing."""

    method: str
    times: int
    status: int = 500
    retry_after: int | None = None
    hang: float = 0.0


@dataclass
class Request:
    """One call the bot made, as answered: `status` 200 (`ok`), 400, 409, an injected fault's…
    `params` are typed as the spec says (a String is the string sent, objects are dicts);
    `files` are the multipart file parts."""

    index: int
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float = field(default_factory=time.monotonic)
    status: int = 200
    fault: Fault | None = None
    violation: str | None = None
    description: str | None = None
    result: Any = None

    @property
    def ok(self) -> bool:
        """Telegram did it (answered 200)."""
        return self.status == 200

    @property
    def chat_id(self) -> int | None:
        """The chat the call is about, if any (and given as an id)."""
        value = self.params.get("chat_id")
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, str) and INTEGER_LITERAL.fullmatch(value):
            return int(value)
        return None


class _QuietServer(ThreadingHTTPServer):
    """Clients that vanish mid-request (a killed bot) are expected here, not errors."""

    request_queue_size = 1024  # bursts open hundreds of connections at once, as on Telegram

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class FakeBotApi:
    """The server; start() binds 127.0.0.1 on a free port.

    Tests may set `chat_admins[chat] = {user ids}`, `chat_owners[chat] = user id` and
    `non_members[chat] = {user ids}` for getChatMember (anyone else is a member). A group's
    messages reach the bot only as Telegram's privacy mode lets them: commands (not those
    addressed to another bot), replies to the bot and mentions of it.
    """

    live: ClassVar[weakref.WeakSet[FakeBotApi]] = weakref.WeakSet()

    def __init__(self, token: str, port: int = 0) -> None:
        self.token = token
        self.spec = load_spec(str(find_spec()))
        self.methods: dict[str, dict] = self.spec.methods
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.chat_admins: dict[int, set[int]] = {}
        self.chat_owners: dict[int, int] = {}
        self.non_members: dict[int, set[int]] = {}  # never joined, or left: status "left"
        self.faults: list[Fault] = []
        self.dropped_updates: list[dict] = []  # what privacy mode or allowed_updates withheld
        self.webhook: dict[str, Any] | None = None
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}
        self._updates: list[dict] = []
        self.last_update_id = 0  # the id of the update queued last
        self._allowed: frozenset[str] | None = None
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._serials = itertools.count(1)
        self._chats: dict[int, dict] = {}
        self.migrated: dict[int, int] = {}  # group id -> the supergroup it became
        self.flood_limits = True
        self.no_reactions: set[int] = set()  # chats whose admins turned reactions off
        self._flood: dict[int | None, list[float]] = {}  # chat (None: all) -> when messages came
        self.revoked = False  # the token was revoked (@BotFather): every call is 401
        self._unchecked: set[int] = set()  # updates pushed as an older Bot API sends them
        self._users: dict[int, dict] = {}
        self._messages: dict[int, dict[int, dict]] = {}
        self._polls: dict[str, dict] = {}  # poll id -> chat_id, message_id, votes
        self._queries: dict[str, str] = {}  # callback query id -> queued | delivered | answered
        self._file_ids: set[str] = set()
        self.last_pushed = 0  # the message id of the latest user message pushed
        self._cond = threading.Condition()
        self._stopped = False
        self._server = _QuietServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(0.05,),
            daemon=True,  # stop() in 50 ms
        )

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What TELEGRAM_BASE_URL should be (the token is appended by the bot)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def start(self) -> FakeBotApi:
        """Serve in a background thread."""
        self._thread.start()
        FakeBotApi.live.add(self)
        return self

    def stop(self) -> None:
        """Stop serving and release waiting long polls (twice is fine)."""
        FakeBotApi.live.discard(self)
        with self._cond:
            if self._stopped:
                return
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    # --- violations --------------------------------------------------------------------------

    def mark(self) -> int:
        """A point in `violations` to compare against later (`violations_since`)."""
        with self._cond:
            return len(self.violations)

    def violations_since(self, mark: int) -> list[str]:
        """The violations recorded after `mark()` returned `mark`."""
        with self._cond:
            return list(self.violations[mark:])

    # --- what tests do ---------------------------------------------------------------------

    def push_command(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
        reply_to_message_id: int | None = None,
        first_name: str = "Ada",
        anonymous_admin: bool = False,
    ) -> int:
        """Queue a user's message (with the entities Telegram adds: bot_command, mention) and
        return the mark (len(requests)) to wait from. In groups, privacy mode applies: a message
        that is not a command for this bot, a reply to it or a mention of it is not delivered.
        `anonymous_admin`: an admin of the group who posts as the group, as Telegram sends it —
        `sender_chat` the group itself, `from` Telegram's GroupAnonymousBot."""
        assert chat_type in ("private", "group", "supergroup"), f"no user messages in {chat_type}"
        assert not anonymous_admin or chat_type != "private", "only a group's admins post as it"
        if chat_type == "private":
            assert chat_id > 0, "private chat ids are the user's id, positive"
            user_id = chat_id if user_id is None else user_id
            assert user_id == chat_id, "in a private chat the chat id is the user's id"
        else:
            assert chat_id < 0, "group chat ids are negative"
            user_id = abs(chat_id) if user_id is None else user_id
        with self._cond:
            chat = {"id": chat_id, "type": chat_type}
            chat.update(
                {"first_name": first_name} if chat_type == "private" else {"title": "Class 7b"}
            )
            self._chats[chat_id] = chat
            user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            if language_code is not None:
                user["language_code"] = language_code
            self._users[user_id] = user
            if anonymous_admin:
                user = dict(GROUP_ANONYMOUS_BOT)
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "from": user,
                "date": int(time.time()),
                "chat": chat,
                "text": text,
            }
            if anonymous_admin:
                message["sender_chat"] = chat
            entities = _user_entities(text)
            if entities:
                message["entities"] = entities
            replied = None
            if reply_to_message_id is not None:
                replied = self._messages.get(chat_id, {}).get(reply_to_message_id)
                assert replied is not None, f"no message {reply_to_message_id} in {chat_id}"
                message["reply_to_message"] = _without_reply(replied)
            self._messages.setdefault(chat_id, {})[message["message_id"]] = message
            self.last_pushed = message["message_id"]
            delivered = chat_type == "private" or _privacy_lets_through(text, replied)
            return self._queue({"message": message}, delivered)

    def open_private_chat(self, user_id: int, first_name: str = "Ada") -> dict:
        """The user has started a private chat with the bot (as any message they send there
        does): from now on the bot may write to them. The chat, as updates show it."""
        assert user_id > 0, "private chat ids are the user's id, positive"
        with self._cond:
            chat = {"id": user_id, "type": "private", "first_name": first_name}
            self._chats.setdefault(user_id, chat)
            return chat

    def push_callback_query(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        forged: bool = False,
    ) -> tuple[int, str]:
        """A press of the inline button with callback_data `data` under a message the bot sent;
        returns (mark, query id). Pressing a button that isn't there is a test bug (assertion),
        unless `forged` (a client sending made-up data)."""
        with self._cond:
            message = self._messages.get(chat_id, {}).get(message_id)
            if not forged:
                assert message is not None, f"the bot sent no message {message_id} to {chat_id}"
                assert message["from"]["id"] == BOT_USER["id"], "not the bot's message"
                buttons = [
                    button
                    for row in message.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row
                ]
                assert any(b.get("callback_data") == data for b in buttons), (
                    f"message {message_id} has no button with callback_data {data!r}: {buttons}"
                )
            if user_id is None:
                user_id = chat_id if chat_id > 0 else abs(chat_id)
            user = self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
            chat = self._chats.get(chat_id) or _private_chat(chat_id)
            shown = message or {"chat": chat, "message_id": message_id, "date": 0}
            query_id = f"q{next(self._serials)}"
            query = {
                "id": query_id,
                "from": user,
                "message": shown,
                "chat_instance": str(-abs(chat_id) * 7 - 1),
                "data": data,
            }
            self._queries[query_id] = "queued"
            return self._queue({"callback_query": query}, True), query_id

    def migrate_group(self, group_id: int, supergroup_id: int, user_id: int) -> int:
        """The group becomes a supergroup (a member made its history visible, …), as Telegram
        does it: a service message `migrate_to_chat_id` in the group, one
        `migrate_from_chat_id` in the new supergroup (delivered whatever privacy mode says);
        the group's admins are the supergroup's, and sending to the group fails from now on
        (400 with `migrate_to_chat_id`). Returns the mark."""
        with self._cond:
            old = self._chats[group_id]
            assert old["type"] == "group", "only a basic group migrates"
            assert supergroup_id < -1_000_000_000_000, "supergroup ids are -100…"
            new = {"id": supergroup_id, "type": "supergroup", "title": old["title"]}
            self._chats[supergroup_id] = new
            user = self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
            for admins in (self.chat_admins, self.chat_owners):
                if group_id in admins:
                    admins[supergroup_id] = admins[group_id]  # type: ignore[index]
            mark = len(self.requests)
            for chat, field_name, value in (
                (old, "migrate_to_chat_id", supergroup_id),
                (new, "migrate_from_chat_id", group_id),
            ):
                message = {
                    "message_id": next(self._message_ids),
                    "from": user,
                    "date": int(time.time()),
                    "chat": chat,
                    field_name: value,
                }
                self._messages.setdefault(chat["id"], {})[message["message_id"]] = message
                self._queue({"message": message}, True)
            self.migrated[group_id] = supergroup_id
            return mark

    def push_poll_answer(
        self, poll_id: str, user_id: int, option_ids: list[int], before_9_6: bool = False
    ) -> int:
        """A user's vote (`option_ids` empty: retracted) in a non-anonymous poll the bot sent;
        `before_9_6`: as a Bot API server older than 9.6 sends it (without
        `option_persistent_ids`, so the current spec does not hold it)."""
        with self._cond:
            poll_state = self._polls.get(poll_id)
            assert poll_state is not None, f"the bot sent no poll {poll_id}"
            poll = self._messages[poll_state["chat_id"]][poll_state["message_id"]]["poll"]
            assert not poll["is_anonymous"], "Telegram sends poll_answer for non-anonymous polls"
            assert not poll["is_closed"], "the poll is closed"
            count = len(poll["options"])
            assert all(0 <= i < count for i in option_ids), f"options are 0-{count - 1}"
            assert len(option_ids) <= 1 or poll["allows_multiple_answers"], "one answer only"
            assert len(set(option_ids)) == len(option_ids), "an option twice"
            before = poll_state["votes"].get(user_id)
            assert before is None or poll["allows_revoting"], "this poll doesn't allow revoting"
            for i in before or []:
                poll["options"][i]["voter_count"] -= 1
            for i in option_ids:
                poll["options"][i]["voter_count"] += 1
            poll_state["votes"][user_id] = list(option_ids)
            poll["total_voter_count"] = sum(1 for v in poll_state["votes"].values() if v)
            user = self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
            answer = {
                "poll_id": poll_id,
                "user": user,
                "option_ids": list(option_ids),
                "option_persistent_ids": [poll["options"][i]["persistent_id"] for i in option_ids],
            }
            if before_9_6:
                del answer["option_persistent_ids"]
            return self._queue({"poll_answer": answer}, True, checked=not before_9_6)

    def wait_for(
        self, predicate: Callable[[Request], bool], after: int = 0, timeout: float = 30.0
    ) -> Request:
        """The first request from index `after` on that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for request in self.requests[after:]:
                    if predicate(request):
                        return request
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    sent = [(r.method, r.chat_id, r.status) for r in self.requests[after:]]
                    raise TimeoutError(f"no matching request within {timeout}s; got {sent}")
                self._cond.wait(remaining)

    def wait_count(
        self,
        predicate: Callable[[Request], bool],
        count: int,
        after: int = 0,
        timeout: float = 60.0,
    ) -> list[Request]:
        """The first `count` requests from index `after` on that satisfy `predicate`."""
        deadline = time.monotonic() + timeout
        matched: list[Request] = []
        seen = after
        with self._cond:
            while True:
                matched += [r for r in self.requests[seen:] if predicate(r)]
                seen = len(self.requests)
                if len(matched) >= count:
                    return matched[:count]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(matched)} of {count} requests within {timeout}s")
                self._cond.wait(remaining)

    def wait_reply(self, chat_id: int, after: int, timeout: float = 30.0) -> Request:
        """The first message, photo, document… delivered (answered 200) to `chat_id` from index
        `after` on, passing over training status messages."""
        return self.wait_for(
            lambda r: (
                r.ok and r.method in SEND_METHODS and r.chat_id == chat_id and not is_status(r)
            ),
            after,
            timeout,
        )

    def sent_to(self, chat_id: int, after: int = 0) -> list[Request]:
        """Every call about `chat_id` from index `after` on, whatever its answer: rejected and
        faulted ones too (see `delivered` for what reached the chat)."""
        with self._cond:
            return [r for r in self.requests[after:] if r.chat_id == chat_id]

    def delivered(self, chat_id: int, after: int = 0, method: str | None = None) -> list[Request]:
        """The sends and edits to `chat_id` from index `after` on that Telegram carried out."""
        with self._cond:
            return [
                r
                for r in self.requests[after:]
                if r.ok
                and r.chat_id == chat_id
                and r.method in (*SEND_METHODS, *EDIT_METHODS)
                and (method is None or r.method == method)
            ]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """A message as it now stands in the chat (after edits), None if unknown or deleted."""
        with self._cond:
            found = self._messages.get(chat_id, {}).get(message_id)
            return json.loads(json.dumps(found)) if found is not None else None

    def inject(self, fault: Fault) -> None:
        """Fail the next calls of a method."""
        with self._cond:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        """Forget the faults not yet used up."""
        with self._cond:
            self.faults.clear()

    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot."""
        with self._cond:
            return len(self._updates)

    def next_webhook_update(self, timeout: float) -> tuple[dict, dict] | None:
        """For the webhook's delivery (tests/fakes/webhooks.py): the oldest update waiting and
        the webhook it goes to, taken off the queue; None if there is none within `timeout`
        or no webhook is set (Telegram delivers only while one is)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self.webhook is not None:
                    self._withhold_unwanted()
                    if self._updates:
                        return self._updates.pop(0), dict(self.webhook)
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopped:
                    return None
                self._cond.wait(remaining)

    def requeue(self, update: dict) -> None:
        """An update the webhook did not take (not answered 200): delivered again later."""
        with self._cond:
            self._updates.insert(0, update)
            self._cond.notify_all()

    # --- serving ---------------------------------------------------------------------------

    def _queue(self, content: dict, delivered: bool, checked: bool = True) -> int:
        """Queue an update (under the lock; checked against the spec unless told); the mark."""
        update = {"update_id": next(self._update_ids), **content}
        if checked:
            self.spec.assert_valid(update, ["Update"], "update")
        else:
            self._unchecked.add(update["update_id"])
        mark = len(self.requests)
        self.last_update_id = update["update_id"]
        if delivered:
            self._updates.append(update)
            self._cond.notify_all()
        else:
            self.dropped_updates.append(update)
        return mark

    def _record(self, request: Request) -> None:
        with self._cond:
            request.index = len(self.requests)
            self.requests.append(request)
            if request.violation:
                self.violations.append(request.violation)
            self._cond.notify_all()

    def _serve(self, path: str, content_type: str, body: bytes) -> tuple[int, dict, Fault | None]:
        """One HTTP call: (status, JSON answer, fault to act out)."""
        asked, _, query = path.partition("?")
        token, _, method = asked.removeprefix("/bot").partition("/")
        if not asked.startswith("/bot") or not method or "/" in method:
            return self._refuse(asked, 404, "Not Found", f"{asked}: not a Bot API path")
        if token != self.token:
            return self._refuse(method, 401, "Unauthorized", f"{method}: wrong bot token")
        if self.revoked:  # what Telegram answers once the owner revoked the token
            return self._refuse(method, 401, "Unauthorized", None)
        if method not in self.methods:
            return self._refuse(method, 404, "Not Found", f"{method}: no such method")
        fault = self._take_fault(method)
        decoded: dict[str, Any] = {}
        raw: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        problem: Rejected | None = None
        try:
            raw, files, names = _parse_body(content_type, body)
            raw = {**dict(parse_qsl(query, keep_blank_values=True)), **raw}
            form = not content_type.startswith("application/json")
            self.spec.check_call(method, raw, files, self._file_ids, form, decoded)
        except Rejected as error:
            problem = error
        except Exception as error:  # a request the checks did not foresee: fail loudly
            problem = Rejected(f"Internal Server Error: fake bug: {error!r}", 500)
        params = {**raw, **decoded}
        result = None
        with self._cond:
            if problem is None:
                try:
                    result = self._perform(method, params, files, names, commit=fault is None)
                    checked = result
                    if method == "getUpdates":  # all but those pushed as older servers send them
                        checked = [u for u in result if u["update_id"] not in self._unchecked]
                    self.spec.assert_valid(checked, self.methods[method]["returns"], method)
                except Rejected as error:
                    problem = error
                except Exception as error:  # AssertionError: a result Telegram never sends
                    problem = Rejected(f"Internal Server Error: fake bug: {error!r}", 500)
            status = fault.status if fault else problem.status if problem else 200
            request = Request(
                0,
                method,
                params,
                files,
                status=status,
                fault=fault,
                violation=f"{method}: {problem.description}"
                if problem and problem.violation
                else None,
                description=problem.description if problem else None,
                result=result if problem is None else None,
            )
            self._record(request)
        if fault is not None:
            answer: dict[str, Any] = {
                "ok": False,
                "error_code": fault.status,
                "description": "Injected fault",
            }
            if fault.retry_after is not None:
                answer["parameters"] = {"retry_after": fault.retry_after}
            return fault.status, answer, fault
        if problem is not None:
            answer = {"ok": False, "error_code": problem.status, "description": problem.description}
            if problem.parameters:
                answer["parameters"] = problem.parameters
            return problem.status, answer, None
        return 200, {"ok": True, "result": result}, None

    def _refuse(
        self, method: str, status: int, description: str, violation: str | None
    ) -> tuple[int, dict, None]:
        request = Request(0, method, {}, {}, status=status, violation=violation)
        request.description = description
        self._record(request)
        return status, {"ok": False, "error_code": status, "description": description}, None

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    # --- the methods -----------------------------------------------------------------------

    def _perform(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> Any:
        """The answer to a valid call (under the lock); state changes only if `commit`."""
        if commit and self.flood_limits and _is_message(method):
            self._count_flood(params.get("chat_id"))
        if method in SEND_METHODS:
            return self._send(method, params, files, names, commit)
        if method in EDIT_METHODS:
            return self._edit(method, params, files, names, commit)
        handler = getattr(self, f"_do_{method}", None)
        if handler is None:
            raise bad(f"the fake does not implement {method}")
        return handler(params, commit)

    def _count_flood(self, chat_id: object) -> None:
        """Telegram's flood limits: a 429 with the seconds to wait once one is exceeded."""
        now = time.monotonic()
        if isinstance(chat_id, str) and INTEGER_LITERAL.fullmatch(chat_id):
            chat_id = int(chat_id)
        windows = [(None, *OVERALL_FLOOD)]
        if isinstance(chat_id, int) and chat_id < 0:
            windows.append((chat_id, *GROUP_FLOOD))
        for key, limit, period in windows:
            times = [t for t in self._flood.get(key, []) if t > now - period]
            self._flood[key] = times
            if len(times) >= limit:
                wait = max(1, math.ceil(times[-limit] + period - now))
                raise Rejected(
                    f"Too Many Requests: retry after {wait}",
                    429,
                    parameters={"retry_after": wait},
                )
        for key, _, _ in windows:
            self._flood[key].append(now)

    def _chat(self, chat_id: int | str, commit: bool) -> dict:
        if isinstance(chat_id, str):
            raise Rejected(f"{CHAT_NOT_FOUND} (the fake knows no chat {chat_id})")
        if chat_id in self.migrated:  # Telegram's answer, with where the chat went
            raise Rejected(
                MIGRATED,
                violation=False,
                parameters={"migrate_to_chat_id": self.migrated[chat_id]},
            )
        chat = self._chats.get(chat_id)
        if chat is None:
            if chat_id < 0:
                raise Rejected(f"{CHAT_NOT_FOUND} (no message ever came from group {chat_id})")
            # Telegram: a bot never writes first to someone who has not started a chat with it.
            raise Rejected(CANT_INITIATE, 403, violation=False)
        return chat

    def _new_file(self, prefix: str, commit: bool) -> str:
        file_id = f"{prefix}-{next(self._serials)}"
        if commit:
            self._file_ids.add(file_id)
        return file_id

    def _media(
        self,
        kind: str,
        reference: str | None,
        data: bytes | None,
        name: str,
        extra: dict,
        commit: bool,
    ) -> Any:
        """A Message's photo/document/animation/… for an upload or a file_id/URL."""
        if reference and not reference.startswith(("attach://", "http://", "https://")):
            file_id = reference  # a file_id the fake issued: the same file again
        else:
            file_id = self._new_file(kind, commit)
        unique = f"u{file_id}"
        width, height = image_size(data or b"") or (700, 530)
        sized = {"width": width, "height": height}
        if kind == "photo":
            size = {"file_id": file_id, "file_unique_id": unique, **sized}
            if data:
                size["file_size"] = len(data)
            return [size]
        described: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique}
        if kind in ("animation", "video"):
            described.update(sized, duration=int(extra.get("duration", 1)))
        if kind == "audio":
            described["duration"] = int(extra.get("duration", 1))
        if name:
            described["file_name"] = name
            mime = mimetypes.guess_type(name)[0]
            if mime:
                described["mime_type"] = mime
        if data:
            described["file_size"] = len(data)
        return described

    def _send(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> dict:
        chat = self._chat(params["chat_id"], commit)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "date": int(time.time()),
            "chat": chat,
        }
        reply = params.get("reply_parameters")
        if reply is not None:
            target_chat = reply.get("chat_id", chat["id"])
            target = self._messages.get(target_chat, {}).get(reply["message_id"])  # type: ignore[arg-type]
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad("message to be replied not found", violation=False)
            if target is not None:
                quoted = target.get("text", target.get("caption", ""))
                if "quote" in reply and reply["quote"] not in quoted:
                    raise bad("QUOTE_TEXT_INVALID: the quote is not in the replied message")
                if target_chat == chat["id"]:
                    message["reply_to_message"] = _without_reply(target)
        if method == "sendMessage":
            message["text"] = params["text"]
            if "entities" in params:
                message["entities"] = params["entities"]
        elif method == "sendPoll":
            message["poll"] = self._poll(params, commit)
        else:
            kind = {"sendPhoto": "photo", "sendDocument": "document", "sendAnimation": "animation"}[
                method
            ]
            reference = params.get(kind)
            part = (
                reference[len("attach://") :]
                if reference and reference.startswith("attach://")
                else kind
            )
            data = files.get(part)
            media = self._media(kind, reference, data, names.get(part, ""), params, commit)
            message[kind] = media
            if kind == "animation":
                message["document"] = {
                    k: v for k, v in media.items() if k not in ("width", "height", "duration")
                }
            _set_caption(message, params)
            if params.get("has_spoiler"):
                message["has_media_spoiler"] = True
        markup = params.get("reply_markup")
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        if commit:
            self._messages.setdefault(chat["id"], {})[message["message_id"]] = message
            if "poll" in message:
                self._polls[message["poll"]["id"]] = {
                    "chat_id": chat["id"],
                    "message_id": message["message_id"],
                    "votes": {},
                }
        return message

    def _poll(self, params: dict[str, Any], commit: bool) -> dict:
        kind = params.get("type", "regular")
        poll: dict[str, Any] = {
            "id": f"poll-{next(self._serials)}",
            "question": params["question"],
            "options": [
                {"persistent_id": str(i), "text": option["text"], "voter_count": 0}
                for i, option in enumerate(params["options"])
            ],
            "total_voter_count": 0,
            "is_closed": bool(params.get("is_closed", False)),
            "is_anonymous": bool(params.get("is_anonymous", True)),
            "type": kind,
            "allows_multiple_answers": bool(params.get("allows_multiple_answers", False)),
            "allows_revoting": bool(params.get("allows_revoting", kind != "quiz")),
            "members_only": bool(params.get("members_only", False)),
        }
        for key in (
            "question_entities",
            "correct_option_ids",
            "explanation",
            "explanation_entities",
            "open_period",
            "close_date",
            "description",
            "description_entities",
            "country_codes",
        ):
            if key in params:
                poll[key] = params[key]
        for i, option in enumerate(params["options"]):
            if "text_entities" in option:
                poll["options"][i]["text_entities"] = option["text_entities"]
        return poll

    def _edit(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, bytes],
        names: dict[str, str],
        commit: bool,
    ) -> dict:
        if "inline_message_id" in params:
            raise bad("MESSAGE_ID_INVALID (the fake never sent an inline message)")
        chat = self._chat(params["chat_id"], commit=False)
        old = self._messages.get(chat["id"], {}).get(params["message_id"])
        if old is None:
            raise Rejected(EDIT_NOT_FOUND, violation=False)
        if old["from"]["id"] != BOT_USER["id"]:
            raise bad("message can't be edited (it is not the bot's)")
        new = dict(old)
        markup = params.get("reply_markup")
        if markup and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        else:
            new.pop("reply_markup", None)
        media_kind = next((k for k in MEDIA_KINDS if k in old), None)
        if method == "editMessageText":
            if "text" not in old:
                raise bad("there is no text in the message to edit")
            new["text"] = params["text"]
            new.pop("entities", None)
            if "entities" in params:
                new["entities"] = params["entities"]
        elif method == "editMessageCaption":
            if media_kind is None:
                raise bad("there is no caption in the message to edit")
            for key in ("caption", "caption_entities", "show_caption_above_media"):
                new.pop(key, None)
            _set_caption(new, params)
        elif method == "editMessageMedia":
            if media_kind is None:
                raise bad("there is no media in the message to edit")
            media = params["media"]
            kind = media["type"]
            if kind not in MEDIA_KINDS:
                raise bad(f"the fake can't show {kind} media")
            reference = media["media"]
            part = reference[len("attach://") :] if reference.startswith("attach://") else ""
            for key in (*MEDIA_KINDS, "caption", "caption_entities", "show_caption_above_media"):
                new.pop(key, None)
            shown = self._media(
                kind, reference, files.get(part), names.get(part, ""), media, commit
            )
            new[kind] = shown
            if kind == "animation":
                new["document"] = {
                    k: v for k, v in shown.items() if k not in ("width", "height", "duration")
                }
            _set_caption(new, media)
        if _content(new) == _content(old):
            raise Rejected(NOT_MODIFIED, violation=False)
        new["edit_date"] = int(time.time())
        if commit:
            self._messages[chat["id"]][old["message_id"]] = new
        return new

    def _do_getMe(self, params: dict, commit: bool) -> dict:
        return {
            **BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _do_getUpdates(self, params: dict, commit: bool) -> list[dict]:
        if self.webhook is not None:
            raise Rejected(WEBHOOK_CONFLICT, 409)
        if not commit:
            return []
        if "allowed_updates" in params:
            self._allowed = frozenset(params["allowed_updates"]) or None
        offset = params.get("offset", 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        deadline = time.monotonic() + min(params.get("timeout", 0), 1.0)
        while True:
            self._withhold_unwanted()
            remaining = deadline - time.monotonic()
            if self._updates or remaining <= 0 or self._stopped:
                break
            self._cond.wait(remaining)
        batch = self._updates[: params.get("limit", 100)]
        for update in batch:
            if "callback_query" in update:
                query = update["callback_query"]["id"]
                if self._queries.get(query) == "queued":
                    self._queries[query] = "delivered"
        return batch

    def _withhold_unwanted(self) -> None:
        """Telegram drops updates of kinds the bot did not ask for."""
        allowed = self._allowed or (self.spec.update_kinds - NOT_BY_DEFAULT)
        kept = []
        for update in self._updates:
            (kind,) = set(update) - {"update_id"}
            (kept if kind in allowed else self.dropped_updates).append(update)
        self._updates = kept

    def _do_setWebhook(self, params: dict, commit: bool) -> bool:
        if params["url"] and not params["url"].startswith("https://"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        if commit:
            if params["url"]:
                self.webhook = {k: v for k, v in params.items() if k != "drop_pending_updates"}
            else:
                self.webhook = None
            if "allowed_updates" in params:
                self._allowed = frozenset(params["allowed_updates"]) or None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _do_deleteWebhook(self, params: dict, commit: bool) -> bool:
        if commit:
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _do_getWebhookInfo(self, params: dict, commit: bool) -> dict:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook and "max_connections" in self.webhook:
            info["max_connections"] = self.webhook["max_connections"]
        if self._allowed:
            info["allowed_updates"] = sorted(self._allowed)
        return info

    @staticmethod
    def _scope_key(params: dict) -> tuple[str, str]:
        scope = params.get("scope", {"type": "default"})
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    def _do_setMyCommands(self, params: dict, commit: bool) -> bool:
        if commit:
            self.commands[self._scope_key(params)] = params["commands"]
        return True

    def _do_deleteMyCommands(self, params: dict, commit: bool) -> bool:
        if commit:
            self.commands.pop(self._scope_key(params), None)
        return True

    def _do_getMyCommands(self, params: dict, commit: bool) -> list[dict]:
        return self.commands.get(self._scope_key(params), [])

    def _do_setMyDescription(self, params: dict, commit: bool) -> bool:
        if commit:
            self.descriptions["description", params.get("language_code", "")] = params.get(
                "description", ""
            )
        return True

    def _do_setMyShortDescription(self, params: dict, commit: bool) -> bool:
        if commit:
            key = ("short_description", params.get("language_code", ""))
            self.descriptions[key] = params.get("short_description", "")
        return True

    def _do_getMyDescription(self, params: dict, commit: bool) -> dict:
        key = ("description", params.get("language_code", ""))
        return {"description": self.descriptions.get(key, "")}

    def _do_getMyShortDescription(self, params: dict, commit: bool) -> dict:
        key = ("short_description", params.get("language_code", ""))
        return {"short_description": self.descriptions.get(key, "")}

    def _do_sendChatAction(self, params: dict, commit: bool) -> bool:
        self._chat(params["chat_id"], commit)
        return True

    def _do_deleteMessage(self, params: dict, commit: bool) -> bool:
        chat = self._chat(params["chat_id"], commit=False)
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad("message to delete not found", violation=False)
        by_bot = message["from"]["id"] == BOT_USER["id"]
        bot_is_admin = BOT_USER["id"] in self.chat_admins.get(chat["id"], set())
        if not by_bot and chat["type"] != "private" and not bot_is_admin:
            raise bad("message can't be deleted for everyone (the bot is no admin here)")
        if commit:
            del self._messages[chat["id"]][params["message_id"]]
        return True

    def _do_stopPoll(self, params: dict, commit: bool) -> dict:
        chat = self._chat(params["chat_id"], commit=False)
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad("message with poll to stop not found", violation=False)
        if message["from"]["id"] != BOT_USER["id"] or "poll" not in message:
            raise bad("message with poll to stop not found (not a poll the bot sent)")
        if message["poll"]["is_closed"]:
            raise bad("poll has already been closed", violation=False)
        poll = {**message["poll"], "is_closed": True}
        if commit:
            message["poll"] = poll
            markup = params.get("reply_markup")
            if markup and markup.get("inline_keyboard"):
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
        return poll

    def _do_setMessageReaction(self, params: dict, commit: bool) -> bool:
        chat = self._chat(params["chat_id"], commit=False)
        message = self._messages.get(chat["id"], {}).get(params["message_id"])
        if message is None:
            raise bad("MESSAGE_NOT_FOUND: no such message to react to")
        reactions = params.get("reaction") or []
        if reactions and chat["id"] in self.no_reactions:
            raise bad("REACTION_INVALID", violation=False)
        if len(reactions) > 1:
            raise bad("REACTIONS_TOO_MANY: a bot sets at most one reaction per message")
        for reaction in reactions:
            if reaction["type"] == "paid":
                raise bad("bots can't use paid reactions")
            if reaction["type"] == "custom_emoji":
                raise bad("REACTION_INVALID: this chat allows no custom emoji reactions")
        if commit:
            message["bot_reactions"] = reactions  # the fake's own note, never sent back
        return True

    def _do_answerCallbackQuery(self, params: dict, commit: bool) -> bool:
        if self._queries.get(params["callback_query_id"]) != "delivered":
            raise Rejected(QUERY_TOO_OLD)
        if commit:
            self._queries[params["callback_query_id"]] = "answered"
        return True

    def _do_getChatMember(self, params: dict, commit: bool) -> dict:
        chat = self._chat(params["chat_id"], commit=False)
        user_id = params["user_id"]
        user = (
            BOT_USER
            if user_id == BOT_USER["id"]
            else self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Ada"})
        )
        if self.chat_owners.get(chat["id"]) == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in self.non_members.get(chat["id"], set()):
            return {"status": "left", "user": user}
        if user_id in self.chat_admins.get(chat["id"], set()):
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        return {"status": "member", "user": user}

    def _do_close(self, params: dict, commit: bool) -> bool:
        return True

    def _do_logOut(self, params: dict, commit: bool) -> bool:
        return True

    # --- HTTP ------------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes: with Nagle's algorithm the body
            # waits for the client's delayed ACK of the headers, 40 ms a request on loopback.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self._answer()

            def do_GET(self) -> None:
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the client died mid-request: nothing arrived
                    self.close_connection = True
                    return
                content_type = self.headers.get("Content-Type", "")
                status, payload, fault = api._serve(self.path, content_type, body)
                if fault is not None and fault.hang:
                    time.sleep(fault.hang)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler


# --- helpers --------------------------------------------------------------------------------


def _is_message(method: str) -> bool:
    """What Telegram counts against its flood limits: messages and edits."""
    if method in NOT_MESSAGES:
        return False
    return method.startswith(("send", "edit", "copyMessage", "forwardMessage")) or (
        method == "stopPoll"
    )


def _private_chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Ada"}


def _without_reply(message: dict) -> dict:
    """A message as Telegram nests it in reply_to_message (no further nesting)."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _set_caption(message: dict, source: dict) -> None:
    if source.get("caption"):
        message["caption"] = source["caption"]
        if "caption_entities" in source:
            message["caption_entities"] = source["caption_entities"]
    if source.get("show_caption_above_media"):
        message["show_caption_above_media"] = True


def _content(message: dict) -> str:
    """What an edit can change, to tell an edit that changes nothing."""
    shown = {k: v for k, v in message.items() if k not in ("edit_date", "date", "from", "chat")}
    for key in ("text", "caption"):
        if isinstance(shown.get(key), str):
            shown[key] = shown[key].strip()
    return json.dumps(shown, sort_keys=True)


# Who a message an anonymous admin posts as the group comes "from" (Telegram's own account).
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}


def _user_entities(text: str) -> list[dict]:
    """The entities Telegram marks in a user's message: a leading command, @mentions."""
    entities = []
    if text.startswith("/") and (head := re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)):
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(head[0])})
    for match in re.finditer(r"(?<![\w/])@[A-Za-z][A-Za-z0-9_]{4,31}", text):
        offset = utf16_len(text[: match.start()])
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(match[0])})
    return entities


def _privacy_lets_through(text: str, replied: dict | None) -> bool:
    """Privacy mode: a group message reaches the bot if it is a command not addressed to another
    bot, a reply to the bot's message, or mentions the bot."""
    if replied is not None and replied["from"]["id"] == BOT_USER["id"]:
        return True
    if re.search(rf"(?<![\w/])@{BOT_USERNAME}\b", text, re.IGNORECASE):
        return True
    command = re.match(r"/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?", text)
    return command is not None and (command[1] is None or command[1].lower() == BOT_USERNAME)


def is_status(request: Request) -> bool:
    """A long training's status message (sent before the reply)."""
    return request.method == "sendMessage" and str(request.params.get("text", "")).startswith(
        "Training…"
    )


def _parse_body(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, bytes], dict[str, str]]:
    """Parameters (form and multipart values as the strings sent), file parts, their file names."""
    if not body:
        return {}, {}, {}
    if content_type.startswith("application/json"):
        try:
            params = json.loads(body)
        except ValueError:
            raise bad("can't parse the JSON body") from None
        if not isinstance(params, dict):
            raise bad("the JSON body must be an object")
        return params, {}, {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        names: dict[str, str] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[name] = payload
                names[name] = part.get_filename()
            else:
                params[name] = payload.decode()
        return params, files, names
    if content_type and not content_type.startswith("application/x-www-form-urlencoded"):
        raise bad(f"unsupported Content-Type {content_type}")
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}, {}


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Form, JSON or multipart parameters and file parts. Form and multipart values stay the
    strings sent (the spec's types decide what they mean); a JSON body is decoded."""
    params, files, _ = _parse_body(content_type, body)
    return params, files
