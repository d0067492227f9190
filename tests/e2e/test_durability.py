"""State survives restarts, SIGTERM and SIGKILL: real bot processes on one data dir."""

import signal
import sqlite3

import pytest

from tests.e2e.conftest import TOKEN, start_bot, stop_bot
from tests.fakes.bot_api import FakeBotApi


@pytest.fixture
def api():
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()
    assert not server.violations, server.violations


def snapshot(bot, chat):
    """What a user sees of a chat's state."""
    return {
        "convert": bot.send(chat, "/convert 100 -40 36.6").params["text"],
        "weights": bot.send(chat, "/weights").params["text"],
        "data": bot.send(chat, "/data").params["text"],
        "plot": bot.send(chat, "/plot").params["caption"],
        "layers": bot.send(chat, "/layers").params["text"],
    }


def integrity(folder):
    db = sqlite3.connect(folder / "data" / "c2f.sqlite3")
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def test_state_survives_a_restart_and_sigterm_exits_0(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat, group, teacher = 301, -301, 9
    api.chat_admins[group] = {teacher}
    bot.send(chat, "/layers 3 relu")
    bot.send(chat, "/data add 100 212")
    bot.send(chat, "/train 300 seed=5")
    bot.send(group, "/lock", teacher, "group")
    shared = bot.send(302, "/convert 100").params["text"]
    before = snapshot(bot, chat)
    assert stop_bot(bot) == 0

    again = start_bot(api, tmp_path)
    try:
        assert snapshot(again, chat) == before
        assert again.send(302, "/convert 100").params["text"] == shared
        assert "locked" in again.send(group, "/train", 10, "group").params["text"]
    finally:
        assert stop_bot(again) == 0
    assert integrity(tmp_path) == "ok"


def big_network(bot, chat):
    """A chat whose 10,000-epoch training takes long enough to be interrupted."""
    bot.send(chat, "/layers 64 64 64 64 relu")
    for c in range(100, 293):
        bot.send(chat, f"/data add {c} {c * 1.8 + 32:.1f}")
    bot.send(chat, "/train 50 seed=1")


def wait_for_status(api, chat, after):
    api.wait_for(
        lambda r: (
            r.method == "sendMessage"
            and r.chat_id == chat
            and r.params["text"].startswith("Training…")
        ),
        after,
    )


def test_sigkill_during_a_training_keeps_the_last_completed_state(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat = 311
    big_network(bot, chat)
    before = snapshot(bot, chat)
    mark = api.push_command(chat, "/train 10000")
    wait_for_status(api, chat, mark)
    bot.process.send_signal(signal.SIGKILL)
    assert bot.process.wait(timeout=30) == -signal.SIGKILL
    assert not [r for r in api.sent_to(chat, mark) if r.method == "sendPhoto"]

    again = start_bot(api, tmp_path)
    try:
        assert snapshot(again, chat) == before
    finally:
        stop_bot(again)
    assert integrity(tmp_path) == "ok"


def test_sigkill_during_writes_leaves_a_consistent_prefix(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat = 321
    mark = len(api.requests)
    for c in range(1, 41):
        api.push_command(chat, f"/data add {c} {c * 1.8 + 32:.1f}")
    api.wait_for(lambda r: r.chat_id == chat and "Added 10 °C" in str(r.params.get("text")), mark)
    bot.process.send_signal(signal.SIGKILL)
    bot.process.wait(timeout=30)
    acknowledged = sum(1 for r in api.sent_to(chat, mark) if "Added" in str(r.params.get("text")))

    again = start_bot(api, tmp_path)
    try:
        listing = again.send(chat, "/data").params["text"]
    finally:
        stop_bot(again)
    count = int(listing.split("\n")[0].split()[0])
    assert 7 + acknowledged <= count <= 7 + 40  # everything acknowledged was kept
    assert integrity(tmp_path) == "ok"


def test_sigterm_during_a_training_stops_it_cleanly(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat = 331
    big_network(bot, chat)
    mark = api.push_command(chat, "/train 10000")
    wait_for_status(api, chat, mark)
    assert stop_bot(bot) == 0
    again = start_bot(api, tmp_path)
    try:
        weights = again.send(chat, "/weights").params["text"]
        assert "Dense(64, relu)" in weights and "shared model" not in weights
    finally:
        stop_bot(again)
    assert integrity(tmp_path) == "ok"


def test_start_answers_before_the_model_loads_and_early_commands_are_kept(api, tmp_path):
    bot = start_bot(api, tmp_path)  # returns once the command menu is set, before TF is loaded
    try:
        chat = 341
        first = api.push_command(chat, "/convert 100")
        api.push_command(chat, "/start")
        replies = [api.wait_reply(chat, first), None]
        replies[1] = api.wait_for(
            lambda r: (
                r.method == "sendMessage" and r.chat_id == chat and r.index != replies[0].index
            ),
            first,
        )
        assert replies[0].params["text"].startswith("🌡")  # /start overtook the waiting /convert
        assert "100 °C →" in replies[1].params["text"]
        log = bot.log()
        assert log.index("Model service ready") > log.index("Bot @c2f_test_bot is up")
    finally:
        stop_bot(bot)
