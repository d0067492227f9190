"""The lesson's training as an animated GIF: the model's line finding the formula's, the loss
falling beside it, and an epoch counter.

Top: the data points, the formula's dashed line f = 1.8·c + 32 and the model's line after the
frame's epoch. Bottom: the loss of every epoch up to that one. The same colours, words and
font as model/plots.py.

Fast enough to draw in a plotting process while the user waits (about half a second for 40
frames, 7× faster than a full draw of each): one figure, its axes at fixed positions with fixed
limits (from every frame at once), so ticks, labels and the legend are drawn once. Each frame then
pastes that picture back, draws only the artists that move (and those that must stay above them)
and pastes the opaque legend back on top ("blitting"). The RGBA buffer goes straight to Pillow,
which maps every frame onto one adaptive palette (no dithering: flat colours compress well) and
writes only what changed from the previous frame.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator
from PIL import Image

from .dataset import Dataset, fahrenheit
from .labels import PlotLabels
from .plots import DATA_COLOR, FORMULA_COLOR, LOSS_COLOR, MODEL_COLOR, usable

SIZE_INCHES = (6.0, 6.0)
DPI = 100  # 600×600 px: each panel spans the width of a phone held upright
# Where the axes sit: (left, bottom, width, height) as fractions of the figure.
FIT_RECT = (0.13, 0.45, 0.84, 0.46)
LOSS_RECT = (0.13, 0.09, 0.84, 0.22)
FRAME_MS = 100
LAST_FRAME_MS = 1500  # time to read where the training ended
PALETTE_COLOURS = 128  # plenty for five flat colours and their anti-aliased edges
# The fit's °F axis shows the data and the formula's line, and the model's predictions only as
# far as this many times that span beyond them: an untrained model's line may run off instead.
FAHRENHEIT_MARGIN = 0.5

_plain = FuncFormatter(lambda value, _: f"{value:g}")


@dataclass(frozen=True)
class AnimationFrames:
    """What the training recorded: the model's predictions on a fixed grid at chosen epochs."""

    grid: np.ndarray  # (G,) Celsius values the predictions are for, ascending
    epochs: np.ndarray  # (F,) ints, ascending, from 0 (before training) to the last epoch shown
    predictions: np.ndarray  # (F, G) the model's °F on the grid after that many epochs
    losses: np.ndarray  # (N,) the loss of every epoch, N ≥ epochs[-1]; later ones are not shown

    def __post_init__(self) -> None:
        epochs = np.asarray(self.epochs)
        grid = np.asarray(self.grid)
        if epochs.ndim != 1 or not len(epochs) or grid.ndim != 1 or not len(grid):
            raise ValueError("an animation needs at least one epoch and one grid point")
        if np.shape(self.predictions) != (len(epochs), len(grid)):
            raise ValueError(f"predictions are {np.shape(self.predictions)}, not (epochs, grid)")
        if epochs[0] < 0 or (np.diff(epochs) <= 0).any() or epochs[-1] > len(self.losses):
            raise ValueError("epochs must ascend from 0 to at most the number of losses")


def _limits(low: float, high: float, pad: float = 0.05) -> tuple[float, float]:
    """[low, high] widened by `pad` of its span each side (by 1 if it has none)."""
    span = high - low
    return (low - 1, high + 1) if span <= 0 else (low - span * pad, high + span * pad)


def _fahrenheit_limits(
    dataset: Dataset, formula: np.ndarray, predictions: np.ndarray
) -> tuple[float, float]:
    """The °F view: the data, the formula's line and every frame's predictions, the last clipped
    to FAHRENHEIT_MARGIN of the first two's span beyond them."""
    known = np.concatenate([formula, np.asarray(dataset.fahrenheit, np.float64)])
    low, high = float(known.min()), float(known.max())
    margin = max(high - low, 10.0) * FAHRENHEIT_MARGIN
    shown = predictions[np.isfinite(predictions)]
    if shown.size:
        low = max(min(low, float(shown.min())), low - margin)
        high = min(max(high, float(shown.max())), high + margin)
    return _limits(low, high)


def _add_axes(figure: Figure, rect: tuple[float, float, float, float]) -> Axes:
    axes = figure.add_axes(rect)
    axes.tick_params(labelsize=10)
    axes.grid(True, alpha=0.3)
    # Fixed label positions spare matplotlib measuring every tick label on each draw.
    axes.yaxis.set_label_coords(-0.1, 0.5)
    return axes


class _Animation:
    """One figure for a whole animation; `show(i)` puts frame i's data on it, `render(i)` draws
    it by blitting: the still parts are drawn once, and each frame redraws only the artists in
    `moving` over a copy of them."""

    def __init__(
        self,
        dataset: Dataset,
        frames: AnimationFrames,
        labels: PlotLabels,
        counters: Sequence[str],
    ) -> None:
        if len(counters) != len(frames.epochs):
            raise ValueError(f"{len(counters)} counters for {len(frames.epochs)} frames")
        labels = usable(labels)
        self.frames, self.counters = frames, counters
        self.figure = figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        self.canvas = FigureCanvasAgg(figure)
        figure.text(FIT_RECT[0], 0.955, labels.fit_title, fontsize=13, va="center")
        counter = figure.text(0.97, 0.955, "", fontsize=12, ha="right", va="center")
        counter.set_gid("counter")

        grid = np.asarray(frames.grid)
        predictions = np.asarray(frames.predictions, np.float64)
        formula_line = fahrenheit(grid)
        fit = _add_axes(figure, FIT_RECT)
        (model,) = fit.plot(grid, predictions[0], color=MODEL_COLOR, lw=3, label=labels.model)
        model.set_gid("model")
        # The formula goes on top, dashed, so it stays visible where the model has learned it.
        (formula,) = fit.plot(
            grid, formula_line, color=FORMULA_COLOR, ls="--", lw=2, label=labels.formula
        )
        formula.set_gid("formula")
        data = fit.scatter(
            dataset.celsius, dataset.fahrenheit, color=DATA_COLOR, s=40, zorder=3, label=labels.data
        )
        data.set_gid("data")
        celsius = np.concatenate([grid, np.asarray(dataset.celsius, np.float64)])
        fit.set_xlim(*_limits(float(celsius.min()), float(celsius.max()), pad=0.0))
        fit.set_ylim(*_fahrenheit_limits(dataset, formula_line, predictions))
        fit.set_xlabel(labels.celsius, fontsize=11)
        fit.set_ylabel(labels.fahrenheit, fontsize=11)
        # Opaque, so its pixels hide whatever passes under it and can be pasted back per frame.
        self.legend = fit.legend(fontsize=10, loc="upper left", framealpha=1)

        last = int(frames.epochs[-1])
        losses = np.asarray(frames.losses, np.float64)[:last]
        axes = _add_axes(figure, LOSS_RECT)
        (loss,) = axes.plot([], [], color=LOSS_COLOR, lw=2, label=labels.loss)
        loss.set_gid("loss")
        (head,) = axes.plot([], [], "o", color=LOSS_COLOR, ms=6)  # where the curve has got to
        head.set_gid("loss-head")
        axes.set_xlim(0, max(last, 1))
        if len(losses) and (losses > 0).all():
            axes.set_yscale("log")
            axes.set_ylim(losses.min() / 1.5, losses.max() * 1.5)
            axes.yaxis.set_minor_locator(NullLocator())
        elif len(losses):
            axes.set_ylim(*_limits(float(losses.min()), float(losses.max())))
        axes.yaxis.set_major_formatter(_plain)
        axes.set_title(labels.loss, fontsize=11, loc="left")
        axes.set_xlabel(labels.epoch, fontsize=11)
        axes.xaxis.set_label_coords(0.5, -0.2)

        self.model, self.loss, self.head, self.counter = model, loss, head, counter
        # What a frame redraws, bottom to top as a full draw would: the formula, the axes' edges
        # and the points stay above the model's line.
        spines = [*fit.spines.values(), *axes.spines.values()]
        self.moving = (model, formula, loss, head, *spines, data, counter)
        self._still: tuple[object, object] | None = None

    def show(self, frame: int) -> Figure:
        """The figure with frame `frame`'s line, losses and counter."""
        epoch = int(self.frames.epochs[frame])
        self.model.set_ydata(self.frames.predictions[frame])
        self.loss.set_data(np.arange(1, epoch + 1), self.frames.losses[:epoch])
        self.head.set_data([epoch] if epoch else [], self.frames.losses[epoch - 1 : epoch])
        self.counter.set_text(self.counters[frame])
        return self.figure

    def render(self, frame: int) -> Image.Image:
        """Frame `frame` as an RGB image: the still parts pasted, the moving ones drawn over
        them, then the legend pasted back on top."""
        figure, canvas = self.figure, self.canvas
        if self._still is None:
            for artist in self.moving:
                artist.set_visible(False)
            canvas.draw()
            for artist in self.moving:
                artist.set_visible(True)
            box = self.legend.get_window_extent().expanded(1.0, 1.0).padded(1)
            self._still = canvas.copy_from_bbox(figure.bbox), canvas.copy_from_bbox(box)
        background, legend = self._still
        self.show(frame)
        canvas.restore_region(background)
        for artist in self.moving:
            figure.draw_artist(artist)
        canvas.restore_region(legend)
        rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        return rgba.convert("RGB")


def animation_figure(
    dataset: Dataset,
    frames: AnimationFrames,
    labels: PlotLabels,
    counters: Sequence[str],
    frame: int,
) -> Figure:
    """The figure `animation_gif` draws as frame `frame` (artists' gids: "model", "formula",
    "data", "loss", "counter"); a new figure every call."""
    return _Animation(dataset, frames, labels, counters).show(frame)


def animation_gif(
    dataset: Dataset,
    frames: AnimationFrames,
    labels: PlotLabels,
    counters: Sequence[str],
) -> bytes:
    """The animated GIF: top the data, the model's line at each frame and the formula's line;
    bottom the loss curve up to that frame's epoch (log scale when all losses > 0);
    `counters[i]` (in the chat's language) on frame i. Holds the last frame longer."""
    animation = _Animation(dataset, frames, labels, counters)
    count = len(frames.epochs)
    draw = animation.render

    # One palette for every frame, from the first and the last: between them, every colour.
    first, last = draw(0), draw(count - 1)
    both = Image.new("RGB", (first.width, first.height * 2))
    both.paste(first)
    both.paste(last, (0, first.height))
    palette = both.quantize(PALETTE_COLOURS, dither=Image.Dither.NONE)

    def indexed(image: Image.Image) -> Image.Image:
        return image.quantize(palette=palette, dither=Image.Dither.NONE)

    images = [indexed(first), *(indexed(draw(i)) for i in range(1, count - 1))]
    if count > 1:
        images.append(indexed(last))
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=[FRAME_MS] * (count - 1) + [LAST_FRAME_MS],
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()
