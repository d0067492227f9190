"""Inline mode in the fake Bot API: the queries a user types after `@bot` in any chat, and the
rules of `answerInlineQuery` (a mixin of `FakeBotApi`, which it shares its lock and state with).

Telegram sends an `inline_query` update only to a bot whose owner switched inline mode on
(@BotFather `/setinline`: `getMe` says `supports_inline_queries`), and only if the bot's
`allowed_updates` lets it through (the fake's `_withhold_unwanted`). The bot answers each query
once, with `answerInlineQuery`:

* the query id must be one Telegram sent and not answered yet, else 400 "query is too old and
  response timeout expired or query ID is invalid";
* at most 50 results (the method's description: "No more than 50 results per query"), each id
  1-64 bytes (the spec's field rule) and unique among them (RESULT_ID_DUPLICATE);
* an InputTextMessageContent's message_text 1-4,096 characters once its entities are parsed;
* the button: exactly one of web_app and start_parameter; start_parameter 1-64 characters of
  A-Z, a-z, 0-9, _ and -;
* next_offset at most 64 bytes.

The field rules (types, lengths, the button's start_parameter) live in tests/fakes/spec.py with
every other (the button's "exactly one of" too); the rules about the answer as a whole and the
state are here.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

from tests.fakes.spec import Rejected, bad, utf16_len

if TYPE_CHECKING:
    from tests.fakes.bot_api import Request

QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
MAX_QUERY = 256  # InlineQuery.query: "Text of the query (up to 256 characters)"
MAX_OFFSET_BYTES = 64  # next_offset: "Offset length can't exceed 64 bytes"


def max_results(spec_description: list[str] | str) -> int:
    """The most results an answer may carry, read from answerInlineQuery's description."""
    text = " ".join(spec_description) if isinstance(spec_description, list) else spec_description
    match = re.search(r"No more than (\d+) results", text)
    assert match is not None, "the spec no longer states answerInlineQuery's result limit"
    return int(match[1])


class InlineQueries:
    """The inline half of the fake: `push_inline_query`, `wait_inline_answer` and the
    `answerInlineQuery` method. `inline_mode` False: the owner never sent /setinline (getMe says
    so, and no client can send the bot an inline query)."""

    inline_mode: bool = True
    last_inline_query_id: str | None = None  # the id of the query pushed last
    # What FakeBotApi provides.
    _cond: threading.Condition
    _users: dict[int, dict]
    _serials: Any
    _inline_queries: dict[str, str]  # query id -> "sent" | "answered"
    methods: dict[str, dict]
    requests: list[Request]

    if TYPE_CHECKING:

        def _queue(self, content: dict, delivered: bool, checked: bool = True) -> int: ...

        def wait_for(self, predicate: Any, after: int = 0, timeout: float = 30.0) -> Request: ...

    def push_inline_query(
        self,
        user_id: int,
        query: str,
        language_code: str | None = None,
        chat_type: str | None = "sender",
        first_name: str = "Ada",
    ) -> int:
        """A user typed `@bot query` (in their chat with the bot when `chat_type` is "sender",
        else in a private chat with someone, a group…; None: a secret chat). Returns the mark
        (len(requests)) to wait from; the query's id is `last_inline_query_id`."""
        assert self.inline_mode, "inline mode is off (@BotFather /setinline): no client sends one"
        assert user_id > 0, "a user's id is positive"
        assert utf16_len(query) <= MAX_QUERY, f"an inline query is at most {MAX_QUERY} characters"
        with self._cond:
            user: dict[str, Any] = self._users.get(user_id) or {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
            }
            user = dict(user)
            if language_code is not None:
                user["language_code"] = language_code
            self._users[user_id] = user
            query_id = str(8_000_000_000_000_000 + next(self._serials))
            inline: dict[str, Any] = {"id": query_id, "from": user, "query": query, "offset": ""}
            if chat_type is not None:
                inline["chat_type"] = chat_type
            self._inline_queries[query_id] = "sent"
            self.last_inline_query_id = query_id
            return self._queue({"inline_query": inline}, True)

    def wait_inline_answer(self, query: str | int, timeout: float = 30.0) -> Request:
        """The bot's answer (an answerInlineQuery call, accepted or not) to the query with id
        `query`, or, given a mark (an int), the first answer from there on."""
        if isinstance(query, int):
            return self.wait_for(lambda r: r.method == "answerInlineQuery", query, timeout)
        return self.wait_for(
            lambda r: r.method == "answerInlineQuery" and r.params.get("inline_query_id") == query,
            0,
            timeout,
        )

    def _do_answerInlineQuery(self, params: dict, commit: bool) -> bool:
        query_id = params["inline_query_id"]
        if self._inline_queries.get(query_id) != "sent":
            raise Rejected(QUERY_INVALID)
        results = params["results"]
        most = max_results(self.methods["answerInlineQuery"]["description"])
        if len(results) > most:
            raise bad(f"RESULTS_TOO_MUCH: {len(results)} results, at most {most}")
        ids = [result["id"] for result in results]
        if len(set(ids)) != len(ids):
            raise bad("RESULT_ID_DUPLICATE: result ids must be unique within an answer")
        offset = params.get("next_offset", "")
        if len(offset.encode()) > MAX_OFFSET_BYTES:
            raise bad(f"next_offset is {len(offset.encode())} bytes, at most {MAX_OFFSET_BYTES}")
        if commit:
            self._inline_queries[query_id] = "answered"
        return True

    def inline_answered(self, query_id: str) -> bool:
        """Whether the bot has answered the query (with an answer Telegram took)."""
        with self._cond:
            return self._inline_queries.get(query_id) == "answered"
