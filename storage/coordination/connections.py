"""The PostgreSQL connections the workers coordinate through: one pool for changes, claims and
update ids (each held for a statement or a change), and one for the training locks (one held
by each training running or queued), so that trainings waiting for a slot never take the
connections the running ones need to store what they learned."""

from __future__ import annotations

import os
import secrets
import socket
from typing import TYPE_CHECKING, Any

from ..errors import CONNECTION_WAIT

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

CHANGE, TRAINING, WINDOW = 1, 2, 3  # advisory lock namespaces
DEFAULT_CHAT = 2**53  # the shared default model's lock: beyond every chat id


def lock_key(namespace: int, key: int | str) -> int:
    """The 64-bit advisory lock key of a chat (|id| < 2**53, Telegram's bound) in a namespace
    (namespace · 2**54 + id: distinct for every chat and namespace)."""
    chat = DEFAULT_CHAT if isinstance(key, str) else key
    return namespace * 2**54 + chat


def worker_name() -> str:
    """This process's name among the workers: host, pid and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Pools:
    """The two pools on the database at `url`: `changes` (`size` connections) and `trainings`
    (`trainings` connections: ModelService's max_trainings + queue_limit)."""

    def __init__(self, url: str, size: int = 8, trainings: int = 40) -> None:
        from psycopg_pool import AsyncConnectionPool  # only for workers: not loaded otherwise

        self.url = url
        # lock_timeout: a change never waits forever for a chat another worker holds
        options = {
            "autocommit": True,
            "application_name": "c2f-bot worker",
            "options": "-c lock_timeout=30s",
            "connect_timeout": round(CONNECTION_WAIT),
        }
        # timeout: a statement waits CONNECTION_WAIT at most for a connection (a database out
        # of reach is then said at once, storage.errors.unreachable)
        self.changes: AsyncConnectionPool = AsyncConnectionPool(
            url, min_size=2, max_size=size, kwargs=options, name="c2f-bot coordination",
            open=False, timeout=CONNECTION_WAIT,
        )  # fmt: skip
        self.trainings: AsyncConnectionPool = AsyncConnectionPool(
            url, min_size=1, max_size=trainings, kwargs=options, name="c2f-bot trainings",
            open=False, timeout=CONNECTION_WAIT,
        )  # fmt: skip

    async def open(self) -> None:
        """Open both pools (their first connections made)."""
        await self.changes.open(wait=True, timeout=30)
        await self.trainings.open(wait=True, timeout=30)

    async def close(self) -> None:
        """Close both pools."""
        await self.trainings.close()
        await self.changes.close()

    async def execute(self, sql: str, parameters: tuple = ()) -> Any:
        """One statement on a connection of the changes' pool: its rows, or its row count."""
        async with self.changes.connection() as connection:
            cursor = await connection.execute(sql, parameters)
            return await cursor.fetchall() if cursor.description is not None else cursor.rowcount


async def unlock(connection: Any, key: int) -> None:
    """Release an advisory lock; a connection that cannot is closed, which releases it too (and
    the pool replaces it), so no lock outlives its holder on a pooled connection."""
    try:
        await connection.execute("SELECT pg_advisory_unlock(%s)", (key,))
    except BaseException:
        await connection.close()
        raise
