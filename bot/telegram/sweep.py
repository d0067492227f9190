"""With several workers on one PostgreSQL database, each looks every few seconds for the work
another worker set for later and did not live to do (storage/coordination/): open rounds past
their deadline, results scored but not posted for a while, follow-up quizzes due, and the
status messages of trainings on workers that died. The worker that set a timer normally does
the work itself, on time; a worker that dies hands its timers on within a sweep or a lease.
One process on an SQLite file needs none of this: its start-up takes up what it left."""

from __future__ import annotations

import asyncio
import logging
import time

from bot.features import followup
from bot.telegram import restart
from bot.telegram.context import App, services_of
from storage.errors import unreachable

log = logging.getLogger(__name__)

EVERY = 2.0  # seconds between sweeps: how late a dead worker's round reveals at most
RESULT_GRACE = 30.0  # a result revealed this long ago and still not posted: its worker died


async def sweep(application: App, now: float | None = None) -> None:
    """Take up the work due that no live worker is doing (each job claims it: done once)."""
    now = time.time() if now is None else now
    services = services_of(application)
    classroom = services.classroom
    rounds = [round_ for round_ in await classroom.open_rounds() if round_.deadline <= now]
    restart.resume_rounds(application, rounds)  # a reveal is claimed by the round's closing
    restart.post_results(application, await classroom.unposted_results(now - RESULT_GRACE))
    due = [pending for pending in await classroom.pending_followups() if pending[2] <= now]
    followup.resume(services.timers, due, now, restart.group_of(application))
    await restart.say_interrupted(application)
    log.debug(
        "Swept for other workers' timers: %d round(s), %d follow-up(s) due", len(rounds), len(due)
    )


async def sweep_forever(application: App) -> None:
    """Sweep every EVERY seconds until cancelled; a failed sweep is logged and tried again."""
    while True:
        await asyncio.sleep(EVERY)
        try:
            await sweep(application)
        except Exception as error:  # the database away for a moment, a chat gone: next time
            if unreachable(error):
                log.warning("A sweep for other workers' timers failed: %s", error)
            else:
                log.exception("A sweep for other workers' timers failed")
