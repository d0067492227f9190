"""State survives restarts, SIGTERM and SIGKILL: real bot processes on one data dir."""

import re
import sqlite3
import time

from bot.features import first_lesson
from bot.text import i18n
from bot.text.formatting import person
from tests.e2e.conftest import gated, start_bot, stop_bot, wait_for_status
from tests.fakes.bot_api import Fault

EN = i18n.catalogue("en")


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


def wait_until_stored(folder, query, expected, timeout=30.0):
    """Wait until `query` on the bot's state file gives `expected` (a file has no event)."""
    deadline = time.monotonic() + timeout
    while True:
        db = sqlite3.connect(folder / "data" / "c2f.sqlite3", timeout=30)
        try:
            if db.execute(query).fetchone()[0] == expected:
                return
        finally:
            db.close()
        assert time.monotonic() < deadline, f"{query} never gave {expected}"
        time.sleep(0.05)


def trained_then_interrupted(api, bot, chat):
    """The chat trains 50 epochs; its state is taken; then a 10,000-epoch training starts and
    is shown to have run 1,000 epochs (it pauses there: BOT_TRAINING_PAUSE_SECONDS)."""
    bot.send(chat, "/train 50 seed=1")
    before = snapshot(bot, chat)
    mark = api.push_command(chat, "/train 10000")
    wait_for_status(api, chat, mark, done=1000)
    return before, mark


def test_sigkill_during_a_training_keeps_the_last_completed_state(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat = 311
    before, mark = trained_then_interrupted(api, bot, chat)
    status = wait_for_status(api, chat, mark)
    wait_until_stored(tmp_path, "SELECT count(*) FROM training_statuses", 1)  # noted, to undo
    bot.kill()  # and its plotting processes exit with it
    assert not [r for r in api.sent_to(chat, mark) if r.method == "sendPhoto"]

    again = start_bot(api, tmp_path)
    try:
        shown = api.wait_for(
            lambda r: r.ok and r.method == "editMessageText" and r.chat_id == chat, status.index
        )  # "Training… 10 %" does not stand forever: the restart says what happened
        assert shown.params["message_id"] == status.result["message_id"]
        assert shown.params["text"] == EN("progress-interrupted")
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
    bot.kill()
    acknowledged = sum(1 for r in api.sent_to(chat, mark) if "Added" in str(r.params.get("text")))

    again = start_bot(api, tmp_path)
    try:
        # Updates the killed bot fetched but never confirmed come again: their replies (e.g.
        # "already has a point at …") may come first, so wait for the listing itself.
        asked = api.push_command(chat, "/data")
        listing = api.wait_for(
            lambda r: r.ok and r.chat_id == chat and "training point" in str(r.params.get("text")),
            asked,
        ).params["text"]
    finally:
        stop_bot(again)
    count = int(listing.split("\n")[0].split()[0])
    assert 7 + acknowledged <= count <= 7 + 40  # everything acknowledged was kept
    assert integrity(tmp_path) == "ok"


def test_sigterm_during_a_training_stops_it_at_once_and_stores_nothing_of_it(api, tmp_path):
    bot = start_bot(api, tmp_path)
    chat = 331
    before, mark = trained_then_interrupted(api, bot, chat)
    assert stop_bot(bot) == 0  # at once: the training does not run its 9,000 remaining epochs
    told = api.wait_reply(chat, mark)
    assert told.params["text"] == i18n.catalogue("en")("error-shutting_down")
    assert not [r for r in api.sent_to(chat, mark) if r.method == "sendPhoto"]

    again = start_bot(api, tmp_path)
    try:
        assert snapshot(again, chat) == before  # the 1,000 epochs it ran were not stored
    finally:
        stop_bot(again)
    assert integrity(tmp_path) == "ok"


def test_help_answers_before_the_model_loads_and_early_commands_are_kept(api, tmp_path):
    with gated(tmp_path) as (gate, open_gate):  # TensorFlow loads when the test says
        bot = start_bot(api, tmp_path, loaded=False, BOT_MODEL_GATE=str(gate))
        answers_before_and_after_loading(api, bot, open_gate)


def answers_before_and_after_loading(api, bot, open_gate):
    try:
        chat = 341
        first = api.push_command(chat, "/convert 100")  # a first start: no stored model to read
        waiting = api.wait_reply(chat, first)
        assert waiting.params["text"] == EN("warming-up")
        api.push_command(chat, "/help")  # a greeting needs no model (/start's lesson does)
        helped = api.wait_reply(chat, waiting.index + 1)
        assert helped.params["text"].startswith("🌡")
        lesson = api.push_command(chat, "/start")  # waits for the model, told so
        assert api.wait_reply(chat, lesson).params["text"] == EN("warming-up")
        open_gate()
        answer = api.wait_for(
            lambda r: r.ok and r.chat_id == chat and "100 °C →" in r.params.get("text", ""), first
        )
        assert answer.ok  # the waiting /convert was kept and answered
        heading = first_lesson.heading(EN, 1)
        api.wait_for(lambda r: r.ok and str(r.params.get("text", "")).startswith(heading), lesson)
        log = bot.log()
        assert log.index("Model service ready") > log.index("Bot @c2f_test_bot is up")
    finally:
        open_gate()
        stop_bot(bot)


def test_a_result_scored_but_never_posted_is_posted_after_a_restart(api, tmp_path):
    bot = start_bot(api, tmp_path)
    group, teacher, ann = -351, 35, 36
    result_head = EN("challenge-result", celsius="20", model="X", formula="68").split("X")[0]

    def result_of(r):
        text = str(r.params.get("text", ""))
        return r.chat_id == group and r.method == "sendMessage" and text.startswith(result_head)

    try:
        bot.send(group, "/challenge 20 120s", teacher, "group")
        mark = api.push_command(group, "/guess 70", ann, "group", first_name="Ann")
        api.wait_for(lambda r: r.method == "setMessageReaction" and r.chat_id == group, mark)
        api.inject(Fault("sendMessage", times=1, hang=60))  # Telegram takes the result, slowly
        mark = api.push_command(group, "/reveal", teacher, "group")
        api.wait_for(result_of, mark)  # scored, and on its way: the bot dies now
    finally:
        bot.kill()
    again = start_bot(api, tmp_path)
    try:
        posted = api.wait_for(lambda r: r.ok and result_of(r), mark)
        assert person("Ann") in posted.params["text"]
        board = again.send(group, "/score", ann, "group").params["text"].split("\n")
        assert board[1:] == [  # scored once
            EN("score-line", rank=1, name=person("Ann"), points=3),
            EN("score-admins-out"),
        ]
    finally:
        assert stop_bot(again) == 0
    assert sum(1 for r in api.requests[mark:] if r.ok and result_of(r)) == 1


def test_sigterm_with_answers_waiting_for_a_groups_budget_logs_a_line_each(api, tmp_path):
    """A group spent its budget of messages while a training runs there: at SIGTERM its
    answers and the status's next edit still waiting are dropped, each said in one line of the
    log, not an ERROR with a traceback."""
    bot = start_bot(api, tmp_path)
    group, member = -100331, 3310
    mark = api.push_command(group, "/train 10000", member, "supergroup")
    wait_for_status(api, group, mark)
    for celsius in range(20):  # more different answers than the group may get in a minute
        api.push_command(group, f"/convert {celsius}", member, "supergroup")
    api.wait_count(lambda r: r.method == "sendMessage" and r.chat_id == group, 16, mark)
    assert stop_bot(bot) == 0
    stopping = bot.log()[bot.log().index("Stop signal") :]
    assert "Traceback" not in stopping, stopping[-3000:]
    dropped = re.findall(r"(?i).* not sent: the bot is stopping.*", stopping)
    assert dropped, stopping[-3000:]
