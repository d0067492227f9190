"""One training, on a worker thread: where it starts, every compiled chunk (with the frames an
animation needs), or one epoch at a time up close for /step; what it hands back to the service,
which commits it on the event loop."""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import analysis
from .dataset import Dataset, line_range
from .errors import ModelError
from .frames import frame_epochs
from .limits import MAX_SEED
from .network import (
    CHUNK_EPOCHS,
    GRID_POINTS,
    MAX_FRAMES,
    ChunkResult,
    initial_weights,
    no_frames,
    shuffled_orders,
)
from .networks import Networks, Trainer
from .results import EpochStep, TrainResult, weights_report
from .session import Arrays, Session
from .settings import Architecture, TrainSettings

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Trained:
    """What a training worker hands back to be committed on the event loop."""

    result: TrainResult
    weights: Arrays
    state: Arrays
    frames: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    steps: tuple[EpochStep, ...] | None = None
    path: np.ndarray | None = None  # Dense(1): (weight, bias) before each epoch and at the end


def check_finite(chunk: ChunkResult, done: int, settings: TrainSettings) -> None:
    """Raise ModelError('diverged') for a chunk that reached a non-finite loss or weight."""
    good = chunk.finite_epochs
    if good is not None:
        epoch = done + good + 1
        loss = chunk.losses[good] if good < len(chunk.losses) else float("inf")
        raise ModelError(
            "diverged",
            epoch=epoch,
            loss="nan" if np.isnan(loss) else "inf",
            suggested_lr=min(settings.learning_rate / 10, 0.001),
        )


def _loss_of(architecture: Architecture, weights: Arrays, dataset: Dataset) -> float:
    """analysis.loss_of for the trainer's arrays."""
    layers = weights_report(architecture, list(weights), shared=False).layers
    return analysis.loss_of(architecture, layers, dataset)


def starting_point(
    session: Session, settings: TrainSettings, trainer: Trainer
) -> tuple[int, Arrays, Arrays]:
    """The seed, weights and optimizer state a training starts from."""
    architecture = session.architecture
    if settings.seed is not None or session.weights is None:
        seed = settings.seed if settings.seed is not None else random.randint(0, MAX_SEED)
        return seed, initial_weights(architecture, seed), trainer.initial_optimizer_state()
    seed = session.seed if session.seed is not None else 0
    same_optimizer = settings.optimizer == session.optimizer
    state = session.optimizer_state if same_optimizer else None
    return (
        seed,
        session.weights,
        state if state is not None else trainer.initial_optimizer_state(),
    )


def train_chunks(
    networks: Networks,
    session: Session,
    settings: TrainSettings,
    cancel: threading.Event,
    report: Progress,
    *,
    pause: float = 0.0,
    shared: bool = False,
) -> Trained:
    """Worker thread: every chunk of epochs (a compiled call each, `pause` seconds between
    them unless cancelled), the animation's frames on the way; commits nothing itself."""
    started = time.perf_counter()
    architecture = session.architecture
    trainer = networks.trainer(architecture, settings.optimizer)
    seed, weights, state = starting_point(session, settings, trainer)
    x, y = session.dataset.arrays()
    settings.check_batch(len(x))
    batched = settings.updates_per_epoch(len(x)) > 1
    fresh = settings.seed is not None or session.weights is None
    grid = line_range(session.dataset, GRID_POINTS)
    wanted = frame_epochs(settings.epochs, MAX_FRAMES - 1)
    frames = np.full((len(wanted), GRID_POINTS), np.nan)
    losses: list[np.ndarray] = []
    paths: list[np.ndarray] = []
    done = 0
    while done < settings.epochs and not cancel.is_set():
        slots = no_frames()
        in_chunk = (wanted >= done) & (wanted <= done + CHUNK_EPOCHS)
        slots[wanted[in_chunk] - done] = np.flatnonzero(in_chunk)
        epochs = min(settings.epochs - done, CHUNK_EPOCHS)
        # Each epoch's shuffle is its seed's and number's: the same seed gives the same run.
        first = (0 if fresh else session.epochs_trained) + done
        orders = shuffled_orders(len(x), epochs, seed, first) if batched else None
        chunk = trainer.train(
            weights,
            state,
            settings.learning_rate,
            x,
            y,
            epochs,
            slots,
            grid,
            batch_size=settings.batch_size,
            orders=orders,
        )
        check_finite(chunk, done, settings)
        recorded = chunk.frames[: len(wanted)]
        written = ~np.isnan(recorded).any(axis=1)
        frames[written] = recorded[written]
        weights, state = chunk.weights, chunk.optimizer_state
        losses.append(chunk.losses)
        paths.append(chunk.path if not paths else chunk.path[1:])  # a chunk starts where one ended
        done += len(chunk.losses)
        report(done, settings.epochs)
        if pause and done < settings.epochs:
            cancel.wait(pause)
    history = np.concatenate(losses) if losses else np.zeros(0, np.float32)
    loss_now = _loss_of(architecture, weights, session.dataset) if done else None
    if loss_now is not None and not math.isfinite(loss_now):  # the last update overflowed it
        raise ModelError(
            "diverged",
            epoch=done + 1,
            loss="inf",
            suggested_lr=min(settings.learning_rate / 10, 0.001),
        )
    result = TrainResult(
        epochs_requested=settings.epochs,
        losses=history,
        weights=weights_report(architecture, weights, shared=shared),
        seed=seed,
        optimizer=settings.optimizer,
        learning_rate=settings.learning_rate,
        stopped=done < settings.epochs,
        seconds=time.perf_counter() - started,
        loss_now=loss_now,
        updates_per_epoch=settings.updates_per_epoch(len(x)),
        batch_size=settings.batch_size,
    )
    shown = (wanted <= done) & ~np.isnan(frames).any(axis=1)
    frame_at, rows = wanted[shown], frames[shown]
    if done and (not len(frame_at) or frame_at[-1] != done):  # stopped between frames
        last = networks.predictor(architecture).predict(weights, grid)
        frame_at, rows = np.append(frame_at, done), np.vstack([rows, last])
    path = np.concatenate(paths) if paths and not architecture.hidden else None
    frames_ = (grid, frame_at, rows.astype(np.float32))
    return Trained(result, weights, state, frames=frames_, path=path)


def train_steps(
    networks: Networks,
    session: Session,
    settings: TrainSettings,
    cancel: threading.Event,
    report: Progress,
) -> Trained:
    """Worker thread: one compiled epoch at a time, with the loss and gradient before and
    after each (the same compiled trainer as /train, so the steps add up to a training)."""
    started = time.perf_counter()
    architecture = session.architecture
    trainer = networks.trainer(architecture, settings.optimizer)
    seed, weights, state = starting_point(session, settings, trainer)
    x, y = session.dataset.arrays()
    _, gradients = trainer.loss_and_gradients(weights, x, y)
    steps: list[EpochStep] = []
    for _ in range(settings.epochs):
        if cancel.is_set():
            break
        chunk = trainer.train(weights, state, settings.learning_rate, x, y, 1)
        check_finite(chunk, len(steps), settings)
        _, gradients_after = trainer.loss_and_gradients(chunk.weights, x, y)
        steps.append(
            EpochStep(
                _loss_of(architecture, weights, session.dataset),
                _loss_of(architecture, chunk.weights, session.dataset),
                tuple(weights),
                tuple(gradients),
                tuple(chunk.weights),
                trainer.velocities(state),
                trainer.velocities(chunk.optimizer_state),
            )
        )
        weights, state = chunk.weights, chunk.optimizer_state
        gradients = gradients_after
    result = TrainResult(
        epochs_requested=settings.epochs,
        losses=np.array([s.loss_before for s in steps], np.float32),
        weights=weights_report(architecture, weights, shared=False),
        seed=seed,
        optimizer=settings.optimizer,
        learning_rate=settings.learning_rate,
        stopped=len(steps) < settings.epochs,
        seconds=time.perf_counter() - started,
        loss_now=steps[-1].loss_after if steps else None,
    )
    path = None
    if not architecture.hidden and steps:
        points = [steps[0].before] + [step.after for step in steps]
        path = np.array([[w[0][0, 0], w[1][0]] for w in points], np.float32)
    return Trained(result, weights, state, steps=tuple(steps), path=path)


def epochs_to_reach(
    networks: Networks,
    dataset: Dataset,
    line: tuple[float, float],
    target: float,
    max_epochs: int,
    learning_rate: float,
) -> int | None:
    """Worker thread: the first epoch count after which Adam's Dense(1), started at `line`, has
    a loss ≤ `target` (0 if it starts there); None if not within `max_epochs` or it diverges."""
    trainer = networks.trainer(Architecture(), "adam")
    weights: Arrays = [np.array([[line[0]]], np.float32), np.array([line[1]], np.float32)]
    state = trainer.initial_optimizer_state()
    x, y = dataset.arrays()
    done = 0
    while done < max_epochs:
        chunk = trainer.train(weights, state, learning_rate, x, y, max_epochs - done)
        # losses[i] is the loss after done + i updates, measured before the next one.
        reached = np.flatnonzero(chunk.losses <= target)
        if len(reached):
            return done + int(reached[0])
        if chunk.finite_epochs is not None:
            return None
        weights, state = chunk.weights, chunk.optimizer_state
        done += len(chunk.losses)
    return None
