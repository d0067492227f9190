"""Telegram's flood limits counted by every worker at once: the limits are the bot's, not a
worker's, so with several workers on one PostgreSQL database each message takes a place in a
sliding window kept there (`flood_places`, storage.coordination's schema), under the window's
advisory lock, by the database's clock."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Protocol

from storage.coordination.connections import WINDOW, lock_key

from . import windows

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

# A place taken in a shared window and never reported done (its worker died while sending)
# counts as under way for this long, then is forgotten.
UNDER_WAY = 30.0
# The shared windows' keys: a group's is its chat id (|id| < 2**53); the overall one and those
# of @usernames lie beyond every chat id.
OVERALL_WINDOW = 2**53 + 1


class SharedWindows(Protocol):
    """Sliding windows every worker of the bot counts in (on PostgreSQL: DatabaseWindows)."""

    async def take_place(
        self, window: int, limit: int, period: float
    ) -> tuple[int | None, float]: ...

    async def place_done(self, places: list[int]) -> None: ...

    async def place_unused(self, places: list[int]) -> None: ...


class DatabaseWindows:
    """The shared sliding windows on the connections of `pool` (the changes' pool)."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self._pool = pool

    async def take_place(self, window: int, limit: int, period: float) -> tuple[int | None, float]:
        """A place in the shared sliding `window` (at most `limit` events in any `period`
        seconds, over every worker): (its id, 0), or (None, seconds until one may fit). A place
        counts from when it is taken while under way, and from when it was done once
        `place_done` says so (windows.delay)."""
        async with self._pool.connection() as connection, connection.transaction():
            await connection.execute(
                "SELECT pg_advisory_xact_lock(%s)", (lock_key(WINDOW, window),)
            )
            cursor = await connection.execute(
                "SELECT extract(epoch FROM clock_timestamp())::float8, "
                "array(SELECT began FROM flood_places WHERE window_key = %s AND done IS NULL), "
                "array(SELECT done FROM flood_places WHERE window_key = %s AND done IS NOT NULL "
                "ORDER BY done)",
                (window, window),
            )
            ((now, began, done),) = await cursor.fetchall()  # one row: the clock and the places
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
            (place,) = await cursor.fetchall()  # RETURNING's one row
            return place[0], 0.0

    async def place_done(self, places: list[int]) -> None:
        """The events that took `places` are done: each counts from now."""
        async with self._pool.connection() as connection:
            await connection.execute(
                "UPDATE flood_places SET done = extract(epoch FROM clock_timestamp()) "
                "WHERE id = ANY(%s)",
                (places,),
            )

    async def place_unused(self, places: list[int]) -> None:
        """The events that took `places` never happened: the places are free again."""
        async with self._pool.connection() as connection:
            await connection.execute("DELETE FROM flood_places WHERE id = ANY(%s)", (places,))


def window_key(chat_id: int | str) -> int:
    """A chat's shared window: its id, or for an @username a number beyond every chat id."""
    if isinstance(chat_id, int):
        return chat_id
    digest = hashlib.blake2b(chat_id.encode(), digest_size=6).digest()
    return OVERALL_WINDOW + 1 + int.from_bytes(digest, "big")
