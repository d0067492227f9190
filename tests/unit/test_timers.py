"""Work for later: a timer fires once at its time (or at once if it has passed), a new one for
the same key replaces the old, and a burst of edits runs at most once an interval, the latest."""

import asyncio
import time

from bot.features.timers import Timers


async def test_a_timer_fires_once_and_a_new_one_replaces_it():
    timers, fired = Timers(), []
    done = asyncio.Event()

    def job(name):
        async def run():
            fired.append(name)
            done.set()

        return run

    timers.at("round", time.time() + 3600, job("old"))
    timers.at("round", time.time() - 5, job("new"))  # its time has passed: now
    await done.wait()
    assert fired == ["new"]
    timers.at("other", time.time() + 3600, job("never"))
    timers.cancel("other")
    await timers.close()
    assert fired == ["new"]


async def test_a_burst_after_a_run_collapses_into_its_latest_job():
    timers, ran = Timers(), []
    events = [asyncio.Event(), asyncio.Event()]

    def edit(n):
        async def run():
            ran.append(n)
            events[len(ran) - 1].set()

        return run

    timers.soon("game", 0.05, edit(0))
    await events[0].wait()  # the first ran at once
    for n in range(1, 10):  # then a burst within the interval: one run, the latest
        timers.soon("game", 0.05, edit(n))
    await events[1].wait()
    await timers.close()
    assert ran == [0, 9]


async def test_a_failing_job_is_logged_and_the_next_still_runs(caplog):
    timers, tried, ran = Timers(), asyncio.Event(), asyncio.Event()

    async def broken():
        tried.set()
        raise RuntimeError("boom")

    async def fine():
        ran.set()

    timers.soon("game", 0.01, broken)
    await tried.wait()
    timers.soon("game", 0.01, fine)
    await ran.wait()
    await timers.close()
    assert "boom" in caplog.text
