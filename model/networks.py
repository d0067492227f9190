"""The compiled trainers and predictors every session shares, one per (architecture,
optimizer), made on first use; a `Normalization` layer in front gets the same compiled call
with its inputs normalized by its own statistics (model/network.py compiles them)."""

from __future__ import annotations

import threading

import numpy as np

from .network import ChunkResult, CompiledPredictor, CompiledTrainer
from .normalization import Stats, normalize
from .session import Arrays
from .settings import Architecture


class NormalizedTrainer:
    """A compiled trainer behind a `Normalization` layer of these statistics: the inputs (the
    examples, the frame grid) are normalized before each call; the weights, gradients and path
    are the Dense layers', over the normalized °C."""

    def __init__(self, compiled: CompiledTrainer, stats: Stats) -> None:
        self.compiled = compiled
        self.stats = stats

    def initial_optimizer_state(self) -> Arrays:
        """The state of an optimizer that has taken no step yet."""
        return self.compiled.initial_optimizer_state()

    def train(
        self,
        weights: Arrays,
        optimizer_state: Arrays,
        learning_rate: float,
        x: np.ndarray,
        y: np.ndarray,
        epochs: int,
        frame_slots: np.ndarray | None = None,
        grid: np.ndarray | None = None,
        batch_size: int | None = None,
        orders: np.ndarray | None = None,
    ) -> ChunkResult:
        """`CompiledTrainer.train` on the normalized °C (`grid` too: the frames stay °F per °C)."""
        return self.compiled.train(
            weights,
            optimizer_state,
            learning_rate,
            normalize(x, self.stats),
            y,
            epochs,
            frame_slots,
            None if grid is None else normalize(grid, self.stats),
            batch_size=batch_size,
            orders=orders,
        )

    def velocities(self, optimizer_state: Arrays) -> tuple[np.ndarray, ...]:
        """SGD with momentum: the velocity it keeps for each weight array; () otherwise."""
        return self.compiled.velocities(optimizer_state)

    def loss_and_gradients(
        self, weights: Arrays, x: np.ndarray, y: np.ndarray
    ) -> tuple[float, Arrays]:
        """`CompiledTrainer.loss_and_gradients` on the normalized °C."""
        return self.compiled.loss_and_gradients(weights, normalize(x, self.stats), y)


class NormalizedPredictor:
    """A compiled predictor behind a `Normalization` layer of these statistics."""

    def __init__(self, compiled: CompiledPredictor, stats: Stats) -> None:
        self.compiled = compiled
        self.stats = stats

    def predict(self, weights: Arrays, celsius: np.ndarray) -> np.ndarray:
        """Fahrenheit for each Celsius value, normalized first as the layer does."""
        return self.compiled.predict(weights, normalize(celsius, self.stats))


Trainer = CompiledTrainer | NormalizedTrainer
Predictor = CompiledPredictor | NormalizedPredictor


class Networks:
    """Compiled trainers and predictors, made on first use and shared by every session. They
    are the Dense layers': a normalized architecture gets the same compiled call, its inputs
    normalized with its own statistics (no compilation per dataset)."""

    def __init__(self) -> None:
        self._trainers: dict[tuple[Architecture, str], CompiledTrainer] = {}
        self._predictors: dict[Architecture, CompiledPredictor] = {}
        self._lock = threading.Lock()

    def trainer(self, architecture: Architecture, optimizer: str) -> Trainer:
        """The compiled trainer for this architecture and optimizer."""
        with self._lock:
            key = (architecture.dense_only(), optimizer)
            if key not in self._trainers:
                self._trainers[key] = CompiledTrainer(*key)
            compiled = self._trainers[key]
        if architecture.normalization is None:
            return compiled
        return NormalizedTrainer(compiled, architecture.normalization)

    def predictor(self, architecture: Architecture) -> Predictor:
        """The compiled predictor for this architecture."""
        with self._lock:
            key = architecture.dense_only()
            if key not in self._predictors:
                self._predictors[key] = CompiledPredictor(key)
            compiled = self._predictors[key]
        if architecture.normalization is None:
            return compiled
        return NormalizedPredictor(compiled, architecture.normalization)
