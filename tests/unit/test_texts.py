"""The catalogue's longest replies still fit Telegram's limits, whole, in every language."""

import itertools

import numpy as np
import pytest

from bot.text import formatting, i18n
from model import Architecture, Dataset, ModelError
from model.limits import MAX_ABS_VALUE, MAX_POINTS
from model.results import weights_report

CATALOGUES = [pytest.param(i18n.catalogue(code), id=code) for code in i18n.LANGUAGES]


@pytest.mark.parametrize("t", CATALOGUES)
def test_a_full_dataset_of_lesson_sized_numbers_is_listed_with_the_formula(t):
    data = Dataset((), ())
    for c in range(-50, 150):
        data = data.add(c, c * 1.8 + 32)
    what = t("data-added", celsius="149", fahrenheit="300.2")
    listing = formatting.dataset(t, data, what)
    assert len(listing) <= formatting.MAX_MESSAGE
    assert listing.count("\n") == MAX_POINTS + 1
    assert listing.split("\n")[:2] == [what, t("data-heading-formula", count=MAX_POINTS)]
    assert "\n149 → 300.2 (300.20)" in listing and "\n-50 → -58 (-58.00)" in listing


@pytest.mark.parametrize("t", CATALOGUES)
def test_a_full_dataset_too_long_with_the_formula_lists_every_point_without_it(t):
    data = Dataset((), ())
    for i in range(MAX_POINTS):
        data = data.add(-MAX_ABS_VALUE + i * 4321.123, MAX_ABS_VALUE - i * 1234.567)
    listing = formatting.dataset(t, data, t("data-added", celsius="1", fahrenheit="2"))
    assert len(listing) <= formatting.MAX_MESSAGE
    head, *points = listing.split("\n")[1:]
    assert head == t("data-heading", count=MAX_POINTS)
    assert len(points) == MAX_POINTS
    assert points[1] == "-995679 → 998765"  # whole, six significant digits


def test_english_counts_one_point_and_many_points():
    t = i18n.catalogue("en")
    one = formatting.dataset(t, Dataset((5.0,), (41.0,)))
    assert one.split("\n")[0] == "1 training point (°C → °F, formula in brackets):"
    assert formatting.dataset(t, Dataset((), ())).split("\n")[0] == "0 training points."
    assert formatting.dataset(t, Dataset()).startswith("7 training points (")


def test_model_errors_are_worded_in_the_chats_language_with_numbers_alike():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    diverged = ModelError("diverged", epoch=3, loss="nan", suggested_lr=0.001)
    assert formatting.error(en, diverged).startswith(
        "Training diverged at epoch 3: the loss became NaN."
    )
    assert "lr=0.001" in formatting.error(en, diverged) and "lr=0.001" in formatting.error(
        zh, diverged
    )
    assert "3" in formatting.error(zh, diverged) and "NaN" in formatting.error(zh, diverged)
    infinite = ModelError("diverged", epoch=3, loss="inf", suggested_lr=0.001)
    assert "infinite" in formatting.error(en, infinite) and "无穷大" in formatting.error(
        zh, infinite
    )
    value_range = ModelError("value_range", max=1e6)
    assert "between -1e+06 and 1e+06" in formatting.error(en, value_range)
    assert "-1e+06" in formatting.error(zh, value_range)
    assert formatting.error(en, ModelError("lr_range", min="1e-06", max=1.0)).endswith(
        "1e-06 to 1."
    )
    busy = ModelError("busy")
    assert (
        formatting.error(en, busy)
        == en("error-busy")
        != formatting.error(zh, busy)
        == zh("error-busy")
    )


def test_clip_counts_utf16_units_as_telegram_does_and_never_halves_a_character():
    text = "🌡" * 3000  # 3,000 characters, 6,000 UTF-16 units
    clipped = formatting.clip(text)
    assert formatting.utf16_length(clipped) <= formatting.MAX_MESSAGE and clipped.endswith("…")
    assert set(clipped[:-1]) == {"🌡"}  # no lone surrogate left where the cut fell
    assert formatting.clip("°" * 4096) == "°" * 4096  # one unit each: fits exactly


def test_fit_lines_drops_items_from_the_end_and_says_how_many():
    items = [f"{i}. {'x' * 100}" for i in range(60)]
    text = formatting.fit_lines(["head"], items, ["tail"], lambda n: f"+{n} more", limit=1000)
    lines = text.split("\n")
    assert len(text) <= 1000 and lines[0] == "head" and lines[-1] == "tail"
    shown = lines[1:-2]
    assert shown == items[: len(shown)] and lines[-2] == f"+{60 - len(shown)} more"
    assert formatting.fit_lines(["a"], ["b"], ["c"], lambda n: "?") == "a\nb\nc"


def test_a_name_is_isolated_so_it_cannot_reorder_its_line():
    line = formatting.person("\u202eevil")
    assert line == "\u2068\u202eevil\u2069"


def test_the_lesson_plan_names_the_same_commands_in_every_language():
    from bot.features import teach

    def commands(language, key):
        text = i18n.catalogue(language)(key, slack="0.25", done="D", keep="K")
        return [line.strip() for line in text.splitlines() if line.strip().startswith("/")]

    for key in teach.STEP_TEXTS:
        assert commands("en", key), key
        for language in i18n.LANGUAGES:
            assert commands(language, key) == commands("en", key), (language, key)


@pytest.mark.parametrize("t", CATALOGUES)
def test_the_tune_picture_is_titled_as_the_class_line_not_the_models(t):
    labels = formatting.tune_labels(t)
    assert (labels.fit_title, labels.model) == (t("plot-tune-title"), t("plot-tune-line"))
    assert labels.fit_title != formatting.plot_labels(t).fit_title
    if t.language != i18n.DEFAULT_LANGUAGE:  # drawn in English where the script can't be
        assert labels.fallback.fit_title == i18n.catalogue("en")("plot-tune-title")


@pytest.mark.parametrize("t", CATALOGUES)
@pytest.mark.parametrize("hidden", [(20, 20), (64, 64, 64, 64)])
def test_weights_of_a_wide_network_are_listed_and_cut_to_one_message(t, hidden):
    """A 20×20 layer's kernel alone is over Fluent's 2,500 characters a placeable: the layers
    are still listed, from the first number on, in one message."""
    architecture = Architecture(hidden, "relu")
    sizes = (1, *hidden, 1)
    rng = np.random.default_rng(0)
    weights = []
    for rows, columns in itertools.pairwise(sizes):
        weights += [
            rng.normal(size=(rows, columns)).astype(np.float32),
            np.zeros(columns, np.float32),
        ]
    report = weights_report(architecture, weights, shared=False)
    text = formatting.weights(t, report)
    first = formatting.number(float(weights[0][0, 0]), 3)
    assert (
        t("weights-layer", index=1, rows=1, columns=hidden[0], kernel=first, bias="").split(first)[
            0
        ]
        in text
    )
    assert f"[{first} " in text
    assert formatting.utf16_length(text) <= formatting.MAX_MESSAGE
