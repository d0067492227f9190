"""/forget deletes a chat's stored state for good, after a confirmation, and in a group only by
its admins; getChatMember answers are remembered a minute, so a busy locked group costs one
call a member."""

import sqlite3

import pytest

from bot.text import i18n
from tests.e2e.conftest import new_chat, new_group

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN = i18n.catalogue("en")


def counts(bot, chat):
    """How many rows each table of the bot's database holds for `chat`."""
    db = sqlite3.connect(bot.log_path.parent / "data" / "c2f.sqlite3")
    try:
        found = {
            "sessions": db.execute("SELECT count(*) FROM sessions WHERE key = ?", (str(chat),))
        }
        for table in ("challenges", "scores", "quizzes", "tunes", "presets"):
            found[table] = db.execute(f"SELECT count(*) FROM {table} WHERE chat_id = ?", (chat,))
        return {table: cursor.fetchone()[0] for table, cursor in found.items()}
    finally:
        db.close()


def press(bot, chat, message_id, data, user=None):
    _, query = bot.api.push_callback_query(chat, message_id, data, user)
    return bot.api.wait_for(
        lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query
    )


def test_forget_in_a_private_chat_asks_then_deletes_everything_of_the_chat(bot, chat):
    other = new_chat()
    bot.send(chat, "/data add 100 212")
    bot.send(chat, "/train 20")
    bot.send(chat, "/challenge 30")
    mark = bot.api.push_command(chat, "/guess 86")
    bot.api.wait_for(lambda r: r.method == "setMessageReaction", mark)
    bot.send(chat, "/reveal")
    bot.send(chat, "/quiz")
    bot.send(chat, "/tune")
    shared = bot.send(chat, "/preset").params["text"].split("\n")[-1].split()[-1]
    bot.send(chat, "/layers 2")
    private = bot.send(chat, "/preset").params["text"].split("\n")[-1].split()[-1]
    bot.send(other, f"/start {shared}")  # another chat opened this one: it stays
    assert all(counts(bot, chat).values())

    asked = bot.send(chat, "/forget")
    assert asked.params["text"] == EN("forget-ask")
    answer = press(bot, chat, asked.result["message_id"], "/forget yes")
    done = bot.api.wait_reply(chat, answer.index).params["text"]
    one_each = dict.fromkeys(("rounds", "guesses", "scores", "quizzes", "tunes", "presets"), 1)
    assert done == EN("forget-done", model=1, **one_each)
    assert counts(bot, chat) == {
        "sessions": 0, "challenges": 0, "scores": 0, "quizzes": 0, "tunes": 0, "presets": 1
    }  # fmt: skip
    assert bot.send(chat, "/data").params["text"] == bot.send(new_chat(), "/data").params["text"]
    assert bot.send(chat, "/score").params["text"] == EN("score-empty")
    assert bot.send(new_chat(), f"/start {shared}").params["text"].startswith("📦")
    assert bot.send(new_chat(), f"/start {private}").params["text"] == EN("game-no_preset")


def test_in_a_group_only_admins_forget_and_a_students_press_is_refused(bot):
    group, teacher, student = new_group(), 71, 72
    bot.api.chat_admins[group] = {teacher}
    bot.send(group, "/data add 50 122", teacher, "supergroup")
    assert bot.send(group, "/forget", student, "supergroup").params["text"] == EN(
        "admins-only", command="forget"
    )
    asked = bot.send(group, "/forget", teacher, "supergroup")
    refused = press(bot, group, asked.result["message_id"], "/forget yes", student)
    assert refused.params.get("show_alert") and refused.params["text"] == EN(
        "admins-only", command="forget"
    )
    assert counts(bot, group)["sessions"] == 1
    answer = press(bot, group, asked.result["message_id"], "/forget yes", teacher)
    assert bot.api.wait_reply(group, answer.index).params["text"].startswith("🗑")
    assert counts(bot, group)["sessions"] == 0


def test_a_members_admin_status_is_asked_of_telegram_once_a_minute(bot):
    group, teacher, student = new_group(), 73, 74
    bot.api.chat_admins[group] = {teacher}
    bot.send(group, "/lock", teacher, "supergroup")
    mark = len(bot.api.requests)
    for command in ("/train 5", "/reset", "/data add 1 2"):
        assert bot.send(group, command, student, "supergroup").params["text"] == EN(
            "locked", command=command.split()[0][1:]
        )
    asked = [r for r in bot.api.requests[mark:] if r.method == "getChatMember"]
    assert [r.params["user_id"] for r in asked] == [student]
