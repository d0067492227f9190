"""SQLite persistence: one row per session (and one for the shared model), one transaction a change.

A row holds the session's plain fields as JSON and its arrays (weights, optimizer state, loss
history) as an `.npz` blob. SQLite's transactions make every write all-or-nothing, so a process
killed mid-write leaves the previous row; WAL keeps readers and the writer out of each other's way.
The schema is versioned with `PRAGMA user_version` (`SCHEMA`: the migration mechanism both stores
share, storage/migrations.py).
A new file is built under a temporary name and renamed once its schema is in, so a file at the
path is always a c2f-bot state: an empty one (0 bytes, or no schema) is refused, never taken for
a fresh start. Writes go through a `StateFile` guard (storage/files.py).
"""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from model.dataset import Dataset
from model.ports import DEFAULT_KEY
from model.session import Session
from model.settings import DEFAULT_EPOCHS, Architecture

from .database import Rows, describe
from .errors import StoreError
from .files import StateFile, connect, connect_postgres, is_empty_file
from .migrations import Schema, set_user_version, user_version

log = logging.getLogger(__name__)


def _create_v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE sessions (
               key TEXT PRIMARY KEY,        -- a chat id, or 'default' for the shared model
               meta TEXT NOT NULL,          -- JSON: dataset, architecture, settings, counters
               arrays BLOB NOT NULL,        -- npz: weights, optimizer state, loss history
               updated_at REAL NOT NULL             -- unix time of the last write
           )"""
    )


def _add_versions_v2(db: sqlite3.Connection) -> None:
    """Each row counts its writes: a worker sharing the database with others reloads a session
    it keeps in memory once another has written it."""
    db.execute("ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0")


SCHEMA = Schema("model", [_create_v1, _add_versions_v2], user_version, set_user_version)
SCHEMA_VERSION = SCHEMA.version


def encode(session: Session) -> tuple[str, bytes]:
    """A session as (JSON, npz bytes)."""
    meta = {
        "celsius": list(session.dataset.celsius),
        "fahrenheit": list(session.dataset.fahrenheit),
        "hidden": list(session.architecture.hidden),
        "activation": session.architecture.activation,
        "normalization": _stats(session.architecture.normalization),
        "optimizer": session.optimizer,
        "learning_rate": session.learning_rate,
        "epochs": session.epochs,
        "seed": session.seed,
        "trainings": session.trainings,
        "epochs_trained": session.epochs_trained,
        "weights": 0 if session.weights is None else len(session.weights),
        "state": 0 if session.optimizer_state is None else len(session.optimizer_state),
        "frames": session.frames is not None,
    }
    arrays = {"history": session.history}
    arrays.update({f"w{i}": w for i, w in enumerate(session.weights or [])})
    arrays.update({f"s{i}": s for i, s in enumerate(session.optimizer_state or [])})
    if session.frames is not None:
        arrays.update(zip(("frame_grid", "frame_epochs", "frame_predictions"), session.frames))
    if session.path is not None:
        arrays["path"] = session.path
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # numpy's stub reads **kwds as allow_pickle
    return json.dumps(meta), buffer.getvalue()


def _stats(stats: Sequence[float] | None) -> tuple[float, float] | None:
    """A Normalization layer's (mean, variance) as stored (a JSON list) and back."""
    return None if stats is None else (float(stats[0]), float(stats[1]))


def decode(meta_json: str, blob: bytes) -> Session:
    """The session `encode` wrote."""
    meta = json.loads(meta_json)
    with np.load(io.BytesIO(blob)) as arrays:
        weights = [arrays[f"w{i}"] for i in range(meta["weights"])] or None
        state = [arrays[f"s{i}"] for i in range(meta["state"])] or None
        history = arrays["history"]
        frames = None
        if meta.get("frames"):  # rows from before animations have none
            frames = tuple(arrays[k] for k in ("frame_grid", "frame_epochs", "frame_predictions"))
        path = arrays["path"] if "path" in arrays.files else None  # older rows have none
    return Session(
        dataset=Dataset(tuple(meta["celsius"]), tuple(meta["fahrenheit"])),
        # rows from before /normalize have no normalization
        architecture=Architecture(
            tuple(meta["hidden"]), meta["activation"], _stats(meta.get("normalization"))
        ),
        weights=weights,
        optimizer=meta["optimizer"],
        learning_rate=meta["learning_rate"],
        epochs=meta.get("epochs", DEFAULT_EPOCHS),  # rows from before presets have none
        optimizer_state=state,
        seed=meta["seed"],
        history=history,
        trainings=meta["trainings"],
        epochs_trained=meta["epochs_trained"],
        frames=frames,
        path=path,
    )


class SessionStore:
    """The sessions' table: in the SQLite file under `folder` (created with mode 0700), or in
    the PostgreSQL database at `url` (storage/database.py). Thread-safe; writes serialize."""

    FILENAME = "c2f.sqlite3"

    def __init__(self, folder: Path | None = None, *, url: str | None = None) -> None:
        self._lock = threading.Lock()
        if url is not None:
            self.path: Path | None = None
            self.location: Path | str = url
            self.where = describe(url)
            self._db = connect_postgres(url, "c2f-bot model")
            self._migrate()
            self._file = StateFile(None, self.where)
            return
        assert folder is not None, "a folder or a url"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        self.path = self.location = folder / self.FILENAME
        self.where = str(self.path)
        if not self.path.exists():
            _create(self.path)
        elif is_empty_file(self.path):
            raise StoreError(
                f"{self.path} is empty (0 bytes), not a c2f-bot state: restore it from a backup, "
                "or remove it to start with no state"
            )
        self._db = connect(self.path)
        if user_version(self._db) == 0:
            self._db.close()
            raise StoreError(
                f"{self.path} has no c2f-bot schema (version 0): restore it from a backup, or "
                "remove it to start with no state"
            )
        self._migrate()
        self._file = StateFile(self.path)

    def _migrate(self) -> None:
        with self._lock:
            SCHEMA.migrate(self._db, self.where)

    @property
    def shared(self) -> bool:
        """Whether other workers may write this database too (PostgreSQL)."""
        return self.path is None

    @property
    def version(self) -> int:
        """The schema version of the file."""
        with self._lock:
            return user_version(self._db)

    def _write(self, what: str, sql: str, parameters: tuple) -> Rows:
        """One statement in its own transaction; StorageError if it could not be stored."""
        with self._lock:
            self._file.check()
            try:
                cursor = self._db.execute(sql, parameters)
                return Rows(cursor.fetchall(), cursor.rowcount)  # RETURNING's before COMMIT
            except sqlite3.Error as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise self._file.failed(error, what) from error

    def save(self, key: int | str, session: Session) -> int:
        """Write one session's row in one transaction (StorageError if it could not be); the
        row's version it wrote."""
        meta, blob = encode(session)
        cursor = self._write(
            f"session {key}",
            "INSERT INTO sessions (key, meta, arrays, updated_at, version) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT(key) DO UPDATE SET meta = excluded.meta, arrays = excluded.arrays, "
            "updated_at = excluded.updated_at, version = sessions.version + 1 RETURNING version",
            (str(key), meta, blob, time.time()),
        )
        (version,) = cursor.fetchall()  # RETURNING's one row
        return version[0]

    def move(self, old: int, new: int) -> bool:
        """Give chat `old`'s row to chat `new` (a group that became a supergroup), replacing any
        row `new` had; whether `old` had one (False once moved: moving twice is moving once)."""
        with self._lock:
            self._file.check()
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    moved = self._db.execute(
                        "SELECT 1 FROM sessions WHERE key = ?", (str(old),)
                    ).fetchone()
                    if moved:
                        self._db.execute("DELETE FROM sessions WHERE key = ?", (str(new),))
                        self._db.execute(
                            "UPDATE sessions SET key = ? WHERE key = ?", (str(new), str(old))
                        )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise self._file.failed(error, f"the move of chat {old} to {new}") from error
        return moved is not None

    def delete(self, key: int | str) -> bool:
        """Delete one session's row for good; whether there was one."""
        cursor = self._write(
            f"the deletion of session {key}", "DELETE FROM sessions WHERE key = ?", (str(key),)
        )
        return cursor.rowcount > 0

    def load_all(self) -> Iterator[tuple[int | str, Session, int]]:
        """Every stored session: (chat id or DEFAULT_KEY, session, its row's version)."""
        with self._lock:
            rows = self._db.execute("SELECT key, meta, arrays, version FROM sessions").fetchall()
        for key, meta, blob, version in rows:
            yield _key(key), decode(meta, bytes(blob)), version

    def load(self, key: int | str) -> Session | None:
        """One stored session, or None."""
        found = self.load_versioned(key)
        return None if found is None else found[0]

    def load_versioned(self, key: int | str) -> tuple[Session, int] | None:
        """One stored session and its row's version, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT meta, arrays, version FROM sessions WHERE key = ?", (str(key),)
            ).fetchone()
        return None if row is None else (decode(row[0], bytes(row[1])), row[2])

    def versions(self, keys: Sequence[int | str]) -> dict[int | str, int]:
        """The versions of the rows of `keys` that exist."""
        marks = ", ".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(
                f"SELECT key, version FROM sessions WHERE key IN ({marks})",
                tuple(str(key) for key in keys),
            ).fetchall()
        return {_key(key): version for key, version in rows}

    def counts(self) -> tuple[int, int, int]:
        """Over every stored row: the chats' sessions, those with weights of their own, and
        the trainings of all (the shared model's included), as ModelService.stats counts them."""
        with self._lock:
            rows = self._db.execute("SELECT key, meta FROM sessions").fetchall()
        sessions = trained = trainings = 0
        for key, meta_json in rows:
            meta = json.loads(meta_json)
            trainings += meta["trainings"]
            if key != DEFAULT_KEY:
                sessions += 1
                trained += meta["weights"] > 0
        return sessions, trained, trainings

    def count(self) -> int:
        """How many rows are stored."""
        with self._lock:
            ((count,),) = self._db.execute("SELECT count(*) FROM sessions").fetchall()
            return count

    def close(self) -> None:
        """Checkpoint the WAL (if the disk lets it: the WAL keeps what it holds) and close."""
        with self._lock:
            if self.path is None:
                self._db.close()
                return
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as error:
                log.warning("Could not checkpoint %s at shut-down: %s", self.path, error)
            self._db.close()


def _key(stored: str) -> int | str:
    return stored if stored == DEFAULT_KEY else int(stored)


def _create(path: Path) -> None:
    """A new state file at `path`, its schema in: built under a temporary name, then renamed,
    so a crash or a full disk meanwhile leaves no half-made file at the path."""
    building = path.with_name(f".{path.name}.new-{os.getpid()}")
    for leftover in path.parent.glob(f".{path.name}.new-*"):
        leftover.unlink(missing_ok=True)  # a start that died while building
    try:
        db = sqlite3.connect(building, isolation_level=None)
        try:
            SCHEMA.migrate(db, path)
        finally:
            db.close()
        os.replace(building, path)
    except sqlite3.Error as error:
        raise StoreError(f"cannot create {path}: {error}") from None
    finally:
        building.unlink(missing_ok=True)
