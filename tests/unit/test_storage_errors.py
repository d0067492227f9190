"""storage.errors.unreachable: a PostgreSQL database out of reach, told from a refused
statement, however the error was wrapped on its way up."""

from __future__ import annotations

import psycopg
from psycopg import errors
from psycopg_pool import PoolTimeout

from storage.database import PostgresError
from storage.errors import StorageError, unreachable


def wrapped(error: Exception) -> PostgresError:
    try:
        raise PostgresError(str(error)) from error
    except PostgresError as translated:
        return translated


def test_a_lost_connection_or_a_pool_waiting_in_vain_is_out_of_reach():
    assert unreachable(psycopg.OperationalError("server closed the connection unexpectedly"))
    assert unreachable(PoolTimeout("couldn't get a connection after 5.00 sec"))
    assert unreachable(errors.AdminShutdown("terminating connection"))
    assert unreachable(wrapped(psycopg.OperationalError("connection refused")))
    assert unreachable(StorageError("unreachable"))


def test_a_refused_statement_or_another_failure_is_not():
    assert not unreachable(errors.LockNotAvailable("lock timeout"))  # an OperationalError too
    assert not unreachable(errors.QueryCanceled("canceling statement"))
    assert not unreachable(wrapped(errors.UniqueViolation("duplicate key")))
    assert not unreachable(StorageError("full"))
    assert not unreachable(RuntimeError("boom"))
    assert not unreachable(None)
