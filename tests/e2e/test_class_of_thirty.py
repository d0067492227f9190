"""A real class: a teacher and thirty students in a locked group, pressing at once.

Telegram allows a bot about 20 messages and edits a minute in one group; the fake Bot API
answers more with a 429 and records it as a violation, so these tests also fail if the bot ever
floods. Every student must still hear back, and the teacher's next command must not queue
behind the class.
"""

from __future__ import annotations

import itertools

import pytest

from bot.telegram.echoes import FOLD_EVERY
from tests.chats import new_group
from tests.classes import EN, TEACHER, name, play_locked_class
from tests.fakes.bot_api import EDIT_METHODS, SEND_METHODS

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

STUDENTS = tuple(range(3001, 3031))
BUDGET = 20  # Telegram's messages and edits in one group in any minute
ALSO = EN("echo-also", names="", more=0).rstrip(".")  # "↑ Also for ", names follow


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
    else:  # their names folded into the answer, one edit of it per FOLD_EVERY at most
        folds: dict[int, list[float]] = {}
        for r in api.delivered(group, run.start):
            if r.method in EDIT_METHODS and ALSO in str(
                r.params.get("text", r.params.get("caption"))
            ):
                folds.setdefault(r.params["message_id"], []).append(r.at)
        gaps = [b - a for times in folds.values() for a, b in itertools.pairwise(times)]
        assert folds and all(gap >= FOLD_EVERY for gap in gaps), gaps
    bot.send(group, "/reveal", TEACHER, "supergroup", first_name="Teacher")


def test_names_typed_seconds_apart_are_folded_in_once_per_fold_every(bot):
    """Members asking one after another (not a burst the group's budget holds back): the
    answer is still edited once per FOLD_EVERY at most, and the last names are shown."""
    api, group = bot.api, new_group()
    api.no_reactions.add(group)
    first = bot.send(group, "/help", 3201, "supergroup", first_name=name(3201))
    answer = first.result["message_id"]

    def folded(*students: int):
        return lambda r: (
            r.ok
            and r.method in EDIT_METHODS
            and r.params.get("message_id") == answer
            and all(name(s) in str(r.params.get("text")) for s in students)
        )

    mark = api.push_command(group, "/help", 3202, "supergroup", first_name=name(3202))
    api.wait_for(folded(3202), mark)  # the first name: at once
    marks = [
        api.push_command(group, "/help", student, "supergroup", first_name=name(student))
        for student in (3203, 3204, 3205)  # then more, while that edit is fresh
    ]
    mark = marks[0]
    api.wait_for(folded(3202, 3203, 3204, 3205), mark, timeout=3 * FOLD_EVERY)
    times = [r.at for r in api.delivered(group, method="editMessageText") if folded()(r)]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert gaps and all(gap >= FOLD_EVERY for gap in gaps), gaps


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
