"""The first lesson (/start in a private chat) and /help over real HTTP: the lesson from /start to
its end by pressing its buttons, each number the same as /convert, /weights, the training's reply
and /why say in the same chat; left and picked up again with /start; in English and Chinese.
/help's overview in four groups, a group's button, a group chat's few lines."""

from __future__ import annotations

import pytest

from bot.features import command_table, first_lesson, help
from bot.text import formatting, i18n
from tests.catalogue import captured, shaped
from tests.chats import new_chat, new_group
from tests.e2e.conftest import OPERATOR_ID
from tests.fakes.bot_api import BOT_USERNAME

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")
STEPS = len(first_lesson.STEPS)
LAYERS = "Dense(4, linear) → Dense(4, linear) → Dense(1)"  # /layers 4 4


def text(reply) -> str:
    return reply.params.get("text") or reply.params["caption"]


def buttons(reply) -> list[str]:
    markup = reply.params.get("reply_markup") or {}
    return [
        b.get("callback_data") or b.get("url") for row in markup["inline_keyboard"] for b in row
    ]


def press(bot, chat: int, reply, data: str):
    """Tap the button `data` under `reply`: the bot's next message to the chat."""
    assert data in buttons(reply), (data, buttons(reply))
    mark, _ = bot.api.push_callback_query(chat, reply.result["message_id"], data)
    return bot.api.wait_reply(chat, mark, timeout=60)


def line_of(t, key: str, reply, **values) -> dict[str, float]:
    """The numbers of the one line of `reply` that is message `key`."""
    pattern = shaped(t, key, **values)
    (line,) = [line for line in text(reply).split("\n") if pattern.fullmatch(line)]
    return captured(t, key, line, **values)


def heading(t, step: int) -> str:
    return first_lesson.heading(t, step)


def test_the_lesson_from_start_to_its_end_tells_this_chats_own_numbers(bot):
    chat, t = new_chat(), EN
    asked = bot.send(chat, "/start")
    assert text(asked).startswith(heading(t, 1) + "\n")
    said = line_of(t, "lesson-ask-answer", asked, celsius="100")
    convert = line_of(t, "conversion-line", bot.send(chat, "/convert 100"), celsius="100")
    assert said["model"] == convert["model"] and said["formula"] == convert["formula"] == 212
    assert t("lesson-ask-shared") in text(asked)  # the shared model, until this chat trains
    assert t("lesson-network-dense") in text(asked)
    assert buttons(asked) == ["/lesson 2"]

    trained = press(bot, chat, asked, "/lesson 2")
    assert trained.method == "sendPhoto"  # the training's own reply: its loss picture
    caption = text(trained)
    assert caption.startswith(f"{heading(t, 2)}\n{t('lesson-train-intro', epochs=500)}\n\n")
    assert shaped(t, "trained-head", epochs=500, optimizer="adam", lr="0.1").search(caption)
    losses = line_of(t, "loss-change", trained)
    weights = line_of(t, "weight-and-bias", trained)
    f100 = line_of(t, "f100", trained)["f100"]
    assert buttons(trained)[0] == "/lesson 3" and "/train 500" in buttons(trained)

    inside = press(bot, chat, trained, "/lesson 3")
    assert text(inside).startswith(heading(t, 3) + "\n")
    dense = line_of(t, "lesson-inside-dense", inside)
    own = bot.send(chat, "/weights")
    assert dense["weight"] == weights["weight"] == line_of(t, "weights-kernel", own)["weight"]
    assert dense["bias"] == weights["bias"] == line_of(t, "weights-bias", own)["bias"]
    formula = line_of(t, "lesson-inside-formula", inside, slope="1.8", intercept="32")
    assert formula["dw"] == pytest.approx(weights["weight"] - 1.8, abs=1e-4)
    assert formula["db"] == pytest.approx(weights["bias"] - 32, abs=1e-4)
    assert t("shared-note") not in text(inside)  # this chat's own model now

    falling = press(bot, chat, inside, "/lesson 4")
    assert text(falling).startswith(heading(t, 4) + "\n")
    went = line_of(t, "lesson-loss-went", falling, epochs=500)
    assert (went["first"], went["last"]) == (losses["first"], losses["last"])
    assert went["first"] > 100 * went["last"]  # from thousands toward zero, as trained
    marks = text(falling).split("\n")[3].split(" · ")
    assert marks[0] == t("lesson-loss-at", epoch=1, loss=formatting.loss(went["first"]))
    assert marks[-1] == t("lesson-loss-end", epoch=500, loss=formatting.loss(went["last"]))
    typical = line_of(t, "lesson-loss-typical", falling)
    assert typical["error"] == pytest.approx(went["last"] ** 0.5, abs=0.006)

    why = press(bot, chat, falling, "/lesson 5")
    assert text(why).startswith(heading(t, 5) + "\n")
    intro = line_of(t, "lesson-why-intro", why, celsius="100")
    now = line_of(t, "conversion-line", bot.send(chat, "/convert 100"), celsius="100")
    assert intro["model"] == now["model"] == f100 and intro["formula"] == 212
    assert text(bot.send(chat, "/why")) in text(why)  # /why's reasoning, with these numbers
    assert text(why).endswith(t("lesson-end"))
    assert buttons(why) == ["/help", "/lesson 1"]

    again = bot.send(chat, "/start")  # finished: picked up at its end
    title = first_lesson.title(t, STEPS)
    assert text(again) == "\n".join(
        [t("lesson-back", step=STEPS, steps=STEPS, title=title), t("lesson-back-done")]
    )
    assert buttons(again) == ["/help", "/lesson 1"]
    assert text(press(bot, chat, again, "/lesson 1")).startswith(heading(t, 1))
    help_ = press(bot, chat, why, "/help")  # the last step's way out
    assert text(help_) == text(bot.send(chat, "/help"))


def test_a_lesson_left_is_picked_up_with_start_in_chinese_too(bot):
    for t, code in ((ZH, "zh-hans"), (EN, "en")):
        chat = new_chat()
        asked = bot.send(chat, "/start inline", language_code=code)  # the inline mode's button
        assert text(asked).startswith(heading(t, 1) + "\n")
        trained = press(bot, chat, asked, "/lesson 2")
        assert text(trained).startswith(heading(t, 2) + "\n")
        back = bot.send(chat, "/start", language_code=code)
        title = first_lesson.title(t, 2)
        assert text(back) == t("lesson-back", step=2, steps=STEPS, title=title)
        assert buttons(back) == ["/lesson 3", "/lesson 1"]
        inside = press(bot, chat, back, "/lesson 3")
        assert text(inside).startswith(heading(t, 3) + "\n")
        back = bot.send(chat, "/start", language_code=code)
        assert buttons(back) == ["/lesson 4", "/lesson 1"]
        over = press(bot, chat, back, "/lesson 1")  # starting over: this chat's model now
        assert text(over).startswith(heading(t, 1) + "\n")
        assert t("lesson-ask-own", epochs=500, more=500) in text(over)
    assert "摄氏度" in text(bot.send(new_chat(), "/start", language_code="zh"))


def test_a_chat_set_up_otherwise_is_told_so_and_a_group_is_pointed_to_a_private_chat(bot):
    chat = new_chat()
    bot.send(chat, "/layers 4 4")
    bot.send(chat, "/lr 0.05")
    asked = bot.send(chat, "/start")
    what = "; ".join(
        [
            EN(
                "lesson-differs-layers",
                architecture="Dense(4, linear) → Dense(4, linear) → Dense(1)",
            ),
            EN("lesson-differs-training", optimizer="adam", lr="0.05"),
        ]
    )
    assert EN("lesson-ask-differs", what=what) in text(asked)
    assert EN("lesson-network", architecture=LAYERS, count=33) in text(asked)  # its own network
    inside = press(bot, chat, press(bot, chat, asked, "/lesson 2"), "/lesson 3")
    line = line_of(EN, "lesson-inside-line", inside, architecture=LAYERS, count=33)  # one line
    formula = line_of(EN, "lesson-inside-formula", inside, slope="1.8", intercept="32")
    assert formula["dw"] == pytest.approx(line["weight"] - 1.8, abs=1e-4)

    group = new_group()
    started = bot.send(group, "/start", 4321, "supergroup")  # in a group, as before
    assert text(started) == f"{EN('intro', examples=7)}\n\n{EN('start-try')}"
    pointed = bot.send(group, "/lesson", 4321, "supergroup")
    assert text(pointed) == EN("lesson-group")
    assert buttons(pointed) == [f"https://t.me/{BOT_USERNAME}?start=lesson"]
    assert text(bot.send(new_chat(), "/lesson 9")) == EN("usage-lesson_usage", steps=STEPS)


@pytest.mark.parametrize(("t", "code"), [(EN, "en"), (ZH, "zh-hans")])
def test_help_is_a_short_overview_with_a_button_for_each_group(bot, t, code):
    chat = new_chat()
    overview = bot.send(chat, "/help", language_code=code)
    assert formatting.utf16_length(text(overview)) <= 1500
    assert text(overview).startswith(t("intro", examples=7))
    assert buttons(overview) == [f"/help {group.key}" for group in help.SHOWN]
    assert "/retrain" not in text(overview)
    listed = set()
    for group in help.SHOWN:
        page = press(bot, chat, overview, f"/help {group.key}")
        assert text(page).startswith(t("help-page-heading", title=t(f"help-title-{group.key}")))
        names = [line.split(" — ")[0][1:] for line in text(page).split("\n")[1:]]
        assert names == [n for n in group.commands if n in command_table.NAMES]
        listed |= set(names)
    menu = {name for name, _ in command_table.menu(t)}
    assert listed == menu  # every command of the menu, on its group's page
    back = press(bot, chat, page, f"/help {help.OVERVIEW}")
    assert text(back) == text(overview)
    assert bot.send(chat, "/start help", language_code=code).params["text"] == text(overview)

    operator = bot.send(OPERATOR_ID, "/help", language_code=code)
    assert t("help-title-teach-operators") in text(operator)
    page = press(bot, OPERATOR_ID, operator, "/help teach")
    assert "/retrain — " in text(page) and "/stats — " in text(page)

    group = new_group()
    few = bot.send(group, "/help", 4321, "supergroup", language_code=code)
    assert text(few) == t("help-group")
    assert buttons(few) == [f"https://t.me/{BOT_USERNAME}?start=help"]
