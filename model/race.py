"""A learning-rate (or optimizer) race: fresh copies of one network, the same initial weights and
data, one compiled training per contestant; nothing of a chat's own model changes."""

from __future__ import annotations

import numpy as np

from .errors import ModelError
from .network import Networks
from .results import RaceRun, Runner
from .session import Arrays
from .settings import Architecture, TrainSettings

MIN_RUNNERS, MAX_RUNNERS = 2, 6


def check_race(runners: list[Runner], epochs: int) -> None:
    """Settings a race accepts: 2..6 distinct runners, each a valid training (ModelError)."""
    if not MIN_RUNNERS <= len(runners) <= MAX_RUNNERS or len(set(runners)) != len(runners):
        raise ModelError("race_size", min=MIN_RUNNERS, max=MAX_RUNNERS)
    for runner in runners:
        TrainSettings(epochs, runner.learning_rate, runner.optimizer)  # checks every value


def run(
    networks: Networks,
    architecture: Architecture,
    weights: Arrays,
    runner: Runner,
    x: np.ndarray,
    y: np.ndarray,
    epochs: int,
) -> RaceRun:
    """One contestant from `weights` (worker thread): a compiled call per 1,000 epochs, stopping
    at the first non-finite loss or weight."""
    trainer = networks.trainer(architecture, runner.optimizer)
    state = trainer.initial_optimizer_state()
    losses: list[np.ndarray] = []
    done = 0
    while done < epochs:
        chunk = trainer.train(weights, state, runner.learning_rate, x, y, epochs - done)
        good = chunk.finite_epochs
        if good is not None:
            losses.append(chunk.losses[:good])
            return RaceRun(runner, np.concatenate(losses), done + good + 1)
        losses.append(chunk.losses)
        weights, state = chunk.weights, chunk.optimizer_state
        done += len(chunk.losses)
    return RaceRun(runner, np.concatenate(losses), None)
