"""The one schema-migration mechanism: a store's tables step by step from version n to n + 1,
each store (the sessions', the classroom's, the coordination's) with its own version slot in
the one database, so each migrates on its own history."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .database import dialect
from .errors import StoreError

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
