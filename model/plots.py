"""The lesson's two pictures as PNG bytes: the loss curve, and the data with the learned line.

matplotlib's object-oriented API on the Agg canvas: no pyplot, no global figure state, so plots
can be drawn from worker threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .dataset import Dataset, fahrenheit
from .limits import MAX_ABS_VALUE

SIZE_INCHES = (6.4, 4.8)
DPI = 110  # ≈ 700×530 px: sharp on a phone without a heavy upload


def _new_figure() -> tuple[Figure, object]:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def loss_curve_png(losses: Sequence[float], title: str = "Training loss") -> bytes:
    """Loss per epoch on a log scale (it falls from thousands to near zero)."""
    figure, axes = _new_figure()
    values = np.asarray(losses, np.float64)
    epochs = np.arange(1, len(values) + 1)
    axes.plot(epochs, values, color="tab:blue", linewidth=2)
    if len(values) and (values > 0).all():
        axes.set_yscale("log")
    axes.set_xlabel("Epoch", fontsize=12)
    axes.set_ylabel("Loss (mean squared error)", fontsize=12)
    axes.set_title(title, fontsize=14)
    axes.grid(True, which="both", alpha=0.3)
    axes.tick_params(labelsize=11)
    return _png(figure)


def fit_png(
    dataset: Dataset, line_celsius: Sequence[float], line_fahrenheit: Sequence[float]
) -> bytes:
    """The data points, the model's line and the formula's line f = 1.8·c + 32."""
    figure, axes = _new_figure()
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
    axes.legend(fontsize=11)
    axes.tick_params(labelsize=11)
    return _png(figure)


def line_range(dataset: Dataset, points: int = 100) -> np.ndarray:
    """Celsius values spanning the data with a margin, for drawing lines."""
    low, high = (min(dataset.celsius), max(dataset.celsius)) if len(dataset) else (-40.0, 40.0)
    margin = max((high - low) * 0.1, 5.0)
    return np.linspace(max(low - margin, -MAX_ABS_VALUE), min(high + margin, MAX_ABS_VALUE), points)
