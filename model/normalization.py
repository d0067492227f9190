"""Keras's `Normalization` layer in front of a network, in numpy: the statistics `adapt` takes
from a chat's °C, and what the layer's `call` makes of a °C value.

The compiled trainers and predictors are the network's behind the layer (one per architecture,
shared by every chat): the layer's statistics are the chat's, so its inputs are normalized here,
in the layer's own float32 arithmetic, before they reach the compiled call. (Keras bakes an
adapted layer's mean and variance into constant tensors, so a layer inside the compiled graph
would mean one compilation per dataset.)
"""

from __future__ import annotations

import numpy as np

from .dataset import FORMULA, Dataset

EPSILON = 1e-7  # keras.backend.epsilon(), the smallest spread the layer divides by

Stats = tuple[float, float]  # (mean, variance) of the °C, as the adapted layer holds them


def adapted(dataset: Dataset) -> Stats:
    """(mean, variance) that `Normalization().adapt` takes from the data's °C: numpy's mean and
    population variance of the float32 column, as the layer computes them for an array."""
    celsius, _ = dataset.arrays()
    if not len(celsius):
        raise ValueError("no °C to adapt to")
    return float(np.mean(celsius, axis=0)[0]), float(np.var(celsius, axis=0)[0])


def spread(stats: Stats) -> float:
    """σ, what the layer divides by: √variance, but at least EPSILON (float64)."""
    return max(float(np.sqrt(stats[1])), EPSILON)


def normalize(celsius: np.ndarray, stats: Stats) -> np.ndarray:
    """What the layer's call gives for `celsius` (any shape): (x − mean) / max(√variance, ε),
    in float32 like the layer."""
    mean, variance = np.float32(stats[0]), np.float32(stats[1])
    sigma = np.maximum(np.sqrt(variance), np.float32(EPSILON))
    return (np.asarray(celsius, np.float32) - mean) / sigma


def normalize64(celsius: np.ndarray, stats: Stats) -> np.ndarray:
    """`normalize` in float64, for the analysis of a network (its loss, its line)."""
    return (np.asarray(celsius, np.float64) - stats[0]) / spread(stats)


def normalized_dataset(dataset: Dataset, stats: Stats) -> Dataset:
    """The data as the network behind the layer sees it: each °C replaced by its normalized
    value, the °F kept. Its loss landscape is the one over the normalized (weight, bias)."""
    z = normalize64(np.asarray(dataset.celsius, np.float64), stats)
    return Dataset(tuple(float(v) for v in z), dataset.fahrenheit)


def to_celsius_line(weight: float, bias: float, stats: Stats) -> tuple[float, float]:
    """The °F-per-°C line that Dense(1)'s normalized (w′, b′) amounts to:
    w′·(c − μ)/σ + b′ = (w′/σ)·c + (b′ − w′·μ/σ)."""
    sigma = spread(stats)
    return weight / sigma, bias - weight * stats[0] / sigma


def from_celsius_line(slope: float, intercept: float, stats: Stats) -> tuple[float, float]:
    """The normalized (w′, b′) of the line slope·c + intercept: (slope·σ, intercept + slope·μ)."""
    return slope * spread(stats), intercept + slope * stats[0]


def formula_point(stats: Stats | None) -> tuple[float, float]:
    """Where the formula f = 1.8·c + 32 lies on the landscape: (1.8, 32) over the plain
    (weight, bias), (1.8·σ, 32 + 1.8·μ) over the normalized ones."""
    slope, intercept = FORMULA
    return (slope, intercept) if stats is None else from_celsius_line(slope, intercept, stats)
