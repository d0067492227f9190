"""The optimizers a chat can name, and the stable learning rates /why states for them: each
limit is checked by training just under it and just over it."""

import math

import numpy as np
import pytest

from model import Architecture, Dataset, ModelError, analysis
from model.network import CompiledTrainer, initial_weights
from model.optimizers import Optimizer


@pytest.mark.parametrize(
    "text", ["adam", "rmsprop", "sgd", "sgd momentum=0.9", "sgd momentum=0.05 nesterov"]
)
def test_an_optimizer_is_written_one_way_and_read_back(text):
    assert str(Optimizer.parse(text)) == text
    assert str(Optimizer.parse(text.replace("=0.9", "=0.90").replace(" ", "  "))) == text


def test_the_keras_optimizer_has_the_momentum_asked_for():
    built = Optimizer("sgd", 0.9, nesterov=True).build(0.003)
    assert (built.momentum, built.nesterov) == (0.9, True)
    assert math.isclose(float(built.learning_rate), 0.003, rel_tol=1e-6)
    assert Optimizer("sgd").build().momentum == 0


@pytest.mark.parametrize(
    ("name", "momentum", "nesterov", "key"),
    [
        ("adam", 0.9, False, "momentum_sgd_only"),
        ("sgd", 1.0, False, "momentum_range"),
        ("sgd", 0.999, False, "momentum_range"),
        ("sgd", float("nan"), False, "momentum_range"),
        ("sgd", 0.0, True, "nesterov_needs_momentum"),
        ("adagrad", 0.0, False, "unknown_optimizer"),
    ],
)
def test_an_optimizer_that_cannot_be_is_refused(name, momentum, nesterov, key):
    with pytest.raises(ModelError) as error:
        Optimizer(name, momentum, nesterov)
    assert error.value.key == key


def test_momentum_raises_the_stable_rate_and_nesterov_lowers_it():
    data = Dataset()
    plain = analysis.stable_learning_rate(data, "sgd")
    heavy = analysis.stable_learning_rate(data, "sgd momentum=0.9")
    nesterov = analysis.stable_learning_rate(data, "sgd momentum=0.9 nesterov")
    assert f"{plain:.2g}" == "0.0018" and f"{heavy:.2g}" == "0.0034"
    assert math.isclose(heavy / plain, 1.9) and nesterov < plain
    assert analysis.stable_learning_rate(data, "adam") is None


def final_loss(optimizer: str, lr: float, epochs: int = 3000) -> float:
    x, y = Dataset().arrays()
    trainer = CompiledTrainer(Architecture(), optimizer)
    weights, state = initial_weights(Architecture(), seed=1), trainer.initial_optimizer_state()
    done, losses = 0, np.zeros(0)
    while done < epochs:
        chunk = trainer.train(weights, state, lr, x, y, epochs - done)
        losses = np.concatenate([losses, chunk.losses])
        if chunk.finite_epochs is not None:
            return math.inf
        weights, state, done = chunk.weights, chunk.optimizer_state, done + len(chunk.losses)
    return float(losses[-1])


@pytest.mark.parametrize("optimizer", ["sgd", "sgd momentum=0.9", "sgd momentum=0.9 nesterov"])
def test_each_stated_limit_is_where_training_starts_to_explode(optimizer):
    limit = analysis.stable_learning_rate(Dataset(), optimizer)
    best = analysis.best_possible_loss(Dataset())
    assert final_loss(optimizer, limit * 0.97) < 10 * best  # settles, if slowly
    assert final_loss(optimizer, limit * 1.03) == math.inf
