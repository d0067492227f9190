"""What a training and its data say, in numbers: the best line the data allows, the line a network
computes, dead layers, the largest stable SGD step, and a reading of the loss curve.

Pure numpy (no TensorFlow): the bot layer turns these numbers and enums into words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .dataset import Dataset, fahrenheit
from .normalization import normalize64, spread
from .optimizers import Optimizer
from .results import LayerWeights
from .settings import Architecture

# --- the data -------------------------------------------------------------------------------


def _columns(dataset: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(dataset.celsius, np.float64), np.asarray(dataset.fahrenheit, np.float64)


def least_squares_line(dataset: Dataset) -> tuple[float, float] | None:
    """(slope, intercept) of the least-squares line through the data, as `numpy.polyfit(c, f, 1)`
    gives it; None with fewer than two distinct °C values. The lesson's: ≈ 1.798·c + 31.95."""
    celsius, fahrenheit_ = _columns(dataset)
    if len(np.unique(celsius)) < 2:
        return None
    slope, intercept = np.polyfit(celsius, fahrenheit_, 1)
    return float(slope), float(intercept)


def best_possible_loss(dataset: Dataset) -> float | None:
    """The mean squared error of the best line through the data: the lowest loss the lesson's
    model can reach (with one distinct °C, the best line passes through the mean °F there);
    None for no data."""
    if not len(dataset):
        return None
    celsius, fahrenheit_ = _columns(dataset)
    line = least_squares_line(dataset)
    if line is None:
        fitted = np.full_like(fahrenheit_, fahrenheit_.mean())
    else:
        slope, intercept = line
        fitted = slope * celsius + intercept
    return float(np.mean((fitted - fahrenheit_) ** 2))


def rounded_labels(dataset: Dataset) -> list[tuple[float, float, float]]:
    """The points whose °F is not exactly 1.8·c + 32, as (°C, given °F, exact °F): for the lesson
    [(8, 46, 46.4), (22, 72, 71.6), (38, 100, 100.4)] — why its best line is not 1.8·c + 32."""
    return [
        (c, f, fahrenheit(c))
        for c, f in dataset.pairs()
        if not math.isclose(f, fahrenheit(c), rel_tol=1e-9, abs_tol=1e-9)
    ]


def largest_curvature(dataset: Dataset) -> float | None:
    """λmax, the largest eigenvalue of the one-line model's MSE Hessian
    H = (2/N)·[[Σc², Σc], [Σc, N]] (≈ 1119.2 for the lesson's data); None for no data."""
    if not len(dataset):
        return None
    celsius, _ = _columns(dataset)
    count = len(celsius)
    hessian = (2 / count) * np.array(
        [[np.sum(celsius**2), np.sum(celsius)], [np.sum(celsius), count]]
    )
    return float(np.linalg.eigvalsh(hessian)[-1])


def sgd_max_stable_learning_rate(dataset: Dataset) -> float | None:
    """The learning rate above which plain gradient descent on the one-line model diverges:
    2/λmax (≈ 0.0018 for the lesson's data, so SGD at 0.01 explodes); None for no data."""
    return stable_learning_rate(dataset, "sgd")


def stable_learning_rate(dataset: Dataset, optimizer: str) -> float | None:
    """The largest learning rate at which `optimizer` (SGD, with or without momentum) settles
    on the one-line model: 2/λmax plain, 2(1+β)/λmax with momentum β (≈ 0.0034 at 0.9 on the
    lesson's data); None for Adam, RMSprop or no data."""
    curvature = largest_curvature(dataset)
    if curvature is None:
        return None
    return Optimizer.parse(optimizer).stable_limit(curvature)


# --- the network ----------------------------------------------------------------------------


def _check_layers(architecture: Architecture, layers: Sequence[LayerWeights]) -> None:
    if len(layers) != len(architecture.layer_sizes):
        raise ValueError(
            f"{len(layers)} layers of weights for {len(architecture.layer_sizes)} Dense layers"
        )


def network_line(
    architecture: Architecture, layers: Sequence[LayerWeights]
) -> tuple[float, float] | None:
    """(slope, intercept) of the one line a network without nonlinearity computes (no hidden
    layers, or linear ones): its layers multiplied out, in °F per °C (through the normalization
    in front, if any: it is a line too). None for relu or tanh hidden layers."""
    _check_layers(architecture, layers)
    if architecture.hidden and architecture.activation != "linear":
        return None
    slope, intercept = np.ones((1, 1)), np.zeros(1)
    stats = architecture.normalization
    if stats is not None:  # (c − μ)/σ is c·(1/σ) + (−μ/σ)
        slope, intercept = slope / spread(stats), intercept - stats[0] / spread(stats)
    for layer in layers:  # x·S + B through x·K + b is x·(S·K) + (B·K + b)
        kernel = np.asarray(layer.kernel, np.float64)
        slope, intercept = slope @ kernel, intercept @ kernel + np.asarray(layer.bias, np.float64)
    return float(slope[0, 0]), float(intercept[0])


_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
}


def _hidden_outputs(
    architecture: Architecture, layers: Sequence[LayerWeights], celsius: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """Each hidden layer's outputs (rows: inputs, columns: units), and the network's °F."""
    _check_layers(architecture, layers)
    activation = _ACTIVATIONS[architecture.activation]
    values = np.asarray(celsius, np.float64).reshape(-1, 1)
    if architecture.normalization is not None:
        values = normalize64(values, architecture.normalization)
    hidden = []
    for layer in layers[:-1]:
        values = activation(values @ np.asarray(layer.kernel, np.float64) + layer.bias)
        hidden.append(values)
    output = layers[-1]
    return hidden, (values @ np.asarray(output.kernel, np.float64) + output.bias)[:, 0]


def forward(
    architecture: Architecture, layers: Sequence[LayerWeights], celsius: np.ndarray
) -> np.ndarray:
    """The network's °F for each °C (the normalization in front, if any, and the Dense stack in
    float64: hidden layers with the architecture's activation, a linear output), one value per
    input."""
    return _hidden_outputs(architecture, layers, celsius)[1]


def loss_of(architecture: Architecture, layers: Sequence[LayerWeights], dataset: Dataset) -> float:
    """The mean squared error of these weights on `dataset`, in float64: "the loss now", the one
    number every reply gives for the weights a chat has (an epoch's loss in a history is
    Keras's, measured before that epoch's update)."""
    celsius, fahrenheit_ = _columns(dataset)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged model's loss is inf
        errors = forward(architecture, layers, celsius) - fahrenheit_
        return float(np.mean(np.square(errors))) if len(errors) else float("nan")


def dead_layer(
    architecture: Architecture, layers: Sequence[LayerWeights], celsius: np.ndarray
) -> int | None:
    """The index (0-based) of the first hidden layer whose every unit outputs exactly 0 for every
    input in `celsius` (e.g. every ReLU unit dead), else None. Past such a layer the network is
    a constant: no gradient reaches the layers before it, and it can learn nothing but a bias."""
    hidden, _ = _hidden_outputs(architecture, layers, celsius)
    return next((index for index, values in enumerate(hidden) if not values.any()), None)


# --- the loss curve -------------------------------------------------------------------------


class Diagnosis(Enum):
    """What a loss curve says about the training that drew it."""

    FALLING = "falling"  # still falling fast: more epochs would help
    LEVELLED = "levelled"  # hardly changing any more
    UNSTABLE = "unstable"  # rising or jumping up and down: typically too large a learning rate
    STUCK = "stuck"  # a dead layer, or the loss never moved though far above the best


@dataclass(frozen=True)
class CurveReading:
    """A diagnosis; whether the last loss is near the best the data allows (False when that best
    is unknown); and the relative drop over the last ~10 % of epochs (negative: it rose)."""

    diagnosis: Diagnosis
    near_best: bool
    drop_recent: float


# Thresholds. The recent window is the last 10 % of the epochs, at least 10 epoch-to-epoch steps.
# FALLING: over that window the loss fell by more than 3 % of its value at the window's start.
# UNSTABLE: over that window it rose by more than 1 %, or it went up and down with its rises
#   adding up to more than 10 % of the window's mean loss and one rise above 15 % of the loss
#   before it (a spike, Adam ringing at lr 1, a two-step cycle; float noise at a plateau adds up
#   to far less, and a curve that wiggles by a few % on its way down is falling).
# STUCK: `dead`, or the loss moved by less than 1e-6 (relative) over the whole training while not
#   near the best. Near the best: final loss ≤ best·1.05 + 1e-3. Otherwise LEVELLED.
# Under 5 epochs only the first and last loss are compared: fell → FALLING, rose → UNSTABLE.
RECENT_SHARE = 0.10
MIN_RECENT_STEPS = 10
FALLING_DROP = 0.03
RISE = 0.01
OSCILLATION_RISES = 0.10
JUMP = 0.15
UNMOVED = 1e-6
NEAR_BEST_FACTOR = 1.05
NEAR_BEST_SLACK = 1e-3
SHORT_TRAINING = 5


def _relative(change: float, scale: float) -> float:
    return change / scale if scale > 0 else 0.0


def read_curve(losses: np.ndarray, best_loss: float | None, dead: bool) -> CurveReading:
    """Read a (finite, non-empty) loss curve: `best_loss` is `best_possible_loss` of the data it
    trained on (or None), `dead` whether `dead_layer` found a dead layer in the final weights."""
    curve = np.asarray(losses, np.float64).reshape(-1)
    if not len(curve):
        raise ValueError("no losses to read")
    final = float(curve[-1])
    near_best = best_loss is not None and final <= best_loss * NEAR_BEST_FACTOR + NEAR_BEST_SLACK
    far_from_best = not near_best if best_loss is not None else final > NEAR_BEST_SLACK
    steps = max(MIN_RECENT_STEPS, math.ceil(RECENT_SHARE * (len(curve) - 1)))
    recent = curve[-(steps + 1) :]
    drop = _relative(float(recent[0] - recent[-1]), float(abs(recent[0])))
    unmoved = _relative(float(np.ptp(curve)), float(np.max(np.abs(curve)))) < UNMOVED

    if dead or (len(curve) > 1 and unmoved and far_from_best):
        diagnosis = Diagnosis.STUCK
    elif len(curve) < SHORT_TRAINING:  # the window is the whole curve: first loss against last
        if drop < 0:
            diagnosis = Diagnosis.UNSTABLE
        elif near_best or (len(curve) > 1 and drop == 0):
            diagnosis = Diagnosis.LEVELLED
        else:  # it fell, or a single epoch shows nothing yet: train on
            diagnosis = Diagnosis.FALLING
    elif drop < -RISE or _oscillates(recent):
        diagnosis = Diagnosis.UNSTABLE
    else:
        diagnosis = Diagnosis.FALLING if drop > FALLING_DROP else Diagnosis.LEVELLED
    return CurveReading(diagnosis, near_best, drop)


def _oscillates(recent: np.ndarray) -> bool:
    """Up and down with a large amplitude: the rises add up to a large share of the loss, and
    one of them jumps well above the loss before it."""
    changes = np.diff(recent)
    rises = float(changes[changes > 0].sum())
    before = np.abs(recent[:-1])
    jumps = np.divide(changes, before, out=np.zeros_like(changes), where=before > 0)
    return rises > OSCILLATION_RISES * float(np.mean(recent)) and float(jumps.max()) > JUMP
