"""The training animation: which epochs it shows, what each frame's figure holds (read from its
artists), and the GIF it becomes (decoded with Pillow and compared with those figures)."""

import dataclasses
import io
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import same_color, to_rgb
from matplotlib.figure import Figure
from PIL import Image, ImageSequence

from bot.text import formatting, i18n
from model import Dataset, plots
from model.animation import (
    DPI,
    FIT_RECT,
    LAST_FRAME_MS,
    LOSS_RECT,
    SIZE_INCHES,
    AnimationFrames,
    animation_figure,
    animation_gif,
)
from model.dataset import line_range
from model.frames import frame_epochs
from model.plots import DATA_COLOR, FORMULA_COLOR, LOSS_COLOR, MODEL_COLOR

LABELS = formatting.plot_labels(i18n.catalogue("en"))
ZH_LABELS = formatting.plot_labels(i18n.catalogue("zh"))
PIXELS = (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))
MAX_BYTES = 2_000_000


def lesson_training(total: int = 500, frames: int = 40) -> AnimationFrames:
    """A fake training of the lesson: the line w·c + b goes from (0.5, 0) towards (1.8, 32)
    while the loss falls by decades from 5000 to 0.5."""
    grid = line_range(Dataset(), 64)
    epochs = frame_epochs(total, frames)
    progress = 1 - np.geomspace(1, 1e-4, total + 1)[epochs]
    w, b = 0.5 + 1.3 * progress, 32 * progress
    losses = np.geomspace(5000, 0.5, total)
    return AnimationFrames(grid, epochs, w[:, None] * grid + b[:, None], losses)


def counters(frames: AnimationFrames, language: str = "en") -> list[str]:
    t = i18n.catalogue(language)
    total = int(frames.epochs[-1])
    return [t("animate-counter", epoch=int(e), total=total) for e in frames.epochs]


def lesson_figure(frame: int, frames: AnimationFrames | None = None, **kwargs) -> Figure:
    frames = lesson_training() if frames is None else frames
    dataset = kwargs.pop("dataset", Dataset())
    labels = kwargs.pop("labels", LABELS)
    return animation_figure(dataset, frames, labels, counters(frames), frame)


def artist(figure: Figure, gid: str):
    (found,) = figure.findobj(lambda a: a.get_gid() == gid)
    return found


def decode_gif(data: bytes) -> list[Image.Image]:
    """Every frame of `data`, a GIF of the animation's size, as RGB."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and image.size == PIXELS
    return [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]


def colour_pixels(image: Image.Image, colour: str, rect: tuple[float, ...]) -> int:
    """How many pixels inside `rect` (figure fractions: left, bottom, width, height) are close
    to `colour`."""
    width, height = image.size
    left, bottom, w, h = rect
    box = (int(left * width) + 2, int((1 - bottom - h) * height) + 2)
    box += (int((left + w) * width) - 2, int((1 - bottom) * height) - 2)
    pixels = np.asarray(image.crop(box), np.float64)
    return int((np.linalg.norm(pixels - np.array(to_rgb(colour)) * 255, axis=2) < 60).sum())


@pytest.fixture(scope="module")
def lesson_gif() -> bytes:
    frames = lesson_training()
    return animation_gif(Dataset(), frames, LABELS, counters(frames))


# --- which epochs ------------------------------------------------------------------------------


@given(total=st.integers(0, 10_000), frames=st.integers(2, 100))
def test_frame_epochs_run_from_before_training_to_the_last_epoch(total, frames):
    epochs = frame_epochs(total, frames)
    assert epochs.dtype.kind == "i"
    assert epochs[0] == 0 and epochs[-1] == total
    assert (np.diff(epochs) > 0).all()  # unique, ascending
    assert len(epochs) == min(frames, total + 1)  # as many frames as allowed, none wasted


@pytest.mark.parametrize("total", [0, 1, 5, 9])
def test_frame_epochs_show_every_epoch_of_a_short_training(total):
    np.testing.assert_array_equal(frame_epochs(total), np.arange(total + 1))


@pytest.mark.parametrize("total", [10, 11, 39, 40, 41, 500, 10_000])
def test_frame_epochs_give_at_least_ten_frames_from_ten_epochs_on(total):
    assert 10 <= len(frame_epochs(total)) <= 40


def test_frame_epochs_crowd_the_early_epochs_where_the_line_moves_most():
    epochs = frame_epochs(500, 40)
    assert (epochs <= 50).sum() >= 20
    assert list(epochs[:6]) == [0, 1, 2, 3, 4, 5]
    gaps = np.diff(epochs)
    assert gaps[-1] == gaps.max() > 50  # the last stretch, where little changes, in one step


def test_frame_epochs_refuse_what_cannot_be_shown():
    with pytest.raises(ValueError):
        frame_epochs(-1)
    with pytest.raises(ValueError):
        frame_epochs(500, frames=1)  # no room for both epoch 0 and epoch 500


# --- what each frame's figure shows ------------------------------------------------------------


@pytest.mark.parametrize("frame", [0, 1, 20, 39])
def test_model_line_is_that_frames_predictions_on_the_grid(frame):
    frames = lesson_training()
    model = artist(lesson_figure(frame, frames), "model")
    np.testing.assert_array_equal(model.get_xdata(), frames.grid)
    np.testing.assert_array_equal(model.get_ydata(), frames.predictions[frame])
    assert same_color(model.get_color(), MODEL_COLOR)


@pytest.mark.parametrize("frame", [0, 1, 20, 39])
def test_loss_curve_grows_up_to_that_frames_epoch(frame):
    frames = lesson_training()
    figure = lesson_figure(frame, frames)
    epoch = frames.epochs[frame]
    loss = artist(figure, "loss")
    np.testing.assert_array_equal(loss.get_xdata(), np.arange(1, epoch + 1))
    np.testing.assert_array_equal(loss.get_ydata(), frames.losses[:epoch])
    assert same_color(loss.get_color(), LOSS_COLOR)
    head = artist(figure, "loss-head")  # a dot where the curve has got to
    assert list(head.get_xdata()) == ([epoch] if epoch else [])
    assert list(head.get_ydata()) == list(frames.losses[epoch - 1 : epoch])


def test_frame_0_is_before_training_with_no_loss_yet():
    assert len(artist(lesson_figure(0), "loss").get_xdata()) == 0


@pytest.mark.parametrize("frame", [0, 7, 39])
def test_counter_shows_that_frames_text(frame):
    frames = lesson_training()
    assert artist(lesson_figure(frame, frames), "counter").get_text() == counters(frames)[frame]
    assert counters(frames)[7] == "Epoch 7 of 500"


def test_formula_line_is_1_8_c_plus_32_on_the_grid_drawn_over_the_model():
    frames = lesson_training()
    figure = lesson_figure(5, frames)
    formula, model = artist(figure, "formula"), artist(figure, "model")
    np.testing.assert_array_equal(formula.get_xdata(), frames.grid)
    np.testing.assert_allclose(formula.get_ydata(), 1.8 * frames.grid + 32)
    assert same_color(formula.get_color(), FORMULA_COLOR) and formula.get_linestyle() == "--"
    assert formula.axes is model.axes
    assert formula.axes.lines.index(formula) > formula.axes.lines.index(model)


@pytest.mark.parametrize(
    "dataset",
    [Dataset(), Dataset((-5.0, 100.0, 37.0), (20.0, 200.0, 99.0)), Dataset((), ())],
    ids=["lesson", "edited", "empty"],
)
def test_data_points_are_the_datasets_over_the_model_line(dataset):
    figure = lesson_figure(3, dataset=dataset)
    data = artist(figure, "data")
    np.testing.assert_array_equal(
        np.asarray(data.get_offsets()).reshape(-1, 2),
        np.column_stack([dataset.celsius, dataset.fahrenheit]).reshape(-1, 2),
    )
    assert same_color(data.get_facecolor()[0], DATA_COLOR)
    assert data.get_zorder() > artist(figure, "model").get_zorder()


def test_views_stay_put_for_the_whole_animation_and_hold_every_frame():
    frames = lesson_training()
    views = {
        tuple(axes.get_xlim() + axes.get_ylim() for axes in lesson_figure(i, frames).axes)
        for i in (0, 10, 39)
    }
    assert len(views) == 1
    (fit_x0, fit_x1, fit_y0, fit_y1), (_, loss_x1, loss_y0, loss_y1) = views.pop()
    assert fit_x0 <= frames.grid[0] and frames.grid[-1] <= fit_x1
    assert fit_y0 <= frames.predictions.min() and frames.predictions.max() <= fit_y1
    assert fit_y0 <= min(Dataset().fahrenheit) and max(Dataset().fahrenheit) <= fit_y1
    assert loss_x1 == 500 and loss_y0 <= 0.5 and loss_y1 >= 5000


def test_a_wild_first_frame_runs_off_the_axes_instead_of_squashing_the_data():
    frames = lesson_training()
    predictions = frames.predictions.copy()
    predictions[0] = np.linspace(-1e6, 1e6, len(frames.grid))
    wild = dataclasses.replace(frames, predictions=predictions)
    axes = artist(lesson_figure(0, wild), "model").axes
    low, high = axes.get_ylim()
    formula = 1.8 * frames.grid + 32  # the data and the formula's line: -54..115 °F
    assert low <= formula.min() and formula.max() <= high
    assert high - low < 3 * (formula.max() - formula.min())


def test_loss_is_on_a_log_scale_when_every_loss_is_positive_else_linear():
    frames = lesson_training()
    assert artist(lesson_figure(3, frames), "loss").axes.get_yscale() == "log"
    losses = frames.losses.copy()
    losses[-1] = 0.0
    reaching_zero = dataclasses.replace(frames, losses=losses)
    axes = artist(lesson_figure(3, reaching_zero), "loss").axes
    assert axes.get_yscale() == "linear"
    low, high = axes.get_ylim()
    assert low <= 0 and high >= 5000


def test_losses_after_the_last_frame_are_not_in_view():
    """Steps after a training add losses to the history: the animation ends where it ends."""
    frames = lesson_training(total=100)
    longer = dataclasses.replace(frames, losses=np.append(frames.losses, [1e9] * 20))
    axes = artist(lesson_figure(-1, longer), "loss").axes
    assert axes.get_xlim()[1] == 100 and axes.get_ylim()[1] < 1e9


def test_frame_shows_the_lessons_titles_axis_labels_and_legend():
    figure = lesson_figure(3)
    fit, loss = figure.axes
    assert "What the model learned" in [text.get_text() for text in figure.texts]
    assert "Celsius" in fit.get_xlabel() and "Fahrenheit" in fit.get_ylabel()
    names = ["Model", "Formula: f = 1.8·c + 32", "Training data"]
    assert [text.get_text() for text in fit.get_legend().get_texts()] == names
    assert loss.get_title(loc="left") == LABELS.loss and loss.get_xlabel() == LABELS.epoch


def test_each_frame_needs_its_counter_and_frames_their_predictions():
    frames = lesson_training()
    with pytest.raises(ValueError, match="counters"):
        animation_figure(Dataset(), frames, LABELS, counters(frames)[:-1], 0)
    with pytest.raises(ValueError, match="predictions"):
        dataclasses.replace(frames, predictions=frames.predictions[1:])
    with pytest.raises(ValueError, match="epochs"):
        dataclasses.replace(frames, losses=frames.losses[:100])  # fewer losses than epochs shown


# --- the GIF -----------------------------------------------------------------------------------


def test_gif_has_a_frame_per_epoch_shown_at_the_animations_size(lesson_gif):
    assert len(decode_gif(lesson_gif)) == 40
    assert PIXELS == (600, 600)


def test_gif_stays_within_2_mb(lesson_gif):
    assert len(lesson_gif) <= MAX_BYTES


def test_gif_loops_and_holds_its_last_frame(lesson_gif):
    image = Image.open(io.BytesIO(lesson_gif))
    assert image.info["loop"] == 0
    durations = []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info["duration"])
    assert all(80 <= duration <= 120 for duration in durations[:-1])
    assert durations[-1] == LAST_FRAME_MS >= 1000


@pytest.mark.parametrize("total, count", [(0, 1), (3, 4), (10, 11), (10_000, 40)])
def test_gif_of_any_training_length(total, count):
    frames = lesson_training(total)
    gif = animation_gif(Dataset(), frames, LABELS, counters(frames))
    assert len(decode_gif(gif)) == count and len(gif) <= MAX_BYTES


def full_draw(frame: int, frames: AnimationFrames) -> np.ndarray:
    """Frame `frame`'s figure drawn whole, as RGB pixels."""
    figure = lesson_figure(frame, frames)
    figure.canvas.draw()
    return np.asarray(Image.frombuffer("RGBA", PIXELS, figure.canvas.buffer_rgba()).convert("RGB"))


def assert_looks_alike(shown: Image.Image, full: np.ndarray) -> None:
    """Alike but for a few edge pixels blended into another palette colour."""
    differ = (np.abs(np.asarray(shown, np.int16) - full) > 40).any(axis=2)
    assert differ.mean() < 0.001, f"{differ.sum()} pixels differ"


@pytest.mark.parametrize("frame", [0, 20, 39])
def test_gif_frames_look_like_the_figures_drawn_in_full(lesson_gif, frame):
    """The GIF draws only what moves over a picture of what doesn't: the result must be the
    picture a full draw of that frame's figure gives."""
    assert_looks_alike(decode_gif(lesson_gif)[frame], full_draw(frame, lesson_training()))


def test_gif_keeps_the_legend_over_a_line_passing_under_it():
    frames = lesson_training()
    predictions = frames.predictions.copy()
    predictions[0] = 95.0  # flat, at the legend's height
    flat = dataclasses.replace(frames, predictions=predictions)
    gif = animation_gif(Dataset(), flat, LABELS, counters(flat))
    assert_looks_alike(decode_gif(gif)[0], full_draw(0, flat))


def test_gif_shows_the_line_moving_and_the_loss_curve_growing(lesson_gif):
    images = decode_gif(lesson_gif)
    first, last = images[0], images[-1]
    assert colour_pixels(first, LOSS_COLOR, LOSS_RECT) == 0  # no epoch trained yet
    assert colour_pixels(last, LOSS_COLOR, LOSS_RECT) > 500  # 500 epochs across the axes
    for image in (first, last):
        assert colour_pixels(image, DATA_COLOR, FIT_RECT) > 7 * 50  # seven points and a sample
        assert colour_pixels(image, FORMULA_COLOR, FIT_RECT) > 500
    # Learned: the formula's dashes now lie on the model's line, hiding most of it.
    assert colour_pixels(first, MODEL_COLOR, FIT_RECT) > 2 * colour_pixels(
        last, MODEL_COLOR, FIT_RECT
    )


# --- Chinese -----------------------------------------------------------------------------------


@pytest.fixture
def missing_glyphs_fail():
    """matplotlib's "Glyph … missing from font(s)" warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_chinese_animation_draws_every_glyph(missing_glyphs_fail):
    assert plots.CJK_FONT is not None, f"{plots.CJK_FONT_FILE} did not load"
    frames = lesson_training()
    chinese = counters(frames, "zh")
    assert chinese[-1] == "第 500 轮 / 共 500 轮"
    figure = animation_figure(Dataset(), frames, ZH_LABELS, chinese, 39)
    assert ZH_LABELS.fit_title in [text.get_text() for text in figure.texts]
    legend = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    assert legend == [ZH_LABELS.model, ZH_LABELS.formula, ZH_LABELS.data]
    assert len(decode_gif(animation_gif(Dataset(), frames, ZH_LABELS, chinese))) == 40


def test_chinese_labels_fall_back_to_english_without_the_font(monkeypatch):
    monkeypatch.setattr(plots, "CJK_FONT", None)
    figure = lesson_figure(3, labels=ZH_LABELS)
    assert figure.axes[0].get_xlabel() == LABELS.celsius
    assert LABELS.fit_title in [text.get_text() for text in figure.texts]


def test_animation_can_be_drawn_in_a_spawned_plotting_process():
    for function in (animation_gif, animation_figure, frame_epochs):
        assert pickle.loads(pickle.dumps(function)) is function
    frames = lesson_training(total=20)
    assert pickle.loads(pickle.dumps(frames)).epochs.tolist() == frames.epochs.tolist()
