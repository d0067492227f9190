"""°F → °C: the model learned only one direction, so a Fahrenheit value is answered by inverting
it — the Celsius values where its curve meets that Fahrenheit value.

A network without a non-linear activation (a `Dense(1)` line, linear hidden layers, a
normalization in front) is one straight line f = a·c + b, inverted exactly: c = (f − b) / a.
A ReLU or tanh network is a curve: it may meet a value once, several times or never; its
crossings are found on a grid over the range a value may have (±1e6, densest near the lesson's
temperatures) and refined by bisection, in float64."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .forward import forward
from .limits import MAX_ABS_VALUE
from .session import Arrays
from .settings import Architecture

MAX_SOLUTIONS = 5  # a curve that meets a value more often is reported by its first five
_NEAR = np.linspace(-1_000.0, 1_000.0, 20_001)  # every 0.1 °C across the temperatures people use
_FAR = np.geomspace(1_000.0, MAX_ABS_VALUE, 2_000)[1:]
GRID = np.concatenate([-_FAR[::-1], _NEAR, _FAR])
_BISECTIONS = 60


@dataclass(frozen=True)
class Inversion:
    """For each °F value the °C values where the model answers it (`celsius[i]`, ascending;
    empty: the model never answers that value within ±1e6 °C). `line`: the (slope, intercept)
    of a model that is a straight line, inverted exactly (None: a curve, searched); `shared`:
    the shared model answered."""

    fahrenheit: tuple[float, ...]
    celsius: tuple[tuple[float, ...], ...]
    line: tuple[float, float] | None
    shared: bool = False

    @property
    def exact(self) -> bool:
        """Whether the model is a line, inverted as one."""
        return self.line is not None


def is_line(architecture: Architecture) -> bool:
    """Whether the model is one straight line (no non-linear activation between its layers)."""
    return not architecture.hidden or architecture.activation == "linear"


def line(architecture: Architecture, weights: Arrays) -> tuple[float, float]:
    """The (slope, intercept) of a model that is a straight line."""
    at_zero, at_one = forward(architecture, weights, np.array([0.0, 1.0]), np.float64)
    return float(at_one - at_zero), float(at_zero)


def invert(
    architecture: Architecture, weights: Arrays, fahrenheit: Sequence[float]
) -> tuple[tuple[tuple[float, ...], ...], tuple[float, float] | None]:
    """Each °F value's °C solutions (at most MAX_SOLUTIONS, within ±1e6 °C), and the model's
    (slope, intercept) if it is a line, inverted exactly (None: a curve, searched)."""
    if is_line(architecture):
        slope, intercept = line(architecture, weights)
        solutions = []
        for f in fahrenheit:
            c = (f - intercept) / slope if slope != 0 else float("nan")
            solutions.append((c,) if np.isfinite(c) and abs(c) <= MAX_ABS_VALUE else ())
        return tuple(solutions), (slope, intercept)
    curve = forward(architecture, weights, GRID, np.float64)
    return tuple(_crossings(architecture, weights, curve, f) for f in fahrenheit), None


def _crossings(
    architecture: Architecture, weights: Arrays, curve: np.ndarray, target: float
) -> tuple[float, ...]:
    """Where the curve meets `target`: grid points on it, and each sign change of
    curve − target between two grid points, bisected."""
    gap = curve - target
    on = np.flatnonzero(gap == 0)
    changes = np.flatnonzero(np.sign(gap[:-1]) * np.sign(gap[1:]) < 0)
    found = [float(GRID[i]) for i in on]
    for i in changes:
        low, high = float(GRID[i]), float(GRID[i + 1])
        low_sign = np.sign(gap[i])
        for _ in range(_BISECTIONS):
            middle = (low + high) / 2
            value = forward(architecture, weights, np.array([middle]), np.float64)[0] - target
            if value == 0:
                low = high = middle
                break
            if np.sign(value) == low_sign:
                low = middle
            else:
                high = middle
        found.append((low + high) / 2)
    return tuple(sorted(found)[:MAX_SOLUTIONS])
