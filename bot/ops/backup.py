"""`c2f-bot backup FILE`: a consistent copy of the state file, also while the bot runs and writes.

SQLite's online backup API copies the database as one read transaction sees it; in WAL mode that
snapshot does not block the bot's writer, and the bot's later writes do not disturb it. The copy
is checked (PRAGMA integrity_check) before it takes FILE's name, so FILE is either absent or a
checked backup — also when the backup is killed midway; an existing FILE is never overwritten.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings


class BackupError(Exception):
    """The backup was not made; the message is one line for the operator."""


@dataclass(frozen=True)
class Backup:
    """A backup written: where, its size in bytes, and its rows (sessions)."""

    path: Path
    size: int
    rows: int


def run_backup(settings: Settings, target: Path) -> int:
    """Back the bot's state up to `target`; print what was written, or one line; exit code."""
    from storage.sessions import SessionStore  # no TensorFlow

    if settings.database_url is not None:
        print(
            "c2f-bot: backup copies the SQLite state; with DATABASE_URL set, back up PostgreSQL "
            "with pg_dump (docs/scaling.md, Backups)",
            file=sys.stderr,
        )
        return 1
    source = settings.data_dir / SessionStore.FILENAME
    try:
        backup = back_up(source, target)
    except BackupError as error:
        print(f"c2f-bot: backup failed: {error}", file=sys.stderr)
        return 1
    rows = f"{backup.rows} row{'' if backup.rows == 1 else 's'}"
    print(f"Backed up {source} to {backup.path}: {backup.size:,} bytes, {rows}, integrity ok")
    return 0


def back_up(source: Path, target: Path) -> Backup:
    """Copy the SQLite database `source` to `target` (which must not exist) and check the copy.

    The copy is made as `.<name>.<pid>.partial` beside `target` and takes `target`'s name only
    once checked and flushed (a hard link, which never overwrites), so a backup killed midway
    leaves no `target` at all; the partial files such runs left are removed by the next one."""
    if not source.is_file():
        raise BackupError(f"no state file at {source}")
    target = target.absolute()
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.exists():
        raise BackupError(f"{target} exists already: not overwriting it")
    _remove_abandoned(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        _copy(source, partial)
        rows = _checked_rows(partial)
        _fsync(partial)
        _claim(partial, target)
        _fsync(target.parent)
        return Backup(target, target.stat().st_size, rows)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"{source} → {target}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)


def _claim(partial: Path, target: Path) -> None:
    """Give the finished copy `target`'s name, unless something took it meanwhile."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise BackupError(f"{target} exists already: not overwriting it") from None
    except OSError:  # a file system without hard links: a rename, after one more look
        if target.exists():
            raise BackupError(f"{target} exists already: not overwriting it") from None
        os.rename(partial, target)


def _remove_abandoned(target: Path) -> None:
    """Partial copies of `target` whose backup process is gone (killed midway)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.partial"):
        pid = leftover.name[len(target.name) + 2 : -len(".partial")]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def open_for_reading(path: Path) -> sqlite3.Connection:
    """A connection to an existing database that writes nothing (`query_only`).

    Not `mode=ro`: a read-only connection to a WAL database that no one else has open leaves
    its -wal and -shm files behind, owned by whoever ran it (root, from cron?), and the bot
    could then not write. A read-write connection removes them when it closes last (after
    checkpointing what a crashed bot left in the WAL, as the bot's next start would)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    db.execute("PRAGMA query_only = ON")
    return db


def _copy(source: Path, copy: Path) -> None:
    """The online backup, in one step (one consistent snapshot), of `source`; the copy is left
    as one self-contained file (rollback journal, not WAL)."""
    reader = open_for_reading(source)
    try:
        writer = sqlite3.connect(copy)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    finally:
        reader.close()


def _checked_rows(copy: Path) -> int:
    """The copy's session rows, once PRAGMA integrity_check passes (else BackupError)."""
    db = open_for_reading(copy)
    try:
        verdict = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            raise BackupError(f"the copy fails PRAGMA integrity_check ({verdict[0]}): not kept")
        return db.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        db.close()


def _fsync(path: Path) -> None:
    """Flush a file or a folder to disk, so that a backup survives a power cut."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):  # folders on some file systems refuse it
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
