"""/step's numbers come from the same Keras layers and optimizer as /train; trainings record
the frames an animation needs; the chat's learning rate carries over to its next training."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from model import Architecture, Dataset, ModelError, TrainSettings
from model.network import build_model


def keras_gradients(architecture, weights, dataset):
    """The loss and its gradients at `weights`, by tf.GradientTape on a fresh Keras model."""
    model = build_model(architecture)
    model.set_weights(weights)
    x, y = dataset.arrays()
    x = tf.constant(np.asarray(x, np.float32).reshape(-1, 1))
    y = tf.constant(np.asarray(y, np.float32).reshape(-1, 1))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.mean_squared_error(y, model(x)))
    grads = tape.gradient(loss, model.trainable_variables)
    return float(loss), [g.numpy() for g in grads]


@pytest.mark.parametrize("hidden", [(), (4, 4)])
async def test_a_steps_gradient_is_the_gradient_tapes(service, chat_id, hidden):
    if hidden:
        await service.set_architecture(chat_id, Architecture(hidden, "relu"))
    await service.train(chat_id, TrainSettings(epochs=30, seed=4))
    result = await service.step(chat_id)
    (epoch,) = result.epochs
    loss, grads = keras_gradients(Architecture(hidden, "relu"), epoch.before, Dataset())
    assert epoch.loss_before == pytest.approx(loss, rel=1e-5)
    assert len(epoch.gradients) == len(grads) == 2 * (len(hidden) + 1)
    for ours, theirs in zip(epoch.gradients, grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    # The loss after is the loss at the new weights.
    after, _ = keras_gradients(Architecture(hidden, "relu"), epoch.after, Dataset())
    assert epoch.loss_after == pytest.approx(after, rel=1e-5)


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
async def test_ten_single_steps_end_where_train_10_does(service, chat_id, optimizer):
    lr = 0.1 if optimizer == "adam" else 0.0005
    stepped, trained = chat_id, chat_id + 1
    for chat in (stepped, trained):
        await service.train(
            chat, TrainSettings(epochs=20, seed=5, optimizer=optimizer, learning_rate=lr)
        )
    for _ in range(10):
        await service.step(stepped)
    await service.train(trained, TrainSettings(epochs=10, optimizer=optimizer, learning_rate=lr))
    for a, b in zip(service.session(stepped).weights, service.session(trained).weights):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    for a, b in zip(
        service.session(stepped).optimizer_state, service.session(trained).optimizer_state
    ):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    # Steps continue the history; the training replaced it with its own 10 epochs.
    np.testing.assert_allclose(service.history(stepped)[20:], service.history(trained), rtol=1e-6)
    assert len(service.history(stepped)) == 30


async def test_sgds_update_is_minus_lr_times_the_gradient(service, chat_id):
    await service.train(
        chat_id, TrainSettings(epochs=3, seed=1, optimizer="sgd", learning_rate=0.001)
    )
    (epoch,) = (await service.step(chat_id)).epochs
    for update, grad in zip(epoch.updates, epoch.gradients):
        np.testing.assert_allclose(update, -0.001 * grad, rtol=1e-4, atol=1e-7)


async def test_a_first_step_starts_from_fresh_weights_and_keeps_the_last_animation(
    service, chat_id
):
    result = await service.step(chat_id, 3)
    assert result.fresh and len(result.epochs) == 3 and len(service.history(chat_id)) == 3
    assert service.session(chat_id).frames is None  # steps are not a training to animate
    await service.train(chat_id, TrainSettings(epochs=40))
    frames = service.session(chat_id).frames
    again = await service.step(chat_id, 2)
    assert not again.fresh and service.session(chat_id).frames is frames
    assert len(service.history(chat_id)) == 42


@pytest.mark.parametrize("epochs", [0, 51, -1])
async def test_step_counts_outside_1_to_50_are_refused(service, chat_id, epochs):
    with pytest.raises(ModelError) as error:
        await service.step(chat_id, epochs)
    assert error.value.key == "step_range" and error.value.values == {"max": 50}
    assert not service.session(chat_id).trained


@pytest.mark.parametrize("epochs", [500, 2500])
async def test_a_training_records_the_models_line_early_and_at_its_end(service, chat_id, epochs):
    await service.train(chat_id, TrainSettings(epochs=epochs, seed=2))
    grid, frame_epochs, rows = service.session(chat_id).frames
    assert frame_epochs[0] == 0 and frame_epochs[-1] == epochs
    assert np.all(np.diff(frame_epochs) > 0) and 10 <= len(frame_epochs) <= 48
    assert np.sum(frame_epochs <= epochs // 10) >= len(frame_epochs) // 2  # early epochs
    assert rows.shape == (len(frame_epochs), len(grid)) and np.isfinite(rows).all()
    final = await service.predict_with(service.weights(chat_id), list(grid))
    np.testing.assert_allclose(rows[-1], final, rtol=1e-4, atol=1e-3)
    first = rows[0]  # fresh Glorot weights, zero bias: a line through 0
    assert first[np.argmin(np.abs(grid))] == pytest.approx(0, abs=abs(grid).min() * 2 + 1e-6)


async def test_a_chat_without_a_recorded_training_animates_a_fresh_one_untouched(service, chat_id):
    data = await service.animation(chat_id)
    assert data.fresh and data.epochs[-1] == 500 and len(data.losses) == 500
    assert not service.session(chat_id).trained
    await service.train(chat_id, TrainSettings(epochs=120, seed=3))
    mine = await service.animation(chat_id)
    assert not mine.fresh and mine.epochs[-1] == 120
    np.testing.assert_array_equal(mine.losses, service.history(chat_id))


async def test_the_chats_learning_rate_is_its_next_trainings(service, chat_id):
    assert service.training_defaults(chat_id) == (0.1, "adam")
    assert await service.set_learning_rate(chat_id, 0.01) == 0.01
    assert service.training_defaults(chat_id) == (0.01, "adam")
    with pytest.raises(ModelError) as error:
        await service.set_learning_rate(chat_id, 10.0)
    assert error.value.key == "lr_range"
    result = await service.step(chat_id)
    assert result.training.learning_rate == 0.01
