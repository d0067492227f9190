"""SQLite state: what a service wrote, a new service reads back exactly."""

import json
import sqlite3
import stat

import numpy as np
import pytest

from model import Architecture, Dataset, TrainSettings
from model.session import Session
from storage.sessions import SCHEMA_VERSION, SessionStore, StoreError, decode, encode


def test_encode_decode_round_trips_every_field():
    session = Session(
        dataset=Dataset().add(100, 212),
        architecture=Architecture((4, 2), "tanh"),
        weights=[np.ones((1, 4), np.float32), np.zeros(4, np.float32)],
        optimizer="rmsprop",
        learning_rate=0.05,
        optimizer_state=[np.array(3, np.int64), np.full((1, 4), 0.5, np.float32)],
        seed=9,
        history=np.linspace(100, 1, 50).astype(np.float32),
        trainings=2,
        epochs_trained=700,
        path=np.linspace([0.1, 0.0], [1.8, 29.0], 51).astype(np.float32),
    )
    back = decode(*encode(session))
    assert back.dataset == session.dataset and back.architecture == session.architecture
    assert (back.optimizer, back.learning_rate, back.seed) == ("rmsprop", 0.05, 9)
    assert (back.trainings, back.epochs_trained) == (2, 700)
    for a, b in zip(back.weights + back.optimizer_state, session.weights + session.optimizer_state):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype
    np.testing.assert_array_equal(back.history, session.history)
    np.testing.assert_array_equal(back.path, session.path)
    untrained = decode(*encode(Session()))
    assert untrained.weights is None and untrained.optimizer_state is None
    assert untrained.path is None


def test_a_row_written_when_sessions_kept_the_lock_and_language_still_reads(tmp_path):
    meta, blob = encode(Session(epochs=300))
    old = json.loads(meta) | {"locked": True, "language": "zh"}  # now the classroom's
    assert encode(decode(json.dumps(old), blob))[0] == meta


def test_store_folder_is_private_and_the_schema_versioned(tmp_path):
    folder = tmp_path / "state"
    store = SessionStore(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert store.version == SCHEMA_VERSION
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_database_from_a_newer_release_is_refused(tmp_path):
    SessionStore(tmp_path).close()
    db = sqlite3.connect(tmp_path / SessionStore.FILENAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="Upgrade"):
        SessionStore(tmp_path)


async def test_a_restarted_service_answers_exactly_as_before(tmp_path, make_service):
    first = await make_service(SessionStore(tmp_path))
    await first.set_architecture(1, Architecture((3,), "relu"))
    await first.add_point(1, 100, 212)
    await first.train(1, TrainSettings(epochs=300, seed=4))
    await first.set_learning_rate(2, 0.01)
    await first.train(3, TrainSettings(epochs=50, seed=1))
    await first.reset(3)
    before = {
        "predict": (await first.predict(1, [36.6, 100])).fahrenheit,
        "weights": first.weights(1),
        "history": first.history(1).copy(),
        "shared": (await first.predict(5, [0])).fahrenheit,
    }
    first.close()

    second = await make_service(SessionStore(tmp_path))
    assert (await second.predict(1, [36.6, 100])).fahrenheit == before["predict"]
    assert (await second.predict(5, [0])).fahrenheit == before["shared"]
    for a, b in zip(second.weights(1).layers, before["weights"].layers):
        np.testing.assert_array_equal(a.kernel, b.kernel)
    np.testing.assert_array_equal(second.history(1), before["history"])
    assert second.dataset(1) == Dataset().add(100, 212)
    assert second.architecture(1) == Architecture((3,), "relu")
    assert second.training_defaults(2) == (0.01, "adam")
    assert not second.session(3).trained
    assert second.stats().trainings == 2  # the shared model's and chat 1's (3 was reset)
    stats = second.stats()  # what the store counts is what the service holds (workers ask it)
    counted = SessionStore(tmp_path)
    assert counted.counts() == (stats.sessions, stats.trained_sessions, stats.trainings)
    counted.close()
    assert stats.trained_sessions == 1 and stats.sessions == 3
    # It continues training from the stored optimizer state, as if never restarted.
    continued = await second.train(1, TrainSettings(epochs=10))
    assert continued.losses[0] < before["history"][-1] * 1.01
