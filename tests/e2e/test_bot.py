"""The real bot over real HTTP against the loopback fake Bot API: every command as users send it."""

import io
import itertools
import re

import keras
import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import OPERATOR_ID
from tests.fakes.bot_api import SEND_METHODS

chats = itertools.count(1001)
groups = itertools.count(-1001)


@pytest.fixture
def chat():
    """A private chat no other test uses (its id is also the user's id)."""
    return next(chats)


@pytest.fixture
def group():
    """A group chat no other test uses."""
    return next(groups)


def png(request):
    data = request.files["photo"]
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and image.width >= 600
    return image


def caption_number(text, label):
    return float(re.search(label + r" (-?[\d.]+)", text).group(1))


def test_start_and_help_teach_the_lesson_and_list_every_command(bot, chat):
    for command in ("/start", "/help"):
        text = bot.send(chat, command).params["text"]
        assert "Celsius → Fahrenheit" in text
        for name in (
            "convert",
            "train",
            "stop",
            "weights",
            "plot",
            "fit",
            "data",
            "layers",
            "reset",
            "export",
            "lock",
            "unlock",
        ):
            assert f"/{name}" in text
        assert "/retrain" not in text
    assert "/retrain" in bot.send(OPERATOR_ID, "/help").params["text"]


def test_convert_uses_the_shared_model_until_the_chat_trains(bot, chat):
    text = bot.send(chat, "/convert 100 -40 36.6 １００ 100°C").params["text"]
    lines = text.splitlines()
    assert len(lines) == 6 and "shared model" in lines[-1]
    f100 = float(re.match(r"100 °C → ([\d.]+) °F \(formula 212.00", lines[0]).group(1))
    assert 211 <= f100 <= 212.5
    assert lines[3].startswith("100 °C") and lines[4].startswith("100 °C")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/convert", "Give one or more temperatures"),
        ("/convert abc", "'abc' is not a number"),
        ("/convert nan", "is not a number"),
        ("/convert 1e7", "between -1e+06 and 1e+06"),
        ("/convert " + " ".join(["1"] * 21), "At most 20 values"),
        ("/train 0", "from 1 to 10000"),
        ("/train 500 lr=2", "at most 1"),
        ("/train optimizer=adagrad", "adam, sgd, rmsprop"),
        ("/layers 65", "1 to 64 units"),
        ("/layers 4 4 4 4 4", "At most 4 hidden layers"),
        ("/data add 1", "Usage: /data"),
        ("/data add 1e7 3", "between -1e+06 and 1e+06"),
        ("/weights now", "takes no arguments"),
        ("/bogus", "/help"),
    ],
)
def test_bad_input_gets_a_short_reply_and_nothing_else(bot, chat, text, expected):
    mark = bot.api.push_command(chat, text)
    reply = bot.api.wait_reply(chat, mark)
    assert reply.method == "sendMessage"
    assert expected in reply.params["text"]
    assert len(reply.params["text"]) < 300
    assert not [r for r in bot.api.sent_to(chat, mark) if r.method == "sendPhoto"]


def test_train_replies_with_the_loss_curve_and_the_lesson_numbers(bot, chat):
    mark = bot.api.push_command(chat, "/train")
    reply = bot.api.wait_reply(chat, mark)
    assert reply.method == "sendPhoto"
    png(reply)
    caption = reply.params["caption"]
    assert caption.startswith("Trained 500 epochs (adam, lr 0.1")
    assert 1.79 <= caption_number(caption, "Weight") <= 1.84
    assert 28 <= caption_number(caption, "bias") <= 32
    assert 211 <= float(re.search(r"100 °C → ([\d.]+) °F", caption).group(1)) <= 212.5
    first, last = (float(v) for v in re.search(r"Loss: ([\d.e+]+) → ([\d.e+]+)", caption).groups())
    assert first > 1000 > 20 > last
    actions = [r for r in bot.api.sent_to(chat, mark) if r.method == "sendChatAction"]
    assert actions and actions[0].params["action"] == "upload_photo"
    assert "reply_parameters" not in reply.params  # private chats don't quote

    text = bot.send(chat, "/convert 100").params["text"]
    assert "shared model" not in text
    weights = bot.send(chat, "/weights").params["text"]
    assert "2 parameters" in weights and "1.8" in weights and "32" in weights
    png(bot.send(chat, "/plot"))
    fit = bot.send(chat, "/fit")
    png(fit)
    assert "formula" in fit.params["caption"].lower() or "1.8" in fit.params["caption"]


def test_train_options_and_continuation(bot, chat):
    first = bot.send(chat, "/train 200 0.05 seed=3").params["caption"]
    assert first.startswith("Trained 200 epochs (adam, lr 0.05, seed 3)")
    again = bot.send(chat, "/train epochs=100 optimizer=rmsprop lr=0.01").params["caption"]
    assert "100 epochs (rmsprop, lr 0.01, seed 3)" in again


def test_divergence_is_explained_and_nothing_changes(bot, chat):
    bot.send(chat, "/train 100 seed=1")
    before = bot.send(chat, "/weights").params["text"]
    reply = bot.send(chat, "/train optimizer=sgd lr=1")
    assert reply.method == "sendMessage"
    assert "diverged" in reply.params["text"] and "nan" not in reply.params["text"].lower()
    assert bot.send(chat, "/weights").params["text"] == before


def test_data_layers_and_reset(bot, chat):
    assert "7 training points" in bot.send(chat, "/data").params["text"]
    assert "8 training points" in bot.send(chat, "/data add 100 212").params["text"]
    assert "already has a point" in bot.send(chat, "/data add 100 212").params["text"]
    assert "7 training points" in bot.send(chat, "/data remove 100").params["text"]
    assert "no point at 55" in bot.send(chat, "/data remove 55").params["text"]
    assert "lesson's 7 points" in bot.send(chat, "/data reset").params["text"]

    assert "Dense(1)" in bot.send(chat, "/layers").params["text"]
    changed = bot.send(chat, "/layers 4 4").params["text"]
    assert "Dense(4, linear) → Dense(4, linear) → Dense(1)" in changed and "reset" in changed
    trained = bot.send(chat, "/train seed=1")
    assert "33 parameters" in trained.params["caption"]
    weights = bot.send(chat, "/weights").params["text"]
    assert "33 parameters" in weights and weights.count("Layer ") == 3
    assert "Dense(1)" in bot.send(chat, "/layers none").params["text"]

    assert "shared model" in bot.send(chat, "/reset").params["text"]
    assert "shared model" in bot.send(chat, "/convert 0").params["text"]


def test_export_sends_a_keras_file_that_predicts_like_the_bot(bot, chat, tmp_path):
    bot.send(chat, "/layers 3 relu")
    bot.send(chat, "/train seed=2")
    reply = bot.send(chat, "/export")
    assert reply.method == "sendDocument"
    assert "load_model" in reply.params["caption"]
    path = tmp_path / "c2f.keras"
    path.write_bytes(reply.files["document"])
    model = keras.models.load_model(path)
    ours = float(
        re.match(r"36.6 °C → ([\d.-]+)", bot.send(chat, "/convert 36.6").params["text"]).group(1)
    )
    theirs = float(model.predict(np.array([[36.6]]), verbose=0)[0, 0])
    assert abs(ours - theirs) < 0.01


def test_group_commands_work_with_the_bot_name_and_quote_the_command(bot, group):
    reply = bot.send(group, "/convert@c2f_test_bot 100", user_id=5, chat_type="supergroup")
    assert "°F" in reply.params["text"]
    assert reply.params["reply_parameters"]["message_id"]
    mark = bot.api.push_command(group, "/convert@other_bot 100", 5, "supergroup")
    bot.api.push_command(group, "just chatting", 5, "supergroup")
    probe = bot.api.push_command(group, "/help", 5, "supergroup")
    assert bot.api.wait_reply(group, probe).params["text"].startswith("🌡")
    replies = [r for r in bot.api.sent_to(group, mark) if r.method in SEND_METHODS]
    assert len(replies) == 1  # only /help was answered


def test_groups_have_their_own_sessions(bot, group):
    other = next(groups)
    bot.send(group, "/data add 100 212", user_id=5, chat_type="group")
    assert "8 training points" in bot.send(group, "/data", 5, "group").params["text"]
    assert "7 training points" in bot.send(other, "/data", 5, "group").params["text"]


def test_private_plain_text_gets_a_hint(bot, chat):
    assert "/help" in bot.send(chat, "hello bot").params["text"]


def test_lock_lets_only_admins_change_the_model(bot, group):
    teacher, student = 50, 51
    bot.api.chat_admins[group] = {teacher}
    assert "admins" in bot.send(group, "/lock", student, "supergroup").params["text"]
    assert "Locked" in bot.send(group, "/lock", teacher, "supergroup").params["text"]
    for command in ("/train", "/stop", "/reset", "/data add 1 2", "/data reset", "/layers 4"):
        reply = bot.send(group, command, student, "supergroup")
        assert "locked" in reply.params["text"], command
    assert "°F" in bot.send(group, "/convert 5", student, "supergroup").params["text"]
    assert "7 training points" in bot.send(group, "/data", student, "supergroup").params["text"]
    assert bot.send(group, "/train 50", teacher, "supergroup").method == "sendPhoto"
    assert bot.send(group, "/train 50", OPERATOR_ID, "supergroup").method == "sendPhoto"
    assert "Unlocked" in bot.send(group, "/unlock", teacher, "supergroup").params["text"]
    assert bot.send(group, "/train 50", student, "supergroup").method == "sendPhoto"
    checks = [r for r in bot.api.requests if r.method == "getChatMember" and r.chat_id == group]
    assert checks


def test_retrain_and_stats_are_for_operators_only(bot, chat):
    before = bot.send(chat, "/convert 100").params["text"]
    for command in ("/retrain 50", "/stats"):
        assert "only the bot's operators" in bot.send(chat, command).params["text"]
    assert bot.send(chat, "/convert 100").params["text"] == before

    stats = bot.send(OPERATOR_ID, "/stats").params["text"]
    assert "Sessions:" in stats and "Uptime:" in stats and "Memory" in stats
    retrained = bot.send(OPERATOR_ID, "/retrain 600 0.1")
    assert retrained.method == "sendPhoto"
    assert retrained.params["caption"].startswith("Shared default model retrained.")
    assert bot.send(chat, "/convert 100").params["text"] != before


def test_stop_cancels_a_long_training_and_the_status_message_shows_progress(bot, chat):
    bot.send(chat, "/layers 64 64 64 64 relu")
    for c in range(100, 293):
        bot.send(chat, f"/data add {c} {c * 1.8 + 32:.1f}")
    listing = bot.send(chat, "/data").params["text"]
    assert "200 training points" in listing and len(listing) <= 4096
    assert "maximum of 200 points" in bot.send(chat, "/data add 300 572").params["text"]
    mark = bot.api.push_command(chat, "/train 10000")
    status = bot.api.wait_for(
        lambda r: (
            r.method == "sendMessage"
            and r.chat_id == chat
            and r.params["text"].startswith("Training…")
        ),
        mark,
    )
    stop = bot.send(chat, "/stop")
    assert stop.params["text"] == "Stopping the training…"
    photo = bot.api.wait_for(lambda r: r.method == "sendPhoto" and r.chat_id == chat, mark)
    assert photo.params["caption"].startswith("Stopped after")
    assert "of 10000 epochs" in photo.params["caption"]
    edits = [r for r in bot.api.sent_to(chat, status.index) if r.method == "editMessageText"]
    assert edits and edits[-1].params["text"].startswith("Training ended after")
    assert "No training is running" in bot.send(chat, "/stop").params["text"]
