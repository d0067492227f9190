"""What can go wrong with the state file while the bot runs: a full disk, a failing write, the
file deleted or replaced under the bot. Both stores (the model's and the classroom's) guard
their writes with a `StateFile`; a write that fails raises `StorageError`, and the caller then
changes nothing the user could see. A file that cannot be opened at all raises `StoreError`;
`Schema` migrates both stores' tables the same way."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .database import PostgresConnection, dialect

log = logging.getLogger(__name__)

KEYS = frozenset({"full", "gone", "failed"})


class StorageError(Exception):
    """A change that could not be stored, so it was not made. `key`: 'full' (no space left),
    'gone' (the state file was deleted or replaced while the bot ran: changes are refused until
    a restart) or 'failed' (any other write error)."""

    def __init__(self, key: str, detail: str = "") -> None:
        assert key in KEYS, key
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


class StateFile:
    """The database file as it was when the store opened it. A file deleted (e.g. its folder
    `rm -rf`ed) or replaced meanwhile would swallow every later write unseen (SQLite writes on
    into the unlinked inode), so each write first checks that the path is still that file.
    `path` None: a PostgreSQL database, which has no file to lose (`where` names it)."""

    def __init__(self, path: Path | None, where: str = "") -> None:
        self.path = path
        self.where = where or str(path)
        self._identity = None if path is None else _identity(path)
        self._lost = False

    def check(self) -> None:
        """Before a write: StorageError('gone') once the file is no longer at its path."""
        if self.path is None:
            return
        if self._lost:
            raise StorageError("gone", str(self.path))
        if _identity(self.path) != self._identity:
            self._lost = True
            log.critical(
                "The state file %s was deleted or replaced while the bot ran: changes are "
                "refused from now on (users are told). Restore it from a backup or remove it, "
                "then restart the bot.",
                self.path,
            )
            raise StorageError("gone", str(self.path))

    def failed(self, error: sqlite3.Error | OSError, what: str) -> StorageError:
        """The StorageError for a write that failed with `error`, logged for the operator."""
        if _is_full(error):
            log.error("Could not store %s: the disk of %s is full (%s)", what, self.where, error)
            return StorageError("full", str(error))
        log.error("Could not store %s in %s: %s", what, self.where, error)
        return StorageError("failed", str(error))


def _is_full(error: sqlite3.Error | OSError) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if getattr(error, "sqlstate", None) == "53100":  # PostgreSQL's disk_full
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(error)


def is_empty_file(path: Path) -> bool:
    """Whether `path` is an existing file of 0 bytes (a state file something cut short)."""
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return False


class Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on an exception (the caller holds the lock); a
    write SQLite could not make (a full disk…) raises StorageError, a deleted file too."""

    def __init__(self, db: sqlite3.Connection, file: StateFile, what: str) -> None:
        self._db = db
        self._file = file
        self._what = what

    def __enter__(self) -> None:
        self._file.check()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._file.failed(error, self._what) from error

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if kind is None:
                self._db.execute("COMMIT")
                return
        except sqlite3.Error as failure:
            error, kind = failure, type(failure)
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.IntegrityError):
            raise self._file.failed(error, self._what) from error


class StoreError(RuntimeError):
    """A state file that cannot be opened: empty, without a schema, written by a newer release,
    or one whose schema could not be brought up to date."""


# A version slot reads and writes where a schema keeps its version in the file.
ReadVersion = Callable[[sqlite3.Connection], int]
WriteVersion = Callable[[sqlite3.Connection, int], None]
Step = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Schema:
    """One store's tables: `steps[n]` takes them from version n to n + 1. The two stores share
    one file, so each keeps its version in its own slot (SQLite's user_version for the model's,
    a one-row table for the classroom's) and they migrate independently."""

    name: str
    steps: Sequence[Step]
    read_version: ReadVersion
    write_version: WriteVersion

    @property
    def version(self) -> int:
        """The version this release writes."""
        return len(self.steps)

    def migrate(self, db: sqlite3.Connection, where: object) -> None:
        """Take the database's tables to `version`, one transaction a step (a step that fails
        leaves them at the step before); StoreError if they are newer than this release. Each
        step reads the version under the write lock, so workers starting at once on one
        PostgreSQL database take each step once."""
        if self.read_version(db) == self.version:
            return  # up to date: no write
        for target in range(self.version):
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    found = self.read_version(db)
                    if found > self.version:
                        raise StoreError(
                            f"{where} has {self.name} schema version {found}; this release "
                            f"knows up to {self.version}. Upgrade c2f-bot."
                        )
                    if found == target:
                        self.steps[target](db)
                        self.write_version(db, target + 1)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise StoreError(
                    f"cannot take {where} to {self.name} schema version {target + 1}: {error}"
                ) from error


def user_version(db: sqlite3.Connection) -> int:
    """SQLite's own version slot (PRAGMA user_version); PostgreSQL's stand-in, a one-row table
    `model_schema`."""
    if dialect(db) == "postgresql":
        return _MODEL_SLOT[0](db)
    return db.execute("PRAGMA user_version").fetchone()[0]


def set_user_version(db: sqlite3.Connection, version: int) -> None:
    """Write the version slot `user_version` reads."""
    if dialect(db) == "postgresql":
        _MODEL_SLOT[1](db, version)
        return
    db.execute(f"PRAGMA user_version = {int(version)}")


def version_table(table: str) -> tuple[ReadVersion, WriteVersion]:
    """A version slot in a one-row table of its own (no table: version 0; created when first
    written)."""

    def read(db: sqlite3.Connection) -> int:
        if not has_table(db, table):
            return 0
        row = db.execute(f"SELECT version FROM {table}").fetchone()
        return 0 if row is None else row[0]

    def write(db: sqlite3.Connection, version: int) -> None:
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} (version INTEGER)")
        db.execute(f"DELETE FROM {table}")
        db.execute(f"INSERT INTO {table} VALUES (?)", (version,))

    return read, write


_MODEL_SLOT = version_table("model_schema")


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table `name`."""
    if dialect(db) == "postgresql":
        return db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file as both stores use it: autocommit (each store opens its
    own transactions), WAL so one reads while the other writes, and a timeout that waits out
    the other connection's write instead of failing."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
    return db


def connect_postgres(url: str, name: str) -> PostgresConnection:
    """A store's connection to the PostgreSQL database at `url` (StoreError if unreachable)."""
    try:
        return PostgresConnection(url, name)
    except sqlite3.Error as error:
        raise StoreError(str(error)) from None
