"""What the two pictures show, read from the figures' artists before rendering; and, for each
picture, one render checked pixel by pixel with the helpers the end-to-end tests use."""

import dataclasses
import io
import itertools
import logging
import pickle
import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import same_color, to_rgb
from matplotlib.figure import Figure
from PIL import Image

from bot.text import formatting, i18n
from model import Dataset, plots
from model.dataset import fahrenheit, line_range
from model.plots import (
    DATA_COLOR,
    FORMULA_COLOR,
    LOSS_COLOR,
    MODEL_COLOR,
    SUBPLOT_ADJUST,
    fit_figure,
    fit_png,
    loss_curve_figure,
    loss_curve_png,
    render_png,
)
from tests.images import (
    COLOUR_TOLERANCE,
    EXPECTED_SIZE,
    assert_fit_png,
    assert_loss_curve_png,
    axes_box,
    colour_mask,
    decode_png,
)

TRAINING = np.geomspace(5000, 0.5, 500)  # a lesson's 500 epochs: the loss falls by decades
LABELS = formatting.plot_labels(i18n.catalogue("en"))


def artist(figure: Figure, gid: str):
    (found,) = figure.findobj(lambda a: a.get_gid() == gid)
    return found


def lesson_fit(predict=lambda c: 1.8 * c + 30, dataset=None) -> tuple[Figure, Dataset, np.ndarray]:
    dataset = Dataset() if dataset is None else dataset
    xs = line_range(dataset)
    return fit_figure(dataset, xs, predict(xs), LABELS), dataset, xs


def assert_view_contains(axes, xs, ys):
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    assert x0 <= np.min(xs) and np.max(xs) <= x1, ((x0, x1), (np.min(xs), np.max(xs)))
    assert y0 <= np.min(ys) and np.max(ys) <= y1, ((y0, y1), (np.min(ys), np.max(ys)))


def png_without(figure: Figure, *gids: str) -> bytes:
    """`figure` rendered after emptying the artists with these gids (their legend entries stay)."""
    for gid in gids:
        found = artist(figure, gid)
        if gid == "data":
            found.set_offsets(np.empty((0, 2)))
        else:
            found.set_data([], [])
    return render_png(figure)


# --- the loss curve --------------------------------------------------------------------------


def test_loss_curve_plots_each_loss_against_its_epoch_number_from_1():
    line = artist(loss_curve_figure(TRAINING, LABELS), "loss")
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 501))
    np.testing.assert_array_equal(line.get_ydata(), TRAINING)
    assert same_color(line.get_color(), LOSS_COLOR)


def test_a_later_trainings_curve_counts_its_epochs_on():
    line = artist(loss_curve_figure(TRAINING, LABELS, first_epoch=501), "loss")
    np.testing.assert_array_equal(line.get_xdata(), np.arange(501, 1001))
    assert line.axes.get_xlim()[1] >= 1000


def test_an_animations_counter_counts_on_from_earlier_trainings():
    labels = formatting.animation_labels(i18n.catalogue("en"), [0, 250, 500], before=500)
    assert labels.counters == ("Epoch 500 of 1000", "Epoch 750 of 1000", "Epoch 1000 of 1000")


@pytest.mark.parametrize(
    "losses",
    [TRAINING, [3.0], [1e-9, 2e-9], [10.0, 20.0, 40.0]],
    ids=["falling-by-decades", "one-epoch", "tiny", "rising"],
)
def test_loss_curve_is_on_a_log_scale_when_every_loss_is_positive(losses):
    loss_curve_figure([0.0, 1.0], LABELS)  # the shared figure was last linear
    axes = loss_curve_figure(losses, LABELS).axes[0]
    assert axes.get_yscale() == "log"
    assert_view_contains(axes, np.arange(1, len(losses) + 1), losses)


@pytest.mark.parametrize(
    "losses",
    [[0.0, 0.0], [5.0, 0.0], [4.0, -1.0, 2.0], []],
    ids=["all-zero", "reaching-zero", "negative", "no-epochs"],
)
def test_loss_curve_is_on_a_linear_scale_when_a_loss_is_zero_or_negative(losses):
    loss_curve_figure(TRAINING, LABELS)  # the shared figure was last logarithmic
    figure = loss_curve_figure(losses, LABELS)
    axes = figure.axes[0]
    assert axes.get_yscale() == "linear"
    np.testing.assert_array_equal(artist(figure, "loss").get_ydata(), losses)
    if losses:
        assert_view_contains(axes, np.arange(1, len(losses) + 1), losses)


def test_loss_curve_view_fits_the_latest_losses_not_an_earlier_plots():
    loss_curve_figure(TRAINING * 1000, LABELS)  # the shared figure: 500 epochs, losses up to 5e6
    axes = loss_curve_figure([8.0, 4.0, 2.0, 1.0], LABELS).axes[0]
    assert_view_contains(axes, [1, 4], [1.0, 8.0])
    assert axes.get_xlim()[1] < 5 and axes.get_ylim()[1] < 16


def test_loss_curve_shows_its_title_and_axis_labels():
    continued = dataclasses.replace(LABELS, loss_title="Training loss (continued)")
    axes = loss_curve_figure(TRAINING, continued).axes[0]
    assert axes.get_title() == "Training loss (continued)"
    assert loss_curve_figure(TRAINING, LABELS).axes[0].get_title() == "Training loss"
    assert axes.get_xlabel() == "Epoch" and axes.get_ylabel() == "Loss (mean squared error)"


def test_loss_curve_figure_is_reused_and_its_axes_sit_where_the_pixel_checks_look():
    # Reusing the figure is what makes a loss plot fast; tests/images.py relies on the position.
    first = loss_curve_figure([2.0, 1.0], LABELS)
    assert loss_curve_figure(TRAINING, LABELS) is first
    left, bottom, right, top = first.axes[0].get_position().extents
    adjust = SUBPLOT_ADJUST
    assert (left, bottom, right, top) == pytest.approx(
        (adjust["left"], adjust["bottom"], adjust["right"], adjust["top"])
    )


def test_loss_curve_png_is_704x528_with_the_curve_across_the_axes():
    image = assert_loss_curve_png(loss_curve_png(TRAINING, LABELS))
    assert image.size == (704, 528)  # 6.4×4.8 in at 110 dpi: legible on a phone


def test_loss_curve_png_draws_a_single_epoch_and_non_positive_losses():
    assert decode_png(loss_curve_png([3.0], LABELS)).size == EXPECTED_SIZE
    assert_loss_curve_png(loss_curve_png([0.0, 0.0], LABELS))


# --- the fit plot ----------------------------------------------------------------------------


def test_fit_model_line_is_the_given_predictions_at_the_given_celsius_values():
    figure, _, xs = lesson_fit(lambda c: 0.5 * c - 7)
    model = artist(figure, "model")
    np.testing.assert_array_equal(model.get_xdata(), xs)
    np.testing.assert_array_equal(model.get_ydata(), 0.5 * xs - 7)
    assert same_color(model.get_color(), MODEL_COLOR)


def test_fit_formula_line_is_1_8_c_plus_32_at_the_same_celsius_values():
    figure, _, xs = lesson_fit(lambda c: 0.5 * c - 7)
    formula = artist(figure, "formula")
    np.testing.assert_array_equal(formula.get_xdata(), xs)
    np.testing.assert_allclose(formula.get_ydata(), 1.8 * xs + 32)
    assert same_color(formula.get_color(), FORMULA_COLOR) and formula.get_linestyle() == "--"
    # Drawn over the model's line, so it stays visible where the model has learned it.
    assert formula.get_zorder() >= artist(figure, "model").get_zorder()
    assert figure.axes[0].lines.index(formula) > figure.axes[0].lines.index(artist(figure, "model"))


@pytest.mark.parametrize(
    "dataset",
    [Dataset(), Dataset((-5.0, 100.0, 37.0), (20.0, 200.0, 99.0)), Dataset((), ())],
    ids=["lesson", "edited", "empty"],
)
def test_fit_scatter_shows_exactly_the_datasets_points(dataset):
    figure, _, xs = lesson_fit(dataset=dataset)
    data = artist(figure, "data")
    np.testing.assert_array_equal(
        np.asarray(data.get_offsets()).reshape(-1, 2),
        np.column_stack([dataset.celsius, dataset.fahrenheit]).reshape(-1, 2),
    )
    assert same_color(data.get_facecolor()[0], DATA_COLOR)
    assert data.get_zorder() > artist(figure, "model").get_zorder()  # points on top of lines
    if len(dataset):
        ys = [*dataset.fahrenheit, *(1.8 * xs + 30), *(1.8 * xs + 32)]
        assert_view_contains(figure.axes[0], [*dataset.celsius, *xs], ys)


def test_fit_plot_has_a_title_axis_labels_and_a_legend_naming_each_artist():
    figure, _, _ = lesson_fit()
    axes = figure.axes[0]
    assert axes.get_title() == "What the model learned"
    assert "Celsius" in axes.get_xlabel() and "Fahrenheit" in axes.get_ylabel()
    names = ["Model", "Formula: f = 1.8·c + 32", "Training data"]
    assert [artist(figure, gid).get_label() for gid in ("model", "formula", "data")] == names
    assert [text.get_text() for text in axes.get_legend().get_texts()] == names
    assert fahrenheit(100) == 212


def test_fit_png_is_704x528_with_both_lines_across_the_axes_and_the_points():
    data = Dataset()
    xs = line_range(data)
    image = assert_fit_png(fit_png(data, xs, xs * 1.8 + 30, LABELS))
    assert image.size == (704, 528)


def test_line_range_spans_the_data_with_a_margin():
    xs = line_range(Dataset())
    assert len(xs) == 100 and xs.min() < -40 and xs.max() > 38
    assert list(line_range(Dataset((), ()), points=3)) == [-48.0, 0.0, 48.0]


def test_line_range_stays_within_the_value_limit():
    xs = line_range(Dataset((-1e6, 1e6), (0, 0)))
    assert xs.min() >= -1e6 and xs.max() <= 1e6


def test_plot_functions_can_be_sent_to_a_spawned_plotting_process():
    for function in (loss_curve_png, fit_png):
        assert pickle.loads(pickle.dumps(function)) is function


# --- the pixel checks of tests/images.py -----------------------------------------------------


def test_pixel_checks_look_inside_the_axes_rectangle_measured_from_the_top():
    image = decode_png(loss_curve_png(TRAINING, LABELS))
    box = axes_box(image)
    assert (box.left, box.top, box.right, box.bottom) == (99, 48, 682, 459)
    # Rows count from the top: the falling curve is high at the left and low at the right.
    mask = colour_mask(image, LOSS_COLOR)
    columns = np.flatnonzero(mask.any(axis=0))
    left_rows = np.flatnonzero(mask[:, columns[0]])
    right_rows = np.flatnonzero(mask[:, columns[-1]])
    assert left_rows.mean() < 0.15 * mask.shape[0] and right_rows.mean() > 0.85 * mask.shape[0]


def test_pixel_checks_accept_real_pictures():
    assert_loss_curve_png(loss_curve_png(TRAINING, LABELS))
    assert_loss_curve_png(loss_curve_png([10.0, 10.0], LABELS))  # flat
    assert_loss_curve_png(loss_curve_png(np.linspace(-50, 50, 30), LABELS))  # linear, rising
    for predict in (lambda c: 1.8 * c + 32, lambda c: 0 * c, lambda c: -3 * c + 500):
        assert_fit_png(render_png(lesson_fit(predict)[0]))  # learned, untrained, wild
    one_point = Dataset((10.0,), (50.0,))
    assert_fit_png(render_png(lesson_fit(dataset=one_point)[0]))


def blank_png(size=EXPECTED_SIZE) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "picture",
    [
        lambda: blank_png(),
        lambda: loss_curve_png([], LABELS),  # empty axes, with title, labels and ticks
        lambda: png_without(loss_curve_figure(TRAINING, LABELS), "loss"),
        lambda: fit_png(Dataset(), *[line_range(Dataset())] * 2, LABELS),  # a fit plot
    ],
    ids=["blank", "empty-axes", "line-without-data", "fit-plot"],
)
def test_loss_curve_check_rejects_a_picture_without_the_curve(picture):
    with pytest.raises(AssertionError, match="loss curve"):
        assert_loss_curve_png(picture())


def test_loss_curve_check_rejects_a_curve_drawn_with_a_gap():
    losses = TRAINING.copy()
    losses[100:400] = np.nan  # epochs 101..400 not drawn; the view still spans 1..500
    with pytest.raises(AssertionError, match="loss curve is drawn in only"):
        assert_loss_curve_png(loss_curve_png(losses, LABELS))


def test_loss_curve_check_rejects_a_curve_that_does_not_cross_the_axes():
    figure = loss_curve_figure(TRAINING, LABELS)
    # 500 epochs drawn over the left half only (auto=None: the next plot autoscales again)
    figure.axes[0].set_xlim(0, 1000, auto=None)
    with pytest.raises(AssertionError, match="should start at the left edge and end at the right"):
        assert_loss_curve_png(render_png(figure))


@pytest.mark.parametrize(
    "emptied, message",
    [
        ("model", "model's line"),
        ("formula", "formula's line"),
        ("data", "data points"),
    ],
    ids=["model", "formula", "data"],
)
def test_fit_check_rejects_a_plot_missing_one_artist_though_the_legend_shows_it(emptied, message):
    picture = png_without(lesson_fit()[0], emptied)
    with pytest.raises(AssertionError, match=message):
        assert_fit_png(picture)


@pytest.mark.parametrize(
    "picture",
    [
        lambda: blank_png(),
        lambda: loss_curve_png([], LABELS),
        lambda: loss_curve_png(TRAINING, LABELS),
    ],
    ids=["blank", "empty-axes", "loss-curve"],
)
def test_fit_check_rejects_a_picture_without_the_lines(picture):
    with pytest.raises(AssertionError, match="model's line"):
        assert_fit_png(picture())


def test_fit_check_rejects_points_too_small_to_see():
    figure, _, _ = lesson_fit()
    artist(figure, "data").set_sizes([1])  # every point a dot
    figure.axes[0].legend(fontsize=11, loc="upper left")  # and the legend's sample
    with pytest.raises(AssertionError, match="pixels of the data points' colour"):
        assert_fit_png(render_png(figure))


def test_fit_check_rejects_a_plot_whose_only_points_are_the_legends_samples():
    figure, _, _ = lesson_fit()
    artist(figure, "data").set_offsets(np.empty((0, 2)))
    figure.axes[0].legend(fontsize=11, loc="upper left", scatterpoints=3)  # as many pixels as data
    with pytest.raises(AssertionError, match="the data points' colour covers only"):
        assert_fit_png(render_png(figure))


def test_model_formula_and_data_colours_are_far_apart_for_the_pixel_checks():
    for one, other in itertools.combinations([MODEL_COLOR, FORMULA_COLOR, DATA_COLOR], 2):
        distance = np.linalg.norm((np.array(to_rgb(one)) - np.array(to_rgb(other))) * 255)
        assert distance > 2 * COLOUR_TOLERANCE, (one, other)


def test_pixel_checks_reject_another_size_or_format():
    with pytest.raises(AssertionError, match="size"):
        assert_loss_curve_png(blank_png((700, 528)))
    figure = loss_curve_figure(TRAINING, LABELS)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="jpeg")
    with pytest.raises(AssertionError, match="not a PNG"):
        assert_fit_png(buffer.getvalue())


# --- Chinese -----------------------------------------------------------------------------------

ZH_LABELS = formatting.plot_labels(i18n.catalogue("zh"))


@pytest.fixture
def missing_glyphs_fail():
    """matplotlib's "Glyph … missing from font(s)" warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_chinese_pictures_draw_every_glyph(missing_glyphs_fail):
    assert plots.CJK_FONT is not None, f"{plots.CJK_FONT_FILE} did not load"
    figure = loss_curve_figure(TRAINING, ZH_LABELS)
    assert figure.axes[0].get_title() == ZH_LABELS.loss_title != LABELS.loss_title
    assert_loss_curve_png(render_png(figure))
    figure = fit_figure(Dataset(), line_range(Dataset()), line_range(Dataset()) * 1.8, ZH_LABELS)
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert legend == [ZH_LABELS.model, ZH_LABELS.formula, ZH_LABELS.data]
    assert_fit_png(render_png(figure))


def test_a_character_the_font_lacks_is_caught(missing_glyphs_fail):
    """What the test above relies on: a glyph neither font has raises."""
    rare = dataclasses.replace(ZH_LABELS, loss_title="龘")
    with pytest.raises(UserWarning, match="missing from font"):
        render_png(loss_curve_figure(TRAINING, rare))


def test_chinese_labels_fall_back_to_english_without_the_font(monkeypatch):
    monkeypatch.setattr(plots, "CJK_FONT", None)
    assert loss_curve_figure(TRAINING, ZH_LABELS).axes[0].get_title() == LABELS.loss_title
    figure = fit_figure(Dataset(), line_range(Dataset()), line_range(Dataset()), ZH_LABELS)
    assert figure.axes[0].get_xlabel() == LABELS.celsius
    # English labels have nothing to fall back to.
    assert loss_curve_figure(TRAINING, LABELS).axes[0].get_title() == LABELS.loss_title
    # An animation's epoch counters fall back with the labels.
    chinese = formatting.animation_labels(i18n.catalogue("zh"), [0, 5, 10])
    assert chinese.counters[1] == "第 5 轮 / 共 10 轮"
    assert plots.usable(chinese).counters == ("Epoch 0 of 10", "Epoch 5 of 10", "Epoch 10 of 10")


def test_a_font_that_cannot_be_loaded_is_reported_not_registered(tmp_path):
    family = list(matplotlib.rcParams["font.family"])
    broken = tmp_path / "broken.otf"
    broken.write_bytes(b"not a font")
    assert plots.register_font(broken) is None
    assert plots.register_font(tmp_path / "missing.otf") is None
    assert matplotlib.rcParams["font.family"] == family
    assert family[0] == "DejaVu Sans"  # Latin text and digits look as they always did


def test_labels_can_be_sent_to_a_spawned_plotting_process():
    assert pickle.loads(pickle.dumps(ZH_LABELS)) == ZH_LABELS
    assert ZH_LABELS.fallback == LABELS


async def test_a_font_that_did_not_load_is_logged_once_at_start(make_service, monkeypatch, caplog):
    monkeypatch.setattr(plots, "CJK_FONT", None)
    with caplog.at_level(logging.WARNING, logger="model.service"):
        service = await make_service()
        await service.loss_plot([2.0, 1.0], ZH_LABELS)
    said = [r.getMessage() for r in caplog.records if str(plots.CJK_FONT_FILE) in r.getMessage()]
    assert len(said) == 1 and "English labels" in said[0]


@pytest.mark.parametrize("picture", ["loss", "fit"])
def test_a_rendered_png_has_the_pixels_savefig_gives(picture):
    figure = loss_curve_figure(TRAINING, LABELS) if picture == "loss" else lesson_fit()[0]
    ours = render_png(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    with Image.open(io.BytesIO(ours)) as image:
        assert image.mode == "RGB"  # opaque: no alpha channel to encode
        pixels = np.asarray(image)
    with Image.open(buffer) as image:
        expected = np.asarray(image.convert("RGB"))
    assert pixels.shape == expected.shape and (pixels == expected).all()
    assert len(ours) < len(buffer.getvalue())
