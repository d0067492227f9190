"""Model states the tests build instead of training into them.

A training that amplifies rounding (a large learning rate, SGD at its stable limit, a deep net)
ends in a different state on a CPU with other vector instructions, so a test that needs such a
state loads explicit weights, or reads a made-up curve, and holds on any IEEE machine.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from model import Architecture, Dataset
from model.limits import MAX_POINTS
from model.session import Session
from storage.sessions import SessionStore

DEAD_RELU = Architecture((4,), "relu")
DEEP = Architecture((16, 16, 16, 16), "relu")


def dead_relu_weights() -> list[np.ndarray]:
    """A 1-4-1 ReLU network (Keras's flat kernel, bias, … list) whose hidden units are all off
    for every lesson input: |kernel × °C| ≤ 40 stays below the bias's 100, so z < 0 everywhere.
    A unit off everywhere has a gradient of exactly 0: no optimizer brings it back."""
    return [
        np.array([[0.5, -0.5, 1.0, -1.0]], np.float32),
        np.full(4, -100.0, np.float32),
        np.full((4, 1), 0.5, np.float32),
        np.zeros(1, np.float32),
    ]


def dead_relu_session() -> Session:
    """A chat that trained its 1-4-1 ReLU network into dead units with RMSprop at lr 1."""
    return Session(
        architecture=DEAD_RELU,
        weights=dead_relu_weights(),
        optimizer="rmsprop",
        learning_rate=1.0,
        seed=0,
        trainings=1,
        epochs_trained=200,
    )


def longest_dataset() -> Dataset:
    """MAX_POINTS points whose values print long, six significant digits each
    ("-0.123456 → -0.654321"): listed by /data, they pass Telegram's 4,096 units even without
    the formula beside each point."""
    celsius = tuple(-0.123456 - i / 1e6 for i in range(MAX_POINTS))
    return Dataset(celsius, tuple(-0.654321 for _ in celsius))


def full_data_session() -> Session:
    """A chat that filled its dataset with the longest points and never trained."""
    return Session(dataset=longest_dataset())


def deep_session() -> Session:
    """A chat with a trained 1-16-16-16-16-1 ReLU network: /weights lists its 865 numbers,
    more than one message holds."""
    rng = np.random.default_rng(0)
    units = (1, *DEEP.hidden, 1)
    weights = []
    for rows, columns in itertools.pairwise(units):
        weights += [rng.normal(size=(rows, columns)), rng.normal(size=columns)]
    return Session(
        architecture=DEEP,
        weights=[w.astype(np.float32) for w in weights],
        seed=0,
        trainings=1,
        epochs_trained=100,
    )


def store_sessions(data_dir: Path, sessions: dict[int, Session]) -> None:
    """Write chats' sessions where a bot started with BOT_DATA_DIR=data_dir will load them."""
    store = SessionStore(data_dir)
    try:
        for chat_id, session in sessions.items():
            store.save(chat_id, session)
    finally:
        store.close()


def v_shape_session() -> Session:
    """A trained 1-2-1 ReLU network that answers |c| °F: relu(c) + relu(−c). Run backwards it
    meets 10 °F twice (−10 and 10 °C) and −5 °F never."""
    return Session(
        architecture=Architecture((2,), "relu"),
        weights=[
            np.array([[1.0, -1.0]], np.float32),
            np.zeros(2, np.float32),
            np.ones((2, 1), np.float32),
            np.zeros(1, np.float32),
        ],
        seed=0,
        trainings=1,
        epochs_trained=500,
    )
