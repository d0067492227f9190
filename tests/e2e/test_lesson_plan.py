"""/teach, the teacher's 20-minute plan: step by step in a private chat, and every command it
names played in a group in the plan's order — each one works, and the plan's claims hold."""

from __future__ import annotations

import re

import pytest

from bot.features import teach
from bot.text import i18n
from tests.catalogue import shaped
from tests.chats import new_chat, new_group
from tests.fakes.bot_api import BOT_USERNAME

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN = i18n.catalogue("en")
TEACHER, STUDENT = 3200, 3201


def plan_commands(key: str) -> list[str]:
    """The commands a step of the plan lists, each alone on its line."""
    text = EN(key, slack="0.25", done="Done", keep="Keep")
    return [line.strip() for line in text.splitlines() if line.strip().startswith("/")]


def buttons(request) -> list[str]:
    markup = request.params.get("reply_markup") or {}
    return [b.get("callback_data") for row in markup.get("inline_keyboard", []) for b in row]


def test_teach_walks_a_teacher_through_the_plan_step_by_step(bot):
    chat, api = new_chat(), bot.api
    shown = bot.send(chat, "/teach")
    steps = len(teach.STEP_TEXTS)
    assert shown.params["text"].startswith(EN("teach-heading", step=1, steps=steps))
    for step in range(2, steps + 1):
        assert buttons(shown)[-1] == f"/teach {step}"
        mark, _ = api.push_callback_query(chat, shown.result["message_id"], f"/teach {step}")
        shown = api.wait_reply(chat, mark)
        assert shown.params["text"].startswith(EN("teach-heading", step=step, steps=steps))
    assert buttons(shown) == [f"/teach {steps - 1}"]  # the last step: back only
    assert bot.send(chat, "/teach 9").params["text"] == EN("usage-teach_usage", steps=steps)
    assert bot.send(chat, "/start teach").params["text"] == bot.send(chat, "/teach").params["text"]


def test_teach_in_a_group_points_to_a_private_chat(bot):
    reply = bot.send(new_group(), "/teach", TEACHER, "supergroup")
    assert reply.params["text"] == EN("teach-group")
    (button,) = [b for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    assert button["url"] == f"https://t.me/{BOT_USERNAME}?start=teach"


def test_every_command_of_the_plan_works_in_its_order_and_the_races_show_what_it_says(bot):
    private, api = new_chat(), bot.api
    # Two lessons' worth of groups, so that neither waits for Telegram's 20 messages a minute.
    groups = [new_group(), new_group()]
    for group in groups:
        api.chat_admins[group] = {TEACHER}

    def in_group(command, user=TEACHER):
        return bot.send(groups[0], command, user, "supergroup")

    before = plan_commands("teach-before")
    assert before[-1] == "/lock"
    for command in before[:-1]:  # in the teacher's private chat
        reply = bot.send(private, command)
    start_line = re.search(r"/start \S+", reply.params["text"])[0]
    assert in_group(start_line).params["text"].startswith("📦")
    assert in_group("/lock").params["text"] == EN("locked-now")

    (question,) = plan_commands("teach-question")
    assert in_group(question).params["text"] == EN("challenge-ask", celsius="100", seconds=45)
    mark = api.push_command(groups[0], "/guess 212", STUDENT, "supergroup")
    api.wait_for(lambda r: r.ok and r.method == "setMessageReaction", mark)  # 👍: noted
    in_group("/reveal")

    for command in plan_commands("teach-training"):
        reply = in_group(command)
        if command == "/challenge":
            in_group("/reveal")  # before /why, which would give its answer away
        else:
            text = reply.params.get("text") or reply.params.get("caption") or ""
            assert not text.startswith("🎯 The open round"), command

    # "Paste the preset's /start line again: the untrained start." (The second half of the
    # lesson, in the other group.)
    groups.pop(0)
    assert in_group(start_line).params["text"].startswith("📦")
    pupil = new_chat()  # a student who opens the same preset at home
    bot.send(pupil, start_line)
    assert in_group("/weights").params["text"] == bot.send(pupil, "/weights").params["text"]
    (tune,) = plan_commands("teach-optimizer")
    assert in_group(tune).method == "sendPhoto"

    rates = plan_commands("teach-rates")
    assert rates == ["/race", "/race optimizer 0.01", "/step", "/landscape compare"]
    assert in_group(rates[0]).method == "sendPhoto"
    race = in_group(rates[1]).params["caption"].split("\n")
    # "which blows up, which crawls?": SGD diverges at 0.01; Adam, at the same rate, crawls.
    diverged = shaped(EN, "race-run-diverged", name="sgd (lr 0.01)")
    assert any(diverged.fullmatch(line) for line in race), race
    adam = next(line for line in race if line.startswith("adam (lr 0.01): loss"))
    assert float(adam.split("→ ")[1]) > 100, adam  # far from the best these points allow
    assert in_group(rates[2]).params["text"]
    # "momentum, at plain SGD's rate, gets further along it": ranked above plain SGD.
    ranked = in_group(rates[3]).params["caption"].split("\n")
    order = [line.split(": loss")[0].split(". ", 1)[1] for line in ranked[1:5]]
    assert order.index(next(n for n in order if n.startswith("sgd momentum=0.9 (lr "))) < (
        order.index(next(n for n in order if n.startswith("sgd (lr ")))
    )

    quiz, score, reset = plan_commands("teach-quiz")
    assert in_group(quiz).method == "sendPoll"
    assert in_group(score).params["text"]
    assert in_group(reset).params["text"].startswith(EN("score-reset", count=1).split(" ")[0])
