"""A session's model as a native `.keras` file that `keras.models.load_model` opens."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from .network import build_model, build_optimizer, optimizer_state_variables
from .settings import Architecture


def keras_file(
    architecture: Architecture,
    weights: list[np.ndarray],
    optimizer: str,
    learning_rate: float,
    optimizer_state: list[np.ndarray] | None,
) -> bytes:
    """The model compiled as in the lesson, optimizer state included, as `.keras` bytes; a
    `Normalization` layer in front holds the chat's adapted mean and variance.

    `load_model(...).fit(...)` then continues exactly where the session stopped.
    """
    model = build_model(architecture)
    model.set_weights(weights)
    model.compile(loss="mean_squared_error", optimizer=build_optimizer(optimizer, learning_rate))
    model.optimizer.build(model.trainable_variables)
    if optimizer_state is not None:
        for variable, value in zip(optimizer_state_variables(model.optimizer), optimizer_state):
            variable.assign(value)
    with tempfile.TemporaryDirectory(prefix="c2f-export-") as folder:
        path = Path(folder) / "c2f.keras"
        model.save(path)
        return path.read_bytes()
