"""Bot API faults, outages and bursts: every reply arrives, exactly once."""

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import TOKEN, start_bot, stop_bot
from tests.fakes.bot_api import SEND_METHODS, FakeBotApi, Fault, is_status


@pytest.fixture(scope="module")
def api():
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()
    assert not server.violations, server.violations


@pytest.fixture(scope="module")
def bot(api, tmp_path_factory):
    running = start_bot(api, tmp_path_factory.mktemp("faults"))
    yield running
    assert stop_bot(running) == 0
    assert TOKEN not in running.log()


def delivered(api, chat, after, method):
    return [r for r in api.sent_to(chat, after) if r.method == method and not is_status(r)]


@pytest.mark.parametrize(
    "fault",
    [
        Fault("sendMessage", times=2, status=500),
        Fault("sendMessage", times=1, status=502),
        Fault("sendMessage", times=1, status=429, retry_after=1),
        Fault("sendMessage", times=1, status=500, hang=6.5),  # beyond the 5 s read timeout
    ],
    ids=["500-twice", "502", "429-retry-after", "timeout"],
)
def test_send_message_faults_are_retried_and_the_reply_arrives_once(bot, api, fault):
    chat = 400 + hash(fault.status + fault.times + fault.hang) % 50
    api.inject(fault)
    mark = api.push_command(chat, "/convert 100")
    reply = api.wait_reply(chat, mark, timeout=40)
    assert "211" in reply.params["text"] or "212" in reply.params["text"]
    time.sleep(0.5)
    assert len(delivered(api, chat, mark, "sendMessage")) == 1
    assert fault.times == 0


def test_send_photo_429_and_500_are_retried_and_the_photo_arrives_once(bot, api):
    chat = 460
    api.inject(Fault("sendPhoto", times=1, status=429, retry_after=1))
    api.inject(Fault("sendPhoto", times=1, status=503))
    mark = api.push_command(chat, "/train 100")
    assert api.wait_reply(chat, mark, timeout=40).method == "sendPhoto"
    time.sleep(0.5)
    assert len(delivered(api, chat, mark, "sendPhoto")) == 1


def test_get_updates_outage_then_pending_updates_are_answered(bot, api):
    chat = 470
    api.inject(Fault("getUpdates", times=4, status=502))
    api.inject(Fault("getUpdates", times=2, status=500, hang=0.5))
    mark = api.push_command(chat, "/convert 0")
    api.push_command(chat, "/convert 10")
    api.wait_for(lambda r: r.chat_id == chat and "10 °C" in str(r.params.get("text")), mark, 60)
    assert len(delivered(api, chat, mark, "sendMessage")) == 2
    assert bot.process.poll() is None


def test_200_commands_from_40_chats_at_once_are_all_answered(bot, api):
    chats = range(5000, 5040)
    commands = ["/convert 100", "/help", "/data", "/weights", "/convert -40 0 37"]
    mark = len(api.requests)
    for command in commands:
        for chat in chats:
            api.push_command(chat, command)
    for chat in chats:
        api.wait_for(
            lambda r, c=chat: (
                r.chat_id == c and len(delivered(api, c, mark, "sendMessage")) == len(commands)
            ),
            mark,
            timeout=90,
        )
    replies = [r for r in api.requests[mark:] if r.method in SEND_METHODS]
    assert len(replies) == 200


def test_20_chats_training_at_once_all_get_their_plot(bot, api):
    chats = range(6000, 6020)
    mark = len(api.requests)
    for chat in chats:
        api.push_command(chat, "/train 500")
    for chat in chats:
        photo = api.wait_for(
            lambda r, c=chat: r.method == "sendPhoto" and r.chat_id == c, mark, timeout=120
        )
        assert photo.params["caption"].startswith("Trained 500 epochs")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_mode_accepts_signed_updates_and_rejects_others(api, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/c2f-hook"
    bot = start_bot(
        api,
        tmp_path,
        ready="setWebhook",
        WEBHOOK_URL=url,
        WEBHOOK_PORT=str(port),
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_SECRET="s3cret-token",
    )
    try:
        registered = [r for r in api.requests if r.method == "setWebhook"][-1]
        assert registered.params["url"] == url
        assert registered.params["secret_token"] == "s3cret-token"

        def post(chat, text, secret):
            update = {
                "update_id": 90000 + chat,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": text,
                    "chat": {"id": chat, "type": "private", "first_name": "Ada"},
                    "from": {"id": chat, "is_bot": False, "first_name": "Ada"},
                    "entities": [
                        {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                    ],
                },
            }
            request = urllib.request.Request(
                url,
                json.dumps(update).encode(),
                {
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": secret,
                },
            )
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code

        deadline = time.monotonic() + 30
        while True:  # setWebhook is sent while the listener comes up
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the webhook listener did not come up"
                time.sleep(0.1)
        mark = len(api.requests)
        assert post(481, "/convert 100", "wrong") == 403
        assert post(482, "/convert 100", "s3cret-token") == 200
        reply = api.wait_reply(482, mark)
        assert "°F" in reply.params["text"]
        time.sleep(0.5)
        assert not api.sent_to(481, mark)
    finally:
        assert stop_bot(bot) == 0


def test_an_unexpected_error_is_logged_and_the_user_told_without_details(bot, api):
    chat = 490
    api.inject(Fault("sendPhoto", times=1, status=400))  # Telegram rejects the photo: not retried
    mark = api.push_command(chat, "/train 20")
    reply = api.wait_reply(chat, mark)
    assert reply.method == "sendMessage"
    assert reply.params["text"] == "Sorry, something went wrong on my side. Please try again."
    log = bot.log()
    assert "caused an error" in log and "Injected fault" in log and TOKEN not in log
    assert bot.send(chat, "/convert 1").method == "sendMessage"  # the bot carries on
