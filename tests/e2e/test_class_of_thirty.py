"""A real class: a teacher and thirty students in a locked group, pressing at once.

Telegram allows a bot about 20 messages and edits a minute in one group; the fake Bot API
answers more with a 429 and records it as a violation, so these tests also fail if the bot ever
floods. Every student must still hear back, and the teacher's next command must not queue
behind the class.
"""

from __future__ import annotations

import pytest

from tests.chats import new_group
from tests.classes import EN, TEACHER, play_locked_class
from tests.fakes.bot_api import SEND_METHODS

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

STUDENTS = tuple(range(3001, 3031))
BUDGET = 20  # Telegram's messages and edits in one group in any minute


@pytest.mark.parametrize("reactions", ["allowed", "disallowed"])
def test_a_locked_class_of_thirty_never_floods_the_group_and_the_teacher_goes_first(bot, reactions):
    api, group = bot.api, new_group()
    if reactions == "disallowed":
        api.no_reactions.add(group)
    run = play_locked_class(api, group, STUDENTS, STUDENTS[:10])

    assert all(r.ok for r in run.pressed)  # every press answered, none left spinning
    # Once the teacher asked, at most the two answers already on their way (the refusal and
    # the help, say) went before the round: nothing of the class's queued ahead of it.
    ahead = [r for r in api.delivered(group, run.challenge) if r.index < run.question.index]
    assert len(ahead) <= 2, [(r.method, str(r.params.get("text", ""))[:40]) for r in ahead]
    run.wait_until_everyone_is_answered()

    sent = [r for r in api.delivered(group, run.start) if r.method in SEND_METHODS]
    assert len(sent) == 4, [r.method for r in sent]  # refusal, help, picture, round
    assert [r.method for r in sent].count("sendPhoto") == 1  # ten [Fit]s, one picture
    texts = [r.params.get("text") for r in sent]
    assert EN("locked", command="train") in texts and EN("help-group") in texts
    assert run.busiest_minute() <= BUDGET
    if reactions == "allowed":  # the others see their answer marked, nothing more
        assert not [r for r in api.delivered(group, run.start) if r.method.startswith("edit")]
    bot.send(group, "/reveal", TEACHER, "supergroup", first_name="Teacher")


# --- the teacher stays in charge ----------------------------------------------------------------


def press(api, group, message_id, data, user):
    """A member presses a button; the bot's answer to the press."""
    _, query = api.push_callback_query(group, message_id, data, user)
    return api.wait_for(
        lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query
    )


def test_in_a_locked_group_only_the_teacher_ends_the_class_tune(bot):
    api, group, student = bot.api, new_group(), 3101
    api.chat_admins[group] = {TEACHER}
    bot.send(group, "/lock", TEACHER, "supergroup")
    game = bot.send(group, "/tune", TEACHER, "supergroup")
    message_id = game.result["message_id"]
    steered = press(api, group, message_id, "/tune w+", student)
    assert steered.ok and not steered.params.get("show_alert")  # the class steers
    refused = press(api, group, message_id, "/tune done", student)
    assert refused.params["show_alert"] is True
    assert refused.params["text"] == EN("locked", command="tune")
    ended = press(api, group, message_id, "/tune done", TEACHER)
    assert not ended.params.get("show_alert")


def test_an_open_round_keeps_its_answer_and_its_starter_out_of_it(bot):
    api, group, student = bot.api, new_group(), 3102
    api.chat_admins[group] = {TEACHER}
    bot.send(group, "/train 30 seed=2", TEACHER, "supergroup")
    bot.send(group, "/challenge 40", TEACHER, "supergroup")
    hidden = {"celsius": "40"}
    for command in ("/convert 40", "/weights", "/fit", "/why"):
        name = command.split()[0][1:]
        reply = bot.send(group, command, student, "supergroup")
        assert reply.params["text"] == EN("game-answer_hidden", command=name, **hidden), command
    assert "°F" in bot.send(group, "/convert 10", student, "supergroup").params["text"]
    # The teacher asked, so the teacher does not play.
    own = bot.send(group, "/guess 100", TEACHER, "supergroup")
    assert own.params["text"] == EN("game-starter_plays")
    bot.send(group, "/reveal", TEACHER, "supergroup")
    assert bot.send(group, "/weights", student, "supergroup").params["text"].startswith("Dense(1)")
