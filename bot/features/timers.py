"""Work for later on the event loop: a round that reveals itself at its deadline, a message
edited at most once a second however fast the presses come.

With several workers on one PostgreSQL database, a job given a `lease` runs on one worker at a
time (a worker that dies mid-job lets the lease run out, and another takes the job up), and a
coalesced edit keeps its interval across workers: its lease lasts the interval."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Hashable

from storage.coordination.leases import Leases, LocalLeases

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]

LEASE_SECONDS = 60.0  # a leased job's hold: longer than any job takes (Telegram's retries too)


class Timers:
    """Keyed timers (one per key: a new one replaces the old) and coalesced edits."""

    def __init__(self, leases: Leases | None = None) -> None:
        self._leases = leases or LocalLeases()
        self._handles: dict[Hashable, asyncio.TimerHandle] = {}
        self._tasks: set[asyncio.Task] = set()
        self._dirty: dict[Hashable, Job] = {}  # the latest job for a key, if one waits
        self._last: dict[Hashable, float] = {}  # when a key's job last ran (loop time)
        self._draining: set[Hashable] = set()  # keys whose jobs are being run
        self._running: set[str] = set()  # the leases of the jobs running here

    def at(self, key: Hashable, when: float, job: Job, lease: str | None = None) -> None:
        """Run `job` at unix time `when` (at once if it has passed); with a `lease` name, only
        while this worker holds that lease (another worker running the same job skips it)."""
        self.cancel(key)
        delay = max(0.0, when - time.time())
        if lease is not None:
            job = functools.partial(self._leased, lease, job)
        self._handles[key] = asyncio.get_running_loop().call_later(delay, self._fire, key, job)

    async def _leased(self, lease: str, job: Job) -> None:
        if lease in self._running:
            return  # this worker runs it already
        self._running.add(lease)
        try:
            if await self._leases.claim(lease, LEASE_SECONDS) is None:
                return  # another worker has it
            try:
                await job()
            finally:
                await self._leases.release(lease)
        finally:
            self._running.discard(lease)

    def cancel(self, key: Hashable) -> None:
        """Drop the timer of `key`, if any."""
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.cancel()

    def _fire(self, key: Hashable, job: Job) -> None:
        self._handles.pop(key, None)
        self._spawn(job, key)

    def soon(self, key: Hashable, every: float, job: Job) -> None:
        """Run `job` now, or — if a job of `key` ran less than `every` seconds ago or is
        running — once that interval is over; jobs asked for meanwhile collapse into the
        latest, so a burst of requests runs at most once an interval."""
        self._dirty[key] = job
        if key not in self._draining:
            self._draining.add(key)
            self._spawn(lambda: self._drain(key, every), key)

    async def _drain(self, key: Hashable, every: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            while key in self._dirty:
                wait = self._last.get(key, -every) + every - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not await self._leases.turn(str(key), every):
                    self._dirty.pop(key, None)  # another worker's edit came after this change
                    continue
                job = self._dirty.pop(key)
                self._last[key] = loop.time()
                try:
                    await job()
                except Exception:
                    log.exception("A delayed job of %s failed", key)
        finally:
            self._draining.discard(key)

    def _spawn(self, work: Job, key: Hashable) -> None:
        async def run() -> None:
            try:
                await work()
            except Exception:
                log.exception("A timed job of %s failed", key)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def settle(self) -> None:
        """Wait until the jobs running or due soon have run (console mode prints a game's
        picture before it reads the next command); timers set for later keep waiting."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Cancel what waits and what runs."""
        for handle in self._handles.values():
            handle.cancel()
        self._handles.clear()
        self._dirty.clear()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
