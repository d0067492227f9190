"""How the processes serving one bot keep out of each other's way.

With an SQLite file there is one process, and `Local` keeps it all in memory. With PostgreSQL
any number of workers share the database, and `Shared` coordinates them there, through
psycopg's async connection pool:

- a chat's changes run one at a time across workers (`chat`: an advisory lock, held for the
  change), and a chat trains on one worker at a time (`begin_training`: an advisory lock held
  for the training, on a connection of its own; a worker that dies drops its connection, and
  PostgreSQL releases the lock at once);
- an update is handled once however often it arrives, on whichever worker (`first_time`: its
  id in `processed_updates`, kept for a day);
- work for later is claimed with a lease (`claim`): one worker does it, and if that worker dies
  the lease runs out and another takes the work over; each worker holds a lease on its own
  name while it lives (`alive`), so the others know whose status messages are orphans;
- a sliding window kept in the database (`take_place`) is every worker's at once: Telegram's
  flood limits are the bot's, not a worker's, so the rate limiter counts its messages there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from . import windows
from .errors import ModelError

log = logging.getLogger(__name__)

Release = Callable[[], Awaitable[None]]

KEEP_UPDATES = 24 * 3600.0  # Telegram gives up redelivering an update long before this
REMEMBERED = 20_000  # update ids a single process keeps in memory
WORKER_LEASE = 15.0  # a worker not seen for this long is taken for dead
_CHANGE, _TRAINING, _WINDOW = 1, 2, 3  # advisory lock namespaces
_DEFAULT_CHAT = 2**53  # the shared default model's lock: beyond every chat id
TRAINING_POOL_WAIT = 2.0  # seconds a training lock's connection is waited for at most
STOP_CHANNEL = "c2f_stop"  # NOTIFY's channel: a chat's /stop reached another worker
# A place taken in a shared window and never reported done (its worker died while sending)
# counts as under way for this long, then is forgotten.
UNDER_WAY = 30.0


def lock_key(namespace: int, key: int | str) -> int:
    """The 64-bit advisory lock key of a chat (|id| < 2**53, Telegram's bound) in a namespace
    (namespace · 2**54 + id: distinct for every chat and namespace)."""
    chat = _DEFAULT_CHAT if isinstance(key, str) else key
    return namespace * 2**54 + chat


def worker_name() -> str:
    """This process's name among the workers: host, pid and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class Local:
    """One process owns the state (an SQLite file): everything in memory."""

    shared = False

    def __init__(self) -> None:
        self.worker = worker_name()
        self._updates: OrderedDict[int, None] = OrderedDict()
        self._leases: dict[str, float] = {}

    async def start(self) -> None:
        """Nothing to start."""

    async def close(self) -> None:
        """Nothing to close."""

    @contextlib.asynccontextmanager
    async def chat(self, key: int | str) -> AsyncIterator[None]:
        """A chat's changes: the registry's own asyncio lock already runs them one at a time."""
        yield

    async def begin_training(self, key: int | str) -> Release | None:
        """The registry's busy flag already keeps a chat to one training."""

        async def release() -> None:
            pass

        return release

    async def training_elsewhere(self, key: int | str) -> bool:
        """No other process trains."""
        return False

    def on_stop(self, stop: Callable[[int], object]) -> None:
        """No other process asks this one to stop a training."""

    async def ask_to_stop(self, chat_id: int) -> None:
        """No other process trains."""

    async def first_time(self, update_id: int) -> bool:
        """Whether `update_id` is new (the last REMEMBERED ids are kept)."""
        if update_id in self._updates:
            return False
        self._updates[update_id] = None
        if len(self._updates) > REMEMBERED:
            self._updates.popitem(last=False)
        return True

    async def claim(self, name: str, seconds: float) -> float | None:
        """Take the lease `name` for `seconds`: None if taken, else when it runs out. Free once
        it ran out or was released."""
        now = time.time()
        if self._leases.get(name, 0.0) > now:
            return None
        self._leases[name] = until = now + seconds
        return until

    async def lease_end(self, name: str) -> float:
        """When the lease `name` runs out (0 if none is held)."""
        return self._leases.get(name, 0.0)

    async def release(self, name: str) -> None:
        """Give the lease `name` back."""
        self._leases.pop(name, None)

    async def alive(self) -> set[str]:
        """The workers alive: this one."""
        return {self.worker}


class Shared:
    """Workers sharing one PostgreSQL database (see the module's docstring). `size`: the
    connections for changes, claims and update ids (each held for a statement or a change);
    `trainings`: those for the training locks, one held by each training running or queued
    (ModelService's max_trainings + queue_limit). Two pools, so that trainings waiting for a
    slot never take the connections the running ones need to store what they learned."""

    shared = True

    def __init__(self, url: str, size: int = 8, trainings: int = 40) -> None:
        from psycopg_pool import AsyncConnectionPool

        self.worker = worker_name()
        # lock_timeout: a change never waits forever for a chat another worker holds
        options = {
            "autocommit": True,
            "application_name": "c2f-bot worker",
            "options": "-c lock_timeout=30s",
        }
        self._pool = AsyncConnectionPool(
            url, min_size=2, max_size=size, kwargs=options, name="c2f-bot coordination",
            open=False,
        )  # fmt: skip
        self._training_pool = AsyncConnectionPool(
            url, min_size=1, max_size=trainings, kwargs=options, name="c2f-bot trainings",
            open=False,
        )  # fmt: skip
        self._url = url
        self._tasks: list[asyncio.Task[None]] = []
        self._inserted = 0
        self._stop: Callable[[int], object] = lambda chat_id: None
        self._listening = asyncio.Event()

    async def start(self) -> None:
        """Open the pool, start the worker's heartbeat and listen for /stop from others."""
        await self._pool.open(wait=True, timeout=30)
        await self._training_pool.open(wait=True, timeout=30)
        await self._beat()
        self._tasks = [asyncio.create_task(self._beating()), asyncio.create_task(self._listen())]
        await self._listening.wait()

    async def close(self) -> None:
        """Stop the heartbeat and the listening, give the worker's lease back, close the pool."""
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(Exception):
            await self.release(f"worker:{self.worker}")
        await self._training_pool.close()
        await self._pool.close()

    async def _beat(self) -> None:
        await self._execute(
            "INSERT INTO leases (name, holder, until) VALUES (%s, %s, %s) ON CONFLICT (name) "
            "DO UPDATE SET holder = excluded.holder, until = excluded.until",
            (f"worker:{self.worker}", self.worker, time.time() + WORKER_LEASE),
        )

    async def _beating(self) -> None:
        while True:
            await asyncio.sleep(WORKER_LEASE / 3)
            try:
                await self._beat()
            except Exception as error:  # the database away for a moment: try again
                log.warning("Could not renew this worker's lease: %s", error)

    def on_stop(self, stop: Callable[[int], object]) -> None:
        """`stop(chat_id)` is called when another worker asks for the chat's training to stop."""
        self._stop = stop

    async def ask_to_stop(self, chat_id: int) -> None:
        """Ask the worker training `chat_id` to stop it (every worker hears it)."""
        await self._execute("SELECT pg_notify(%s, %s)", (STOP_CHANNEL, str(chat_id)))

    async def _listen(self) -> None:
        import psycopg

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._url, autocommit=True, application_name="c2f-bot listener"
                ) as connection:
                    await connection.execute(f"LISTEN {STOP_CHANNEL}")
                    self._listening.set()
                    async for notice in connection.notifies():
                        with contextlib.suppress(ValueError):
                            self._stop(int(notice.payload))
            except psycopg.Error as error:
                self._listening.set()
                log.warning("Lost the database connection that hears /stop: %s", error)
                await asyncio.sleep(1.0)  # and connect again

    async def _execute(self, sql: str, parameters: tuple = ()) -> Any:
        async with self._pool.connection() as connection:
            cursor = await connection.execute(sql, parameters)
            return await cursor.fetchall() if cursor.description is not None else cursor.rowcount

    @contextlib.asynccontextmanager
    async def chat(self, key: int | str) -> AsyncIterator[None]:
        """Hold the chat's change lock while the block runs (other workers' changes wait)."""
        async with self._holding(lock_key(_CHANGE, key), wait=True):
            yield

    @contextlib.asynccontextmanager
    async def _holding(self, key: int, wait: bool) -> AsyncIterator[bool]:
        """Hold advisory lock `key` (wait: a change lock, from the changes' pool) or try it
        (a training lock, from the trainings' pool, as `begin_training` takes it)."""
        pool = self._pool if wait else self._training_pool
        async with self._connection(pool) as connection:
            function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            cursor = await connection.execute(f"SELECT {function}(%s)", (key,))
            held = wait or (await cursor.fetchone())[0]
            try:
                yield held
            finally:
                if held:
                    await _unlock(connection, key)

    @contextlib.asynccontextmanager
    async def _connection(self, pool: Any) -> AsyncIterator[Any]:
        """A connection of the trainings' pool taken within a change, never waited for long:
        the pool is as large as the trainings allowed at once, so one that is used up means
        too many (ModelError('overloaded')), not a wait that could hold the changes' pool."""
        from psycopg_pool import PoolTimeout

        if pool is self._pool:
            async with pool.connection() as connection:
                yield connection
            return
        try:
            connection = await pool.getconn(timeout=TRAINING_POOL_WAIT)
        except PoolTimeout:
            raise ModelError("overloaded") from None
        try:
            yield connection
        finally:
            await pool.putconn(connection)

    async def begin_training(self, key: int | str) -> Release | None:
        """Take the chat's training lock on a connection of its own: the release, or None if
        another worker trains the chat."""
        from psycopg_pool import PoolTimeout

        try:
            connection = await self._training_pool.getconn(timeout=TRAINING_POOL_WAIT)
        except PoolTimeout:
            raise ModelError("overloaded") from None
        lock = lock_key(_TRAINING, key)
        try:
            cursor = await connection.execute("SELECT pg_try_advisory_lock(%s)", (lock,))
            held = (await cursor.fetchone())[0]
        except BaseException:
            await self._training_pool.putconn(connection)
            raise
        if not held:
            await self._training_pool.putconn(connection)
            return None

        async def release() -> None:
            await _unlock(connection, lock)
            await self._training_pool.putconn(connection)

        return release

    async def training_elsewhere(self, key: int | str) -> bool:
        """Whether another worker holds the chat's training lock."""
        async with self._holding(lock_key(_TRAINING, key), wait=False) as free:
            return not free

    async def trainings_running(self) -> int:
        """The trainings running on every worker: the training locks held in this database."""
        rows = await self._execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND objsubid = 1 AND database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) "
            "AND ((classid::bigint << 32) | objid::bigint) BETWEEN %s AND %s",
            (lock_key(_TRAINING, 1 - _DEFAULT_CHAT), lock_key(_TRAINING, _DEFAULT_CHAT)),
        )
        return rows[0][0]

    async def first_time(self, update_id: int) -> bool:
        """Whether no worker had `update_id` yet (and now this one has it)."""
        now = time.time()
        inserted = await self._execute(
            "INSERT INTO processed_updates (update_id, at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (update_id, now),
        )
        self._inserted += 1
        if self._inserted % 1000 == 0:
            await self._execute(
                "DELETE FROM processed_updates WHERE at < %s", (now - KEEP_UPDATES,)
            )
        return inserted == 1

    async def claim(self, name: str, seconds: float) -> float | None:
        """Take the lease `name` for `seconds`: None if another worker holds it, else when it
        runs out. A lease that ran out is anyone's; this worker may renew its own."""
        now = time.time()
        rows = await self._execute(
            "INSERT INTO leases (name, holder, until) VALUES (%s, %s, %s) ON CONFLICT (name) "
            "DO UPDATE SET holder = excluded.holder, until = excluded.until "
            "WHERE leases.until < %s OR leases.holder = excluded.holder RETURNING until",
            (name, self.worker, now + seconds, now),
        )
        return rows[0][0] if rows else None

    async def lease_end(self, name: str) -> float:
        """When the lease `name` runs out (0 if none is held)."""
        rows = await self._execute("SELECT until FROM leases WHERE name = %s", (name,))
        return rows[0][0] if rows else 0.0

    async def release(self, name: str) -> None:
        """Give back the lease `name`, if this worker holds it."""
        await self._execute(
            "DELETE FROM leases WHERE name = %s AND holder = %s", (name, self.worker)
        )

    async def take_place(self, window: int, limit: int, period: float) -> tuple[int | None, float]:
        """A place in the shared sliding `window` (at most `limit` events in any `period`
        seconds, over every worker): (its id, 0), or (None, seconds until one may fit). A place
        counts from when it is taken while under way, and from when it was done once
        `place_done` says so (model.windows), by the database's clock."""
        async with self._pool.connection() as connection, connection.transaction():
            lock = lock_key(_WINDOW, window)
            await connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
            cursor = await connection.execute(
                "SELECT extract(epoch FROM clock_timestamp())::float8, "
                "array(SELECT began FROM flood_places WHERE window_key = %s AND done IS NULL), "
                "array(SELECT done FROM flood_places WHERE window_key = %s AND done IS NOT NULL "
                "ORDER BY done)",
                (window, window),
            )
            now, began, done = await cursor.fetchone()
            under_way = sum(1 for t in began if t > now - UNDER_WAY)
            recent = [t for t in done if t > now - period]
            if under_way < len(began) or len(recent) < len(done):
                await connection.execute(
                    "DELETE FROM flood_places WHERE window_key = %s AND (done <= %s "
                    "OR (done IS NULL AND began <= %s))",
                    (window, now - period, now - UNDER_WAY),
                )
            wait = windows.delay(recent, under_way, limit, period, now)
            if wait > 0:
                return None, wait
            cursor = await connection.execute(
                "INSERT INTO flood_places (window_key, began) VALUES (%s, %s) RETURNING id",
                (window, now),
            )
            return (await cursor.fetchone())[0], 0.0

    async def place_done(self, places: list[int]) -> None:
        """The events that took `places` are done: each counts from now."""
        await self._execute(
            "UPDATE flood_places SET done = extract(epoch FROM clock_timestamp()) "
            "WHERE id = ANY(%s)",
            (places,),
        )

    async def place_unused(self, places: list[int]) -> None:
        """The events that took `places` never happened: the places are free again."""
        await self._execute("DELETE FROM flood_places WHERE id = ANY(%s)", (places,))

    async def alive(self) -> set[str]:
        """The workers whose lease has not run out."""
        rows = await self._execute(
            "SELECT holder FROM leases WHERE name LIKE 'worker:%%' AND until > %s", (time.time(),)
        )
        return {holder for (holder,) in rows}


async def _unlock(connection: Any, key: int) -> None:
    """Release an advisory lock; a connection that cannot is closed, which releases it too (and
    the pool replaces it), so no lock outlives its holder on a pooled connection."""
    try:
        await connection.execute("SELECT pg_advisory_unlock(%s)", (key,))
    except BaseException:
        await connection.close()
        raise


Coordination = Local | Shared


def coordination_for(url: str | None, trainings: int = 40) -> Coordination:
    """`Shared` on the PostgreSQL database at `url` (room for `trainings` running and queued
    at once), else `Local`."""
    return Local() if url is None else Shared(url, trainings=trainings)
