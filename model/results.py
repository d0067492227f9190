"""What the model service hands back to its callers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normalization import to_celsius_line
from .settings import Architecture


@dataclass(frozen=True)
class LayerWeights:
    """One Dense layer's kernel (inputs × units) and bias (units)."""

    kernel: np.ndarray
    bias: np.ndarray


@dataclass(frozen=True)
class WeightsReport:
    """Every layer's weights; `shared` when the chat still uses the shared default model."""

    architecture: Architecture
    layers: tuple[LayerWeights, ...]
    shared: bool

    @property
    def param_count(self) -> int:
        """How many numbers the network learns."""
        return sum(layer.kernel.size + layer.bias.size for layer in self.layers)

    @property
    def slope_and_intercept(self) -> tuple[float, float] | None:
        """(weight, bias) of the lesson's single Dense(1), to set against 1.8 and 32 — behind a
        `Normalization` layer, the °F-per-°C line its weights amount to; else None."""
        pair = self.dense_pair
        stats = self.architecture.normalization
        if pair is None or stats is None:
            return pair
        return to_celsius_line(*pair, stats)

    @property
    def normalized_pair(self) -> tuple[float, float] | None:
        """Behind a `Normalization` layer, the single Dense(1)'s own (w′, b′), on the
        normalized °C; None without the layer or with hidden layers."""
        return self.dense_pair if self.architecture.normalized else None

    @property
    def dense_pair(self) -> tuple[float, float] | None:
        """The single Dense(1)'s (kernel, bias) as they are (None with hidden layers)."""
        if self.architecture.hidden:
            return None
        layer = self.layers[0]
        return float(layer.kernel[0, 0]), float(layer.bias[0])


def weights_report(
    architecture: Architecture, weights: list[np.ndarray], shared: bool
) -> WeightsReport:
    """Weights as layers (kernel, bias) for the bot: copies, safe from later trainings."""
    layers = tuple(
        LayerWeights(weights[i].copy(), weights[i + 1].copy()) for i in range(0, len(weights), 2)
    )
    return WeightsReport(architecture, layers, shared)


@dataclass(frozen=True)
class Prediction:
    """The model's °F for each °C asked for."""

    celsius: tuple[float, ...]
    fahrenheit: tuple[float, ...]
    shared: bool


@dataclass(frozen=True)
class TrainResult:
    """One training: the loss of every epoch it ran, and the weights it ended with."""

    epochs_requested: int
    losses: np.ndarray
    weights: WeightsReport
    seed: int
    optimizer: str
    learning_rate: float
    stopped: bool
    seconds: float
    loss_now: float | None = None  # the loss of the weights it ended with
    updates_per_epoch: int = 1  # optimizer steps an epoch: more than one with mini-batches
    batch_size: int | None = None  # examples per mini-batch; None: all of them

    @property
    def epochs_run(self) -> int:
        """Epochs actually run (fewer than asked when stopped)."""
        return len(self.losses)

    @property
    def updates(self) -> int:
        """Optimizer steps taken: epochs run × updates per epoch."""
        return self.epochs_run * self.updates_per_epoch

    @property
    def final_loss(self) -> float:
        """The loss of the weights the training ended with: "the loss now", the one the next
        /step or /train starts from (each epoch's loss in `losses` is measured before that
        epoch's update). The last epoch's when not measured; NaN when no epoch ran."""
        if self.loss_now is not None:
            return self.loss_now
        return float(self.losses[-1]) if len(self.losses) else float("nan")


@dataclass(frozen=True)
class ServiceStats:
    """Counters for the operator's /stats."""

    sessions: int
    trained_sessions: int
    trainings: int
    running_trainings: int
    workers: int | None = None  # the workers alive on a shared database; None: one process


@dataclass(frozen=True)
class EpochStep:
    """One epoch of gradient descent, seen up close: the loss before and after it, and for each
    weight array (kernel, bias, kernel, bias, …) its value before, its gradient, and after."""

    loss_before: float
    loss_after: float
    before: tuple[np.ndarray, ...]
    gradients: tuple[np.ndarray, ...]
    after: tuple[np.ndarray, ...]
    # SGD with momentum: its velocity for each weight array before and after the epoch.
    velocity_before: tuple[np.ndarray, ...] = ()
    velocity_after: tuple[np.ndarray, ...] = ()

    @property
    def updates(self) -> tuple[np.ndarray, ...]:
        """What the optimizer changed each array by."""
        return tuple(a - b for a, b in zip(self.after, self.before))


@dataclass(frozen=True)
class StepResult:
    """`/step n`: the training it was (its losses are appended to the chat's history), each epoch
    up close, and whether it started from fresh weights (the chat had none)."""

    training: TrainResult
    epochs: tuple[EpochStep, ...]
    fresh: bool


@dataclass(frozen=True)
class AnimationData:
    """What an animation of one training needs: the chat's data, the model's line on `grid`
    after each of `epochs` (`predictions`, one row each) and the loss of every epoch."""

    celsius: tuple[float, ...]
    fahrenheit: tuple[float, ...]
    grid: np.ndarray
    epochs: np.ndarray
    predictions: np.ndarray
    losses: np.ndarray
    fresh: bool  # a fresh 500-epoch training made for it: the chat has none recorded


@dataclass(frozen=True)
class Runner:
    """One contestant's settings (`batch_size` None: every example in one batch)."""

    optimizer: str
    learning_rate: float
    batch_size: int | None = None


@dataclass(frozen=True)
class RaceRun:
    """How one contestant did: its loss per epoch, up to the epoch it diverged at (if it did)."""

    runner: Runner
    losses: np.ndarray
    diverged_at: int | None  # the 1-based epoch whose loss was not finite
    path: np.ndarray | None = None  # Dense(1): (weight, bias) before each epoch and at the end
    updates_per_epoch: int = 1

    @property
    def final_loss(self) -> float:
        """The last finite loss (inf when none)."""
        return float(self.losses[-1]) if len(self.losses) else float("inf")


def race_winner(runs: list[RaceRun]) -> RaceRun | None:
    """The run that did not diverge with the lowest final loss; None if every run diverged."""
    finished = [r for r in runs if r.diverged_at is None]
    return min(finished, key=lambda r: r.final_loss) if finished else None
