"""A chat's changes and its trainings one at a time across workers (model.ports.ChatLocks):
with one process, model.ports.OneProcess; with PostgreSQL, advisory locks.

A chat's changes hold an advisory lock for the change (`chat`), and a chat trains on one
worker at a time (`begin_training`: an advisory lock held for the training, on a connection of
its own; a worker that dies drops its connection, and PostgreSQL releases the lock at once)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from psycopg_pool import AsyncConnectionPool, PoolTimeout

from model.errors import ModelError
from model.ports import Key, Release

from .connections import CHANGE, DEFAULT_CHAT, TRAINING, Pools, lock_key, unlock

TRAINING_POOL_WAIT = 2.0  # seconds a training lock's connection is waited for at most


class SharedLocks:
    """The chats' locks of every worker on one PostgreSQL database."""

    def __init__(self, pools: Pools) -> None:
        self._pools = pools

    @contextlib.asynccontextmanager
    async def chat(self, key: Key) -> AsyncIterator[None]:
        """Hold the chat's change lock while the block runs (other workers' changes wait)."""
        async with self._holding(lock_key(CHANGE, key), wait=True):
            yield

    @contextlib.asynccontextmanager
    async def _holding(self, key: int, wait: bool) -> AsyncIterator[bool]:
        """Hold advisory lock `key` (wait: a change lock, from the changes' pool) or try it
        (a training lock, from the trainings' pool, as `begin_training` takes it)."""
        pool = self._pools.changes if wait else self._pools.trainings
        async with self._connection(pool) as connection:
            function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            cursor = await connection.execute(f"SELECT {function}(%s)", (key,))
            held = wait or (await cursor.fetchone())[0]
            try:
                yield held
            finally:
                if held:
                    await unlock(connection, key)

    @contextlib.asynccontextmanager
    async def _connection(self, pool: AsyncConnectionPool) -> AsyncIterator[Any]:
        """A connection of the trainings' pool taken within a change, never waited for long:
        the pool is as large as the trainings allowed at once, so one that is used up means
        too many (ModelError('overloaded')), not a wait that could hold the changes' pool."""
        if pool is self._pools.changes:
            async with pool.connection() as connection:
                yield connection
            return
        connection = await _training_connection(pool)
        try:
            yield connection
        finally:
            await pool.putconn(connection)

    async def begin_training(self, key: Key) -> Release | None:
        """Take the chat's training lock on a connection of its own: the release, or None if
        another worker trains the chat."""
        pool = self._pools.trainings
        connection = await _training_connection(pool)
        lock = lock_key(TRAINING, key)
        try:
            cursor = await connection.execute("SELECT pg_try_advisory_lock(%s)", (lock,))
            held = (await cursor.fetchone())[0]
        except BaseException:
            await pool.putconn(connection)
            raise
        if not held:
            await pool.putconn(connection)
            return None

        async def release() -> None:
            await unlock(connection, lock)
            await pool.putconn(connection)

        return release

    async def training_elsewhere(self, key: Key) -> bool:
        """Whether another worker holds the chat's training lock."""
        async with self._holding(lock_key(TRAINING, key), wait=False) as free:
            return not free

    async def trainings_running(self) -> int:
        """The trainings running on every worker: the training locks held in this database."""
        rows = await self._pools.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND objsubid = 1 AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) "
            "AND ((classid::bigint << 32) | objid::bigint) BETWEEN %s AND %s",
            (lock_key(TRAINING, 1 - DEFAULT_CHAT), lock_key(TRAINING, DEFAULT_CHAT)),
        )
        return rows[0][0]


async def _training_connection(pool: AsyncConnectionPool) -> Any:
    """A connection of the trainings' pool, waited for TRAINING_POOL_WAIT at most."""
    try:
        return await pool.getconn(timeout=TRAINING_POOL_WAIT)
    except PoolTimeout:
        raise ModelError("overloaded") from None
