"""The loss landscape of a line: the mean squared error over (weight, bias) is a quadratic bowl,
a long valley on the lesson's data, and a training of `Dense(1)` is a path in it.

Its Hessian is (2/n)·[[Σc², Σc], [Σc, n]]. On the lesson's °C (−40…38) the eigenvalues are
≈ 1119.2 and ≈ 1.92: ~583 times steeper across the valley (mostly the weight) than along it
(mostly the bias). Gradient descent's step is limited by the steep side (plain SGD is stable
below 2/λmax ≈ 0.0018) while the flat side, at that rate, moves ~0.3 % of the way a step: the
bias crawls.

Behind a `Normalization` layer the Dense(1) sees z = (c − μ)/σ, whose mean is 0 and mean square 1:
the Hessian is 2·I, a round bowl (ratio 1). Its landscape is the valley of the data with each °C
replaced by its z (model/normalization.py's `normalized_dataset`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import FORMULA, Dataset


@dataclass(frozen=True)
class Valley:
    """The bowl's shape: its curvatures (`steep` ≥ `flat`, the Hessian's eigenvalues), the
    direction (weight, bias) of the steep one, and its lowest point (the least-squares line)."""

    steep: float
    flat: float
    steep_direction: tuple[float, float]
    minimum: tuple[float, float]

    @property
    def ratio(self) -> float:
        """How many times steeper across the valley than along it (1: a round bowl)."""
        return self.steep / self.flat


def _moments(dataset: Dataset) -> tuple[float, float, float, float, float]:
    c = np.asarray(dataset.celsius, np.float64)
    f = np.asarray(dataset.fahrenheit, np.float64)
    return (
        float(np.mean(c * c)),
        float(np.mean(c)),
        float(np.mean(c * f)),
        float(np.mean(f)),
        float(np.mean(f * f)),
    )


def valley(dataset: Dataset) -> Valley | None:
    """The valley of `dataset`'s loss; None unless it has two different °C (no single lowest
    point: every line through one °C is as good)."""
    if len(set(dataset.celsius)) < 2:
        return None
    cc, c, cf, f, _ = _moments(dataset)
    hessian = 2.0 * np.array([[cc, c], [c, 1.0]])
    values, vectors = np.linalg.eigh(hessian)  # ascending
    direction = vectors[:, 1] * (1 if vectors[0, 1] >= 0 else -1)
    weight, bias = np.linalg.solve(hessian / 2.0, [cf, f])
    return Valley(
        float(values[1]),
        float(values[0]),
        (float(direction[0]), float(direction[1])),
        (float(weight), float(bias)),
    )


def loss_grid(dataset: Dataset, weights: np.ndarray, biases: np.ndarray) -> np.ndarray:
    """The mean squared error of every line w·c + b on the data: rows are `biases`, columns
    `weights` (float64; from the moments of the data, so a grid costs no pass over it)."""
    cc, c, cf, f, ff = _moments(dataset)
    w, b = np.meshgrid(np.asarray(weights, np.float64), np.asarray(biases, np.float64))
    grid = w * w * cc + b * b + 2 * w * b * c - 2 * w * cf - 2 * b * f + ff
    return np.maximum(grid, 0.0)


@dataclass(frozen=True)
class PathReading:
    """Where a training's path went in the valley, in its own coordinates from the minimum:
    `across_left` and `along_left`, the fractions of the start's distance still to go across
    the valley (steep) and along it (flat); `crossings`, how often it overshot the valley floor."""

    epochs: int
    across_left: float
    along_left: float
    crossings: int


def read_path(shape: Valley, path: np.ndarray) -> PathReading | None:
    """`path` ((weight, bias) before each epoch and at the end) read against the valley."""
    if len(path) < 2:
        return None
    offsets = np.asarray(path, np.float64) - np.asarray(shape.minimum)
    steep = np.asarray(shape.steep_direction)
    flat = np.array([-steep[1], steep[0]])
    across, along = offsets @ steep, offsets @ flat

    def left(values: np.ndarray) -> float:
        start = abs(values[0])
        return float(abs(values[-1]) / start) if start > 1e-12 else 0.0

    signs = np.sign(across[np.abs(across) > 1e-9])
    return PathReading(
        len(path) - 1, left(across), left(along), int(np.count_nonzero(np.diff(signs)))
    )


def view(
    shape: Valley, path: np.ndarray | None, formula: tuple[float, float] = FORMULA
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(weight range, bias range) that show the minimum, the formula's point (`formula`: (1.8,
    32), or where it lies over normalized parameters) and the whole path, with a margin."""
    points = [shape.minimum, formula]
    if path is not None and len(path):
        points += [tuple(p) for p in np.asarray(path, np.float64)]
    xy = np.asarray(points)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.maximum(high - low, [0.5, 5.0])
    low, high = low - 0.15 * span, high + 0.15 * span
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))
