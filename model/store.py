"""SQLite persistence: one row per session (and one for the shared model), one transaction a change.

A row holds the session's plain fields as JSON and its arrays (weights, optimizer state, loss
history) as an `.npz` blob. SQLite's transactions make every write all-or-nothing, so a process
killed mid-write leaves the previous row; WAL keeps readers and the writer out of each other's way.
The schema is versioned with `PRAGMA user_version`; `MIGRATIONS[n]` takes version n to n + 1.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from .dataset import Dataset
from .session import Session
from .settings import DEFAULT_EPOCHS, Architecture

SCHEMA_VERSION = 1
DEFAULT_KEY = "default"


def _create_v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE sessions (
               key TEXT PRIMARY KEY,        -- a chat id, or 'default' for the shared model
               meta TEXT NOT NULL,          -- JSON: dataset, architecture, settings, counters
               arrays BLOB NOT NULL,        -- npz: weights, optimizer state, loss history
               updated_at REAL NOT NULL             -- unix time of the last write
           )"""
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_create_v1]


class StoreError(RuntimeError):
    """The database cannot be used (e.g. written by a newer release)."""


def encode(session: Session) -> tuple[str, bytes]:
    """A session as (JSON, npz bytes)."""
    meta = {
        "celsius": list(session.dataset.celsius),
        "fahrenheit": list(session.dataset.fahrenheit),
        "hidden": list(session.architecture.hidden),
        "activation": session.architecture.activation,
        "optimizer": session.optimizer,
        "learning_rate": session.learning_rate,
        "epochs": session.epochs,
        "seed": session.seed,
        "trainings": session.trainings,
        "epochs_trained": session.epochs_trained,
        "locked": session.locked,
        "language": session.language,
        "weights": 0 if session.weights is None else len(session.weights),
        "state": 0 if session.optimizer_state is None else len(session.optimizer_state),
        "frames": session.frames is not None,
    }
    arrays = {"history": session.history}
    arrays.update({f"w{i}": w for i, w in enumerate(session.weights or [])})
    arrays.update({f"s{i}": s for i, s in enumerate(session.optimizer_state or [])})
    if session.frames is not None:
        arrays.update(zip(("frame_grid", "frame_epochs", "frame_predictions"), session.frames))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return json.dumps(meta), buffer.getvalue()


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
    return Session(
        dataset=Dataset(tuple(meta["celsius"]), tuple(meta["fahrenheit"])),
        architecture=Architecture(tuple(meta["hidden"]), meta["activation"]),
        weights=weights,
        optimizer=meta["optimizer"],
        learning_rate=meta["learning_rate"],
        epochs=meta.get("epochs", DEFAULT_EPOCHS),  # rows from before presets have none
        optimizer_state=state,
        seed=meta["seed"],
        history=history,
        trainings=meta["trainings"],
        epochs_trained=meta["epochs_trained"],
        locked=meta["locked"],
        language=meta.get("language"),  # rows written before languages existed have none
        frames=frames,
    )


class Store:
    """The database file under `folder` (created with mode 0700). Thread-safe; writes serialize."""

    FILENAME = "c2f.sqlite3"

    def __init__(self, folder: Path) -> None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        self.path = folder / self.FILENAME
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {version}; this release knows up to "
                    f"{SCHEMA_VERSION}. Upgrade c2f-bot."
                )
            for target in range(version, SCHEMA_VERSION):
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    MIGRATIONS[target](self._db)
                    self._db.execute(f"PRAGMA user_version = {target + 1}")
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise

    @property
    def version(self) -> int:
        """The schema version of the file."""
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def save(self, key: int | str, session: Session) -> None:
        """Write one session's row in one transaction."""
        meta, blob = encode(session)
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (key, meta, arrays, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET meta = excluded.meta, arrays = excluded.arrays, "
                "updated_at = excluded.updated_at",
                (str(key), meta, blob, time.time()),
            )

    def delete(self, key: int | str) -> bool:
        """Delete one session's row for good; whether there was one."""
        with self._lock:
            cursor = self._db.execute("DELETE FROM sessions WHERE key = ?", (str(key),))
        return cursor.rowcount > 0

    def load_all(self) -> Iterator[tuple[int | str, Session]]:
        """Every stored session: (chat id or DEFAULT_KEY, session)."""
        with self._lock:
            rows = self._db.execute("SELECT key, meta, arrays FROM sessions").fetchall()
        for key, meta, blob in rows:
            yield (key if key == DEFAULT_KEY else int(key)), decode(meta, blob)

    def load(self, key: int | str) -> Session | None:
        """One stored session, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT meta, arrays FROM sessions WHERE key = ?", (str(key),)
            ).fetchone()
        return None if row is None else decode(*row)

    def language(self, key: int | str) -> str | None:
        """One session's chosen language, read without loading the session."""
        with self._lock:
            row = self._db.execute(
                "SELECT json_extract(meta, '$.language') FROM sessions WHERE key = ?", (str(key),)
            ).fetchone()
        return None if row is None else row[0]

    def count(self) -> int:
        """How many rows are stored."""
        with self._lock:
            return self._db.execute("SELECT count(*) FROM sessions").fetchone()[0]

    def close(self) -> None:
        """Checkpoint the WAL and close."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()
