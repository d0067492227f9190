"""Work for later done once, and which workers are alive: a lease on a name is one worker's
until it runs out (`claim`), so if that worker dies another takes the work over; each worker
holds a lease on its own name while it lives (`alive`), so the others know whose status
messages are orphans. One process keeps its leases in memory; workers on PostgreSQL in the
`leases` table."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Protocol

from .connections import Pools, worker_name

log = logging.getLogger(__name__)

WORKER_LEASE = 15.0  # a worker not seen for this long is taken for dead
# Seconds a stopping worker gives its lease back in at most: with the database out of reach,
# the stop does not wait for it (the lease then runs out after WORKER_LEASE).
RELEASE_WAIT = 1.0


class Leases(Protocol):
    """Leases on names, and the workers alive."""

    worker: str  # this process's name among the workers

    async def claim(self, name: str, seconds: float) -> float | None:
        """Take the lease `name` for `seconds`: None if another holds it, else when it ends."""
        ...

    async def lease_end(self, name: str) -> float:
        """When the lease `name` runs out (0 if none is held)."""
        ...

    async def release(self, name: str) -> None:
        """Give the lease `name` back."""
        ...

    async def turn(self, name: str, every: float) -> bool:
        """Whether this process may run the job `name` now, at most once in `every` seconds
        over every worker (its own pacing already keeps one process to that)."""
        ...

    async def alive(self) -> set[str]:
        """The workers alive."""
        ...


class LocalLeases:
    """One process: the leases in memory, and itself the only worker."""

    def __init__(self) -> None:
        self.worker = worker_name()
        self._leases: dict[str, float] = {}

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

    async def turn(self, name: str, every: float) -> bool:
        """Always: the process's own pacing is every worker's."""
        return True

    async def alive(self) -> set[str]:
        """The workers alive: this one."""
        return {self.worker}


class SharedLeases:
    """Leases in the `leases` table, and this worker's heartbeat there."""

    def __init__(self, pools: Pools) -> None:
        self.worker = worker_name()
        self._pools = pools
        self._beating: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Say this worker is alive, and keep saying it."""
        await self._beat()
        self._beating = asyncio.create_task(self._beat_forever())

    async def close(self) -> None:
        """Stop the heartbeat and give the worker's own lease back."""
        if self._beating is not None:
            self._beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beating
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.release(f"worker:{self.worker}"), RELEASE_WAIT)

    async def _beat(self) -> None:
        await self._pools.execute(
            "INSERT INTO leases (name, holder, until) VALUES (%s, %s, %s) ON CONFLICT (name) "
            "DO UPDATE SET holder = excluded.holder, until = excluded.until",
            (f"worker:{self.worker}", self.worker, time.time() + WORKER_LEASE),
        )

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(WORKER_LEASE / 3)
            try:
                await self._beat()
            except Exception as error:  # the database away for a moment: try again
                log.warning("Could not renew this worker's lease: %s", error)

    async def claim(self, name: str, seconds: float) -> float | None:
        """Take the lease `name` for `seconds`: None if another worker holds it, else when it
        runs out. A lease that ran out is anyone's; this worker may renew its own."""
        now = time.time()
        rows = await self._pools.execute(
            "INSERT INTO leases (name, holder, until) VALUES (%s, %s, %s) ON CONFLICT (name) "
            "DO UPDATE SET holder = excluded.holder, until = excluded.until "
            "WHERE leases.until < %s OR leases.holder = excluded.holder RETURNING until",
            (name, self.worker, now + seconds, now),
        )
        return rows[0][0] if rows else None

    async def lease_end(self, name: str) -> float:
        """When the lease `name` runs out (0 if none is held)."""
        rows = await self._pools.execute("SELECT until FROM leases WHERE name = %s", (name,))
        return rows[0][0] if rows else 0.0

    async def release(self, name: str) -> None:
        """Give back the lease `name`, if this worker holds it."""
        await self._pools.execute(
            "DELETE FROM leases WHERE name = %s AND holder = %s", (name, self.worker)
        )

    async def turn(self, name: str, every: float) -> bool:
        """Whether this worker may run the job `name` now: it holds the lease `soon:name` for
        `every` seconds. Another worker's lease is waited out, then tried once more: if that
        fails, a worker took it after the wait, and its job (run later than the change this one
        was asked for) shows that change already."""
        lease = f"soon:{name}"
        for attempt in range(2):
            if await self.claim(lease, every) is not None:
                return True
            if attempt == 0:
                await asyncio.sleep(max(0.0, await self.lease_end(lease) - time.time()))
        return False

    async def alive(self) -> set[str]:
        """The workers whose lease has not run out."""
        rows = await self._pools.execute(
            "SELECT holder FROM leases WHERE name LIKE 'worker:%%' AND until > %s", (time.time(),)
        )
        return {holder for (holder,) in rows}
