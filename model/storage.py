"""What can go wrong with the state file while the bot runs: a full disk, a failing write, the
file deleted or replaced under the bot. Both stores (the model's and the classroom's) guard
their writes with a `StateFile`; a write that fails raises `StorageError`, and the caller then
changes nothing the user could see."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path

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
    into the unlinked inode), so each write first checks that the path is still that file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity = _identity(path)
        self._lost = False

    def check(self) -> None:
        """Before a write: StorageError('gone') once the file is no longer at its path."""
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
            log.error("Could not store %s: the disk of %s is full (%s)", what, self.path, error)
            return StorageError("full", str(error))
        log.error("Could not store %s in %s: %s", what, self.path, error)
        return StorageError("failed", str(error))


def _is_full(error: sqlite3.Error | OSError) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(error)


def is_empty_file(path: Path) -> bool:
    """Whether `path` is an existing file of 0 bytes (a state file something cut short)."""
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return False
