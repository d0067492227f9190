"""Each update handled once however often it arrives, on whichever worker: one process
remembers the last ids it had; workers on PostgreSQL keep them in `processed_updates` for a
day."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

from .connections import Pools

KEEP_UPDATES = 24 * 3600.0  # Telegram gives up redelivering an update long before this
REMEMBERED = 20_000  # update ids a single process keeps in memory


class UpdatesSeen(Protocol):
    """Which updates were handled already."""

    async def first_time(self, update_id: int) -> bool:
        """Whether `update_id` is new (and from now on it is not)."""
        ...


class LocalUpdates:
    """The last REMEMBERED update ids, in memory."""

    def __init__(self) -> None:
        self._updates: OrderedDict[int, None] = OrderedDict()

    async def first_time(self, update_id: int) -> bool:
        """Whether `update_id` is new (the last REMEMBERED ids are kept)."""
        if update_id in self._updates:
            return False
        self._updates[update_id] = None
        if len(self._updates) > REMEMBERED:
            self._updates.popitem(last=False)
        return True


class SharedUpdates:
    """The update ids every worker handled, in `processed_updates`."""

    def __init__(self, pools: Pools) -> None:
        self._pools = pools
        self._inserted = 0

    async def first_time(self, update_id: int) -> bool:
        """Whether no worker had `update_id` yet (and now this one has it)."""
        now = time.time()
        inserted = await self._pools.execute(
            "INSERT INTO processed_updates (update_id, at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (update_id, now),
        )
        self._inserted += 1
        if self._inserted % 1000 == 0:
            await self._pools.execute(
                "DELETE FROM processed_updates WHERE at < %s", (now - KEEP_UPDATES,)
            )
        return inserted == 1
