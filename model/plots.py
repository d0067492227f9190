"""The lesson's two pictures: the loss curve, and the data with the learned line.

Each picture is built as a matplotlib Figure first (`loss_curve_figure`, `fit_figure`), which can be
inspected without rendering: its artists carry gids ("loss"; "model", "formula", "data") and
labels. `loss_curve_png` and `fit_png` build the figure and render it as PNG bytes.

matplotlib's object-oriented API on the Agg canvas: no pyplot, no global figure state. The loss
curve, drawn after every training, reuses one figure per process and changes only the line's data:
building a figure, laying it out and measuring tick labels cost more than drawing it. Labels are
placed at fixed positions, log-axis ticks are plain numbers (no mathtext, no minor ticks) and the
PNG is compressed lightly: together about 2.5× faster than a fresh pyplot figure, as legible.

The words come from the bot layer (`PlotLabels`, in the chat's language). Chinese glyphs come from
a subset of Noto Sans CJK SC shipped in `model/fonts/` (see its README), registered at import
after DejaVu Sans, which still draws Latin text and digits; matplotlib falls back per glyph.
"""

from __future__ import annotations

import io
import threading
import zlib
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator
from PIL import Image

from .dataset import FORMULA, Dataset, fahrenheit
from .labels import PlotLabels
from .results import RaceRun

CJK_FONT_FILE = Path(__file__).parent / "fonts" / "NotoSansCJKsc-c2f.otf"

SIZE_INCHES = (6.4, 4.8)
DPI = 110  # 704×528 px: sharp on a phone without a heavy upload
# Where the axes sit in the figure, as fractions of its width and height (from the bottom left).
SUBPLOT_ADJUST = {"left": 0.14, "right": 0.97, "top": 0.91, "bottom": 0.13}
# Light compression, run-length matching: smaller than the default (level 6) and several ms faster.
PNG_OPTIONS = {"compress_level": 1, "compress_type": zlib.Z_RLE}

LOSS_COLOR = "tab:blue"
MODEL_COLOR = "tab:orange"
FORMULA_COLOR = "tab:green"
DATA_COLOR = "tab:blue"


def register_font(path: Path) -> str | None:
    """Add the font at `path` to matplotlib after DejaVu Sans; its family name, or None if it
    cannot be loaded."""
    try:
        font_manager.fontManager.addfont(path)
        family = font_manager.FontProperties(fname=path).get_name()
    except (OSError, RuntimeError, ValueError):
        return None
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    return family


# The family that draws Chinese here, or None: pictures then use their labels' English fallback.
CJK_FONT = register_font(CJK_FONT_FILE)


def usable(labels: PlotLabels) -> PlotLabels:
    """`labels`, or their fallback when the font for them could not be loaded."""
    if CJK_FONT is None and labels.fallback is not None:
        return labels.fallback
    return labels


_plain = FuncFormatter(lambda value, _: f"{value:g}")


def _new_axes() -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(**SUBPLOT_ADJUST)
    axes = figure.add_subplot()
    axes.tick_params(labelsize=11)
    # Fixed label positions spare matplotlib measuring every tick label on each draw.
    axes.yaxis.set_label_coords(-0.11, 0.5)
    axes.xaxis.set_label_coords(0.5, -0.1)
    return figure, axes


def render_png(figure: Figure) -> bytes:
    """`figure` drawn as PNG bytes (SIZE_INCHES at DPI), the pixels `savefig` would give. Drawn
    on its Agg canvas and encoded by Pillow as RGB (every picture is opaque) with zlib's
    run-length strategy: a third faster than `savefig`'s RGBA, and a fifth smaller."""
    canvas = figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(figure)
    canvas.draw()
    size = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    rgba.convert("RGB").save(buffer, format="png", **PNG_OPTIONS)
    return buffer.getvalue()


class _LossFigure:
    """One loss-curve figure, updated with new data for every plot."""

    def __init__(self) -> None:
        self.figure, self.axes = _new_axes()
        (self.line,) = self.axes.plot([], [], color=LOSS_COLOR, linewidth=2)
        self.line.set_gid("loss")
        self.xlabel = self.axes.set_xlabel("", fontsize=12)
        self.ylabel = self.axes.set_ylabel("", fontsize=12)
        self.title = self.axes.set_title("", fontsize=14)

    def update(self, losses: np.ndarray, labels: PlotLabels, first_epoch: int = 1) -> Figure:
        axes = self.axes
        # The data limits first: switching scale with the previous plot's limits could warn of
        # no positive values to log-scale.
        self.line.set_data(np.arange(first_epoch, first_epoch + len(losses)), losses)
        axes.relim()
        log = bool(len(losses)) and bool((losses > 0).all())
        axes.set_yscale("log" if log else "linear")
        axes.yaxis.set_minor_locator(NullLocator())
        axes.yaxis.set_major_formatter(_plain)
        axes.grid(True, alpha=0.3)
        self.line.set_label(labels.loss)
        self.xlabel.set_text(labels.epoch)
        self.ylabel.set_text(labels.loss)
        self.title.set_text(labels.loss_title)
        axes.autoscale_view()
        return self.figure


_loss_figure: _LossFigure | None = None
# Reentrant: loss_curve_png holds it from updating the shared figure until it is rendered.
_loss_figure_lock = threading.RLock()


def loss_curve_figure(
    losses: Sequence[float] | np.ndarray, labels: PlotLabels, first_epoch: int = 1
) -> Figure:
    """Loss per epoch (x = first_epoch, first_epoch + 1, …: epochs count on across a chat's
    trainings), on a log scale when every loss is positive (it falls by decades).

    The figure is this process's shared loss figure: the next call updates it with new data.
    """
    global _loss_figure
    with _loss_figure_lock:
        if _loss_figure is None:
            _loss_figure = _LossFigure()
        return _loss_figure.update(np.asarray(losses, np.float64), usable(labels), first_epoch)


def loss_curve_png(
    losses: Sequence[float] | np.ndarray, labels: PlotLabels, first_epoch: int = 1
) -> bytes:
    """`loss_curve_figure` as PNG bytes."""
    with _loss_figure_lock:
        return render_png(loss_curve_figure(losses, labels, first_epoch))


def fit_figure(
    dataset: Dataset,
    line_celsius: Sequence[float],
    line_fahrenheit: Sequence[float],
    labels: PlotLabels,
    y_limits: tuple[float, float] | None = None,
) -> Figure:
    """The data points, the model's line (its predictions at `line_celsius`) and the formula's
    line f = 1.8·c + 32 at the same points; a new figure every call. `y_limits`: a fixed °F
    range (a /tune game's, so its picture does not rescale between presses)."""
    labels = usable(labels)
    figure, axes = _new_axes()
    xs = np.asarray(line_celsius, np.float64)
    (model,) = axes.plot(
        xs,
        np.asarray(line_fahrenheit, np.float64),
        color=MODEL_COLOR,
        linewidth=3,
        label=labels.model,
    )
    model.set_gid("model")
    # The formula goes on top, dashed, so it stays visible where the model has learned it.
    (formula,) = axes.plot(
        xs,
        [fahrenheit(c) for c in xs],
        color=FORMULA_COLOR,
        linestyle="--",
        linewidth=2,
        label=labels.formula,
    )
    formula.set_gid("formula")
    data = axes.scatter(
        dataset.celsius, dataset.fahrenheit, color=DATA_COLOR, s=50, zorder=3, label=labels.data
    )
    data.set_gid("data")
    axes.set_xlabel(labels.celsius, fontsize=12)
    axes.set_ylabel(labels.fahrenheit, fontsize=12)
    axes.set_title(labels.fit_title, fontsize=14)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=11, loc="upper left")
    if y_limits is not None:
        axes.set_ylim(*y_limits)
    return figure


def fit_png(
    dataset: Dataset,
    line_celsius: Sequence[float],
    line_fahrenheit: Sequence[float],
    labels: PlotLabels,
    y_limits: tuple[float, float] | None = None,
) -> bytes:
    """`fit_figure` as PNG bytes."""
    return render_png(fit_figure(dataset, line_celsius, line_fahrenheit, labels, y_limits))


RACE_COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def race_figure(runs: Sequence[RaceRun], labels: PlotLabels, names: Sequence[str]) -> Figure:
    """The loss curves of a race in one picture, on a log scale when every loss is positive;
    a diverged run ends in a cross where it diverged; `names[i]` is run i's legend entry."""
    labels = usable(labels)
    figure, axes = _new_axes()
    positive = all((run.losses > 0).all() for run in runs)
    ceiling = _race_ceiling(runs, positive)
    for index, (run, name) in enumerate(zip(runs, names)):
        color = RACE_COLORS[index % len(RACE_COLORS)]
        epochs = np.arange(1, len(run.losses) + 1)
        (line,) = axes.plot(epochs, run.losses, color=color, linewidth=2, label=name)
        line.set_gid(f"run{index}")
        if run.diverged_at is not None:
            last = float(run.losses[-1]) if len(run.losses) else 1.0
            if ceiling is not None:  # the cross stays in the picture, at its top edge
                last = min(last, ceiling)
            (cross,) = axes.plot(
                [run.diverged_at], [last], marker="x", markersize=12, mew=3, color=color
            )
            cross.set_gid(f"diverged{index}")
    axes.set_yscale("log" if positive else "linear")
    if ceiling is not None:
        axes.set_ylim(top=ceiling)
    if positive:
        axes.yaxis.set_minor_locator(NullLocator())
        axes.yaxis.set_major_formatter(_plain)
    axes.set_xlabel(labels.epoch, fontsize=12)
    axes.set_ylabel(labels.loss, fontsize=12)
    axes.set_title(labels.race_title, fontsize=14)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=10, loc="best")  # race curves go anywhere: let matplotlib find room
    return figure


def _race_ceiling(runs: Sequence[RaceRun], positive: bool) -> float | None:
    """Where the picture's loss axis ends when a run diverged: a little above the runs that
    did not, so that a diverging run's 1e36 does not squash their curves flat (None: no run
    diverged, or none finished, and the axis fits everything)."""
    kept = [run.losses[np.isfinite(run.losses)] for run in runs if run.diverged_at is None]
    kept = [losses for losses in kept if len(losses)]
    if not kept or all(run.diverged_at is None for run in runs):
        return None
    top = max(float(losses.max()) for losses in kept)
    bottom = min(float(losses.min()) for losses in kept)
    return top * 10 if positive else top + max(top - bottom, 1.0) * 0.2


def race_png(runs: Sequence[RaceRun], labels: PlotLabels, names: Sequence[str]) -> bytes:
    """`race_figure` as PNG bytes."""
    return render_png(race_figure(runs, labels, names))


LANDSCAPE_GRID = 100  # points a side: smooth contours for a few milliseconds of numpy
FORMULA_POINT = FORMULA  # f = 1.8·c + 32 over the plain (weight, bias)
LANDSCAPE_LEVELS = 16  # filled bands, evenly spaced in log10 of the loss


def landscape_figure(
    dataset: Dataset,
    path: np.ndarray | None,
    labels: PlotLabels,
    formula: tuple[float, float] = FORMULA_POINT,
) -> Figure:
    """The loss over (weight, bias) for `dataset` as filled contours at logarithmic levels,
    the least-squares minimum, the formula's point (`formula`: (1.8, 32) unless the parameters
    are normalized ones) and the training's `path` ((weight, bias) per epoch) with its start and
    end; a new figure every call."""
    labels = usable(labels)
    figure, axes = _valley_axes(dataset, [] if path is None else [path], labels, formula)
    if path is not None and len(path) > 1:
        points = np.asarray(path, np.float64)
        axes.plot(points[:, 0], points[:, 1], color="white", linewidth=1.6, gid="path")
        axes.plot(*points[0], marker="o", markersize=9, color="white", label=labels.start,
                  gid="start", linestyle="none", markeredgecolor="black")  # fmt: skip
        axes.plot(*points[-1], marker="X", markersize=11, color=MODEL_COLOR, label=labels.end,
                  gid="end", linestyle="none", markeredgecolor="black")  # fmt: skip
    axes.legend(fontsize=10, loc="upper left", framealpha=0.8)
    return figure


COMPARE_MARKERS = ("o", "s", "^", "D", "v", "P")


def compare_figure(
    dataset: Dataset,
    paths: Sequence[np.ndarray],
    names: Sequence[str],
    labels: PlotLabels,
    formula: tuple[float, float] = FORMULA_POINT,
) -> Figure:
    """The landscape of `landscape_figure` with several trainings' paths from one start, each
    in its own colour with its own marker every few epochs and at its end (`names[i]`: path
    i's legend entry)."""
    labels = usable(labels)
    figure, axes = _valley_axes(dataset, paths, labels, formula)
    for index, (path, name) in enumerate(zip(paths, names)):
        points = np.asarray(path, np.float64)
        color = RACE_COLORS[index % len(RACE_COLORS)]
        every = max(1, len(points) // 12)
        axes.plot(points[:, 0], points[:, 1], color=color, linewidth=1.8, label=name,
                  marker=COMPARE_MARKERS[index % len(COMPARE_MARKERS)], markevery=every,
                  markersize=6, markeredgecolor="black", gid=f"path{index}")  # fmt: skip
    if len(paths) and len(paths[0]):
        start = np.asarray(paths[0][0], np.float64)
        axes.plot(*start, marker="o", markersize=10, color="white", linestyle="none",
                  markeredgecolor="black", label=labels.start, gid="start")  # fmt: skip
    axes.legend(fontsize=9, loc="best", framealpha=0.8)
    return figure


def compare_png(
    dataset: Dataset,
    paths: Sequence[np.ndarray],
    names: Sequence[str],
    labels: PlotLabels,
    formula: tuple[float, float] = FORMULA_POINT,
) -> bytes:
    """`compare_figure` as PNG bytes."""
    return render_png(compare_figure(dataset, paths, names, labels, formula))


def _valley_axes(
    dataset: Dataset,
    paths: Sequence[np.ndarray],
    labels: PlotLabels,
    formula: tuple[float, float] = FORMULA_POINT,
) -> tuple[Figure, Axes]:
    """A figure with the valley's contours, its minimum and the formula's point, its axes
    wide enough for every path."""
    from .valley import loss_grid, valley, view

    shape = valley(dataset)
    assert shape is not None, "a landscape needs two different °C"
    finite = [p[np.isfinite(p).all(axis=1)] for p in map(np.asarray, paths) if len(p)]
    (w0, w1), (b0, b1) = view(shape, np.vstack(finite) if finite else None, formula)
    weights = np.linspace(w0, w1, LANDSCAPE_GRID)
    biases = np.linspace(b0, b1, LANDSCAPE_GRID)
    logs = np.log10(np.maximum(loss_grid(dataset, weights, biases), 1e-6))
    figure, axes = _new_axes()
    levels = np.linspace(logs.min(), logs.max() + 1e-9, LANDSCAPE_LEVELS)
    filled = axes.contourf(weights, biases, logs, levels=levels, cmap="viridis")
    filled.set_gid("landscape")
    axes.plot(*shape.minimum, marker="*", markersize=16, color="gold", label=labels.minimum,
              gid="minimum", linestyle="none", markeredgecolor="black")  # fmt: skip
    axes.plot(*formula, marker="P", markersize=11, color=FORMULA_COLOR, label=labels.formula,
              gid="formula", linestyle="none", markeredgecolor="black")  # fmt: skip
    axes.set_xlim(w0, w1)
    axes.set_ylim(b0, b1)
    axes.set_xlabel(labels.weight, fontsize=12)
    axes.set_ylabel(labels.bias, fontsize=12)
    axes.set_title(labels.landscape_title, fontsize=14)
    return figure, axes


def landscape_png(
    dataset: Dataset,
    path: np.ndarray | None,
    labels: PlotLabels,
    formula: tuple[float, float] = FORMULA_POINT,
) -> bytes:
    """`landscape_figure` as PNG bytes."""
    return render_png(landscape_figure(dataset, path, labels, formula))
