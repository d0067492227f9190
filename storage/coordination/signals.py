"""/stop across workers (model.ports.StopSignals): with one process, model.ports.OneProcess;
with PostgreSQL, NOTIFY on a channel every worker listens to."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import psycopg

from .connections import Pools

log = logging.getLogger(__name__)

STOP_CHANNEL = "c2f_stop"  # NOTIFY's channel: a chat's /stop reached another worker


class SharedSignals:
    """Every worker hears a chat's /stop, and the one training it stops it."""

    def __init__(self, pools: Pools) -> None:
        self._pools = pools
        self._stop: Callable[[int], object] = lambda chat_id: None
        self._listening = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen for other workers' /stop (returns once listening, or once it failed to)."""
        self._task = asyncio.create_task(self._listen())
        await self._listening.wait()

    async def close(self) -> None:
        """Stop listening."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def on_stop(self, stop: Callable[[int], object]) -> None:
        """`stop(chat_id)` is called when another worker asks for the chat's training to stop."""
        self._stop = stop

    async def ask_to_stop(self, chat_id: int) -> None:
        """Ask the worker training `chat_id` to stop it (every worker hears it)."""
        await self._pools.execute("SELECT pg_notify(%s, %s)", (STOP_CHANNEL, str(chat_id)))

    async def _listen(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._pools.url, autocommit=True, application_name="c2f-bot listener"
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
