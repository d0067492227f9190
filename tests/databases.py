"""The databases the storage tests run against: SQLite always, PostgreSQL when the run has one
(C2F_TEST_DATABASE_URL, set by tools/test_postgres.py: `make test` and `.ci/run` start a
throwaway cluster). Each test gets a database of its own, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

URL_VARIABLE = "C2F_TEST_DATABASE_URL"
SERVER_URL = os.environ.get(URL_VARIABLE)
needs_postgres = pytest.mark.skipif(
    SERVER_URL is None, reason=f"no PostgreSQL: {URL_VARIABLE} is not set"
)


def _admin(sql: str) -> None:
    import psycopg

    assert SERVER_URL is not None
    with psycopg.connect(SERVER_URL, autocommit=True) as connection:
        connection.execute(sql)


def fresh_database() -> str:
    """The URL of a new, empty database on the test server."""
    assert SERVER_URL is not None
    name = f"c2f_test_{uuid.uuid4().hex[:12]}"
    _admin(f"CREATE DATABASE {name}")
    return SERVER_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    """Drop a database `fresh_database` made, its connections cut."""
    _admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@dataclass(frozen=True)
class Database:
    """Where a test keeps its state: `folder` (SQLite) or `url` (PostgreSQL)."""

    kind: str
    folder: Path
    url: str | None = None

    def store(self):
        """The model's store on it (each call opens another, as a restart would)."""
        from storage.sessions import SessionStore

        return SessionStore(url=self.url) if self.url else SessionStore(self.folder)

    def classroom(self):
        """The classroom's store on it."""
        from storage.classroom import ClassroomStore
        from storage.sessions import SessionStore

        return ClassroomStore(self.url or self.folder / SessionStore.FILENAME)
