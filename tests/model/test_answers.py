"""Answers with numpy: the forward pass equals Keras's `model.predict` on the same weights for
every architecture and activation the bot allows, and the stored sessions answer before
TensorFlow has loaded exactly as the started service does."""

import itertools

import numpy as np
import pytest

from model import ACTIVATIONS, Architecture, ModelError, TrainSettings
from model.answers import StoredAnswers, predict
from model.drawing import PlotPool
from model.labels import PlotLabels
from model.network import build_model
from storage.sessions import SessionStore
from tests.images import decode_png

HIDDEN = [(), (1,), (4,), (64,), (3, 2), (4, 4), (8, 8, 8, 8), (64, 64, 64, 64)]


@pytest.mark.parametrize(
    ("hidden", "activation"), list(itertools.product(HIDDEN, ACTIVATIONS)), ids=str
)
def test_numpy_forward_is_keras_predict_for_every_allowed_network(hidden, activation):
    architecture = Architecture(hidden, activation)
    model = build_model(architecture)
    rng = np.random.default_rng(len(hidden) * 10 + len(activation))
    weights = [rng.normal(0, 0.7, w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    celsius = np.concatenate([rng.uniform(-100, 100, 50), [-40, 0, 100, 1e6, -1e6]])
    expected = model.predict(celsius.astype(np.float32).reshape(-1, 1), verbose=0)[:, 0]
    ours = predict(architecture, weights, celsius)
    scale = np.abs(expected).max()
    np.testing.assert_allclose(ours, expected, rtol=1e-5, atol=1e-5 * scale)


async def test_stored_sessions_answer_as_the_started_service(tmp_path, make_service, chat_id):
    store = SessionStore(tmp_path)
    service = await make_service(store)
    await service.set_architecture(chat_id, Architecture((4,), "tanh"))
    await service.add_point(chat_id, 100.0, 212.0)
    await service.train(chat_id, TrainSettings(epochs=40, seed=3))
    untrained = chat_id + 1
    expected = {
        chat: (
            await service.predict(chat, [100.0, -40.0]),
            service.weights(chat),
            service.dataset(chat),
            service.answering_history(chat),
        )
        for chat in (chat_id, untrained)
    }
    pool = PlotPool(1)
    try:

        async def ready_pool():
            return pool

        stored = StoredAnswers(store, ready_pool)
        assert stored.ready
        for chat, (prediction, report, data, (history, shared)) in expected.items():
            assert await stored.predict(chat, [100.0, -40.0]) == prediction
            got = stored.weights(chat)
            assert got.shared == report.shared and got.architecture == report.architecture
            for a, b in zip(got.layers, report.layers):
                np.testing.assert_array_equal(a.kernel, b.kernel)
            assert stored.dataset(chat) == data
            np.testing.assert_array_equal(stored.answering_history(chat)[0], history)
            png, fit_shared = await stored.fit_plot(chat, PlotLabels())
            assert decode_png(png) and fit_shared is shared
        with pytest.raises(ModelError, match="too_many_values"):
            await stored.predict(chat_id, [1.0] * 21)
    finally:
        pool.close()
