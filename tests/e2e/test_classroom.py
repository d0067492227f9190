"""The classroom over real HTTP. /race: one picture of fresh copies trained side by side, the
outcome of each in the caption, the chat's own model untouched, and a locked group's lock obeyed."""

import pytest

from bot import i18n
from tests.catalogue import shaped
from tests.e2e.conftest import new_group
from tests.images import EXPECTED_SIZE, decode_png

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")


def test_race_overlays_the_default_rates_and_names_the_winner(bot, chat):
    before = bot.send(chat, "/weights").params["text"]
    reply = bot.send(chat, "/race epochs=300")
    assert reply.method == "sendPhoto" and decode_png(reply.files["photo"]).size == EXPECTED_SIZE
    lines = reply.params["caption"].split("\n")
    assert lines[0] == EN("race-head", epochs=300)
    for line, lr in zip(lines[1:5], ("0.001", "0.01", "0.1", "1")):
        assert shaped(EN, "race-run", name=EN("race-name-lr", lr=lr)).fullmatch(line), line
    rates = ("0.001", "0.01", "0.1", "1")
    winners = [shaped(EN, "race-winner", name=EN("race-name-lr", lr=lr)) for lr in rates]
    assert any(w.fullmatch(lines[5]) for w in winners), lines[5]
    assert bot.send(chat, "/weights").params["text"] == before  # the chat's model is unchanged


def test_race_optimizer_shows_sgd_diverging_where_adam_learns(bot, chat):
    lines = bot.send(chat, "/race optimizer 0.01 epochs=300").params["caption"].split("\n")
    names = {
        o: EN("race-name-optimizer", optimizer=o, lr="0.01") for o in ("adam", "sgd", "rmsprop")
    }
    assert shaped(EN, "race-run-diverged", name=names["sgd"]).fullmatch(lines[2]), lines[2]
    assert shaped(EN, "race-run", name=names["adam"]).fullmatch(lines[1]), lines[1]


def test_race_speaks_chinese_and_refuses_bad_settings_briefly(bot, chat):
    reply = bot.send(chat, "/race 0.01 0.1 epochs=100", language_code="zh-hans")
    assert reply.params["caption"].startswith(ZH("race-head", epochs=100))
    assert bot.send(chat, "/race 0.1").params["text"] == EN("error-race_size", min=2, max=6)
    assert bot.send(chat, "/race 0.1 5").params["text"] == EN("error-lr_range", max=1)
    assert bot.send(chat, "/race fast").params["text"] == EN("usage-not_a_number", word="fast")
    assert bot.send(chat, "/race seed=1").params["text"] == EN("usage-race_usage")


@pytest.mark.parametrize("who", ["student", "teacher"])
def test_a_locked_group_races_only_when_its_admins_say(bot, who):
    group, teacher, student = new_group(), 81, 82
    bot.api.chat_admins[group] = {teacher}
    bot.send(group, "/lock", teacher, "supergroup")
    reply = bot.send(
        group, "/race epochs=50", teacher if who == "teacher" else student, "supergroup"
    )
    if who == "student":
        assert reply.params["text"] == EN("locked")
    else:
        assert reply.method == "sendPhoto"
