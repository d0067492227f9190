"""The coordination's own tables and their migration history, apart from the classroom's:
the updates handled lately, leases (work for later, workers' signs of life) and the places in
the shared flood windows. A database a release before this one wrote has them already (they
were the classroom schema's versions 6 and 7): version 1 then only takes them over."""

from __future__ import annotations

import sqlite3

from ..migrations import Schema, version_table


def _tables_v1(db: sqlite3.Connection) -> None:
    for statement in (
        """CREATE TABLE IF NOT EXISTS processed_updates (
               update_id INTEGER PRIMARY KEY,
               at REAL NOT NULL
           )""",
        "CREATE INDEX IF NOT EXISTS processed_updates_by_age ON processed_updates (at)",
        """CREATE TABLE IF NOT EXISTS leases (  -- a claim on work, or a worker's sign of life
               name TEXT PRIMARY KEY,
               holder TEXT NOT NULL,            -- the worker (connections.worker_name)
               until REAL NOT NULL              -- unix time it runs out: then anyone's
           )""",
        """CREATE TABLE IF NOT EXISTS flood_places (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               window_key INTEGER NOT NULL,     -- a group's chat id, or the bot's overall window
               began REAL NOT NULL,             -- unix time, by the database's clock
               done REAL                        -- NULL while under way
           )""",
        "CREATE INDEX IF NOT EXISTS flood_places_by_window ON flood_places (window_key)",
    ):
        db.execute(statement)


SCHEMA = Schema("coordination", [_tables_v1], *version_table("coordination_schema"))
SCHEMA_VERSION = SCHEMA.version
