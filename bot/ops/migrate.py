"""`c2f-bot migrate`: bring the database's tables up to this release (the bot also does it at
start; a deployment of several workers runs it once before starting them).

`c2f-bot migrate-to postgresql://…`: copy the SQLite state under BOT_DATA_DIR into an empty
PostgreSQL database, in one transaction, then check the copy table by table (every row equal).
Stop the bot first: what it writes during the copy would not be in it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from bot.config import Settings

# Every table that holds state, parents before the rows that refer to them. The updates handled
# and the leases are the running workers' and are not copied.
TABLES = (
    "sessions",
    "challenges",
    "guesses",
    "scores",
    "quizzes",
    "quiz_answers",
    "tunes",
    "presets",
    "training_statuses",
    "chat_settings",
    "assignments",
    "homework",
    "followups",
    "class_members",
)
IDENTITIES = (("challenges", "id"), ("assignments", "id"))  # their next ids follow the copy


class MigrationError(Exception):
    """The copy was not made (the target is left as it was); one line for the operator."""


def run_migrate(settings: Settings) -> int:
    """Migrate the state where the settings keep it; print the versions; the exit code."""
    from storage.errors import StoreError

    try:
        stores = _open(settings.state_location)
    except StoreError as error:
        print(f"c2f-bot: cannot migrate: {error}", file=sys.stderr)
        return 1
    model, classroom = stores
    rows = model.count()
    print(
        f"{model.where}: model schema {model.version}, classroom schema {classroom.version} "
        f"(up to date), {rows} row{'' if rows == 1 else 's'}"
    )
    classroom.close()
    model.close()
    return 0


def _open(location: Path | str) -> tuple:
    from storage.classroom import ClassroomStore
    from storage.sessions import SessionStore

    model = SessionStore(url=location) if isinstance(location, str) else SessionStore(location)
    try:
        return model, ClassroomStore(model.location)
    except BaseException:
        model.close()
        raise


def run_migrate_to(settings: Settings, url: str) -> int:
    """Copy the SQLite state into the PostgreSQL database at `url`; the exit code."""
    from storage.database import describe, is_postgres
    from storage.errors import StoreError

    if not is_postgres(url):
        print("c2f-bot: migrate-to needs a postgresql:// URL", file=sys.stderr)
        return 1
    try:
        counts = migrate_to(settings.data_dir, url)
    except (MigrationError, StoreError) as error:
        print(f"c2f-bot: migrate-to failed: {error}", file=sys.stderr)
        return 1
    total = sum(counts.values())
    print(
        f"Copied {total:,} rows into {describe(url)} and checked every one: "
        + ", ".join(f"{table} {count}" for table, count in counts.items() if count)
    )
    print("Set DATABASE_URL to it and start the bot (keep the SQLite file as a backup).")
    return 0


def migrate_to(data_dir: Path, url: str) -> dict[str, int]:
    """Copy the SQLite state under `data_dir` (migrated first) into the empty PostgreSQL
    database at `url` (its schema made), then check the copy; rows copied by table."""
    import sqlite3

    from storage.database import describe
    from storage.sessions import SessionStore

    source_path = data_dir / SessionStore.FILENAME
    if not source_path.is_file():
        raise MigrationError(f"no SQLite state at {source_path}")
    source_model, source_classroom = _open(data_dir)  # at this release's schema
    source_classroom.close()
    source_model.close()
    target_model, target_classroom = _open(url)
    target = target_classroom._db
    try:
        busy = [t for t in TABLES if target.execute(f"SELECT count(*) FROM {t}").fetchone()[0]]
        if busy:
            raise MigrationError(
                f"{describe(url)} is not empty ({', '.join(busy)} have rows): migrate-to copies "
                "into an empty database only"
            )
        source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
        target.execute("BEGIN IMMEDIATE")
        try:
            counts = _copy(source, target)
            _verify(source, target)  # inside the transaction: a bad copy is never committed
            target.execute("COMMIT")
        except BaseException:
            target.execute("ROLLBACK")
            raise
        finally:
            source.close()
    finally:
        target_classroom.close()
        target_model.close()
    return counts


class _Rows(Protocol):
    def fetchall(self) -> list[Any]: ...


class _Database(Protocol):
    """What the copy asks of a connection: sqlite3's, or storage.database's to PostgreSQL."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> _Rows: ...


def _columns(source: _Database, table: str) -> list[str]:
    return [row[1] for row in source.execute(f"PRAGMA table_info({table})").fetchall()]


def _copy(source: _Database, target: _Database) -> dict[str, int]:
    """Every table's rows into the target, inside its open transaction; rows by table."""
    counts = {}
    for table in TABLES:
        columns = _columns(source, table)
        rows = source.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        insert = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        for row in rows:
            target.execute(insert, row)
        counts[table] = len(rows)
    for table, column in IDENTITIES:
        target.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
        )
    return counts


def _verify(source: _Database, target: _Database) -> None:
    """Every table's rows equal on both sides (MigrationError naming the first that is not)."""
    for table in TABLES:
        columns = ", ".join(_columns(source, table))
        query = f"SELECT {columns} FROM {table}"
        here = _sorted(source.execute(query).fetchall())
        there = _sorted(target.execute(query).fetchall())
        if here != there:
            raise MigrationError(f"the copy of {table} differs from the SQLite state")


def _sorted(rows: Sequence[tuple]) -> list[tuple]:
    return sorted((tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                   for row in rows), key=repr)  # fmt: skip
