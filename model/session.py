"""One chat's state: its data, architecture, weights, optimizer state and last loss history."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from .dataset import Dataset
from .settings import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_OPTIMIZER, Architecture

Arrays = list[np.ndarray]


@dataclass
class Session:
    """A chat's model. `weights is None` until the chat trains: it then uses the shared model."""

    dataset: Dataset = field(default_factory=Dataset)
    architecture: Architecture = field(default_factory=Architecture)
    weights: Arrays | None = None
    optimizer: str = DEFAULT_OPTIMIZER
    learning_rate: float = DEFAULT_LEARNING_RATE
    epochs: int = DEFAULT_EPOCHS  # what /train runs when not told (a preset may set it)
    optimizer_state: Arrays | None = None
    seed: int | None = None
    history: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    trainings: int = 0
    epochs_trained: int = 0
    # The last training's model line, for an animation: (grid, epochs, predictions per epoch).
    frames: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    # For Dense(1): the last training's path, (weight, bias) before each epoch and at its end.
    path: np.ndarray | None = None
    # Set while a training runs; never stored.
    cancel_event: threading.Event | None = field(default=None, compare=False, repr=False)

    @property
    def trained(self) -> bool:
        """Whether the chat has weights of its own."""
        return self.weights is not None

    @property
    def training(self) -> bool:
        """Whether a training is running for this chat now."""
        return self.cancel_event is not None

    @staticmethod
    def without_weights() -> dict[str, object]:
        """The fields that take a session back to the shared model: no weights, optimizer state,
        history or animation of its own."""
        return {
            "weights": None,
            "optimizer_state": None,
            "seed": None,
            "history": np.zeros(0, np.float32),
            "epochs_trained": 0,
            "frames": None,
            "path": None,
        }
