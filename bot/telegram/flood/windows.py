"""Sliding windows — at most `limit` events in any `period` seconds — and how long until one
more fits: counted the same way in one process (bot.telegram.flood.limiter's SlidingWindow) and
in the database every worker shares (shared.DatabaseWindows)."""

from __future__ import annotations

from collections.abc import Sequence

RECHECK = 0.05  # seconds: how soon to look again at a window full of events under way


def delay(done: Sequence[float], under_way: int, limit: int, period: float, now: float) -> float:
    """Seconds from `now` until one more event fits under `limit`: `done` are the times the
    events inside the window were done (sorted), `under_way` more count until they are done."""
    excess = len(done) + under_way - limit
    if excess < 0:
        return 0.0
    if excess >= len(done):  # full of events under way: see again shortly
        return RECHECK
    return done[excess] + period - now


class SlidingWindow:
    """At most `limit` events in any `period` seconds. An event is counted from when it starts
    (`start`) and stays counted while under way, however long it waits for a connection; once
    done (`finish`) it counts from then, when Telegram has surely seen it."""

    RECHECK = RECHECK  # seconds: how soon to look again when events under way fill it

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._times: list[float] = []
        self._under_way = 0

    def _forget(self, now: float) -> None:
        self._times = [t for t in self._times if t > now - self.period]

    def delay(self, now: float, limit: int | None = None) -> float:
        """Seconds from `now` until one more event fits under `limit` (default: the window's)."""
        self._forget(now)
        limit = self.limit if limit is None else limit
        return delay(sorted(self._times), self._under_way, limit, self.period, now)

    def start(self) -> None:
        """An event begins."""
        self._under_way += 1

    def finish(self, now: float) -> None:
        """An event that began is done, at `now`."""
        self._under_way = max(0, self._under_way - 1)
        self._times.append(now)

    def cancel(self) -> None:
        """An event that began never happened."""
        self._under_way = max(0, self._under_way - 1)

    def empty(self, now: float) -> bool:
        """No event inside the window at `now`, and none under way."""
        self._forget(now)
        return not self._times and not self._under_way
