"""Workers sharing a PostgreSQL database: the sliding windows they all count in (the bot's flood
limits are the bot's, not a worker's). The windows are an hour long, so nothing frees up while a
test runs and no test depends on this machine's speed."""

from __future__ import annotations

from bot.telegram.flood.shared import UNDER_WAY, DatabaseWindows
from bot.telegram.flood.windows import RECHECK
from tests import databases

pytestmark = databases.needs_postgres

HOUR = 3600.0
GROUP = -1001


def _windows(two_workers) -> tuple[DatabaseWindows, DatabaseWindows]:
    return tuple(DatabaseWindows(worker.pools.changes) for worker in two_workers)


async def test_a_shared_window_holds_its_limit_over_every_worker(two_workers) -> None:
    first, second = _windows(two_workers)
    taken = [await worker.take_place(GROUP, 3, HOUR) for worker in (first, second, first)]
    assert all(place is not None and delay == 0 for place, delay in taken)
    # Full of places under way: look again soon, on any worker.
    assert await second.take_place(GROUP, 3, HOUR) == (None, RECHECK)
    assert (await first.take_place(GROUP, 4, HOUR))[0] is not None  # a higher limit fits
    assert (await second.take_place(GROUP - 1, 3, HOUR))[0] is not None  # another window
    await first.place_done([place for place, _ in taken])
    # Done: each counts from now, so the window frees up in about an hour.
    place, delay = await second.take_place(GROUP, 3, HOUR)
    assert place is None and HOUR - 60 < delay <= HOUR


async def test_an_unused_place_is_free_again_and_a_dead_senders_is_forgotten(two_workers) -> None:
    first, second = _windows(two_workers)
    database = two_workers[0].pools
    (kept, _), (unused, _) = [await first.take_place(GROUP, 2, HOUR) for _ in range(2)]
    assert (await second.take_place(GROUP, 2, HOUR))[0] is None
    await first.place_unused([unused])
    assert (await second.take_place(GROUP, 2, HOUR))[0] is not None
    # A worker that died while sending never says it was done: its place, begun longer ago
    # than UNDER_WAY, no longer counts.
    await database.execute(
        "UPDATE flood_places SET began = began - %s WHERE id = %s", (UNDER_WAY + 1, kept)
    )
    assert (await second.take_place(GROUP, 2, HOUR))[0] is not None
    rows = await database.execute("SELECT id FROM flood_places WHERE window_key = %s", (GROUP,))
    assert kept not in {row[0] for row in rows}  # and is cleared away
