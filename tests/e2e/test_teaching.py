"""The teaching commands over real HTTP: /step up close, /animate, /why, the line behind /weights,
the caption reading the loss curve, and the buttons under a training."""

import io
import re

import numpy as np
import pytest
from PIL import Image, ImageSequence

from bot.text import i18n
from bot.text.formatting import utf16_length
from tests.catalogue import NUMBER, captured, shaped
from tests.e2e.conftest import new_group
from tests.states import DEEP, dead_relu_session, deep_session, full_data_session

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")
DEAD_RELU_CHAT = 8_801  # stored before the bot starts; new_chat() hands out ids from 1001
FULL_DATA_CHAT = 8_802  # stored too: 200 points that print long
DEEP_CHAT = 8_803  # stored too: a trained 1-16-16-16-16-1 network
STORED_SESSIONS = {  # stored before the shared bot starts
    DEAD_RELU_CHAT: dead_relu_session(),
    FULL_DATA_CHAT: full_data_session(),
    DEEP_CHAT: deep_session(),
}
TRAINING_BUTTONS = ["/train 500", "/step", "/lr x0.1", "/lr x10", "/weights", "/fit", "/animate"]


def buttons(request) -> list[str]:
    markup = request.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def numbers(line: str) -> list[float]:
    return [float(n) for n in re.findall(NUMBER, line)]


def press(bot, chat: int, message_id: int, data: str, user: int | None = None, forged=False):
    """Press a button; the answerCallbackQuery, and the mark to wait for what follows."""
    mark, query = bot.api.push_callback_query(chat, message_id, data, user, forged=forged)
    answer = bot.api.wait_for(
        lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query,
        mark,
    )
    assert answer.ok
    return answer, mark


def test_step_explains_one_epoch_of_dense_1_with_its_gradients(bot, chat):
    caption = bot.send(chat, "/train 20 seed=3").params["caption"].split("\n")
    reply = bot.send(chat, "/step")
    lines = reply.params["text"].split("\n")
    assert shaped(EN, "step-head", epochs=1, optimizer="adam", lr="0.1").fullmatch(lines[0])
    assert shaped(EN, "step-epoch", epoch=21).fullmatch(lines[1])
    # "The loss now" is one number: where the training ended is where the step begins.
    now = captured(EN, "loss-change", caption[1])["last"]
    assert captured(EN, "step-epoch", lines[1], epoch="21")["before"] == now
    assert shaped(EN, "step-weight").fullmatch(lines[2]), lines[2]
    assert shaped(EN, "step-bias").fullmatch(lines[3]), lines[3]
    before, after, grad, update = numbers(lines[3].split(":", 1)[1])
    assert after - before == pytest.approx(update, abs=2e-4)
    side = "step-too-low" if grad < 0 else "step-too-high"
    assert shaped(EN, side).fullmatch(lines[4]), lines[4]
    assert lines[5].startswith("Adam sizes each step") and lines[-1] == EN("step-more")
    assert buttons(reply) == TRAINING_BUTTONS
    assert len(bot.api.message(chat, reply.result["message_id"])["text"]) > 0


def test_step_n_on_a_4_4_1_network_shows_each_layer_and_the_epochs_between(bot, chat):
    bot.send(chat, "/layers 4 4 tanh")
    reply = bot.send(chat, "/step 5")
    lines = reply.params["text"].split("\n")
    assert shaped(EN, "step-head", epochs=5, optimizer="adam", lr="0.1").fullmatch(lines[0])
    assert lines[1] == EN("step-fresh")
    assert shaped(EN, "step-epoch", epoch=1).fullmatch(lines[2])
    layer_lines = [line for line in lines if line.startswith("Layer ")]
    assert len(layer_lines) == 6  # three Dense layers, first and last epoch
    assert all(shaped(EN, "step-layer").fullmatch(line) for line in layer_lines), layer_lines
    assert any(shaped(EN, "step-between", first=2, last=4).fullmatch(line) for line in lines)
    assert shaped(EN, "step-epoch", epoch=5).fullmatch(lines[lines.index(layer_lines[3]) - 1])
    plot = bot.send(chat, "/plot")  # the steps are the chat's loss history now
    assert plot.params["caption"].startswith("Loss over 5 epochs")


def test_epochs_count_on_across_trainings_and_steps(bot, chat):
    bot.send(chat, "/train 20 seed=3")
    bot.send(chat, "/train 30")  # a second fit: epochs 21 to 50
    lines = bot.send(chat, "/step 3").params["text"].split("\n")
    assert shaped(EN, "step-epoch", epoch=51).fullmatch(lines[1]), lines[1]
    assert any(shaped(EN, "step-between-line-one", first=52).fullmatch(line) for line in lines)
    assert sum(bool(shaped(EN, "step-epoch", epoch=53).fullmatch(line)) for line in lines) == 1


def test_step_in_chinese_and_out_of_range(bot, chat):
    reply = bot.send(chat, "/step 2", language_code="zh-hans")
    assert reply.params["text"].startswith("梯度下降 2 轮（adam，学习率 0.1）")
    assert bot.send(chat, "/step 51").params["text"] == EN("error-step_range", max=50)
    assert bot.send(chat, "/step x").params["text"] == EN("usage-not_a_number", word="x")


def test_landscape_draws_the_valley_and_the_last_trainings_path(bot, chat):
    bot.send(chat, "/train 300 seed=1")
    reply = bot.send(chat, "/landscape", timeout=60)
    assert reply.method == "sendPhoto" and reply.files["photo"].startswith(b"\x89PNG")
    caption = reply.params["caption"]
    assert caption.startswith(EN("landscape-head", ratio="583", steep="1119.2", flat="1.92"))
    assert EN("landscape-meaning", limit="0.0018", weight="1.7979", bias="31.95") in caption
    (line,) = [x for x in caption.splitlines() if shaped(EN, "landscape-path").fullmatch(x)]
    walked = captured(EN, "landscape-path", line)
    assert walked["epochs"] == 300 and 0 < walked["along"] < 100 and walked["b0"] == 0
    bot.send(chat, "/layers 2")
    assert bot.send(chat, "/landscape").params["text"] == EN("landscape-dense1", count=7)


def test_momentum_carries_sgd_past_the_rate_where_plain_sgd_explodes(bot, chat):
    plain = bot.send(chat, "/train optimizer=sgd lr=0.003 seed=1").params["text"]
    assert shaped(EN, "error-diverged").fullmatch(plain), plain
    caption = bot.send(chat, "/train optimizer=sgd momentum=0.9 lr=0.003 seed=1")
    lines = caption.params["caption"].split("\n")
    assert lines[0] == EN("trained-head", epochs=500, optimizer="sgd momentum=0.9", lr="0.003")
    assert captured(EN, "loss-change", lines[1])["last"] < 0.0631  # the best is 0.06305
    why = bot.send(chat, "/why").params["text"].split("\n")
    assert EN("why-momentum-stable", momentum="0.9", limit="0.0034", lr="0.003") in why
    bot.send(chat, "/train 5 seed=1")  # early on, where the velocity is large
    step = bot.send(chat, "/step").params["text"].split("\n")
    (velocity,) = [x for x in step if shaped(EN, "step-momentum").fullmatch(x)]
    told = captured(EN, "step-momentum", velocity)
    # Keras's rule, with the numbers the line itself shows: v = β·v₀ − lr·g, and the bias moves v.
    assert told["momentum"] == 0.9 and abs(told["velocity"]) > 0.01
    assert told["velocity"] == pytest.approx(told["update"], abs=2e-4)
    assert told["velocity"] == pytest.approx(
        0.9 * told["previous"] - 0.003 * told["gradient"], abs=2e-4
    )
    nesterov = bot.send(chat, "/train 10 nesterov=yes").params["caption"].split("\n")[0]
    assert nesterov == EN(
        "trained-head", epochs=10, optimizer="sgd momentum=0.9 nesterov", lr="0.003"
    )
    refused = bot.send(chat, "/train optimizer=adam momentum=0.9").params["text"]
    assert refused == EN("error-momentum_sgd_only", optimizer="adam")


def test_mini_batches_count_their_updates_and_why_counts_the_lessons(bot, chat):
    lines = bot.send(chat, "/train epochs=10 batch=1").params["caption"].split("\n")
    assert lines[1] == EN("updates-line", epochs=10, batches=7, size=1, updates="70")
    three = bot.send(chat, "/train epochs=500 batch=3 seed=2").params["caption"].split("\n")
    assert three[1] == EN("updates-line", epochs=500, batches=3, size=3, updates="1,500")
    again = bot.send(chat, "/train epochs=500 batch=3 seed=2").params["caption"].split("\n")
    assert again[2] == three[2]  # reshuffled every epoch, the same way for the same seed
    whole = bot.send(chat, "/train epochs=10 batch=7").params["caption"].split("\n")
    assert not shaped(EN, "updates-line").fullmatch(whole[1])  # one batch: one update an epoch
    why = bot.send(chat, "/why").params["text"].split("\n")
    assert why[-1] == EN("why-updates", epochs="500", examples=7, product="3,500")
    assert bot.send(chat, "/train batch=8").params["text"] == EN("error-batch_range", max=7)


def test_landscape_compare_ranks_four_optimizers_from_the_last_trainings_start(bot, chat):
    bot.send(chat, "/train 300 seed=1")
    start = captured(
        EN, "landscape-path", bot.send(chat, "/landscape").params["caption"].split("\n")[2]
    )
    reply = bot.send(chat, "/landscape compare", timeout=120)
    assert reply.method == "sendPhoto" and reply.files["photo"].startswith(b"\x89PNG")
    lines = reply.params["caption"].split("\n")
    head = captured(EN, "landscape-compare-head", lines[0])
    assert (head["w0"], head["b0"], head["epochs"]) == (start["w0"], start["b0"], 500)
    names = [re.match(r"\d+\. (.+?): loss", line).group(1) for line in lines[1:5]]
    left = [re.search(r"([<\d.e-]+) % of the way", line).group(1) for line in lines[1:5]]
    ranked = [
        captured(EN, "landscape-compare-run", line, name=name, along=along)
        for line, name, along in zip(lines[1:5], names, left)
    ]
    assert sorted(names) == sorted(
        EN("race-name-optimizer", optimizer=o, lr=lr)
        for o, lr in [("sgd", "0.0016"), ("sgd momentum=0.9", "0.0016"),
                      ("rmsprop", "0.1"), ("adam", "0.1")]
    )  # fmt: skip
    losses = [r["loss"] for r in ranked]
    assert losses == sorted(losses) and [r["rank"] for r in ranked] == [1, 2, 3, 4]
    # The same rate with momentum gets further along the valley than without it.
    assert names.index(EN("race-name-optimizer", optimizer="sgd momentum=0.9", lr="0.0016")) < (
        names.index(EN("race-name-optimizer", optimizer="sgd", lr="0.0016"))
    )
    assert lines[5] == EN("landscape-compare-why", sgd="0.0016", limit="0.0018",
                          momentum_limit="0.0034")  # fmt: skip
    usage = bot.send(chat, "/landscape sideways").params["text"]
    assert usage == EN("usage-landscape_usage")


def test_race_batch_races_mini_batch_sizes(bot, chat):
    reply = bot.send(chat, "/race batch 1 2 7 epochs=100", timeout=120)
    lines = reply.params["caption"].split("\n")
    names = [EN("race-name-batch", size=s, updates=u) for s, u in [(1, 7), (2, 4), (7, 1)]]
    for line, name in zip(lines[1:4], names):
        assert shaped(EN, "race-run", name=name).fullmatch(line), line
    assert bot.send(chat, "/race batch 1 9").params["text"] == EN("error-batch_range", max=7)


def test_normalize_makes_the_valley_round_and_plain_sgd_fast(bot, chat, tmp_path):
    import keras  # the test process's own Keras, to load what the bot exported

    celsius = np.array([-40, -10, 0, 8, 15, 22, 38], np.float32)
    mean, sigma = f"{np.mean(celsius):.4f}", f"{np.sqrt(np.var(celsius)):.4f}"
    assert bot.send(chat, "/normalize").params["text"] == EN(
        "normalize-state-off", layers="Dense(1)"
    )
    layers = "Normalization → Dense(1)"
    on = bot.send(chat, "/normalize on").params["text"]
    assert on == EN("normalize-on", layers=layers, mean=mean, sigma=sigma)
    caption = bot.send(chat, "/train 100 optimizer=sgd lr=0.1 seed=1").params["caption"]
    assert captured(EN, "loss-change", caption.split("\n")[1])["last"] <= 1.1 * 0.06305
    landscape = bot.send(chat, "/landscape").params["caption"].split("\n")
    assert captured(EN, "landscape-round-head", landscape[0])["ratio"] == 1
    weights = bot.send(chat, "/weights").params["text"].split("\n")
    (line,) = [x for x in weights if shaped(EN, "weights-normalized-line").fullmatch(x)]
    told = captured(EN, "weights-normalized-line", line, mean=mean, sigma=sigma)
    assert told["slope"] == pytest.approx(told["weight"] / float(sigma), abs=1e-3)
    assert told["slope"] == pytest.approx(1.7979, abs=2e-3)  # the best line, in °C
    path = tmp_path / "normalized.keras"
    path.write_bytes(bot.send(chat, "/export").files["document"])
    model = keras.models.load_model(path)
    assert any(isinstance(layer, keras.layers.Normalization) for layer in model.layers)
    said = bot.send(chat, "/convert 100 -40").params["text"].split("\n")
    ours = [
        captured(EN, "conversion-line", x, celsius=c)["model"] for x, c in zip(said, ("100", "-40"))
    ]
    theirs = model.predict(np.array([[100.0], [-40.0]]), verbose=0)[:, 0]
    np.testing.assert_allclose(ours, theirs, atol=0.01)
    bot.send(chat, "/data add 100 212")  # the layer adapts to the new °C
    state = bot.send(chat, "/normalize").params["text"]
    moved = np.append(celsius, np.float32(100))
    assert state == EN(
        "normalize-state-on",
        layers=layers,
        mean=f"{np.mean(moved):.4f}",
        sigma=f"{np.sqrt(np.var(moved)):.4f}",
    )
    assert bot.send(chat, "/normalize off").params["text"] == EN("normalize-off", layers="Dense(1)")
    assert bot.send(chat, "/normalize sideways").params["text"] == EN("usage-normalize_usage")


def test_animate_sends_a_gif_of_the_last_training(bot, chat):
    bot.send(chat, "/train 300 seed=1")
    reply = bot.send(chat, "/animate", timeout=60)
    assert reply.method == "sendAnimation"
    gif = reply.files["animation"]
    assert gif.startswith(b"GIF8") and len(gif) < 2_000_000
    image = Image.open(io.BytesIO(gif))
    frames = list(ImageSequence.Iterator(image))
    assert len(frames) >= 10 and image.size[0] >= 480
    caption = reply.params["caption"]
    assert shaped(EN, "animate-caption", frames=len(frames), epochs=300).fullmatch(caption)


def test_animate_without_a_training_animates_a_fresh_one(bot, chat):
    reply = bot.send(chat, "/animate", language_code="zh-hans", timeout=60)
    assert reply.method == "sendAnimation"
    assert reply.params["caption"].endswith(ZH("animate-fresh"))
    assert "missing from font" not in bot.log()
    assert bot.send(chat, "/weights").params["text"].endswith(EN("shared-note"))


def test_weights_of_a_linear_1_2_1_network_show_the_line_convert_follows(bot, chat):
    bot.send(chat, "/layers 2")
    bot.send(chat, "/train 300 seed=2")
    text = bot.send(chat, "/weights").params["text"]
    (line,) = [x for x in text.split("\n") if shaped(EN, "weights-network-line").fullmatch(x)]
    slope, intercept = numbers(line.split("=", 1)[1])
    answer = bot.send(chat, "/convert 100 -40").params["text"].split("\n")
    assert float(re.search(r"→ (" + NUMBER + ") °F", answer[0]).group(1)) == pytest.approx(
        slope * 100 + intercept, abs=0.02
    )
    assert float(re.search(r"→ (" + NUMBER + ") °F", answer[1]).group(1)) == pytest.approx(
        slope * -40 + intercept, abs=0.02
    )


def test_why_uses_the_least_squares_line_of_the_chats_own_data(bot, chat):
    text = bot.send(chat, "/why").params["text"]
    lesson_slope, lesson_intercept = np.polyfit(
        [-40, -10, 0, 8, 15, 22, 38], [-40, 14, 32, 46, 59, 72, 100], 1
    )
    assert "(46.4 → 46, 71.6 → 72, 100.4 → 100)" in text
    assert f"f = {lesson_slope:.4f}·c + {lesson_intercept:.4f}, not 1.8·c + 32" in text
    bot.send(chat, "/data add 100 215")
    bot.send(chat, "/data remove -40")
    lines = bot.send(chat, "/why").params["text"].split("\n")
    celsius = [-10, 0, 8, 15, 22, 38, 100]
    fahrenheit = [14, 32, 46, 59, 72, 100, 215]
    slope, intercept = np.polyfit(celsius, fahrenheit, 1)
    first = lines[0]
    assert f"{slope:.4f}·c + {intercept:.4f}" in first, first


def test_why_never_tells_a_bent_network_it_cannot_beat_the_best_line(bot, chat):
    lines = bot.send(chat, "/why").params["text"].split("\n")
    assert shaped(EN, "why-training").fullmatch(lines[2]), lines  # one line: held to the best
    bot.send(chat, "/layers 4 4 relu")
    bot.send(chat, "/train 20")  # until it trains, the chat answers with the shared Dense(1)
    lines = bot.send(chat, "/why").params["text"].split("\n")
    assert lines[2] == EN("why-training-curve", best="0.06305"), lines
    assert not any(shaped(EN, "why-training").fullmatch(line) for line in lines)


def test_data_of_200_long_points_is_cut_to_one_message(bot):
    # Even without the formula beside each, the 200 points pass Telegram's 4,096 units.
    text = bot.send(FULL_DATA_CHAT, "/data").params["text"]
    lines = text.split("\n")
    assert lines[0] == EN("data-heading", count=200)
    assert lines[1:3] == ["-0.123456 → -0.654321", "-0.123457 → -0.654321"]
    assert 4096 - 25 < utf16_length(text) <= 4096 and text.endswith("…")


def test_weights_of_a_deep_network_in_chinese_are_cut_to_one_message(bot):
    text = bot.send(DEEP_CHAT, "/weights", language_code="zh-hans").params["text"]
    heading, *layers = text.split("\n")  # layers 1 to 3 whole, the 4th cut at 4,096 units
    assert heading == ZH("weights-heading", architecture=DEEP.describe(), count=865)
    assert len(layers) == 4
    for index, line in enumerate(layers, 1):
        shown = ZH(
            "weights-layer",
            index=index,
            rows=1 if index == 1 else 16,
            columns=16,
            kernel="K",
            bias="B",
        )
        assert line.startswith(shown.split("K")[0]), line
    assert 4096 - 2 <= utf16_length(text) <= 4096 and text.endswith("…")


def reading(bot, chat: int, command: str) -> list[str]:
    """The caption lines from the curve's reading on, up to the run's seed and time (last)."""
    lines = bot.send(chat, command).params["caption"].split("\n")
    assert shaped(EN, "run-details").fullmatch(lines[-1]), lines[-1]
    return lines[4:-1]


def test_a_caption_reads_a_curve_still_falling_with_the_best_line_beside_it(bot, chat):
    falling = reading(bot, chat, "/train 50 seed=1")
    assert falling[0] == EN("reading-falling")
    best = shaped(EN, "best-line", slope="1.7979", intercept="31.9525").fullmatch(falling[1])
    assert best, falling[1]


def test_a_caption_reads_a_curve_levelled_near_the_best_these_points_allow(bot, chat):
    assert reading(bot, chat, "/train 1000 seed=1")[0] == EN(
        "reading-levelled-best", best="0.06305"
    )


def test_a_caption_reads_a_rising_curve_as_too_large_a_learning_rate(bot, chat):
    rising = reading(bot, chat, "/train 100 optimizer=sgd lr=0.0018 seed=1")
    assert rising[0] == EN("reading-unstable", lr="0.00018")


def test_a_caption_reads_dead_relu_units_as_stuck(bot):
    # The chat's ReLU units were left dead (tests.states): no seed, or the training would start
    # from fresh weights. They stay dead whatever the optimizer.
    stuck = reading(bot, DEAD_RELU_CHAT, "/train 200 optimizer=rmsprop lr=1")
    assert stuck[0] == EN("reading-stuck") and len(stuck) == 1  # a bent network: no best line
    assert bot.send(DEAD_RELU_CHAT, "/train 50").params["caption"].split("\n")[4] == stuck[0]


def test_a_diverged_training_is_rolled_back_and_says_what_to_try(bot, chat):
    reply = bot.send(chat, "/train optimizer=sgd lr=0.01 seed=1")
    assert shaped(EN, "error-diverged", loss="inf", suggested_lr="0.001").fullmatch(
        reply.params["text"]
    ) or shaped(EN, "error-diverged", loss="nan", suggested_lr="0.001").fullmatch(
        reply.params["text"]
    )
    assert bot.send(chat, "/weights").params["text"].endswith(EN("shared-note"))


def test_a_button_press_runs_its_command_and_is_answered(bot, chat):
    photo = bot.send(chat, "/train 30 seed=4")
    assert buttons(photo) == TRAINING_BUTTONS
    answer, mark = press(bot, chat, photo.result["message_id"], "/step")
    assert answer.params["text"] == "/step"
    reply = bot.api.wait_reply(chat, mark)
    assert shaped(EN, "step-epoch", epoch=31).fullmatch(reply.params["text"].split("\n")[1])
    # The learning-rate buttons change the chat's next training, and say so.
    _, mark = press(bot, chat, photo.result["message_id"], "/lr x0.1")
    assert bot.api.wait_reply(chat, mark).params["text"] == EN("lr-set", lr="0.01", old="0.1")
    caption = bot.send(chat, "/train 10").params["caption"]
    assert "(adam, lr 0.01)." in caption
    _, mark = press(bot, chat, photo.result["message_id"], "/train 500")
    more = bot.api.wait_reply(chat, mark)
    assert (
        more.method == "sendPhoto"
        and "Trained 500 epochs (adam, lr 0.01)." in more.params["caption"]
    )


@pytest.mark.parametrize("data", ["/rm -rf", "hello", "/train 500 " + "9" * 60, "/stats", ""])
def test_a_forged_or_foreign_press_gets_a_short_answer(bot, chat, data):
    photo = bot.send(chat, "/train 5 seed=1")
    answer, mark = press(bot, chat, photo.result["message_id"], data or "x", forged=True)
    assert answer.params["text"] == EN("button-stale")
    assert not bot.api.delivered(chat, mark)


def test_a_stale_argument_in_a_button_gets_the_usual_refusal(bot, chat):
    photo = bot.send(chat, "/train 5 seed=1")
    answer, mark = press(bot, chat, photo.result["message_id"], "/train 99999", forged=True)
    assert answer.params["text"] == "/train 99999"
    assert bot.api.wait_reply(chat, mark).params["text"] == EN("error-epochs_range", max=10000)


def test_a_locked_groups_student_press_is_refused_and_nothing_trains(bot):
    group, teacher, student = new_group(), 71, 72
    bot.api.chat_admins[group] = {teacher}
    photo = bot.send(group, "/train 5 seed=1", teacher, "supergroup")
    bot.send(group, "/lock", teacher, "supergroup")
    answer, mark = press(bot, group, photo.result["message_id"], "/train 500", student)
    assert (
        answer.params["text"] == EN("locked", command="train")
        and answer.params.get("show_alert") is True
    )
    bot.send(group, "/help", student, "supergroup")  # a later reply: nothing came before it
    assert not [r for r in bot.api.delivered(group, mark) if r.method == "sendPhoto"]
    answer, mark = press(bot, group, photo.result["message_id"], "/weights", student)
    assert answer.params["text"] == "/weights"  # reading stays open
    assert bot.api.wait_reply(group, mark).params["text"].startswith("Dense(1)")


def test_console_lists_the_buttons_as_commands(tmp_path):
    from tests.e2e.test_console import run_console

    out = run_console(tmp_path, "/train 5\n/quit\n").stdout
    assert EN("console-buttons", commands=" · ".join(TRAINING_BUTTONS)) in out.split("\n")
