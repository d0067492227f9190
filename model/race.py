"""A learning-rate (or optimizer) race: fresh copies of one network, the same initial weights and
data, one compiled training per contestant; nothing of a chat's own model changes."""

from __future__ import annotations

import numpy as np

from .errors import ModelError
from .network import CHUNK_EPOCHS, shuffled_orders
from .networks import Networks
from .results import RaceRun, Runner
from .session import Arrays
from .settings import Architecture, TrainSettings

MIN_RUNNERS, MAX_RUNNERS = 2, 6


def check_race(runners: list[Runner], epochs: int) -> None:
    """Settings a race accepts: 2..6 distinct runners, each a valid training (ModelError)."""
    if not MIN_RUNNERS <= len(runners) <= MAX_RUNNERS or len(set(runners)) != len(runners):
        raise ModelError("race_size", min=MIN_RUNNERS, max=MAX_RUNNERS)
    for runner in runners:
        TrainSettings(epochs, runner.learning_rate, runner.optimizer, None, runner.batch_size)


def run(
    networks: Networks,
    architecture: Architecture,
    weights: Arrays,
    runner: Runner,
    x: np.ndarray,
    y: np.ndarray,
    epochs: int,
    seed: int = 0,
) -> RaceRun:
    """One contestant from `weights` (worker thread): a compiled call per 1,000 epochs, stopping
    at the first non-finite loss or weight; mini-batches shuffled from `seed` as /train does."""
    trainer = networks.trainer(architecture, runner.optimizer)
    state = trainer.initial_optimizer_state()
    per_epoch = TrainSettings(batch_size=runner.batch_size).updates_per_epoch(len(x))
    losses: list[np.ndarray] = []
    paths: list[np.ndarray] = []
    done = 0
    while done < epochs:
        chunk_epochs = min(epochs - done, CHUNK_EPOCHS)
        orders = shuffled_orders(len(x), chunk_epochs, seed, done) if per_epoch > 1 else None
        chunk = trainer.train(
            weights,
            state,
            runner.learning_rate,
            x,
            y,
            chunk_epochs,
            batch_size=runner.batch_size,
            orders=orders,
        )
        paths.append(chunk.path if not paths else chunk.path[1:])
        good = chunk.finite_epochs
        if good is not None:
            losses.append(chunk.losses[:good])
            return RaceRun(runner, np.concatenate(losses), done + good + 1, None, per_epoch)
        losses.append(chunk.losses)
        weights, state = chunk.weights, chunk.optimizer_state
        done += len(chunk.losses)
    path = np.concatenate(paths) if not architecture.hidden else None
    return RaceRun(runner, np.concatenate(losses), None, path, per_epoch)
