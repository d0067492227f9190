"""English and 简体中文 over real HTTP: the sender's app language, a chat's /lang choice (kept
across a restart, obeying a group's lock), the menus Telegram shows, and Chinese pictures."""

import json

import pytest

from bot.features import command_table, first_lesson, help
from bot.text import formatting, i18n
from tests.catalogue import shaped
from tests.e2e.conftest import new_chat, start_bot, stop_bot
from tests.images import assert_fit_png, assert_loss_curve_png

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")
MISSING_GLYPH = "missing from font"  # matplotlib's warning, written to the bot's log


def text(reply) -> str:
    return reply.params.get("text") or reply.params["caption"]


def overview(t) -> str:
    """/help in a private chat, not an operator's."""
    return help.overview(t, command_table.menu(t)).text


@pytest.mark.parametrize("code", ["zh-hans", "zh", "zh-CN", "zh-hant"])
def test_a_chinese_app_gets_the_lesson_in_chinese(bot, chat, code):
    welcome = text(bot.send(chat, "/start", language_code=code))
    assert welcome.startswith(first_lesson.heading(ZH, 1) + "\n")
    assert "摄氏度" in welcome or "华氏度" in welcome


@pytest.mark.parametrize("code", [None, "en", "ru", "pt-br"])
def test_every_other_app_gets_english(bot, chat, code):
    assert text(bot.send(chat, "/help", language_code=code)) == overview(EN)


def test_a_chinese_user_gets_chinese_refusals_captions_and_pictures(bot, chat):
    bad = text(bot.send(chat, "/convert abc", language_code="zh-hans"))
    assert bad == ZH("usage-not_a_number", word="abc")
    assert bad != EN("usage-not_a_number", word="abc")

    trained = bot.send(chat, "/train 200", language_code="zh-hans")
    assert trained.method == "sendPhoto"
    head = shaped(
        ZH,
        "trained-head",
        epochs=200,
        optimizer="adam",
        lr="0.1",
    )
    caption = trained.params["caption"].split("\n")
    assert head.fullmatch(caption[0]), caption[0]
    assert shaped(ZH, "f100").fullmatch(caption[3]), caption[3]
    assert shaped(ZH, "run-details").fullmatch(caption[-1]), caption[-1]
    assert "权重" in caption[2] and "偏置" in caption[2]
    assert_loss_curve_png(trained.files["photo"])

    fit = bot.send(chat, "/fit", language_code="zh-hans")
    assert fit.params["caption"] == formatting.fit_caption(ZH, shared=False)
    assert_fit_png(fit.files["photo"])
    plot = bot.send(chat, "/plot", language_code="zh-hans")
    assert_loss_curve_png(plot.files["photo"])
    assert MISSING_GLYPH not in bot.log()


def test_a_long_training_reports_its_progress_in_chinese(bot, chat):
    mark = bot.api.push_command(chat, "/train 3000", language_code="zh-hans")
    waiting = ZH("progress", done=1000, total=3000, percent=33)
    status = bot.api.wait_for(
        lambda r: r.ok and r.chat_id == chat and r.params.get("text") == waiting, mark
    )
    assert text(bot.send(chat, "/stop", language_code="zh-hans")) == ZH("stopping")
    photo = bot.api.wait_for(lambda r: r.ok and r.method == "sendPhoto" and r.chat_id == chat, mark)
    head = shaped(
        ZH,
        "stopped-head",
        done=1000,
        epochs=3000,
        optimizer="adam",
        lr="0.1",
    )
    assert head.fullmatch(photo.params["caption"].split("\n")[0])
    # Its answer is there: the status goes.
    bot.api.wait_for(
        lambda r: (
            r.ok
            and r.method == "deleteMessage"
            and r.params["message_id"] == status.result["message_id"]
        ),
        status.index,
    )


def test_lang_en_switches_a_chinese_users_chat_to_english(bot, chat):
    assert text(bot.send(chat, "/lang en", language_code="zh-hans")) == EN("lang-set")
    assert text(bot.send(chat, "/convert x", language_code="zh-hans")) == EN(
        "usage-not_a_number", word="x"
    )
    shown = text(bot.send(chat, "/lang", language_code="zh-hans"))
    assert shown == f"{EN('lang-current-chosen')}\n{EN('lang-how')}"
    assert text(bot.send(chat, "/lang auto", language_code="zh-hans")) == ZH("lang-set-auto")
    assert text(bot.send(chat, "/lang", language_code="zh-hans")).startswith(
        ZH("lang-current-auto")
    )


def test_lang_zh_switches_an_english_users_chat_to_chinese(bot, chat):
    assert text(bot.send(chat, "/lang", language_code="en")).startswith(EN("lang-current-auto"))
    assert text(bot.send(chat, "/lang zh", language_code="en")) == ZH("lang-set")
    assert text(bot.send(chat, "/help", language_code="en")) == overview(ZH)
    assert text(bot.send(chat, "/stop", language_code="en")) == ZH("nothing-to-stop")
    assert text(bot.send(chat, "/nonsense", language_code="en")) == ZH("unknown-command")


@pytest.mark.parametrize("word", ["xx", "fr", "en zh", "z" * 100])
def test_an_unknown_language_gets_a_short_reply_naming_en_and_zh(bot, chat, word):
    reply = text(bot.send(chat, f"/lang {word}"))
    assert reply.startswith("Unknown language") and "/lang en" in reply and "/lang zh" in reply
    assert len(reply) < 200


def test_a_group_set_to_chinese_answers_every_member_in_chinese(bot, group):
    teacher, student, visitor = 61, 62, 63
    bot.api.chat_admins[group] = {teacher}
    bot.send(group, "/lang zh", teacher, "supergroup", language_code="en")
    heading = ZH("weights-heading", architecture="Dense(1)", count=2)
    assert text(bot.send(group, "/weights", teacher, "supergroup", language_code="en")).startswith(
        heading
    )
    # (Each asks something else: the same answer twice in a minute is given once.)
    stopped = bot.send(group, "/stop", student, "supergroup", language_code="ru")
    assert text(stopped) == ZH("nothing-to-stop")
    assert text(bot.send(group, "/lock", teacher, "supergroup")) == ZH("locked-now")
    # Locked: /lang is a change, refused to students, in the group's language.
    assert text(bot.send(group, "/lang en", student, "supergroup", language_code="en")) == ZH(
        "locked", command="lang"
    )
    assert text(bot.send(group, "/lang", visitor, "supergroup")).startswith(
        ZH("lang-current-chosen")
    )
    assert text(bot.send(group, "/lang en", teacher, "supergroup")) == EN("lang-set")
    assert text(bot.send(group, "/unlock", teacher, "supergroup", language_code="zh")) == EN(
        "unlocked-now"
    )


def test_the_menu_and_descriptions_are_published_in_both_languages(bot):
    profile = {"setMyCommands", "setMyDescription", "setMyShortDescription"}
    bot.api.wait_count(lambda r: r.ok and r.method in profile, 3 * 2)  # in the background
    default_scope = json.dumps({"type": "default"}, sort_keys=True)
    for language, code in (("en", ""), ("zh", "zh")):
        t = i18n.catalogue(language)
        menu = bot.api.commands[default_scope, code]
        assert [(c["command"], c["description"]) for c in menu] == command_table.menu(t)
        assert bot.api.descriptions["description", code] == t("bot-description")
        assert bot.api.descriptions["short_description", code] == t("bot-short-description")
    assert "训练" in bot.api.commands[default_scope, "zh"][3]["description"]


def test_a_chosen_language_and_old_buttons_survive_a_restart(own_api, tmp_path, chat):
    api = own_api
    first = start_bot(api, tmp_path)
    assert text(first.send(chat, "/lang zh", language_code="en")) == ZH("lang-set")
    photo = first.send(chat, "/train 5 seed=1", language_code="en")
    assert stop_bot(first) == 0
    second = start_bot(api, tmp_path)
    try:
        # A button under a message from before the restart still means what it says.
        mark, query = api.push_callback_query(chat, photo.result["message_id"], "/step")
        answer = api.wait_for(lambda r: r.method == "answerCallbackQuery", mark)
        assert answer.ok and answer.params["callback_query_id"] == query
        stepped = api.wait_reply(chat, mark).params["text"].split("\n")
        assert shaped(ZH, "step-epoch", epoch=6).fullmatch(stepped[1]), stepped
        # Answered before TensorFlow has loaded, and after: both from the stored choice.
        started = second.send(chat, "/help", language_code="en")
        assert text(started) == overview(ZH)
        assert text(second.send(chat, "/convert abc", language_code="en")) == ZH(
            "usage-not_a_number", word="abc"
        )
    finally:
        assert stop_bot(second) == 0


def test_the_same_curve_is_labelled_in_each_chats_language(bot):
    english, chinese, again = new_chat(), new_chat(), new_chat()
    en_plot = bot.send(english, "/plot", language_code="en")  # all three: the shared model's
    zh_plot = bot.send(chinese, "/plot", language_code="zh-hans")
    en_again = bot.send(again, "/plot", language_code="en-GB")
    assert en_plot.files["photo"] == en_again.files["photo"]  # drawn alike, byte for byte
    assert zh_plot.files["photo"] != en_plot.files["photo"]
    caption = zh_plot.params["caption"].split("\n")
    assert shaped(ZH, "loss-caption", epochs=500).fullmatch(caption[0]), caption[0]
    assert caption[1] == ZH("shared-note")
    assert_loss_curve_png(zh_plot.files["photo"])
    assert MISSING_GLYPH not in bot.log()
