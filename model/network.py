"""The lesson's network, and the one compiled training loop and predict call per architecture.

The lesson, as the tutorial writes it::

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(units=1)])
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(0.1))
    history = model.fit(celsius, fahrenheit, epochs=500)
    model.predict(np.array([[100.0]]))

The same Keras layers, loss and optimizer run here, with three speed tricks:

1. The whole epoch loop is one XLA-compiled TensorFlow call (`tf.while_loop`, loss history written
   in-graph): `fit` spends ~20 ms of Python per epoch, this spends microseconds.
2. One compiled function per (architecture, optimizer) serves every session. A session's weights
   and optimizer state are plain numpy arrays, loaded into a template model's variables at the start
   of the call and read back at its end, under a lock because the template is shared.
3. Every argument has a fixed shape and dtype, so nothing is traced twice: the data is padded to
   MAX_POINTS rows with a mask, epochs and learning rate are tensors, predictions are padded to
   PREDICT_ROWS rows.

A chat may put Keras's `Normalization` layer in front (`/normalize on`). Its mean and variance are
the chat's, so the compiled call is the Dense layers' alone and the chat's inputs are normalized
before it, as the layer would (`NormalizedTrainer`, `NormalizedPredictor`, model/normalization.py).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's C++ start-up chatter

import keras
import numpy as np
import tensorflow as tf

from .limits import MAX_POINTS
from .optimizers import Optimizer
from .session import Arrays
from .settings import Architecture

CHUNK_EPOCHS = 1000  # epochs per compiled call: the points where progress is told and /stop acts
PREDICT_ROWS = 256
GRID_POINTS = 64  # Celsius values at which a training records the model's line for an animation
MAX_FRAMES = 48  # the most such recordings one training keeps


def build_model(architecture: Architecture) -> keras.Model:
    """The lesson's model: hidden Dense layers (if any), then Dense(1), on one input feature; with
    a `Normalization` layer in front holding the chat's adapted mean and variance, if it has one."""
    front = []
    if architecture.normalization is not None:
        mean, variance = architecture.normalization
        front = [keras.layers.Normalization(mean=mean, variance=variance)]
    layers = [
        keras.layers.Dense(units, activation=architecture.activation)
        for units in architecture.hidden
    ]
    return keras.Sequential([keras.Input(shape=(1,)), *front, *layers, keras.layers.Dense(units=1)])


def _compiled(architecture: Architecture) -> Architecture:
    """A compiled call's architecture: the Dense layers alone (ValueError otherwise)."""
    if architecture.normalized:
        raise ValueError("compile the Dense layers behind the Normalization: dense_only()")
    return architecture


def build_optimizer(name: str, learning_rate: float = 0.1) -> keras.optimizers.Optimizer:
    """Keras's own optimizer that `name` writes (`adam`, `sgd momentum=0.9`, …), with its
    default hyper-parameters but those and the learning rate."""
    return Optimizer.parse(name).build(learning_rate)


def initial_weights(architecture: Architecture, seed: int) -> Arrays:
    """Fresh weights as `Dense` makes them (Glorot-uniform kernels, zero biases), from `seed`."""
    weights: Arrays = []
    inputs = 1
    for index, units in enumerate(architecture.layer_sizes):
        kernel = keras.initializers.GlorotUniform(seed=seed + 7919 * index)((inputs, units))
        weights += [np.asarray(kernel, np.float32), np.zeros(units, np.float32)]
        inputs = units
    return weights


def optimizer_state_variables(optimizer: keras.optimizers.Optimizer) -> list[keras.Variable]:
    """Everything a built optimizer keeps but its learning rate: iterations, moments."""
    return [v for v in optimizer.variables if v.name != "learning_rate"]


@dataclass(frozen=True)
class ChunkResult:
    """What one compiled call returns: new state, one loss per epoch it ran, the model's
    predictions on the frame grid at the frame slots asked for (NaN rows elsewhere), and for
    `Dense(1)` its path: (weight, bias) before each epoch and after the last (len(losses) + 1
    rows; empty for other networks)."""

    weights: Arrays
    optimizer_state: Arrays
    losses: np.ndarray
    frames: np.ndarray
    path: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.float32))

    @property
    def finite_epochs(self) -> int | None:
        """How many epochs ran before the loss or a weight stopped being finite; None if all
        stayed finite (the compiled loop stops right after the first non-finite loss)."""
        bad = np.flatnonzero(~np.isfinite(self.losses))
        if len(bad):
            return int(bad[0])
        if not all(np.isfinite(w).all() for w in self.weights):
            return len(self.losses)
        return None


def no_frames() -> np.ndarray:
    """Frame slots that record nothing: for each epoch count 0..CHUNK_EPOCHS of a chunk, -1."""
    return np.full(CHUNK_EPOCHS + 1, -1, np.int32)


def padded(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x and y padded to MAX_POINTS rows, and a mask of the real rows (same shapes every call)."""
    count = len(x)
    xs = np.zeros((MAX_POINTS, 1), np.float32)
    ys = np.zeros((MAX_POINTS, 1), np.float32)
    mask = np.zeros(MAX_POINTS, np.float32)
    xs[:count], ys[:count], mask[:count] = x, y, 1.0
    return xs, ys, mask


_NO_ORDERS = np.zeros((1, MAX_POINTS), np.int32)  # an epoch of one batch takes no order


def epoch_orders(count: int, orders: np.ndarray | None) -> np.ndarray:
    """Each epoch's order of the `count` examples (None: as given), padded to the compiled
    shape: CHUNK_EPOCHS rows of MAX_POINTS, the padding rows after the real ones."""
    full = np.tile(np.arange(MAX_POINTS, dtype=np.int32), (CHUNK_EPOCHS, 1))
    if orders is not None:
        given = np.asarray(orders, np.int32)[:CHUNK_EPOCHS, :count]
        full[: len(given), :count] = given
    return full


def shuffled_orders(count: int, epochs: int, seed: int, first_epoch: int) -> np.ndarray:
    """`epochs` permutations of range(count), one per epoch, as `fit(shuffle=True)` draws
    them each epoch; the same seed and epoch numbers give the same ones."""
    return np.stack(
        [np.random.default_rng([seed, first_epoch + k]).permutation(count) for k in range(epochs)]
    ).astype(np.int32)


class CompiledTrainer:
    """One architecture and optimizer, compiled once; trains any session's arrays. A `Dense(1)`
    trainer records its path on the landscape unless `path` is False."""

    def __init__(self, architecture: Architecture, optimizer: str, path: bool = True) -> None:
        self.architecture = _compiled(architecture)
        self.optimizer_name = optimizer
        self._model = build_model(architecture)
        self._optimizer = build_optimizer(optimizer)
        self._optimizer.build(self._model.trainable_variables)
        self._learning_rate = next(
            v for v in self._optimizer.variables if v.name == "learning_rate"
        )
        self._state = optimizer_state_variables(self._optimizer)
        self._fresh_state = [np.zeros(v.shape, v.dtype) for v in self._state]
        self._lock = threading.Lock()
        self.traces = 0
        # A line records its (weight, bias) every epoch (`path=False`: the benchmark's baseline).
        self._records_path = path and not architecture.hidden
        self._train = tf.function(self._train_loop, jit_compile=True)
        self._gradients = tf.function(self._loss_and_gradients, jit_compile=True)

    def initial_optimizer_state(self) -> Arrays:
        """The state of an optimizer that has taken no step yet."""
        return [array.copy() for array in self._fresh_state]

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
        """Up to min(epochs, CHUNK_EPOCHS) epochs, stopping at a non-finite loss.

        `frame_slots[k]` (k = 0..CHUNK_EPOCHS) names the row of `frames` that records the model's
        predictions on `grid` (GRID_POINTS Celsius values) after k epochs of this chunk, or -1.
        An epoch is one update on all the examples unless `batch_size` is smaller than their
        number: then it is an update per mini-batch, the examples taken in `orders[k]` (a
        permutation of range(len(x)) per epoch; None: in their order, as `shuffle=False`).
        """
        xs, ys, mask = padded(x, y)
        slots = no_frames() if frame_slots is None else np.asarray(frame_slots, np.int32)
        points = np.zeros(GRID_POINTS, np.float32) if grid is None else grid
        batched = batch_size is not None and batch_size < len(x)
        with self._lock:
            new_weights, new_state, losses, ran, frames, path = self._train(
                [np.asarray(w, np.float32) for w in weights],
                [np.asarray(s, v.dtype) for s, v in zip(optimizer_state, self._state)],
                np.float32(learning_rate),
                xs,
                ys,
                mask,
                np.int32(min(epochs, CHUNK_EPOCHS)),
                slots,
                np.asarray(points, np.float32).reshape(GRID_POINTS, 1),
                np.int32(batch_size or MAX_POINTS),
                epoch_orders(len(x), orders) if batched else _NO_ORDERS,
                batched,
            )
        ran = int(ran)
        return ChunkResult(
            [w.numpy() for w in new_weights],
            [s.numpy() for s in new_state],
            losses.numpy()[:ran],
            frames.numpy(),
            path.numpy()[: ran + 1] if self._records_path else np.zeros((0, 2), np.float32),
        )

    def velocities(self, optimizer_state: Arrays) -> tuple[np.ndarray, ...]:
        """SGD with momentum: the velocity it keeps for each weight array; () otherwise."""
        if not Optimizer.parse(self.optimizer_name).momentum:
            return ()
        names = [v.name for v in self._state]
        return tuple(s for s, name in zip(optimizer_state, names) if "momentum" in name)

    def loss_and_gradients(
        self, weights: Arrays, x: np.ndarray, y: np.ndarray
    ) -> tuple[float, Arrays]:
        """The loss at `weights` and its gradient for each weight array, as a training's epoch
        computes them (no optimizer step)."""
        xs, ys, mask = padded(x, y)
        arrays = [np.asarray(w, np.float32) for w in weights]
        loss, gradients = self._gradients(arrays, xs, ys, mask)
        return float(loss), [g.numpy() for g in gradients]

    def _masked_loss(self, y, predictions, mask):
        squared_errors = keras.losses.mean_squared_error(y, predictions)
        return tf.reduce_sum(squared_errors * mask) / tf.reduce_sum(mask)  # mean of the real rows

    def _loss_and_gradients(self, weights, x, y, mask):
        with tf.GradientTape() as tape:
            tape.watch(weights)
            predictions, _ = self._model.stateless_call(weights, [], x, training=True)
            loss = self._masked_loss(y, predictions, mask)
        return loss, tape.gradient(loss, weights)

    def _train_loop(
        self,
        weights,
        optimizer_state,
        learning_rate,
        x,
        y,
        mask,
        epochs,
        frame_slots,
        grid,
        batch_size,
        orders,
        batched,
    ):
        """`model.fit(x, y, epochs, batch_size=len(x), shuffle=False)`, as one graph (`batched`:
        `batch_size`, each epoch's examples in its row of `orders`); on the way, the model's line
        on `grid` wherever `frame_slots` asks for it (for an animation) and, for `Dense(1)`, its
        weight and bias before every epoch (the path on the landscape)."""
        self.traces += 1  # runs only while tracing: a test counts retraces with it
        model, optimizer = self._model, self._optimizer
        for variable, value in zip(model.trainable_variables, weights):
            variable.assign(value)
        for variable, value in zip(self._state, optimizer_state):
            variable.assign(value)
        self._learning_rate.assign(learning_rate)

        def record(k, frames):
            slot = frame_slots[k]
            return tf.cond(
                slot >= 0,
                lambda: tf.tensor_scatter_nd_update(
                    frames, [[slot]], tf.reshape(model(grid), [1, GRID_POINTS])
                ),
                lambda: frames,
            )

        def step_taken(k, path):
            if not self._records_path:
                return path
            kernel, bias = model.trainable_variables
            point = tf.reshape(tf.stack([kernel[0, 0], bias[0]]), [1, 2])
            return tf.tensor_scatter_nd_update(path, [[k]], point)

        def update(x, y, mask):
            with tf.GradientTape() as tape:
                predictions = model(x, training=True)
                loss = self._masked_loss(y, predictions, mask)
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables))
            return loss

        def mini_batches(i):
            """One epoch of mini-batches; its loss is theirs averaged by size, as fit reports."""
            order = orders[i]
            xs, ys, real = tf.gather(x, order), tf.gather(y, order), tf.gather(mask, order)
            count = tf.reduce_sum(mask)
            batches = (tf.cast(count, tf.int32) + batch_size - 1) // batch_size
            positions = tf.range(MAX_POINTS)

            def one_batch(b, total):
                start = b * batch_size
                rows = tf.logical_and(positions >= start, positions < start + batch_size)
                in_batch = tf.cast(rows, tf.float32) * real
                return b + 1, total + update(xs, ys, in_batch) * tf.reduce_sum(in_batch)

            _, total = tf.while_loop(
                lambda b, total: b < batches, one_batch, (tf.constant(0), tf.constant(0.0))
            )
            return total / count

        def epoch(i, losses, frames, path):
            frames = record(i, frames)  # the model after i epochs, before this one
            path = step_taken(i, path)
            loss = mini_batches(i) if batched else update(x, y, mask)
            return i + 1, tf.tensor_scatter_nd_update(losses, [[i]], [loss]), frames, path

        def keep_going(i, losses, frames, path):
            last_finite = tf.math.is_finite(losses[tf.maximum(i - 1, 0)])
            return tf.logical_and(i < epochs, tf.logical_or(i == 0, last_finite))

        empty = tf.fill([MAX_FRAMES, GRID_POINTS], float("nan"))
        no_path = tf.zeros([CHUNK_EPOCHS + 1, 2] if self._records_path else [1, 2])
        ran, losses, frames, path = tf.while_loop(
            keep_going, epoch, (tf.constant(0), tf.zeros([CHUNK_EPOCHS]), empty, no_path)
        )
        frames = record(ran, frames)
        path = step_taken(ran, path)
        return (
            [tf.identity(v.value) for v in model.trainable_variables],
            [tf.identity(v.value) for v in self._state],
            losses,
            ran,
            frames,
            path,
        )


class CompiledPredictor:
    """`model.predict` for one architecture as one compiled call taking any session's weights."""

    def __init__(self, architecture: Architecture) -> None:
        self._model = build_model(_compiled(architecture))
        self.traces = 0
        self._predict = tf.function(self._forward, jit_compile=True)

    def predict(self, weights: Arrays, celsius: np.ndarray) -> np.ndarray:
        """Fahrenheit for each Celsius value (float64 in, float64 out)."""
        values = np.asarray(celsius, np.float32).reshape(-1)
        out = np.empty(len(values), np.float64)
        weights = [np.asarray(w, np.float32) for w in weights]
        for start in range(0, len(values), PREDICT_ROWS):
            block = values[start : start + PREDICT_ROWS]
            rows = np.zeros((PREDICT_ROWS, 1), np.float32)
            rows[: len(block), 0] = block
            out[start : start + len(block)] = self._predict(weights, rows).numpy()[: len(block), 0]
        return out

    def _forward(self, weights, x):
        self.traces += 1
        predictions, _ = self._model.stateless_call(weights, [], x)
        return predictions
