"""Sliding windows — at most `limit` events in any `period` seconds — and how long until one
more fits: counted the same way in one process (bot.telegram.flood.limiter's SlidingWindow) and
in the database every worker shares (model.coordination's `take_place`)."""

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
