"""Keras's `Normalization` layer in front of a chat's network: the numpy layer equals Keras's
adapted one, plain SGD at 0.1 reaches the best loss, predictions and the exported file agree with
Keras, the landscape is round, it is stored, and it costs no compilation per dataset."""

import json
import tempfile

import keras
import numpy as np
import pytest

from classroom import presets
from model import Architecture, Dataset, ModelError, TrainSettings, analysis
from model.answers import predict
from model.normalization import adapted, normalize, normalized_dataset
from model.session import Session
from model.settings import Setup
from model.valley import loss_grid, valley
from storage.sessions import SessionStore, decode, encode

OTHER = Dataset((-5.0, 3.0, 12.5, 30.0, 101.0), (23.0, 37.4, 54.5, 86.0, 213.8))
SGD = TrainSettings(epochs=100, learning_rate=0.1, optimizer="sgd", seed=3)


def keras_adapted(dataset: Dataset, weights: list[np.ndarray] | None = None) -> keras.Model:
    """The lesson's model with Keras's own Normalization layer adapted to the data's °C."""
    layer = keras.layers.Normalization()
    layer.adapt(dataset.arrays()[0])
    dense = keras.layers.Dense(1)
    model = keras.Sequential([keras.Input((1,)), layer, dense])
    if weights is not None:
        dense.set_weights(weights)
    return model


@pytest.mark.parametrize("dataset", [Dataset(), OTHER])
def test_numpy_statistics_and_normalize_equal_an_adapted_keras_layer(dataset):
    layer = keras.layers.Normalization()
    celsius = dataset.arrays()[0]
    layer.adapt(celsius)
    stats = adapted(dataset)

    assert stats == (
        float(np.ravel(layer.mean)[0]),
        float(np.ravel(layer.variance)[0]),
    )
    grid = np.linspace(-300, 300, 61, dtype=np.float32).reshape(-1, 1)
    for values in (celsius, grid):
        np.testing.assert_array_equal(normalize(values, stats), layer(values).numpy())


async def test_plain_sgd_at_lr_0_1_reaches_the_best_loss_only_behind_the_normalization(
    service, chat_id
):
    best = analysis.best_possible_loss(Dataset())
    await service.set_normalization(chat_id, True)
    result = await service.train(chat_id, SGD)

    assert best == pytest.approx(0.06305, abs=1e-5)
    assert result.epochs_run == 100 and result.final_loss <= 1.1 * best
    with pytest.raises(ModelError) as problem:
        await service.train(chat_id + 1, SGD)
    assert problem.value.key == "diverged"


async def test_a_normalized_chat_predicts_as_keras_and_its_export_does_too(service, chat_id):
    await service.add_point(chat_id, 100, 212)
    await service.set_normalization(chat_id, True)
    await service.train(chat_id, SGD)
    report = service.weights(chat_id)
    dense = [report.layers[0].kernel, report.layers[0].bias]
    celsius = [-40.0, 0.0, 36.6, 100.0, 250.0]
    ours = np.array((await service.predict(chat_id, celsius)).fahrenheit)

    theirs = keras_adapted(service.dataset(chat_id), dense).predict(
        np.array(celsius).reshape(-1, 1), verbose=0
    )[:, 0]
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    with tempfile.NamedTemporaryFile(suffix=".keras") as file:
        file.write(await service.export(chat_id))
        file.flush()
        loaded = keras.models.load_model(file.name)
    assert isinstance(loaded.layers[0], keras.layers.Normalization)
    exported = loaded.predict(np.array(celsius).reshape(-1, 1), verbose=0)[:, 0]
    np.testing.assert_allclose(exported, ours, rtol=1e-6)


async def test_the_weights_give_the_normalized_pair_and_the_line_it_amounts_to(service, chat_id):
    await service.set_normalization(chat_id, True)
    await service.train(chat_id, SGD)
    report = service.weights(chat_id)
    mean, variance = service.architecture(chat_id).normalization
    w, b = report.normalized_pair
    slope, intercept = report.slope_and_intercept

    assert (w, b) == (float(report.layers[0].kernel[0, 0]), float(report.layers[0].bias[0]))
    assert slope == pytest.approx(w / np.sqrt(variance)) and slope == pytest.approx(1.798, abs=1e-3)
    assert intercept == pytest.approx(b - w * mean / np.sqrt(variance))
    assert analysis.network_line(report.architecture, report.layers) == pytest.approx(
        (slope, intercept)
    )
    assert (await service.predict(chat_id, [100])).fahrenheit[0] == pytest.approx(
        100 * slope + intercept, rel=1e-6
    )
    assert service.architecture(chat_id).describe() == "Normalization → Dense(1)"
    assert service.architecture(chat_id).param_count == report.param_count == 2


async def test_a_training_behind_the_normalization_animates_and_tunes_in_celsius(service, chat_id):
    await service.set_normalization(chat_id, True)
    await service.train(chat_id, SGD)
    animation = await service.animation(chat_id)
    session = service.session(chat_id)

    np.testing.assert_allclose(
        animation.predictions[-1],
        predict(session.architecture, session.weights, animation.grid),
        rtol=1e-5,
        atol=1e-4,
    )
    report = await service.set_line(chat_id, 1.8, 32)
    assert report.slope_and_intercept == pytest.approx((1.8, 32), abs=1e-4)
    assert (await service.predict(chat_id, [100])).fahrenheit[0] == pytest.approx(212, abs=1e-3)


async def test_the_landscape_of_a_normalized_chat_is_a_round_bowl(service, chat_id):
    assert valley(service.landscape_data(chat_id)).ratio == pytest.approx(583, rel=0.01)
    await service.set_normalization(chat_id, True)
    await service.train(chat_id, SGD)
    data = service.landscape_data(chat_id)
    shape = valley(data)

    assert abs(shape.ratio - 1) <= 1e-6
    assert data == normalized_dataset(Dataset(), adapted(Dataset()))
    # The formula's point on this landscape is 1.8·c + 32's loss; the path is the (w′, b′).
    (formula_loss,) = loss_grid(data, *([v] for v in service.formula_point(chat_id)))[0]
    exact = np.mean((1.8 * np.array(Dataset().celsius) + 32 - Dataset().fahrenheit) ** 2)
    assert formula_loss == pytest.approx(exact)
    path, shared = service.answering_path(chat_id)
    assert not shared and tuple(path[-1]) == pytest.approx(service.weights(chat_id).normalized_pair)


async def test_a_normalized_chat_on_the_shared_model_shows_no_plain_path(service, chat_id):
    await service.set_normalization(chat_id, True)
    path, shared = service.answering_path(chat_id)
    assert shared and path is None
    assert service.answering_path(chat_id + 1)[0] is not None  # the shared model's own


async def test_turning_it_on_resets_the_weights_and_a_data_change_adapts_it_again(service, chat_id):
    await service.train(chat_id, TrainSettings(epochs=20, seed=1))
    architecture = await service.set_normalization(chat_id, True)
    assert architecture.normalization == adapted(Dataset()) and architecture.normalized
    assert not service.session(chat_id).trained

    await service.train(chat_id, SGD)
    weights = service.session(chat_id).weights
    await service.add_point(chat_id, 100, 212)
    assert service.architecture(chat_id).normalization == adapted(Dataset().add(100, 212))
    assert service.session(chat_id).weights is weights  # kept, as after a second adapt()
    await service.remove_point(chat_id, -40)
    assert service.architecture(chat_id).normalization == adapted(
        Dataset().add(100, 212).remove(-40)
    )
    await service.reset_dataset(chat_id)
    assert service.architecture(chat_id).normalization == adapted(Dataset())

    await service.set_architecture(chat_id, Architecture((3,), "relu"))  # /layers keeps it
    assert service.architecture(chat_id) == Architecture((3,), "relu", adapted(Dataset()))
    await service.train(chat_id, TrainSettings(epochs=5, seed=1))
    again = await service.set_normalization(chat_id, True)  # already on: nothing changes
    assert again.normalized and service.session(chat_id).trained
    off = await service.set_normalization(chat_id, False)
    assert off == Architecture((3,), "relu") and not service.session(chat_id).trained


async def test_it_cannot_adapt_to_no_data_and_keeps_its_statistics_without_points(service, chat_id):
    await service.set_normalization(chat_id, True)
    for celsius in Dataset().celsius:
        await service.remove_point(chat_id, celsius)
    # The last point's statistics stay: there is nothing to adapt to.
    assert service.architecture(chat_id).normalization == adapted(Dataset((38.0,), (100.0,)))
    for celsius in Dataset().celsius:
        await service.remove_point(chat_id + 1, celsius)
    with pytest.raises(ModelError) as problem:
        await service.set_normalization(chat_id + 1, True)
    assert problem.value.key == "dataset_too_small"
    assert not service.architecture(chat_id + 1).normalized


async def test_no_dataset_compiles_a_trainer_or_predictor_of_its_own(service, chat_id):
    networks = service._networks
    plain = networks.trainer(Architecture(), "sgd")
    await service.set_normalization(chat_id, True)
    await service.train(chat_id, SGD)
    traces = plain.traces
    await service.add_point(chat_id + 1, 100, 212)
    await service.set_normalization(chat_id + 1, True)
    await service.train(chat_id + 1, SGD)

    assert plain.traces == traces
    normalized = Architecture(normalization=adapted(OTHER))
    assert networks.trainer(normalized, "sgd").compiled is plain
    assert networks.predictor(normalized).compiled is networks.predictor(Architecture())


def test_a_normalized_session_is_stored_and_an_older_row_has_no_normalization(tmp_path):
    session = Session(architecture=Architecture((4,), "tanh", adapted(OTHER)), dataset=OTHER)
    meta, blob = encode(session)
    assert decode(meta, blob).architecture == session.architecture

    older = json.loads(meta)
    del older["normalization"]
    assert decode(json.dumps(older), blob).architecture == Architecture((4,), "tanh")
    store = SessionStore(tmp_path)
    store.save(1, session)
    assert store.load(1).architecture.normalization == adapted(OTHER)
    store.close()


def test_a_preset_keeps_the_normalization_and_plain_codes_stay_as_they_were():
    normalized = Setup(OTHER, Architecture(normalization=adapted(OTHER)), "sgd", 0.1, 100, 3)
    assert presets.from_json(presets.to_json(normalized)) == normalized
    assert presets.code(normalized) != presets.code(Setup(OTHER, seed=3, optimizer="sgd"))
    # The codes of setups without the layer, as the release before /normalize made them.
    assert presets.code(Setup(seed=4)) == "VvzeMiNSLj"
    assert "normalization" not in presets.to_json(Setup(seed=4))
    with pytest.raises(presets.GameError):
        presets.from_json({**presets.to_json(normalized), "normalization": [1.0, -2.0]})
