"""Bot API faults, outages and bursts: every reply arrives, exactly once; the bot lives on."""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from bot.text import i18n
from tests import processes
from tests.e2e.conftest import (
    TOKEN,
    bot_environment,
    launch_bot,
    start_bot,
    stop_bot,
    wait_for_status,
)
from tests.fakes.bot_api import SEND_METHODS, FakeBotApi, Fault

INTERNAL_ERROR = i18n.catalogue("en")("internal-error")
# The bot retries 5 times; its first backoff is 0.05 s here (BOT_RETRY_BACKOFF_SECONDS).
RETRIES = 5


@pytest.fixture(scope="module")
def bot(api, tmp_path_factory):
    running = start_bot(api, tmp_path_factory.mktemp("faults"))
    yield running
    assert stop_bot(running) == 0
    assert TOKEN not in running.log()


def attempts(api, chat, after, method):
    """Every `method` call about `chat` from `after` on, faulted ones included."""
    return [r for r in api.sent_to(chat, after) if r.method == method]


def settle(bot, chat):
    """Round-trip one more command in `chat`: whatever the bot was still sending for earlier
    commands of the chat has been sent before this reply's handler finished."""
    return bot.send(chat, "/data")


@pytest.mark.parametrize(
    ("chat", "fault"),
    [
        (401, Fault("sendMessage", times=2, status=500)),
        (402, Fault("sendMessage", times=1, status=502)),
        (403, Fault("sendMessage", times=1, status=429, retry_after=1)),
        (404, Fault("sendMessage", times=1, status=500, hang=6.5)),  # beyond the 5 s read timeout
    ],
    ids=["500-twice", "502", "429-retry-after", "timeout"],
)
def test_send_message_faults_are_retried_and_the_reply_arrives_once(bot, api, chat, fault):
    failures = fault.times
    api.inject(fault)
    mark = api.push_command(chat, "/convert 100")
    reply = api.wait_reply(chat, mark, timeout=40)
    assert "100 °C →" in reply.params["text"]
    tries = attempts(api, chat, mark, "sendMessage")
    assert [r.ok for r in tries] == [False] * failures + [True]  # retried until it went through
    if fault.retry_after:
        assert tries[1].at - tries[0].at >= fault.retry_after  # Telegram's wait was honoured
    settle(bot, chat)
    assert len([r for r in attempts(api, chat, mark, "sendMessage") if r.ok]) == 2  # no repeat


def test_send_photo_429_and_503_are_retried_and_the_photo_arrives_once(bot, api):
    chat = 460
    api.inject(Fault("sendPhoto", times=1, status=429, retry_after=1))
    api.inject(Fault("sendPhoto", times=1, status=503))
    mark = api.push_command(chat, "/train 100")
    assert api.wait_reply(chat, mark, timeout=40).method == "sendPhoto"
    settle(bot, chat)
    assert [r.ok for r in attempts(api, chat, mark, "sendPhoto")] == [False, False, True]


def test_send_document_500_is_retried_and_the_file_arrives_once(bot, api):
    chat = 461
    api.inject(Fault("sendDocument", times=2, status=500))
    mark = api.push_command(chat, "/export")
    assert api.wait_reply(chat, mark, timeout=40).files["document"].startswith(b"PK")
    settle(bot, chat)
    assert [r.ok for r in attempts(api, chat, mark, "sendDocument")] == [False, False, True]


def test_a_failed_status_deletion_is_retried_and_the_training_goes_on(bot, api):
    chat = 462
    mark = api.push_command(chat, "/train 2000")
    wait_for_status(api, chat, mark, done=1000)
    api.inject(Fault("deleteMessage", times=2, status=502))
    injected = len(api.requests)
    bot.send(chat, "/stop")
    photo = api.wait_for(lambda r: r.ok and r.method == "sendPhoto" and r.chat_id == chat, mark)
    assert photo.params["caption"].startswith("Stopped after 1000 of 2000 epochs")
    # The status is deleted once its training ends: retried until it is.
    deletes = attempts(api, chat, injected, "deleteMessage")
    assert [r.ok for r in deletes] == [False, False, True]


def test_an_outage_longer_than_the_retries_is_logged_and_the_bot_lives_on(bot, api):
    chat = 463
    api.inject(Fault("sendMessage", times=RETRIES + 1, status=500))
    mark = api.push_command(chat, "/convert 5")
    # The reply's 6 attempts fail; the apology that follows goes through.
    apology = api.wait_reply(chat, mark, timeout=40)
    assert apology.params["text"] == INTERNAL_ERROR
    assert len(attempts(api, chat, mark, "sendMessage")) == RETRIES + 2
    assert "caused an error" in bot.log() and bot.process.poll() is None
    assert "5 °C →" in bot.send(chat, "/convert 5").params["text"]


def test_get_updates_outage_then_pending_updates_are_answered(bot, api):
    chat = 470
    # Three failures, of both kinds: python-telegram-bot waits 1, 1.5 and 2.25 s between them
    # (its backoff grows by half each time, so six cost 21 s and show nothing more).
    api.inject(Fault("getUpdates", times=2, status=502))
    api.inject(Fault("getUpdates", times=1, status=500, hang=0.5))
    mark = api.push_command(chat, "/convert 0")
    api.push_command(chat, "/convert 10")
    replies = api.wait_count(
        lambda r: r.ok and r.method == "sendMessage" and r.chat_id == chat, 2, mark
    )
    assert sorted(r.params["text"].split()[0] for r in replies) == ["0", "10"]
    assert bot.process.poll() is None


def test_an_update_the_library_cannot_parse_is_dropped_and_the_rest_are_answered(bot, api):
    chat = 1131
    poll = bot.send(chat, "/quiz").result["poll"]["id"]
    mark = api.push_poll_answer(poll, chat, [0], before_9_6=True)  # no option_persistent_ids
    for c in range(5):
        api.push_command(chat, f"/convert {c}")
    answered = api.wait_count(
        lambda r: r.ok and r.chat_id == chat and "°C →" in str(r.params.get("text")), 5, mark
    )
    polls = [r for r in api.requests[mark : answered[-1].index] if r.method == "getUpdates"]
    assert len(polls) < 10  # not the same batch fetched again and again
    dropped = re.findall(r"Dropped update (\d+): python-telegram-bot cannot parse it", bot.log())
    assert len(dropped) == 1


def test_200_commands_from_40_chats_at_once_are_all_answered_once(bot, api):
    chats = range(5000, 5040)
    commands = ["/convert 100", "/help", "/data", "/weights", "/convert -40 0 37"]
    mark = len(api.requests)
    for command in commands:
        for chat in chats:
            api.push_command(chat, command)
    replies = api.wait_count(
        lambda r: r.ok and r.method in SEND_METHODS and r.chat_id in chats, 200, mark, timeout=90
    )
    for chat in chats:
        texts = [r.params["text"] for r in replies if r.chat_id == chat]
        assert len(texts) == len(commands)
        assert sum("100 °C →" in t for t in texts) == 1 and sum("37 °C →" in t for t in texts) == 1


def test_20_chats_training_at_once_all_get_their_plot(bot, api):
    chats = range(6000, 6020)
    mark = len(api.requests)
    for chat in chats:
        api.push_command(chat, "/train 500")
    photos = api.wait_count(
        lambda r: r.ok and r.method == "sendPhoto" and r.chat_id in chats, 20, mark, timeout=120
    )
    assert sorted(p.chat_id for p in photos) == list(chats)
    assert all(p.params["caption"].startswith("Trained 500 epochs") for p in photos)


def test_an_unexpected_error_is_logged_and_the_user_told_without_details(bot, api):
    chat = 490
    api.inject(Fault("sendPhoto", times=1, status=400))  # Telegram rejects the photo: not retried
    mark = api.push_command(chat, "/train 20")
    reply = api.wait_reply(chat, mark)
    assert reply.method == "sendMessage"
    assert reply.params["text"] == INTERNAL_ERROR
    assert len(attempts(api, chat, mark, "sendPhoto")) == 1  # a 400 is never retried
    log = bot.log()
    assert "caused an error" in log and "Injected fault" in log and TOKEN not in log
    assert bot.send(chat, "/convert 1").method == "sendMessage"  # the bot carries on


def webhook_update(api, chat, text):
    api.open_private_chat(chat)
    return {
        "update_id": 90000 + chat,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat, "type": "private", "first_name": "Ada"},
            "from": {"id": chat, "is_bot": False, "first_name": "Ada"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        },
    }


def post(url, update, secret):
    """POST an update as Telegram does; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers)
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_webhook_mode_accepts_signed_updates_and_rejects_others(own_api, tmp_path):
    api = own_api
    public_url = "https://bot.example.com/c2f-hook"  # what Telegram is told; a proxy in front
    bot = start_bot(
        api,
        tmp_path,
        ready="setWebhook",
        WEBHOOK_URL=public_url,
        WEBHOOK_PORT="0",  # any free port: the bot logs the one it got
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_SECRET="s3cret-token",
    )
    try:
        registered = [r for r in api.requests if r.method == "setWebhook"][-1]
        assert registered.params["url"] == public_url
        assert registered.params["secret_token"] == "s3cret-token"
        port = int(bot.wait_log(r"Webhook listener on 127\.0\.0\.1:(\d+)").group(1))
        url = f"http://127.0.0.1:{port}/c2f-hook"
        mark = len(api.requests)
        assert post(url, webhook_update(api, 481, "/convert 100"), "wrong") == 403
        assert post(url, webhook_update(api, 483, "/convert 100"), None) == 403
        assert post(url, webhook_update(api, 482, "/convert 100"), "s3cret-token") == 200
        assert "°F" in api.wait_reply(482, mark).params["text"]
        assert post(url, webhook_update(api, 484, "/help"), "s3cret-token") == 200
        api.wait_reply(484, mark)  # later than the refused updates: they were not handled
        assert not api.sent_to(481, mark) and not api.sent_to(483, mark)
    finally:
        assert stop_bot(bot) == 0


def test_a_token_telegram_rejects_stops_the_bot_with_one_line_that_does_not_show_it(tmp_path):
    other = FakeBotApi("987654321:another-bots-token").start()  # knows a different token
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot"],
            cwd=tmp_path,
            env={**bot_environment(other, tmp_path), "LOG_LEVEL": "DEBUG"},
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=processes.exit_with_parent,
        )
    finally:
        other.stop()
    assert done.returncode == 1
    assert "Telegram rejected the token (401)" in done.stderr.splitlines()[-1]
    assert TOKEN not in done.stdout + done.stderr
    assert [v for v in other.violations if "token" in v.lower() or "path" in v.lower()]


def test_a_token_revoked_while_the_bot_runs_stops_it_with_exit_1_and_one_line(own_api, tmp_path):
    api = own_api
    bot = start_bot(api, tmp_path)
    assert "°F" in bot.send(1141, "/convert 100").params["text"]
    api.revoked = True  # the owner revoked it with @BotFather
    assert bot.process.wait(timeout=60) == 1  # by itself: not a live, deaf process
    last = bot.log().strip().splitlines()[-1]
    assert last == (
        "c2f-bot: Telegram rejected the token (401) while the bot ran: it was revoked or "
        "replaced, check TELEGRAM_BOT_TOKEN"
    )
    assert TOKEN not in bot.log()
    assert not processes.wait_until_gone(processes.children(bot.process.pid), timeout=30)


def test_a_start_with_telegram_unreachable_keeps_trying_then_serves(tmp_path):
    with socket.socket() as closed:  # a port nothing listens on yet: connection refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    # The Bot API the bot is told of: nothing answers there until the fake starts on its port.
    nowhere = SimpleNamespace(base_url=f"http://127.0.0.1:{port}/bot")
    environment = bot_environment(nowhere, tmp_path, LOG_LEVEL="INFO")
    bot = launch_bot(None, tmp_path, environment)  # type: ignore[arg-type]
    process = bot.process
    api = None
    try:
        bot.wait_log(r"(?s)Telegram is unreachable.*Telegram is unreachable")  # tries again
        assert process.poll() is None  # and lives on
        api = FakeBotApi(TOKEN, port=port).start()  # the network is back
        bot.api = api
        api.wait_for(lambda r: r.method == "getUpdates", timeout=120)
        bot.wait_log("Model service ready", timeout=120)
        assert "°F" in bot.send(555, "/convert 1").params["text"]
    finally:
        code = stop_bot(bot)
        if api is not None:
            api.stop()
    assert code == 0
    text = bot.log()
    tries = text.count("Telegram is unreachable")
    assert "Traceback" not in text and tries >= 2
    assert len(text.splitlines()) < tries + 20  # one line a try, not a page of tracebacks
