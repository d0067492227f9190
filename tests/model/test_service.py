"""The model service: the lesson's numbers, sessions, concurrency, divergence, export."""

import asyncio
import io
import zipfile

import keras
import numpy as np
import pytest

from model import Architecture, Dataset, ModelError, TrainSettings
from model.limits import MAX_PREDICT_VALUES


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
async def test_lesson_defaults_reproduce_the_lessons_numbers(service, chat_id, seed):
    result = await service.train(chat_id, TrainSettings(seed=seed))
    weight, bias = result.weights.slope_and_intercept
    (f100,) = (await service.predict(chat_id, [100])).fahrenheit

    assert result.epochs_run == 500 and not result.stopped
    # What the lesson prints: 100 °C → about 211.3 °F, weight about 1.82, bias 28.6–29.3.
    assert abs(f100 - 211.3) <= 0.3
    assert abs(weight - 1.82) <= 0.02
    assert abs(bias - 29.0) <= 0.7
    assert result.losses[0] > 1000 > 20 > result.final_loss
    assert np.all(np.diff(result.losses[50:]) < 0)  # past Adam's first wobble, it only falls


async def test_shared_default_model_is_trained_at_start_and_answers_new_chats(service, chat_id):
    prediction = await service.predict(chat_id, [100, -40])
    assert prediction.shared
    report = service.weights(chat_id)
    assert report.shared and report.param_count == 2
    weight, bias = report.slope_and_intercept
    # The shared model's seed (7): weight 1.8211, bias 29.22, so 100 °C → 211.33 °F.
    assert abs(weight - 1.8211) <= 0.001 and abs(bias - 29.22) <= 0.05
    assert prediction.fahrenheit[0] == pytest.approx(weight * 100 + bias, abs=1e-3)
    assert prediction.fahrenheit[1] == pytest.approx(weight * -40 + bias, abs=1e-3)
    history, shared = service.answering_history(chat_id)
    assert shared and len(history) == 500


async def test_a_trained_chat_answers_with_its_own_model(service, chat_id):
    await service.train(chat_id, TrainSettings(epochs=5, seed=3))
    prediction = await service.predict(chat_id, [100])
    assert not prediction.shared
    assert prediction.fahrenheit[0] != (await service.predict(chat_id + 1, [100])).fahrenheit[0]


async def test_second_training_continues_from_current_weights(service, chat_id):
    first = await service.train(chat_id, TrainSettings(epochs=100, seed=4))
    second = await service.train(chat_id, TrainSettings(epochs=100))
    assert second.losses[0] < first.losses[0] / 2
    assert second.seed == first.seed == 4
    restart = await service.train(chat_id, TrainSettings(epochs=100, seed=4))
    np.testing.assert_allclose(restart.losses, first.losses, rtol=1e-6)
    assert service.session(chat_id).trainings == 3


async def test_epochs_count_on_across_trainings_and_steps(service, chat_id):
    assert service.history_start(chat_id) == 1  # (the shared model's own history)
    await service.train(chat_id, TrainSettings(epochs=20, seed=4))
    await service.train(chat_id, TrainSettings(epochs=30))
    assert service.epochs_trained(chat_id) == 50
    assert service.history_start(chat_id) == 21  # the history is the last training's 30
    await service.step(chat_id, 3)  # steps continue that history
    assert (service.epochs_trained(chat_id), service.history_start(chat_id)) == (53, 21)


async def test_predict_validates_count_and_values(service, chat_id):
    with pytest.raises(ModelError) as error:
        await service.predict(chat_id, [1.0] * (MAX_PREDICT_VALUES + 1))
    assert error.value.key == "too_many_values"
    with pytest.raises(ModelError):
        await service.predict(chat_id, [])
    for bad in (float("nan"), float("inf"), 1e7):
        with pytest.raises(ModelError) as error:
            await service.predict(chat_id, [bad])
        assert error.value.key == "value_range"
    assert len((await service.predict(chat_id, [1.0] * MAX_PREDICT_VALUES)).fahrenheit) == 20


async def test_divergence_keeps_the_previous_weights_and_says_what_to_try(service, chat_id):
    await service.train(chat_id, TrainSettings(epochs=50, seed=1))
    before = service.weights(chat_id)
    history = service.history(chat_id).copy()
    with pytest.raises(ModelError) as error:
        await service.train(chat_id, TrainSettings(optimizer="sgd", learning_rate=1.0))
    assert error.value.key == "diverged"
    assert error.value.values["suggested_lr"] == 0.001 and error.value.values["loss"] in (
        "nan",
        "inf",
    )
    after = service.weights(chat_id)
    for old, new in zip(before.layers, after.layers):
        np.testing.assert_array_equal(old.kernel, new.kernel)
        np.testing.assert_array_equal(old.bias, new.bias)
    np.testing.assert_array_equal(service.history(chat_id), history)
    assert np.isfinite((await service.predict(chat_id, [100])).fahrenheit).all()
    assert not service.session(chat_id).training
    await service.train(chat_id, TrainSettings(epochs=10))  # the session still trains


async def test_divergence_of_a_first_training_leaves_the_chat_on_the_shared_model(service, chat_id):
    with pytest.raises(ModelError, match="diverged"):
        await service.train(chat_id, TrainSettings(optimizer="sgd", learning_rate=1.0, seed=2))
    assert not service.session(chat_id).trained
    assert (await service.predict(chat_id, [0])).shared


async def test_trainings_of_different_chats_overlap_without_mixing(make_service):
    # A pause between chunks of 1,000 epochs (cut short by a stop) lets both be seen running.
    service = await make_service(training_pause=60)
    architectures = {1: Architecture(), 2: Architecture((4,), "relu")}
    halfway = {chat: asyncio.Event() for chat in architectures}
    for chat, architecture in architectures.items():
        await service.set_architecture(chat, architecture)
        await service.set_architecture(chat + 10, architecture)

    def at_1000(chat):
        return lambda done, total: halfway[chat].set() if done == 1000 else None

    settings = TrainSettings(epochs=3000, seed=5)
    runs = [asyncio.create_task(service.train(c, settings, at_1000(c))) for c in architectures]
    await asyncio.gather(*(event.wait() for event in halfway.values()))
    assert service.stats().running_trainings == 2  # both under way at once
    for chat in architectures:
        service.cancel(chat)
    results = dict(zip(architectures, await asyncio.gather(*runs)))

    for chat, result in results.items():
        assert result.stopped and result.epochs_run == 1000
        alone = await service.train(chat + 10, TrainSettings(epochs=1000, seed=5))
        np.testing.assert_allclose(result.losses, alone.losses, rtol=1e-6)
        for ours, theirs in zip(service.weights(chat).layers, alone.weights.layers):
            np.testing.assert_allclose(ours.kernel, theirs.kernel, rtol=1e-6)


async def test_second_training_in_one_chat_is_refused_while_the_first_runs(service, chat_id):
    first = asyncio.create_task(service.train(chat_id, TrainSettings(epochs=10_000, seed=1)))
    await asyncio.sleep(0)
    with pytest.raises(ModelError) as error:
        await service.train(chat_id)
    assert error.value.key == "busy"
    with pytest.raises(ModelError, match=r"^busy$"):
        await service.add_point(chat_id, 100, 212)
    assert (await first).epochs_run == 10_000


async def test_cancel_stops_a_running_training_and_keeps_what_it_learned(service, chat_id):
    progress = []

    def on_progress(done, total):
        progress.append((done, total))
        service.cancel(chat_id)

    result = await service.train(chat_id, TrainSettings(epochs=10_000, seed=1), on_progress)
    assert result.stopped and 0 < result.epochs_run < 10_000
    assert progress[0][1] == 10_000
    assert service.session(chat_id).trained
    assert len(service.history(chat_id)) == result.epochs_run
    assert not service.cancel(chat_id)  # nothing runs any more


async def test_architecture_change_resets_weights_and_4_4_1_has_33_parameters(service, chat_id):
    await service.train(chat_id, TrainSettings(epochs=20, seed=1))
    await service.set_architecture(chat_id, Architecture((4, 4)))
    assert not service.session(chat_id).trained
    assert service.weights(chat_id).shared
    result = await service.train(chat_id, TrainSettings(seed=1))
    assert result.weights.param_count == 33
    assert [layer.kernel.shape for layer in result.weights.layers] == [(1, 4), (4, 4), (4, 1)]
    assert result.weights.slope_and_intercept is None
    assert abs((await service.predict(chat_id, [100])).fahrenheit[0] - 212) < 2


async def test_dataset_edits_and_training_on_them(service, chat_id):
    assert service.dataset(chat_id) == Dataset()
    data = await service.add_point(chat_id, 100, 212)
    assert len(data) == 8
    assert len(await service.remove_point(chat_id, -40)) == 7
    for c in list(service.dataset(chat_id).celsius):
        await service.remove_point(chat_id, c)
    with pytest.raises(ModelError) as error:
        await service.train(chat_id)
    assert error.value.key == "dataset_too_small"
    assert await service.reset_dataset(chat_id) == Dataset()


async def test_reset_returns_the_chat_to_the_shared_model(service, chat_id):
    await service.set_architecture(chat_id, Architecture((3,)))
    await service.add_point(chat_id, 100, 212)
    await service.train(chat_id, TrainSettings(epochs=10, seed=1))
    await service.reset(chat_id)
    assert not service.session(chat_id).trained
    assert service.dataset(chat_id) == Dataset()
    assert service.architecture(chat_id) == Architecture()
    assert (await service.predict(chat_id, [1])).shared


async def test_retrain_default_changes_the_shared_model(make_service):
    other = await make_service(max_trainings=1)
    before = other.weights(1).slope_and_intercept
    result = await other.retrain_default(TrainSettings(epochs=30))
    assert result.weights.shared and result.epochs_run == 30
    assert other.weights(1).slope_and_intercept == result.weights.slope_and_intercept != before
    assert other.stats().trainings == 2


async def test_export_round_trips_through_keras_load_model(service, chat_id, tmp_path):
    await service.set_architecture(chat_id, Architecture((4, 4), "relu"))
    await service.train(chat_id, TrainSettings(seed=2))
    data = await service.export(chat_id)
    assert zipfile.is_zipfile(io.BytesIO(data))
    path = tmp_path / "c2f.keras"
    path.write_bytes(data)
    model = keras.models.load_model(path)
    celsius = [-40.0, 0.0, 36.6, 100.0]
    ours = (await service.predict(chat_id, celsius)).fahrenheit
    theirs = model.predict(np.array(celsius).reshape(-1, 1), verbose=0)[:, 0]
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    assert model.count_params() == 33
    assert model.loss == "mean_squared_error"


async def test_exported_model_continues_training_like_the_session(service, chat_id, tmp_path):
    await service.train(chat_id, TrainSettings(epochs=40, seed=6))
    path = tmp_path / "c2f.keras"
    path.write_bytes(await service.export(chat_id))
    model = keras.models.load_model(path)
    x, y = service.dataset(chat_id).arrays()
    theirs = model.fit(x, y, epochs=20, batch_size=len(x), shuffle=False, verbose=0)
    ours = await service.train(chat_id, TrainSettings(epochs=20))
    np.testing.assert_allclose(ours.losses, theirs.history["loss"], rtol=1e-3)


async def test_stats_count_sessions_and_trainings(service, chat_id):
    before = service.stats()
    await service.train(chat_id, TrainSettings(epochs=5, seed=1))
    after = service.stats()
    assert after.trainings == before.trainings + 1
    assert after.trained_sessions == before.trained_sessions + 1
    assert after.sessions == before.sessions + 1
    assert after.running_trainings == 0


async def test_shutting_down_discards_running_trainings_and_refuses_new_ones(make_service):
    service = await make_service(training_pause=60)
    await service.train(1, TrainSettings(epochs=50, seed=1))
    before, history = service.weights(1), service.history(1).copy()
    halfway = asyncio.Event()
    running = asyncio.create_task(
        service.train(1, TrainSettings(epochs=3000), lambda done, total: halfway.set())
    )
    await halfway.wait()  # 1,000 epochs ran; it pauses
    service.shut_down_trainings()
    with pytest.raises(ModelError) as error:
        await running
    assert error.value.key == "shutting_down"
    np.testing.assert_array_equal(service.weights(1).layers[0].kernel, before.layers[0].kernel)
    np.testing.assert_array_equal(service.history(1), history)
    assert service.session(1).trainings == 1
    with pytest.raises(ModelError, match=r"^shutting_down$"):
        await service.train(2)
