"""The compiled training loop is Keras's `fit`, only faster; nothing traces twice."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from model import Architecture, Dataset
from model.network import (
    CHUNK_EPOCHS,
    CompiledPredictor,
    CompiledTrainer,
    build_model,
    build_optimizer,
    initial_weights,
    shuffled_orders,
)


def full_batches(model, x, y, epochs):
    """model.fit with one full batch per epoch. Fed the batch again and again (one step an
    epoch) rather than the arrays, fit makes one iterator instead of one an epoch, which took
    40 ms an epoch; the steps are the same."""
    data = tf.data.Dataset.from_tensors((x, y)).repeat()
    history = model.fit(data, epochs=epochs, steps_per_epoch=1, shuffle=False, verbose=0)
    return history.history["loss"]


def fit_reference(architecture, optimizer, lr, weights, x, y, epochs):
    """The lesson's own path: model.fit with one full batch per epoch."""
    model = build_model(architecture)
    model.set_weights(weights)
    model.compile(loss="mean_squared_error", optimizer=build_optimizer(optimizer, lr))
    return model, full_batches(model, x, y, epochs)


def assert_close(actual, expected, rel=0.01):
    np.testing.assert_allclose(actual, expected, rtol=rel, atol=1e-3)


@pytest.mark.parametrize(
    ("architecture", "optimizer", "lr"),
    [
        (Architecture(), "adam", 0.1),
        (Architecture(), "sgd", 0.001),
        # RMSprop at lr=0.1 oscillates around the optimum, where float rounding decides each
        # step's sign in fit and here alike; 0.01 compares the update rule, not that chaos.
        (Architecture(), "rmsprop", 0.01),
        (Architecture((4, 4), "relu"), "adam", 0.1),
        (Architecture(), "sgd momentum=0.9", 0.001),
        (Architecture(), "sgd momentum=0.9 nesterov", 0.0005),
        (Architecture((4,), "tanh"), "sgd momentum=0.5", 0.001),
    ],
    ids=["adam", "sgd", "rmsprop", "adam-4-4-relu", "momentum", "nesterov", "momentum-4-tanh"],
)
def test_compiled_training_matches_model_fit(architecture, optimizer, lr):
    x, y = Dataset().arrays()
    weights = initial_weights(architecture, seed=3)
    epochs = 120
    model, fit_losses = fit_reference(architecture, optimizer, lr, weights, x, y, epochs)

    trainer = CompiledTrainer(architecture, optimizer)
    result = trainer.train(weights, trainer.initial_optimizer_state(), lr, x, y, epochs)

    assert len(result.losses) == epochs
    assert_close(result.losses, fit_losses)
    for ours, theirs in zip(result.weights, model.get_weights()):
        assert_close(ours, theirs)


@pytest.mark.parametrize(
    ("architecture", "optimizer", "batch_size"),
    [
        (Architecture(), "adam", 1),
        (Architecture(), "adam", 3),  # 7 examples: batches of 3, 3 and 1
        (Architecture(), "sgd momentum=0.9", 2),
        (Architecture((4,), "relu"), "rmsprop", 4),
    ],
    ids=["adam-1", "adam-3", "momentum-2", "rmsprop-4-relu-4"],
)
def test_mini_batches_match_model_fit_without_shuffling(architecture, optimizer, batch_size):
    x, y = Dataset().arrays()
    weights = initial_weights(architecture, seed=11)
    epochs, lr = 12, 0.001 if optimizer.startswith("sgd") else 0.05
    model = build_model(architecture)
    model.set_weights(weights)
    model.compile(loss="mean_squared_error", optimizer=build_optimizer(optimizer, lr))
    history = model.fit(x, y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0)

    trainer = CompiledTrainer(architecture, optimizer)
    state = trainer.initial_optimizer_state()
    result = trainer.train(weights, state, lr, x, y, epochs, batch_size=batch_size)

    assert_close(result.losses, history.history["loss"])
    for ours, theirs in zip(result.weights, model.get_weights()):
        assert_close(ours, theirs)
    # The optimizer counted one update per mini-batch: 12 epochs × ⌈7 / batch⌉.
    assert int(result.optimizer_state[0]) == epochs * -(-len(x) // batch_size)


def test_shuffled_mini_batches_follow_their_orders():
    """Each epoch takes the examples in its own order: the same orders give the same run,
    other orders another one, and an epoch in the given order is the unshuffled one."""
    x, y = Dataset().arrays()
    architecture = Architecture()
    weights = initial_weights(architecture, seed=2)
    trainer = CompiledTrainer(architecture, "adam")
    fresh = trainer.initial_optimizer_state

    def run(orders):
        return trainer.train(weights, fresh(), 0.1, x, y, 20, batch_size=2, orders=orders)

    orders = shuffled_orders(len(x), 20, seed=4, first_epoch=0)
    assert np.array_equal(orders, shuffled_orders(len(x), 20, seed=4, first_epoch=0))
    assert not np.array_equal(orders, shuffled_orders(len(x), 20, seed=5, first_epoch=0))
    assert sorted(orders[7]) == list(range(len(x)))
    once, twice = run(orders), run(orders)
    np.testing.assert_array_equal(once.losses, twice.losses)
    other = run(shuffled_orders(len(x), 20, seed=5, first_epoch=0))
    assert not np.allclose(once.losses, other.losses)
    in_order = np.tile(np.arange(len(x)), (20, 1))
    np.testing.assert_array_equal(run(in_order).losses, run(None).losses)
    # One batch of everything is the full-batch epoch, whatever the order.
    full = trainer.train(weights, fresh(), 0.1, x, y, 20)
    everything = trainer.train(weights, fresh(), 0.1, x, y, 20, batch_size=len(x))
    np.testing.assert_array_equal(full.losses, everything.losses)


def test_second_training_continues_like_a_second_fit():
    x, y = Dataset().arrays()
    architecture = Architecture()
    weights = initial_weights(architecture, seed=5)
    model, _ = fit_reference(architecture, "adam", 0.1, weights, x, y, 60)
    second = full_batches(model, x, y, 40)

    trainer = CompiledTrainer(architecture, "adam")
    first = trainer.train(weights, trainer.initial_optimizer_state(), 0.1, x, y, 60)
    again = trainer.train(first.weights, first.optimizer_state, 0.1, x, y, 40)

    assert_close(again.losses, second)
    for ours, theirs in zip(again.weights, model.get_weights()):
        assert_close(ours, theirs)


def test_new_epochs_learning_rate_or_data_size_do_not_retrace():
    trainer = CompiledTrainer(Architecture(), "adam")
    state = trainer.initial_optimizer_state()
    weights = initial_weights(Architecture(), seed=1)
    x, y = Dataset().arrays()
    trainer.train(weights, state, 0.1, x, y, 500)
    assert trainer.traces == 1
    bigger = Dataset().add(100, 212).add(-20, -4)
    trainer.train(weights, state, 0.05, *bigger.arrays(), 37)
    trainer.train(weights, state, 1.0, x[:3], y[:3], CHUNK_EPOCHS)
    trainer.train(weights, state, 0.2, x, y, 1)
    assert trainer.traces == 1


def test_predictor_matches_model_predict_for_any_count_without_retracing():
    architecture = Architecture((4,), "tanh")
    weights = initial_weights(architecture, seed=9)
    model = build_model(architecture)
    model.set_weights(weights)
    predictor = CompiledPredictor(architecture)
    for count in (1, 20, 300):
        celsius = np.linspace(-50, 50, count)
        expected = model.predict(celsius.reshape(-1, 1), verbose=0)[:, 0]
        assert_close(predictor.predict(weights, celsius), expected, rel=1e-5)
    assert predictor.traces == 1


def test_divergence_stops_at_the_first_non_finite_loss():
    trainer = CompiledTrainer(Architecture(), "sgd")
    x, y = Dataset().arrays()
    result = trainer.train(
        initial_weights(Architecture(), 0), trainer.initial_optimizer_state(), 1.0, x, y, 500
    )
    assert len(result.losses) < 500
    assert not np.isfinite(result.losses[-1])
    assert np.isfinite(result.losses[:-1]).all()


def test_initial_weights_are_glorot_kernels_and_zero_biases_from_the_seed():
    architecture = Architecture((4, 4))
    first, again = initial_weights(architecture, 11), initial_weights(architecture, 11)
    assert [w.shape for w in first] == [(1, 4), (4,), (4, 4), (4,), (4, 1), (1,)]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[2], initial_weights(architecture, 12)[2])
    assert all(not b.any() for b in first[1::2])
    limit = np.sqrt(6 / (4 + 4))
    assert np.abs(first[2]).max() <= limit
    assert isinstance(build_model(architecture), keras.Model)


def test_a_dense_1_training_records_its_path_epoch_by_epoch():
    """The path is the weight and bias before every epoch and at the end, as the same compiled
    trainer reaches them one epoch at a time; a network with hidden layers records none."""
    architecture = Architecture()
    trainer = CompiledTrainer(architecture, "adam")
    x, y = Dataset().arrays()
    weights, state = initial_weights(architecture, 5), trainer.initial_optimizer_state()
    chunk = trainer.train(weights, state, 0.1, x, y, 6)
    assert chunk.path.shape == (7, 2)
    walked = [(weights[0][0, 0], weights[1][0])]
    for _ in range(6):
        one = trainer.train(weights, state, 0.1, x, y, 1)
        weights, state = one.weights, one.optimizer_state
        walked.append((weights[0][0, 0], weights[1][0]))
    np.testing.assert_allclose(chunk.path, np.array(walked), rtol=1e-5, atol=1e-6)
    assert len(walked) == 7 and not np.allclose(walked[0], walked[-1])
    deep = CompiledTrainer(Architecture((2,)), "adam")
    arrays = initial_weights(Architecture((2,)), 5)
    assert deep.train(arrays, deep.initial_optimizer_state(), 0.1, x, y, 3).path.shape == (0, 2)
