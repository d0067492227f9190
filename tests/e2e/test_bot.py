"""The real bot over real HTTP against the loopback fake Bot API: every command as users send it."""

import contextlib
import os
import re

import keras
import numpy as np
import pytest

from bot.features import command_table, first_lesson, help
from bot.text import formatting, i18n
from model import cpus
from tests.e2e.conftest import OPERATOR_ID, new_chat, new_group, wait_for_status
from tests.fakes.bot_api import BOT_USERNAME, SEND_METHODS, Fault
from tests.images import assert_fit_png, assert_loss_curve_png

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN = i18n.catalogue("en")


def caption_number(text, label):
    return float(re.search(label + r" (-?[\d.]+)", text).group(1))


def test_start_opens_the_lesson_and_help_groups_every_command(bot, chat):
    start = bot.send(chat, "/start").params["text"]
    assert start.startswith(first_lesson.heading(EN, 1)) and "/convert" in start
    text = bot.send(chat, "/help").params["text"]
    assert "Celsius → Fahrenheit" in text and EN("help-tap") in text
    for group in help.SHOWN:
        assert EN(f"help-title-{group.key}") in text
    assert "/retrain" not in text
    assert EN("help-title-teach-operators") in bot.send(OPERATOR_ID, "/help").params["text"]
    assert bot.send(chat, "/start help").params["text"] == text  # the group /help's link


def test_help_in_a_group_is_a_few_lines_and_a_link_to_the_whole_list(bot, group):
    reply = bot.send(group, "/help", 4321, "supergroup")
    assert reply.params["text"] == EN("help-group") and len(EN("help-group")) < 400
    (button,) = [b for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    assert button["url"] == f"https://t.me/{BOT_USERNAME}?start=help"
    # Every command it names is one.
    named = set(re.findall(r"/([a-z]+)", EN("help-group") + EN("start-try")))
    assert named and named <= set(command_table.NAMES)


def test_convert_uses_the_shared_model_until_the_chat_trains(bot, chat):
    text = bot.send(chat, "/convert 100 -40 36.6 １００ 100°C").params["text"]
    lines = text.splitlines()
    assert len(lines) == 6 and "shared model" in lines[-1]
    f100 = float(re.match(r"100 °C → ([\d.]+) °F \(formula 212.00", lines[0]).group(1))
    assert abs(f100 - 211.33) <= 0.01  # the shared model: the lesson with seed 7
    assert lines[1].startswith("-40 °C → ") and lines[2].startswith("36.6 °C → ")
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
        ("/train 500 lr=2", "from 1e-06 to 1"),
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
    mark = bot.api.push_command(chat, "/train seed=1")
    reply = bot.api.wait_reply(chat, mark)
    assert reply.method == "sendPhoto"
    assert_loss_curve_png(reply.files["photo"])
    caption = reply.params["caption"]
    assert caption.startswith("Trained 500 epochs (adam, lr 0.1).")
    assert re.fullmatch(r"Seed 1 · \d+ ms", caption.split("\n")[-1])  # last: the least needed
    # The lesson's numbers, as the lesson prints them for this seed.
    weight, bias = caption_number(caption, "Weight"), caption_number(caption, "bias")
    f100 = float(re.search(r"100 °C → ([\d.]+) °F", caption).group(1))
    assert abs(weight - 1.82) <= 0.02 and abs(bias - 29.3) <= 0.3
    assert abs(f100 - 211.3) <= 0.3 and abs(f100 - (weight * 100 + bias)) < 0.01
    first, last = (float(v) for v in re.search(r"Loss: ([\d.e+]+) → ([\d.e+]+)", caption).groups())
    assert first > 1000 > 20 > last
    assert "reply_parameters" not in reply.params  # private chats don't quote

    text = bot.send(chat, "/convert 100").params["text"]
    assert text == f"100 °C → {f100:.2f} °F (formula 212.00, error {f100 - 212:.2f})"
    weights = bot.send(chat, "/weights").params["text"]
    assert weights.startswith("Dense(1) — 2 parameters")
    assert f"Weight (kernel): {weight:.4f}" in weights and f"Bias: {bias:.4f}" in weights
    plot = bot.send(chat, "/plot")
    assert_loss_curve_png(plot.files["photo"])
    assert plot.params["caption"] == f"Loss over 500 epochs: {first:.4g} → {last:.4g}"
    fit = bot.send(chat, "/fit")
    assert_fit_png(fit.files["photo"])
    assert fit.params["caption"] == formatting.fit_caption(EN, shared=False)


def test_untrained_chats_plots_are_the_shared_models_and_say_so(bot, chat):
    plot = bot.send(chat, "/plot")
    assert_loss_curve_png(plot.files["photo"])
    assert plot.params["caption"].startswith("Loss over 500 epochs")
    assert plot.params["caption"].endswith(EN("shared-note"))
    fit = bot.send(chat, "/fit")
    assert_fit_png(fit.files["photo"])
    assert fit.params["caption"] == formatting.fit_caption(EN, shared=True)


def test_train_options_and_continuation(bot, chat):
    first = bot.send(chat, "/train 200 0.05 seed=3").params["caption"]
    assert first.startswith("Trained 200 epochs (adam, lr 0.05).")
    assert first.split("\n")[-1].startswith("Seed 3 · ")
    again = bot.send(chat, "/train epochs=100 optimizer=rmsprop lr=0.01").params["caption"]
    assert again.startswith("Trained 100 epochs (rmsprop, lr 0.01).")
    assert again.split("\n")[-1].startswith("Seed 3 · ")  # the weights' seed, kept


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
    other = new_group()
    bot.send(group, "/data add 100 212", user_id=5, chat_type="group")
    assert "8 training points" in bot.send(group, "/data", 5, "group").params["text"]
    assert "7 training points" in bot.send(other, "/data", 5, "group").params["text"]


def test_private_plain_text_gets_a_hint(bot, chat):
    assert "/help" in bot.send(chat, "hello bot").params["text"]


def test_lock_lets_only_admins_change_the_model(bot, group):
    teacher, student = 50, 51
    bot.api.chat_admins[group] = {teacher}
    assert bot.send(group, "/lock", student, "supergroup").params["text"] == EN(
        "admins-only", command="lock"
    )
    assert bot.send(group, "/lock", teacher, "supergroup").params["text"] == EN("locked-now")
    for command in ("/train", "/stop", "/reset", "/data add 1 2", "/layers 4"):
        reply = bot.send(group, command, student, "supergroup")
        assert reply.params["text"] == EN("locked", command=command.split()[0][1:]), command
    # The same refusal again within a minute: the one above answers it, marked with 👀.
    mark = bot.api.push_command(group, "/data reset", student, "supergroup")
    again = bot.api.last_pushed
    seen = bot.api.wait_for(lambda r: r.method == "setMessageReaction" and r.chat_id == group, mark)
    assert seen.params["message_id"] == again
    assert seen.params["reaction"] == [{"type": "emoji", "emoji": "👀"}]
    assert "°F" in bot.send(group, "/convert 5", student, "supergroup").params["text"]
    assert "7 training points" in bot.send(group, "/data", student, "supergroup").params["text"]
    assert bot.send(group, "/train 50", teacher, "supergroup").method == "sendPhoto"
    assert bot.send(group, "/train 50", OPERATOR_ID, "supergroup").method == "sendPhoto"


def test_only_admins_unlock_and_then_everyone_changes_the_model(bot, group):
    # A group of its own: Telegram allows a bot 20 messages a minute in a group (rate limiter).
    teacher, student = 52, 53
    bot.api.chat_admins[group] = {teacher}
    assert bot.send(group, "/lock", teacher, "supergroup").params["text"] == EN("locked-now")
    assert bot.send(group, "/unlock", student, "supergroup").params["text"] == EN(
        "admins-only", command="unlock"
    )
    assert bot.send(group, "/reset", student, "supergroup").params["text"] == EN(
        "locked", command="reset"
    )
    assert bot.send(group, "/unlock", teacher, "supergroup").params["text"] == EN("unlocked-now")
    assert bot.send(group, "/train 50", student, "supergroup").method == "sendPhoto"


def test_the_groups_creator_is_an_admin(bot, group):
    owner, student = 60, 61
    bot.api.chat_owners[group] = owner
    assert bot.send(group, "/lock", owner, "group").params["text"] == EN("locked-now")
    assert bot.send(group, "/train", student, "group").params["text"] == EN(
        "locked", command="train"
    )
    assert bot.send(group, "/train 20", owner, "group").method == "sendPhoto"


def test_lock_in_a_private_chat_explains_it_is_for_groups(bot, chat):
    assert bot.send(chat, "/lock").params["text"] == EN("lock-private")
    assert bot.send(chat, "/unlock").params["text"] == EN("lock-private")
    assert bot.send(chat, "/train 10").method == "sendPhoto"  # nothing was locked


def test_get_chat_member_5xx_is_retried_and_400_counts_as_not_an_admin(bot, group):
    teacher, other_teacher = 70, 71  # admin answers are remembered a minute: one each
    bot.api.chat_admins[group] = {teacher, other_teacher}
    bot.api.inject(Fault("getChatMember", times=1, status=502))
    mark = bot.api.push_command(group, "/lock", teacher, "supergroup")
    assert bot.api.wait_reply(group, mark).params["text"] == EN("locked-now")
    checks = [r for r in bot.api.sent_to(group, mark) if r.method == "getChatMember"]
    assert [r.ok for r in checks] == [False, True]

    bot.api.inject(Fault("getChatMember", times=1, status=400))
    mark = bot.api.push_command(group, "/unlock", other_teacher, "supergroup")
    assert bot.api.wait_reply(group, mark).params["text"] == EN("admins-only", command="unlock")
    assert "treated as not an admin" in bot.log()
    unlocked = bot.send(group, "/unlock", other_teacher, "supergroup")  # a refusal isn't kept
    assert unlocked.params["text"] == EN("unlocked-now")


def stats_numbers(text):
    pattern = (
        r"Sessions: (\d+) \((\d+) trained\)\nTrainings: (\d+) \((\d+) running now\)\n"
        r"Uptime: (\d+) h (\d+) min\nMemory \(RSS\): (\d+) MB"
    )
    return [int(n) for n in re.fullmatch(pattern, text).groups()]


def test_retrain_and_stats_are_for_operators_only(bot, chat):
    shared = bot.send(chat, "/convert 100").params["text"]
    for command in ("/retrain 50", "/stats"):
        assert bot.send(chat, command).params["text"] == EN(
            "operators-only", command=command.split()[0][1:]
        )
    assert bot.send(chat, "/convert 100").params["text"] == shared

    sessions, trained, trainings, running, _, _, memory = stats_numbers(
        bot.send(OPERATOR_ID, "/stats").params["text"]
    )
    assert running == 0 and 100 < memory < 4000
    bot.send(chat, "/train 10")
    after = stats_numbers(bot.send(OPERATOR_ID, "/stats").params["text"])
    # Reading made no session (the chat answered with the shared model); training makes one.
    assert after[:4] == [sessions + 1, trained + 1, trainings + 1, 0]

    retrained = bot.send(OPERATOR_ID, "/retrain 600 0.1 seed=3")
    assert retrained.method == "sendPhoto"
    caption = retrained.params["caption"]
    assert caption.startswith("Shared default model retrained.\nTrained 600 epochs (adam, lr 0.1")
    assert "reply_markup" not in retrained.params  # the shared model has no buttons of its own
    weight, bias = caption_number(caption, "Weight"), caption_number(caption, "bias")
    untrained = new_chat()
    weights = bot.send(untrained, "/weights").params["text"]
    assert f"Weight (kernel): {weight:.4f}" in weights and f"Bias: {bias:.4f}" in weights
    f100 = float(
        re.match(r"100 °C → ([\d.]+)", bot.send(untrained, "/convert 100").params["text"])[1]
    )
    assert abs(f100 - (weight * 100 + bias)) < 0.01
    assert bot.send(chat, "/convert 100").params["text"] != shared  # a trained chat: its own

    # The default retraining (lesson settings, the shared model's seed) restores it exactly.
    bot.send(OPERATOR_ID, "/retrain")
    assert bot.send(untrained, "/convert 100").params["text"] == shared.replace("100 °C", "100 °C")


def test_stop_cancels_a_running_training_which_keeps_its_epochs(bot, chat):
    mark = bot.api.push_command(chat, "/train 10000")
    status = wait_for_status(bot.api, chat, mark, done=1000)
    assert status.params["text"].endswith("/stop to stop.")
    # A training that takes a while shows "sending a photo…" before its status message.
    actions = [r for r in bot.api.sent_to(chat, mark) if r.method == "sendChatAction"]
    assert actions and actions[0].params["action"] == "upload_photo"
    assert actions[0].index < status.index
    # While it runs, the chat's model can't change under it.
    assert bot.send(chat, "/train 5").params["text"] == EN("error-busy")
    assert bot.send(chat, "/data add 1 2").params["text"] == EN("error-busy")
    assert bot.send(chat, "/layers 3").params["text"] == EN("error-busy")
    assert bot.send(chat, "/stop").params["text"] == EN("stopping")
    photo = bot.api.wait_for(lambda r: r.ok and r.method == "sendPhoto" and r.chat_id == chat, mark)
    assert photo.params["caption"].startswith("Stopped after 1000 of 10000 epochs")
    assert_loss_curve_png(photo.files["photo"])
    # The answer says how it ended: the status is gone.
    (deleted,) = [r for r in bot.api.sent_to(chat, status.index) if r.method == "deleteMessage"]
    assert deleted.ok and deleted.params["message_id"] == status.result["message_id"]
    assert bot.api.message(chat, status.result["message_id"]) is None
    assert bot.send(chat, "/stop").params["text"] == EN("nothing-to-stop")
    assert "1000 epochs" in bot.send(chat, "/plot").params["caption"]
    assert "7 training points" in bot.send(chat, "/data").params["text"]


def test_a_queued_training_counts_its_epochs_in_its_own_status_message(bot):
    # Every training slot taken (one a usable core, as the bot sizes them), paused after 1,000
    # epochs (TRAINING_PAUSE): the next training waits, and its status says so until it runs.
    api = bot.api
    busy = [new_chat() for _ in range(cpus.usable())]
    for chat in busy:
        wait_for_status(api, chat, api.push_command(chat, "/train 2000"), done=1000)
    queued = new_chat()
    mark = api.push_command(queued, "/train 2000")
    status = wait_for_status(api, queued, mark)
    assert status.method == "sendMessage" and status.params["text"] == EN("progress-starting")
    message_id = status.result["message_id"]
    assert bot.send(busy[0], "/stop").params["text"] == EN("stopping")  # a slot comes free
    edit = api.wait_for(
        lambda r: r.method == "editMessageText" and r.chat_id == queued, status.index
    )
    shown = EN("progress", done=1000, total=2000, percent=50)
    assert edit.ok and edit.params["message_id"] == message_id and edit.params["text"] == shown
    assert api.message(queued, message_id)["text"] == shown
    for chat in (queued, *busy[1:]):
        assert bot.send(chat, "/stop").params["text"] == EN("stopping")
    for chat in (queued, *busy):
        photo = api.wait_for(lambda r, c=chat: r.ok and r.method == "sendPhoto" and r.chat_id == c)
        assert photo.params["caption"].startswith("Stopped after 1000 of 2000 epochs")


def plotting_processes(pid: int) -> int:
    """How many plotting processes (multiprocessing's spawned workers) the process `pid` has."""
    children = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listed:
            children += listed.read().split()
    count = 0
    for child in children:
        with contextlib.suppress(FileNotFoundError), open(f"/proc/{child}/cmdline", "rb") as cmd:
            count += b"spawn_main" in cmd.read()
    return count


def test_the_bot_draws_with_as_many_plotting_processes_as_bot_plot_processes_says(bot, chat):
    assert bot.send(chat, "/fit").method == "sendPhoto"  # the pool has started
    assert plotting_processes(bot.process.pid) == 1  # BOT_PLOT_PROCESSES=1 (tests/e2e/conftest)
