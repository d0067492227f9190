"""/race: fresh copies from the same initial weights, one compiled training each, side by side;
the chat's own model never changes; one picture overlays the curves."""

import warnings

import numpy as np
import pytest

from bot.features import race
from bot.text import formatting, i18n
from model import ModelError, TrainSettings, plots
from model.results import RaceRun, Runner, race_winner


async def test_runners_start_from_the_same_weights_and_the_chat_keeps_its_model(service, chat_id):
    await service.train(chat_id, TrainSettings(epochs=30, seed=2))
    before = [w.copy() for w in service.session(chat_id).weights]
    history = service.history(chat_id).copy()
    runners = [Runner("adam", lr) for lr in (0.001, 0.01, 0.1, 1.0)]
    runs = await service.race(chat_id, runners, 200, seed=5)
    assert [run.runner for run in runs] == runners
    assert len({float(run.losses[0]) for run in runs}) == 1  # the same start, the same first loss
    assert all(len(run.losses) == 200 and run.diverged_at is None for run in runs)
    assert race_winner(runs).runner.learning_rate in (0.1, 1.0)
    for a, b in zip(before, service.session(chat_id).weights):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(history, service.history(chat_id))


async def test_a_race_equals_trainings_from_the_same_start(service, chat_id):
    (run,) = [
        r
        for r in await service.race(
            chat_id, [Runner("sgd", 0.001), Runner("adam", 0.1)], 50, seed=9
        )
        if r.runner.optimizer == "adam"
    ]
    result = await service.train(chat_id + 1, TrainSettings(epochs=50, seed=9))
    np.testing.assert_allclose(run.losses, result.losses, rtol=1e-6)


async def test_sgd_at_a_large_rate_diverges_where_the_loss_stops_being_finite(service, chat_id):
    runs = await service.race(chat_id, [Runner("sgd", 0.01), Runner("adam", 0.01)], 300, seed=1)
    sgd, adam = runs
    assert sgd.diverged_at is not None and len(sgd.losses) == sgd.diverged_at - 1
    assert np.isfinite(sgd.losses).all() and adam.diverged_at is None
    assert race_winner(runs) is adam
    assert race_winner([sgd]) is None


@pytest.mark.parametrize(
    "runners",
    [[Runner("adam", 0.1)], [Runner("adam", 0.1)] * 2, [Runner("adam", r) for r in range(1, 8)]],
)
async def test_a_race_has_2_to_6_different_runners(service, chat_id, runners):
    with pytest.raises(ModelError) as error:
        await service.race(chat_id, runners, 100)
    assert error.value.key == "race_size"


def test_a_diverging_run_does_not_squash_the_others_curves_flat():
    # States built here, not trained: the same picture on every machine.
    steady = np.geomspace(3000.0, 2.0, 200)
    blowing_up = np.geomspace(3000.0, 1e36, 40)
    runs = [
        RaceRun(Runner("sgd", 0.01), blowing_up, diverged_at=41),
        RaceRun(Runner("adam", 0.01), steady, diverged_at=None),
    ]
    figure = plots.race_figure(runs, formatting.plot_labels(i18n.catalogue("en")), ["a", "b"])
    axes = figure.axes[0]
    low, high = axes.get_ylim()
    assert high <= 3000.0 * 10 and low <= 2.0  # the steady run fills the picture
    (cross,) = figure.findobj(lambda a: a.get_gid() == "diverged0")
    assert cross.get_xdata()[0] == 41 and cross.get_ydata()[0] <= high  # still shown
    alone = plots.race_figure(runs[1:], formatting.plot_labels(i18n.catalogue("en")), ["b"])
    assert alone.axes[0].get_ylim()[1] < 3000.0 * 10  # nothing diverged: the axis fits all


async def test_a_runners_settings_are_checked_like_a_trainings(service, chat_id):
    with pytest.raises(ModelError) as error:
        await service.race(chat_id, [Runner("adam", 0.1), Runner("adam", 2.0)], 100)
    assert error.value.key == "lr_range"


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_the_race_picture_overlays_every_curve_and_marks_divergence(
    service, chat_id, language
):
    runs = await service.race(chat_id, [Runner("sgd", 0.01), Runner("sgd", 0.001)], 300, seed=1)
    t = i18n.catalogue(language)
    names = race.race_names(t, runs, "lr")
    legend = race.race_legend(t, runs, names)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the fonts would raise
        figure = plots.race_figure(runs, formatting.plot_labels(t), legend)
        png = plots.render_png(figure)
    axes = figure.axes[0]
    for index, run in enumerate(runs):
        (line,) = figure.findobj(lambda a, i=index: a.get_gid() == f"run{i}")
        np.testing.assert_array_equal(line.get_ydata(), run.losses)
    assert [text.get_text() for text in axes.get_legend().get_texts()] == legend
    assert legend[0] == t("race-legend-diverged", name=names[0], epoch=runs[0].diverged_at)
    crosses = [line for line in axes.get_lines() if line.get_marker() == "x"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == runs[0].diverged_at
    assert axes.get_yscale() == "log" and axes.get_title() == t("plot-race-title")
    assert png.startswith(b"\x89PNG")
