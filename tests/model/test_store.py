"""SQLite state: what a service wrote, a new service reads back exactly."""

import json
import sqlite3
import stat

import numpy as np
import pytest

from model import Architecture, Dataset, TrainSettings
from model.session import Session
from model.store import SCHEMA_VERSION, Store, StoreError, decode, encode


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
        locked=True,
        language="zh",
    )
    back = decode(*encode(session))
    assert back.dataset == session.dataset and back.architecture == session.architecture
    assert (back.optimizer, back.learning_rate, back.seed) == ("rmsprop", 0.05, 9)
    assert (back.trainings, back.epochs_trained, back.locked) == (2, 700, True)
    assert back.language == "zh"
    for a, b in zip(back.weights + back.optimizer_state, session.weights + session.optimizer_state):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype
    np.testing.assert_array_equal(back.history, session.history)
    untrained = decode(*encode(Session()))
    assert untrained.weights is None and untrained.optimizer_state is None


def test_a_row_written_before_languages_existed_reads_as_no_choice(tmp_path):
    meta, blob = encode(Session(locked=True))
    old = json.loads(meta)
    del old["language"]
    assert decode(json.dumps(old), blob).language is None
    store = Store(tmp_path)
    try:
        with sqlite3.connect(store.path) as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, 0)", ("5", json.dumps(old), blob))
        store.save(6, Session(language="zh"))
        assert (store.language(5), store.language(6), store.language(7)) == (None, "zh", None)
    finally:
        store.close()


async def test_a_chats_language_survives_a_restart_and_a_reset(tmp_path, make_service):
    service = await make_service(Store(tmp_path))
    await service.set_language(8, "zh")
    await service.set_locked(8, True)
    await service.reset(8)
    assert (service.language(8), service.locked(8), service.language(9)) == ("zh", True, None)
    service.close()
    again = await make_service(Store(tmp_path))
    assert again.language(8) == "zh"
    await again.set_language(8, None)
    assert again.language(8) is None


def test_store_folder_is_private_and_the_schema_versioned(tmp_path):
    folder = tmp_path / "state"
    store = Store(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert store.version == SCHEMA_VERSION
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_database_from_a_newer_release_is_refused(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / Store.FILENAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="Upgrade"):
        Store(tmp_path)


async def test_a_restarted_service_answers_exactly_as_before(tmp_path, make_service):
    first = await make_service(Store(tmp_path))
    await first.set_architecture(1, Architecture((3,), "relu"))
    await first.add_point(1, 100, 212)
    await first.train(1, TrainSettings(epochs=300, seed=4))
    await first.set_locked(2, True)
    await first.train(3, TrainSettings(epochs=50, seed=1))
    await first.reset(3)
    before = {
        "predict": (await first.predict(1, [36.6, 100])).fahrenheit,
        "weights": first.weights(1),
        "history": first.history(1).copy(),
        "shared": (await first.predict(5, [0])).fahrenheit,
    }
    first.close()

    second = await make_service(Store(tmp_path))
    assert (await second.predict(1, [36.6, 100])).fahrenheit == before["predict"]
    assert (await second.predict(5, [0])).fahrenheit == before["shared"]
    for a, b in zip(second.weights(1).layers, before["weights"].layers):
        np.testing.assert_array_equal(a.kernel, b.kernel)
    np.testing.assert_array_equal(second.history(1), before["history"])
    assert second.dataset(1) == Dataset().add(100, 212)
    assert second.architecture(1) == Architecture((3,), "relu")
    assert second.locked(2) and not second.locked(1)
    assert not second.session(3).trained
    assert second.stats().trainings == 2  # the shared model's and chat 1's (3 was reset)
    # It continues training from the stored optimizer state, as if never restarted.
    continued = await second.train(1, TrainSettings(epochs=10))
    assert continued.losses[0] < before["history"][-1] * 1.01
