"""Connections to the state, and what can go wrong with its file while the bot runs: a full
disk, a failing write, the file deleted or replaced under the bot. Every store guards its
writes with a `StateFile`; a write that fails raises `StorageError`, and the caller then
changes nothing the user could see."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import cast

from .database import PostgresConnection
from .errors import StorageError, StoreError, unreachable

log = logging.getLogger(__name__)


SQLITE_FULL = 13  # sqlite3.h's code; typeshed's sqlite3 module does not declare it


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
        if unreachable(error):
            log.warning("Could not store %s: the database is out of reach (%s)", what, error)
            return StorageError("unreachable", str(error))
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
    return code == SQLITE_FULL or "disk is full" in str(error)


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


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the state file as both stores use it: autocommit (each store opens its
    own transactions), WAL so one reads while the other writes, and a timeout that waits out
    the other connection's write instead of failing."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
    return db


def connect_postgres(url: str, name: str) -> sqlite3.Connection:
    """A store's connection to the PostgreSQL database at `url` (StoreError if unreachable),
    with the surface of an sqlite3 connection (storage/database.py), and typed as one."""
    try:
        return cast("sqlite3.Connection", PostgresConnection(url, name))
    except sqlite3.Error as error:
        raise StoreError(str(error)) from None
