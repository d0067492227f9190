"""Talking to the bot over real HTTP: plain sentences in a private chat, a mention or a reply
in a group (under its lock and flood budget), and an anonymous admin who posts as the group."""

from __future__ import annotations

import numpy as np
import pytest

from bot.features import sentences
from bot.features.readings import Unreadable
from bot.text import formatting, i18n
from model.dataset import celsius_of
from model.session import Session
from tests.e2e.conftest import new_chat, new_group
from tests.fakes.bot_api import BOT_USERNAME
from tests.states import v_shape_session

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")

LINE_CHAT = 8_911  # stored before the shared bot starts: a line of weight 1.79, bias 31
V_CHAT = 8_912  # stored too: a 1-2-1 ReLU network that answers |c| °F
LINE = (np.float32(1.79), np.float32(31.0))
STORED_SESSIONS = {
    LINE_CHAT: Session(
        weights=[np.array([[LINE[0]]], np.float32), np.array([LINE[1]], np.float32)],
        trainings=1,
        epochs_trained=500,
    ),
    V_CHAT: v_shape_session(),
}


def text_of(request) -> str:
    return request.params.get("text") or request.params.get("caption") or ""


@pytest.mark.parametrize(
    ("sentence", "command", "language"),
    [
        ("100", "/convert 100", None),
        ("what is 37 celsius in fahrenheit?", "/convert 37", None),
        ("-40 is where they meet", "/convert -40", None),
        ("36,6", "/convert 36.6", None),
        ("0, 37 and 100", "/convert 0 37 100", None),
        ("100摄氏度是多少华氏度？", "/convert 100", "zh"),
        ("零下四十度", "/convert -40", "zh"),
        ("３７", "/convert 37", "zh"),
    ],
)
def test_a_temperature_in_a_sentence_is_answered_as_convert_answers_it(
    bot, sentence, command, language
):
    chat = new_chat()
    asked = text_of(bot.send(chat, command, language_code=language))
    assert text_of(bot.send(chat, sentence, language_code=language)) == asked


@pytest.mark.parametrize("language", ["en", "zh"])
def test_fahrenheit_runs_the_chats_line_backwards_with_the_formula_beside_it(bot, language):
    t = i18n.catalogue(language)
    sentence = "what is 212 F in celsius?" if language == "en" else "华氏212度是多少摄氏度"
    reply = text_of(bot.send(LINE_CHAT, sentence, language_code=language))
    weight, bias = float(LINE[0]), float(LINE[1])
    assert reply.split("\n") == [
        t(
            "inverse-line",
            fahrenheit="212",
            celsius=formatting.number((212 - bias) / weight),
            formula=formatting.number(celsius_of(212)),
        ),
        t("inverse-note-line", weight=formatting.number(weight, 4), bias=formatting.number(bias)),
    ]
    # What it says is what the model answers: /convert of that °C gives 212 °F back.
    back = text_of(bot.send(LINE_CHAT, f"/convert {(212 - bias) / weight!r}"))
    assert "→ 212.00 °F" in back or "→ 212 °F" in back, back


def test_a_network_that_meets_a_value_twice_or_never_says_so(bot):
    twice = text_of(bot.send(V_CHAT, "10 °F"))
    assert twice.split("\n")[0] == EN(
        "inverse-several",
        fahrenheit="10",
        celsius="-10.00, 10.00",
        count=2,
        formula=formatting.number(celsius_of(10)),
    )
    assert twice.split("\n")[1] == EN("inverse-note-curve")
    never = text_of(bot.send(V_CHAT, "-5F"))
    assert never.split("\n")[0] == EN(
        "inverse-none", fahrenheit="-5", formula=formatting.number(celsius_of(-5))
    )


def test_a_request_in_words_runs_its_command_and_shows_the_command(bot):
    chat = new_chat()
    reply = bot.send(chat, "train 300 epochs with lr 0.05", timeout=60)
    assert reply.method == "sendPhoto"
    caption = text_of(reply)
    shown = EN("sentence-command", command="/train epochs=300 lr=0.05")
    assert caption.endswith(shown), caption
    weights = text_of(bot.send(chat, "show me the weights"))
    assert weights == text_of(bot.send(chat, "/weights")) + "\n\n" + EN(
        "sentence-command", command="/weights"
    )
    chinese = text_of(bot.send(chat, "权重", language_code="zh"))
    assert chinese.endswith(ZH("sentence-command", command="/weights"))


def test_a_sentence_it_cannot_read_gets_a_short_hint_with_three_next_steps(bot, chat):
    api = bot.api
    reply = bot.send(chat, "hello, what is love?")
    assert reply.params["text"] == EN("sentence-hint")
    assert len(reply.params["text"].split("\n")) <= 3
    buttons = [
        b["callback_data"] for row in reply.params["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert buttons == ["/convert 100", "/train", "/help"]
    mark, _ = api.push_callback_query(chat, reply.result["message_id"], "/convert 100")
    pressed = api.wait_for(lambda r: r.method == "sendMessage" and r.chat_id == chat, after=mark)
    assert pressed.params["text"] == text_of(bot.send(chat, "/convert 100"))


@pytest.mark.parametrize(
    ("sentence", "key", "limit"),
    [
        ("1e309", "sentence-not-finite", "1000000"),
        ("NaN", "sentence-not-finite", "1000000"),
        (" ".join(str(n) for n in range(25)), "sentence-too-many", "20"),
        ("1" * 4000, "sentence-too-long", "300"),
    ],
)
def test_bad_numbers_get_a_short_reply_naming_the_limit(bot, chat, sentence, key, limit):
    reading = sentences.read(sentence)
    assert isinstance(reading, Unreadable) and reading.problem == key
    reply = bot.send(chat, sentence).params["text"]
    assert reply == EN(key, **dict(reading.values))
    assert limit in reply and len(reply) < 300


def test_a_mention_in_a_group_is_read_as_a_sentence(bot, group):
    mention = text_of(bot.send(group, f"@{BOT_USERNAME} 25", 71, "supergroup"))
    # The same command in another group (in this one the group has just heard that answer).
    assert mention == text_of(bot.send(new_group(), "/convert 25", 72, "supergroup"))
    zh = text_of(
        bot.send(
            group, f"25摄氏度是多少华氏度 @{BOT_USERNAME}", 72, "supergroup", language_code="zh"
        )
    )
    assert zh == text_of(bot.send(new_group(), "/convert 25", 72, "supergroup", language_code="zh"))


def test_a_reply_to_the_bots_message_is_read_and_chatter_only_gets_a_reaction(bot, group):
    api, student = bot.api, 73
    answer = bot.send(group, "/convert 30", student, "supergroup")
    mark = api.push_command(
        group, "212F", student, "supergroup", reply_to_message_id=answer.result["message_id"]
    )
    inverted = api.wait_reply(group, mark)
    assert text_of(inverted).split("\n")[0].startswith("212 °F → ")
    mark = api.push_command(
        group, "thanks!", student, "supergroup", reply_to_message_id=answer.result["message_id"]
    )
    reacted = api.wait_for(lambda r: r.chat_id == group, after=mark)
    assert reacted.method == "setMessageReaction"
    assert reacted.params["reaction"] == [{"type": "emoji", "emoji": "🤔"}]


def test_a_locked_group_refuses_a_members_request_in_words_and_obeys_its_admin(bot):
    group, teacher, student = new_group(), 93, 94
    api = bot.api
    api.chat_admins[group] = {teacher}
    bot.send(group, "/lock", teacher, "supergroup")
    refused = bot.send(group, f"@{BOT_USERNAME} reset", student, "supergroup")
    assert refused.params["text"] == EN("locked", command="reset")
    reading = bot.send(group, f"@{BOT_USERNAME} 100", student, "supergroup")
    assert "100 °C → " in text_of(reading)


def test_an_anonymous_admin_is_an_admin_of_a_locked_group(bot):
    group, teacher, student = new_group(), 91, 92
    api = bot.api
    api.chat_admins[group] = {teacher}
    assert bot.send(group, "/lock", teacher, "supergroup").params["text"] == EN("locked-now")
    refused = bot.send(group, "/lr 0.01", student, "supergroup")
    assert refused.params["text"] == EN("locked", command="lr")
    mark = api.push_command(group, "/lr 0.01", student, "supergroup", anonymous_admin=True)
    reply = api.wait_reply(group, mark)
    assert reply.params["text"].startswith(EN("lr-set", lr="0.01", old="0.1").split("(")[0])
    calls = [r for r in api.requests[mark:] if r.method == "getChatMember"]
    assert not calls, "an anonymous admin needs no getChatMember: the message says who sent it"


def test_asking_for_a_language_in_words_switches_the_chat_and_answers_in_it(bot, chat):
    chinese = text_of(bot.send(chat, "说中文"))
    assert chinese == ZH("lang-set") + "\n\n" + ZH("sentence-command", command="/lang zh")
    english = text_of(bot.send(chat, "speak English"))
    assert english == EN("lang-set") + "\n\n" + EN("sentence-command", command="/lang en")


def test_a_class_of_thirty_mentioning_the_bot_at_once_never_floods_the_group(bot):
    """Thirty students ask the same thing in words, and three ask something else: one answer
    each, the rest marked 👀 — and never more than Telegram's 20 messages a minute."""
    api, group = bot.api, new_group()
    students = range(3101, 3131)
    start = len(api.requests)
    marks = [
        api.push_command(group, f"@{BOT_USERNAME} what is 25 celsius?", s, "supergroup")
        for s in students
    ]
    marks += [
        api.push_command(group, f"@{BOT_USERNAME} {value}F", 3140 + i, "supergroup")
        for i, value in enumerate((50, 60, 70))
    ]
    answered = api.wait_count(
        lambda r: r.chat_id == group and r.method in ("sendMessage", "setMessageReaction"),
        len(marks),
        start,
        timeout=60,
    )
    sent = [r for r in answered if r.method == "sendMessage"]
    assert len(sent) == 4  # 25 °C once, and each of the three °F values
    assert sum(r.method == "setMessageReaction" for r in answered) == 29
    assert not api.violations_since(start)  # no 429: the fake counts every group's minute
