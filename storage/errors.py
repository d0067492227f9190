"""The two ways the state can fail the bot: a change that could not be stored
(`StorageError`, while it runs) and a state that cannot be opened at all (`StoreError`, at
start-up or in the operator's commands); and `unreachable`, which tells a PostgreSQL database
out of reach (stopped, cut off) from any other failure."""

from __future__ import annotations

import sys

KEYS = frozenset({"full", "gone", "failed", "unreachable"})
# PostgreSQL's codes for a connection lost or refused: class 08 and the server shutting down.
_CONNECTION_LOST = ("08", "57P01", "57P02", "57P03")
# Seconds a statement waits for a connection to PostgreSQL (or to make one) at most: beyond
# that the database is out of reach, and the user is told so at once rather than after 30 s.
CONNECTION_WAIT = 5.0


class StorageError(Exception):
    """A change that could not be stored, so it was not made. `key`: 'full' (no space left),
    'gone' (the state file was deleted or replaced while the bot ran: changes are refused until
    a restart), 'unreachable' (the PostgreSQL database is out of reach) or 'failed' (any other
    write error)."""

    def __init__(self, key: str, detail: str = "") -> None:
        assert key in KEYS, key
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key


class StoreError(RuntimeError):
    """A state file that cannot be opened: empty, without a schema, written by a newer release,
    or one whose schema could not be brought up to date."""


def unreachable(error: BaseException | None) -> bool:
    """Whether `error`, or an error that caused it, says the PostgreSQL database is out of
    reach: no connection could be made or kept (a stopped server, a cut network, a pool that
    waited in vain for one). A refused statement (a lock timeout, a constraint) is not."""
    psycopg = sys.modules.get("psycopg")  # never loaded: no error of it (SQLite alone)
    lost = psycopg.OperationalError if psycopg is not None else ()  # PoolTimeout is one too
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, StorageError) and error.key == "unreachable":
            return True
        if isinstance(error, lost):
            code = getattr(error, "sqlstate", None)
            if code is None or code.startswith(_CONNECTION_LOST):
                return True
        error = error.__cause__ or error.__context__
    return False
