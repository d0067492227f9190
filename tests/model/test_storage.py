"""A change is seen only once it is stored: a full disk, a failing write or a state file deleted
under the running bot leave every chat as it was, and say why; an empty file is never a state."""

import asyncio
import contextlib
import logging
import os
import shutil
import sqlite3

import pytest

from classroom.settings import ChatSettings
from model import Architecture, ModelError, TrainSettings
from storage.classroom import ClassroomStore
from storage.errors import StorageError
from storage.sessions import SessionStore, StoreError


def _seen(session):
    """What a user of the chat could see of a session."""
    return (
        session.dataset,
        session.architecture,
        session.learning_rate,
        None if session.weights is None else [w.tolist() for w in session.weights],
        session.history.tolist(),
        session.trainings,
    )


def _state(service, chat_id):
    return _seen(service.session(chat_id))


def _fill_the_disk(store: SessionStore) -> None:
    """SQLite's own limit on the file's pages: writes that need one more page then fail with
    SQLITE_FULL, "database or disk is full", exactly as on a full disk."""
    db = store._db  # the store's own connection: the limit is per connection
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


async def test_a_full_disk_changes_nothing_and_says_the_disk_is_full(
    tmp_path, make_service, chat_id, caplog
):
    store = SessionStore(tmp_path)
    service = await make_service(store)
    await service.train(chat_id, TrainSettings(epochs=20, seed=1))
    before = _state(service, chat_id)
    store._db.execute("VACUUM")  # no free page left inside the file either
    _fill_the_disk(store)
    growing = [
        service.train(chat_id, TrainSettings(epochs=30)),
        service.step(chat_id, 3),
        service.add_point(chat_id, 100, 212),
        service.set_learning_rate(chat_id, 0.01),
    ]
    with caplog.at_level(logging.ERROR, "storage.files"):
        for change in growing:
            with pytest.raises(StorageError) as refused:
                await change
            assert refused.value.key == "full"
            assert _state(service, chat_id) == before
    assert "is full" in caplog.text
    # Whatever else is tried, what the chat shows is what is stored.
    for change in (
        service.set_line(chat_id, 1.8, 32),
        service.set_architecture(chat_id, Architecture((3,))),
        service.reset(chat_id),
    ):
        with contextlib.suppress(StorageError):
            await change
        assert _state(service, chat_id) == _seen(store.load(chat_id))
    # A chat that never changed anything is not made either.
    with pytest.raises(StorageError):
        await service.train(chat_id + 1, TrainSettings(epochs=10, seed=3))
    assert service.stats().sessions == 1 and not service.session(chat_id + 1).trained
    # The disk has room again: the same change goes through, and is stored.
    store._db.execute("PRAGMA max_page_count = 1000000")
    await service.add_point(chat_id, 100, 212)
    assert 100 in store.load(chat_id).dataset.celsius


async def test_a_deleted_state_file_refuses_every_change_and_says_so_loudly(
    tmp_path, make_service, chat_id, caplog
):
    folder = tmp_path / "data"
    store = SessionStore(folder)
    classroom = ClassroomStore(store.path)
    service = await make_service(store)
    await service.add_point(chat_id, 50, 122)
    before = _state(service, chat_id)
    shutil.rmtree(folder)
    with caplog.at_level(logging.CRITICAL, "storage.files"):
        for change in (
            service.add_point(chat_id, 60, 140),
            service.train(chat_id, TrainSettings(epochs=10)),
        ):
            with pytest.raises(StorageError) as refused:
                await change
            assert refused.value.key == "gone"
        with pytest.raises(StorageError):
            classroom.reset_scores(chat_id)
        with pytest.raises(StorageError):
            classroom.chats.save_chat_settings(chat_id, ChatSettings(locked=True))
    assert _state(service, chat_id) == before
    assert 50 in service.dataset(chat_id).celsius  # reads still answer from memory
    loud = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(loud) == 2 and "deleted or replaced" in loud[0].getMessage()  # once per store
    classroom.close()


async def test_a_replaced_state_file_is_noticed_too(tmp_path, make_service, chat_id):
    store = SessionStore(tmp_path)
    service = await make_service(store)
    await service.add_point(chat_id, 50, 122)
    copy = tmp_path / "copy"
    shutil.copy(store.path, copy)
    os.replace(copy, store.path)  # e.g. a backup restored under the running bot
    with pytest.raises(StorageError, match="gone"):
        await service.add_point(chat_id, 60, 140)


async def test_a_training_that_cannot_be_stored_keeps_the_chat_usable(
    tmp_path, make_service, chat_id
):
    store = SessionStore(tmp_path)
    service = await make_service(store)
    _fill_the_disk(store)
    with pytest.raises(StorageError):
        await service.train(chat_id, TrainSettings(epochs=10, seed=2))
    assert not service.session(chat_id).training and not service.session(chat_id).trained
    store._db.execute("PRAGMA max_page_count = 1000000")
    result = await service.train(chat_id, TrainSettings(epochs=10, seed=2))
    assert result.epochs_run == 10 and service.session(chat_id).trained


async def test_changes_of_one_chat_queue_and_none_is_lost(tmp_path, make_service, chat_id):
    service = await make_service(SessionStore(tmp_path))
    added = [100 + i for i in range(20)]
    await asyncio.gather(*(service.add_point(chat_id, c, 1.8 * c + 32) for c in added))
    assert all((c in service.dataset(chat_id).celsius) for c in added)
    assert all(SessionStore(tmp_path).load(chat_id).dataset.celsius.__contains__(c) for c in added)


async def test_read_only_commands_create_no_session(make_service):
    service = await make_service()
    before = service.stats().sessions
    for chat in range(500, 800):
        await service.predict(chat, [100.0])
        service.weights(chat)
        service.dataset(chat)
    assert service.stats().sessions == before
    with pytest.raises(ModelError):
        await service.add_point(900, float("nan"), 1.0)
    assert service.stats().sessions == before


def test_an_empty_state_file_is_refused_not_taken_for_a_fresh_start(tmp_path):
    (tmp_path / SessionStore.FILENAME).write_bytes(b"")
    with pytest.raises(StoreError, match="empty"):
        SessionStore(tmp_path)
    (tmp_path / SessionStore.FILENAME).unlink()
    sqlite3.connect(tmp_path / SessionStore.FILENAME).execute("PRAGMA journal_mode=WAL").close()
    with pytest.raises(StoreError, match="version 0"):
        SessionStore(tmp_path)


def test_a_new_state_file_appears_only_complete(tmp_path):
    leftover = tmp_path / f".{SessionStore.FILENAME}.new-99999"
    leftover.write_bytes(b"half")  # a first start killed while building the file
    store = SessionStore(tmp_path)
    assert store.version >= 1 and not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        SessionStore.FILENAME
    ]
    store.close()
    again = SessionStore(tmp_path)  # and it opens again as a state, not as an empty file
    assert again.count() == 0
    again.close()
