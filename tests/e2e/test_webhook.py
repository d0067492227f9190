"""Webhook mode against a hostile Internet: the secret is checked before a body is read and
never logged, bodies and connections are bounded, an update comes twice and is handled once,
one the library cannot parse is dropped."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.text import i18n
from tests.e2e.conftest import TOKEN, RunningBot, start_bot, stop_bot
from tests.fakes.bot_api import FakeBotApi

EN = i18n.catalogue("en")
SECRET = "webhook-secret-Zq8PqLr2"
PATH = "/c2f-hook"


@pytest.fixture(scope="module")
def hook(tmp_path_factory) -> Iterator[tuple[RunningBot, int]]:
    """A bot in webhook mode on its own fake Bot API, and the port it listens on."""
    api = FakeBotApi(TOKEN).start()
    bot = start_bot(
        api,
        tmp_path_factory.mktemp("webhook"),
        ready="setWebhook",
        WEBHOOK_URL=f"https://bot.example.com{PATH}",
        WEBHOOK_PORT="0",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_SECRET=SECRET,
    )
    port = int(bot.wait_log(r"Webhook listener on 127\.0\.0\.1:(\d+)").group(1))
    yield bot, port
    try:
        assert stop_bot(bot) == 0
        assert SECRET not in bot.log(), "the webhook secret appeared in the log"
    finally:
        api.stop()
    assert not api.violations, api.violations


def update(api, update_id: int, chat: int, text: str) -> dict:
    """A message from a user in their private chat, as Telegram posts it to the webhook."""
    api.open_private_chat(chat)
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat, "type": "private", "first_name": "Ada"},
            "from": {"id": chat, "is_bot": False, "first_name": "Ada"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        },
    }


def post(port: int, body: bytes, secret: str | None = SECRET) -> int:
    """POST a body to the webhook as Telegram would; the HTTP status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    try:
        connection.request("POST", PATH, body, headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_secret_is_set_on_telegram_but_never_logged(hook):
    bot, _ = hook
    registered = [r for r in bot.api.requests if r.method == "setWebhook"][-1]
    assert registered.params["secret_token"] == SECRET
    assert "setWebhook" in bot.log() and SECRET not in bot.log()  # DEBUG logs the call


def test_an_update_delivered_three_times_is_handled_once(hook):
    bot, port = hook
    api, chat = bot.api, 2101
    mark = len(api.requests)
    body = json.dumps(update(api, 700001, chat, "/lr x0.1")).encode()
    assert [post(port, body) for _ in range(3)] == [200, 200, 200]
    set_once = api.wait_reply(chat, mark)
    assert post(port, json.dumps(update(api, 700002, chat, "/lr")).encode()) == 200
    now = api.wait_reply(chat, set_once.index + 1)
    assert now.params["text"] == EN("lr-current", lr="0.01", optimizer="adam")
    assert len([r for r in api.sent_to(chat, mark) if r.method == "sendMessage"]) == 2
    assert bot.log().count("Update 700001 came again") == 2


def test_an_inline_query_delivered_three_times_is_answered_once(hook):
    bot, port = hook
    api, user = bot.api, 2103
    registered = [r for r in api.requests if r.method == "setWebhook"][-1]
    assert "inline_query" in registered.params["allowed_updates"]
    bodies = []
    for query in ("100", "37"):
        api.push_inline_query(user, query)
        taken = api.next_webhook_update(timeout=10)  # what Telegram would post: posted here
        assert taken is not None and taken[0]["inline_query"]["query"] == query
        bodies.append((taken[0]["update_id"], api.last_inline_query_id, json.dumps(taken[0])))
    (first, first_query, body), (_, second_query, again) = bodies
    assert [post(port, body.encode()) for _ in range(3)] == [200, 200, 200]
    assert post(port, again.encode()) == 200
    assert api.wait_inline_answer(first_query).ok and api.wait_inline_answer(second_query).ok
    answers = [r for r in api.requests if r.method == "answerInlineQuery"]
    assert [r.params["inline_query_id"] for r in answers].count(first_query) == 1
    assert bot.log().count(f"Update {first} came again") == 2


def test_an_update_the_library_cannot_parse_is_answered_200_and_dropped(hook):
    bot, port = hook
    api, chat = bot.api, 2102
    legacy = {  # a poll answer as a Bot API server before 9.6 sends it
        "update_id": 700010,
        "poll_answer": {
            "poll_id": "p1",
            "user": {"id": chat, "is_bot": False, "first_name": "Ada"},
            "option_ids": [0],
        },
    }
    mark = len(api.requests)
    assert post(port, json.dumps(legacy).encode()) == 200  # not sent again by Telegram
    assert post(port, json.dumps(update(api, 700011, chat, "/convert 100")).encode()) == 200
    assert "100 °C" in api.wait_reply(chat, mark).params["text"]
    assert "Dropped update 700010" in bot.log()


def raw_request(port: int, head: str, timeout: float = 30) -> bytes:
    """Send only a request's head (no body) and read what the server answers first."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
        client.sendall(head.encode())
        return client.recv(200)


def test_the_secret_and_the_size_are_checked_before_the_body_is_read(hook):
    _, port = hook
    big = 90 * 2**20  # announced, never sent: the answer must not wait for it
    wrong = (
        f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: nope\r\nContent-Length: {big}\r\n\r\n"
    )
    assert raw_request(port, wrong).startswith(b"HTTP/1.1 403")
    signed = wrong.replace("nope", SECRET)
    assert raw_request(port, signed).startswith(b"HTTP/1.1 413")
    assert post(port, b"{}", secret=None) == 403
    assert post(port, b"x" * 100, secret=SECRET + "x") == 403


def open_descriptors(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/fd").iterdir()))


def test_idle_connections_are_bounded_and_the_bot_still_answers_afterwards(hook):
    bot, port = hook
    api, chat = bot.api, 2103
    before = open_descriptors(bot.process.pid)
    with contextlib.ExitStack() as held:
        idle = [
            held.enter_context(socket.create_connection(("127.0.0.1", port), timeout=30))
            for _ in range(400)
        ]
        closed = 0
        for connection in idle[-100:]:  # beyond the bound: closed at once by the bot
            with contextlib.suppress(ConnectionResetError):
                closed += connection.recv(1) == b""
        assert closed == 100
        assert open_descriptors(bot.process.pid) < before + 300
    deadline = time.monotonic() + 60
    while open_descriptors(bot.process.pid) > before + 10:  # /proc has no event to wait on
        assert time.monotonic() < deadline, "the bot kept the closed connections open"
        time.sleep(0.05)
    mark = len(api.requests)
    assert post(port, json.dumps(update(api, 700020, chat, "/convert 1")).encode()) == 200
    assert "1 °C" in api.wait_reply(chat, mark).params["text"]
