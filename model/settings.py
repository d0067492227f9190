"""What a session trains: its architecture and the settings of one training."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from .dataset import Dataset
from .errors import ModelError
from .limits import (
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    MAX_LEARNING_RATE,
    MAX_POINTS,
    MAX_SEED,
    MAX_UNITS,
    MIN_LEARNING_RATE,
)
from .optimizers import checked

ACTIVATIONS = ("linear", "relu", "tanh")

DEFAULT_EPOCHS = 500
DEFAULT_LEARNING_RATE = 0.1
DEFAULT_OPTIMIZER = "adam"


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Architecture:
    """Hidden Dense layers (units each) before the output `Dense(1)`; none is the lesson's model.
    `normalization`: the (mean, variance) of a Keras `Normalization` layer in front, adapted to
    the chat's °C (None: no such layer)."""

    hidden: tuple[int, ...] = ()
    activation: str = "linear"
    normalization: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(self.hidden))
        if self.normalization is not None:
            mean, variance = (float(v) for v in self.normalization)
            if not (math.isfinite(mean) and math.isfinite(variance) and variance >= 0):
                raise ValueError(f"no Normalization adapts to mean {mean}, variance {variance}")
            object.__setattr__(self, "normalization", (mean, variance))
        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            raise ModelError("too_many_layers", max=MAX_HIDDEN_LAYERS)
        if not all(_is_whole(units) and 1 <= units <= MAX_UNITS for units in self.hidden):
            raise ModelError("units_range", max=MAX_UNITS)
        if self.activation not in ACTIVATIONS:
            raise ModelError(
                "unknown_activation", name=self.activation, choices=", ".join(ACTIVATIONS)
            )

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Units of every Dense layer, output included: (4, 4, 1) for hidden layers 4 and 4."""
        return (*self.hidden, 1)

    @property
    def normalized(self) -> bool:
        """Whether a `Normalization` layer stands in front of the Dense layers."""
        return self.normalization is not None

    def dense_only(self) -> Architecture:
        """The Dense layers without the `Normalization` in front: what is compiled (one
        compilation serves every chat's statistics, model/normalization.py)."""
        return dataclasses.replace(self, normalization=None)

    @property
    def param_count(self) -> int:
        """Weights and biases the network learns (the `Normalization` layer learns none): 2 for
        the lesson's model, 33 for 4-4-1."""
        count, inputs = 0, 1
        for units in self.layer_sizes:
            count += inputs * units + units
            inputs = units
        return count

    def describe(self) -> str:
        """`Dense(1)`, `Dense(4, relu) → Dense(4, relu) → Dense(1)`, `Normalization → Dense(1)`."""
        layers = [f"Dense({units}, {self.activation})" for units in self.hidden]
        front = ["Normalization"] if self.normalized else []
        return " → ".join([*front, *layers, "Dense(1)"])


@dataclass(frozen=True)
class TrainSettings:
    """One training: epochs, optimizer and its learning rate, and its mini-batches' size (at
    most the number of examples); a seed starts from fresh weights."""

    epochs: int = DEFAULT_EPOCHS
    learning_rate: float = DEFAULT_LEARNING_RATE
    optimizer: str = DEFAULT_OPTIMIZER
    seed: int | None = field(default=None)
    batch_size: int | None = None  # examples per update; None: all of them, one update an epoch

    def __post_init__(self) -> None:
        if self.batch_size is not None and (
            not _is_whole(self.batch_size) or not 1 <= self.batch_size <= MAX_POINTS
        ):
            raise ModelError("batch_range", max=MAX_POINTS)
        if not _is_whole(self.epochs) or not 1 <= self.epochs <= MAX_EPOCHS:
            raise ModelError("epochs_range", max=MAX_EPOCHS)
        lr = self.learning_rate
        if (
            isinstance(lr, bool)
            or not isinstance(lr, (int, float))
            or not math.isfinite(lr)
            or not MIN_LEARNING_RATE <= lr <= MAX_LEARNING_RATE
        ):
            raise ModelError("lr_range", min=f"{MIN_LEARNING_RATE:g}", max=MAX_LEARNING_RATE)
        object.__setattr__(self, "learning_rate", float(lr))
        object.__setattr__(self, "optimizer", checked(self.optimizer))
        if self.seed is not None and (not _is_whole(self.seed) or not 0 <= self.seed <= MAX_SEED):
            raise ModelError("seed_range", max=MAX_SEED)

    def updates_per_epoch(self, examples: int) -> int:
        """Optimizer steps one epoch takes on `examples` examples: ⌈examples ÷ batch size⌉."""
        if self.batch_size is None or self.batch_size >= examples:
            return 1
        return -(-examples // self.batch_size)

    def check_batch(self, examples: int) -> None:
        """ModelError('batch_range') for mini-batches larger than the data has examples."""
        if self.batch_size is not None and self.batch_size > examples:
            raise ModelError("batch_range", max=examples)


@dataclass(frozen=True)
class Setup:
    """Everything a chat is set up with before it trains — what a teacher's preset shares: the
    data, the network, how it trains, and the seed of its first weights (None: a random one)."""

    dataset: Dataset = field(default_factory=Dataset)
    architecture: Architecture = field(default_factory=Architecture)
    optimizer: str = DEFAULT_OPTIMIZER
    learning_rate: float = DEFAULT_LEARNING_RATE
    epochs: int = DEFAULT_EPOCHS
    seed: int | None = None

    def __post_init__(self) -> None:
        checked = TrainSettings(self.epochs, self.learning_rate, self.optimizer, self.seed)
        object.__setattr__(self, "optimizer", checked.optimizer)
