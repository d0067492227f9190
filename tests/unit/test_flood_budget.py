"""The flood budget: sliding windows, the teacher first, 429s that pause only their chat.

The windows here are an hour long, so nothing frees up while a test runs: what waits, waits
for the test's whole life, and what goes, goes at once — no test depends on this machine's speed.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from telegram.error import BadRequest, RetryAfter

from bot.telegram.flood.limiter import FloodBudget, NotSent, Priority, SlidingWindow, is_message
from bot.telegram.flood.shared import DatabaseWindows
from tests import databases

GROUP = -1001
OTHER_GROUP = -1002
PRIVATE = 42
HOUR = 3600.0


def budget(**options: object) -> FloodBudget:
    return FloodBudget(
        messages_per_second=1000, group_limit=5, group_period=HOUR, reserve=2, **options
    )


async def ok(label: str, log: list[str]) -> bool:
    log.append(label)
    return True


def request(
    limiter: FloodBudget,
    log: list[str],
    label: str,
    chat_id: int,
    priority: Priority | None = None,
    endpoint: str = "sendMessage",
) -> asyncio.Task:
    return asyncio.create_task(
        limiter.process_request(ok, (label, log), {}, endpoint, {"chat_id": chat_id}, priority)
    )


async def settled() -> None:
    """Let every task that can run, run."""
    for _ in range(20):
        await asyncio.sleep(0)


def test_a_sliding_window_counts_every_event_inside_it() -> None:
    window = SlidingWindow(3, 60.0)
    for now in (0.0, 10.0, 20.0):
        assert window.delay(now) == 0
        window.start()
        window.finish(now)
    assert window.delay(30.0) == pytest.approx(30.0)  # the first leaves at 60
    assert window.delay(60.5) == 0
    assert window.delay(30.0, limit=4) == 0  # a higher limit (the teacher's) still fits
    window.start()  # under way (waiting for a connection, say): counted however long it takes
    assert window.delay(65.0) == pytest.approx(5.0)  # 10 leaves at 70
    assert window.delay(200.0, limit=1) == SlidingWindow.RECHECK  # full of the one under way
    window.finish(200.0)  # done: counted from when it was done
    assert window.delay(230.0, limit=1) == pytest.approx(30.0)
    window.start()
    window.cancel()  # it never happened
    assert window.delay(230.0) == 0 and not window.empty(230.0) and window.empty(261.0)


def test_only_messages_and_edits_count() -> None:
    assert is_message("sendMessage") and is_message("sendPhoto") and is_message("editMessageText")
    assert is_message("stopPoll") and is_message("copyMessage")
    for endpoint in ("setMessageReaction", "answerCallbackQuery", "sendChatAction", "getMe"):
        assert not is_message(endpoint)


async def test_members_leave_the_teacher_a_reserve_and_the_teacher_goes_first() -> None:
    limiter, log = budget(), []
    members = [request(limiter, log, f"m{i}", GROUP) for i in range(6)]
    await settled()
    assert log == ["m0", "m1", "m2"]  # 5 a window, 2 of them kept for the teacher
    assert limiter.queued(GROUP) == 3
    teacher = [request(limiter, log, f"t{i}", GROUP, Priority.TEACHER) for i in range(3)]
    await settled()
    assert log[3:] == ["t0", "t1"]  # the reserve is the teacher's, ahead of waiting members
    assert limiter.queued(GROUP) == 4  # the third teacher message waits first in line
    await limiter.shutdown()
    for task in members + teacher:
        task.cancel()
    await asyncio.gather(*members, *teacher, return_exceptions=True)


async def test_reactions_and_callback_answers_never_wait_behind_messages() -> None:
    limiter, log = budget(), []
    waiting = [request(limiter, log, f"m{i}", GROUP) for i in range(5)]
    await settled()
    assert limiter.queued(GROUP) == 2
    assert await request(limiter, log, "react", GROUP, endpoint="setMessageReaction")
    assert await request(limiter, log, "answer", GROUP, endpoint="answerCallbackQuery")
    assert log[-2:] == ["react", "answer"]
    await limiter.shutdown()
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)


async def test_inline_answers_are_no_messages_and_never_wait_behind_them() -> None:
    # answerInlineQuery names no chat and Telegram counts it in no window: with the overall
    # window and a group's full, it still goes at once.
    assert not is_message("answerInlineQuery")
    limiter = FloodBudget(messages_per_second=1, group_limit=5, group_period=HOUR, reserve=2)
    log: list[str] = []
    waiting = [request(limiter, log, f"m{i}", GROUP) for i in range(6)]
    waiting += [request(limiter, log, f"p{i}", PRIVATE) for i in range(2)]
    await settled()
    assert len(log) == 1  # one message a second in all: the other seven wait
    params = {"inline_query_id": "7", "results": "[]"}
    assert await limiter.process_request(ok, ("inline", log), {}, "answerInlineQuery", params, None)
    assert log[-1] == "inline" and len(log) == 2
    await limiter.shutdown()
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)


async def test_one_group_full_leaves_other_chats_alone() -> None:
    limiter, log = budget(), []
    waiting = [request(limiter, log, f"g{i}", GROUP) for i in range(5)]
    await settled()
    assert await request(limiter, log, "other", OTHER_GROUP)
    assert await request(limiter, log, "private", PRIVATE)
    await limiter.shutdown()
    for task in waiting:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)


# python-telegram-bot's own RetryAfter warns about its retry_after's type as it is made.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_429_pauses_only_the_chat_it_was_about() -> None:
    limiter, log = budget(), []
    calls: list[int] = []

    async def throttled() -> bool:
        calls.append(1)
        raise RetryAfter(dt.timedelta(seconds=HOUR))

    paused = asyncio.create_task(
        limiter.process_request(throttled, (), {}, "sendMessage", {"chat_id": GROUP}, None)
    )
    await settled()
    assert calls == [1]
    assert await request(limiter, log, "private", PRIVATE)  # not held up by the group's 429
    later = request(limiter, log, "same group", GROUP)
    await settled()
    assert "same group" not in log  # the paused group waits
    assert calls == [1]  # and is not asked again before its time
    await limiter.shutdown()
    for task in (paused, later):
        task.cancel()
    await asyncio.gather(paused, later, return_exceptions=True)


async def test_a_bad_request_is_never_retried() -> None:
    limiter = budget()
    calls: list[int] = []

    async def wrong() -> bool:
        calls.append(1)
        raise BadRequest("Bad Request: message text is empty")

    with pytest.raises(BadRequest):
        await limiter.process_request(wrong, (), {}, "sendMessage", {"chat_id": PRIVATE}, None)
    assert calls == [1]


async def test_no_limit_when_lifted() -> None:
    limiter, log = FloodBudget(messages_per_second=0, group_limit=1, group_period=HOUR), []
    for i in range(5):
        assert await request(limiter, log, f"m{i}", GROUP)
    assert len(log) == 5


async def test_a_stopping_bot_does_not_wait_for_a_groups_turn() -> None:
    limiter, log = budget(), []
    waiting = [request(limiter, log, f"m{i}", GROUP) for i in range(5)]
    await settled()
    assert limiter.queued(GROUP) == 2
    limiter.stop_waiting()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert [type(r) for r in results[3:]] == [NotSent, NotSent]  # dropped, not waited for
    assert await request(limiter, log, "private", PRIVATE)  # what may go still goes


async def test_a_teacher_who_comes_while_a_member_waits_for_the_overall_window_is_not_lost():
    # One message a second in all: the second member waits for the overall window, and the
    # teacher's message comes meanwhile. Both must go (the teacher's first), none is dropped.
    limiter = FloodBudget(messages_per_second=1, group_limit=5, group_period=HOUR, reserve=2)
    log: list[str] = []
    assert await request(limiter, log, "m0", GROUP)
    member = request(limiter, log, "m1", GROUP)
    await settled()  # m1's turn in the group came; it now waits for the overall window
    teacher = request(limiter, log, "t0", GROUP, Priority.TEACHER)
    assert await asyncio.wait_for(asyncio.gather(member, teacher), 30)
    assert log == ["m0", "t0", "m1"]


@databases.needs_postgres
async def test_two_workers_send_a_group_its_budget_together_not_each(two_workers) -> None:
    """Workers serving one bot count in the database: members get the group's 3 places between
    them, not 3 each, and the teacher's reserve is still there for either worker."""
    first, second = (budget(shared=DatabaseWindows(w.pools.changes)) for w in two_workers)
    log: list[str] = []
    members = [
        request(limiter, log, f"m{i}", GROUP) for i in range(4) for limiter in (first, second)
    ]
    for sent, finished in enumerate(asyncio.as_completed(members), 1):
        assert await finished
        if sent == 3:
            break
    teacher = request(second, log, "t0", GROUP, Priority.TEACHER)
    assert await asyncio.wait_for(teacher, 30)
    assert len(log) == 4 and log[-1] == "t0"
    assert first.queued(GROUP) + second.queued(GROUP) == 5  # the other members wait their turn
    for limiter in (first, second):
        limiter.stop_waiting()
    results = await asyncio.gather(*members, return_exceptions=True)
    assert sum(isinstance(result, NotSent) for result in results) == 5


def test_every_priority_survives_python_telegram_bot() -> None:
    # ExtBot passes `rate_limit_args` on only when truthy: a priority of 0 arrived as None,
    # and the teacher's messages waited with the members'.
    assert all(Priority)


@databases.needs_postgres
async def test_a_worker_that_cannot_reach_the_shared_budget_counts_alone(two_workers, caplog):
    first, _ = two_workers
    limiter, log = budget(shared=DatabaseWindows(first.pools.changes)), []
    await first.close()  # the database out of reach
    members = [request(limiter, log, f"m{i}", GROUP) for i in range(4)]
    for sent, finished in enumerate(asyncio.as_completed(members), 1):  # its own 3 still go
        assert await finished
        if sent == 3:
            break
    assert await asyncio.wait_for(request(limiter, log, "t0", GROUP, Priority.TEACHER), 30)
    assert len(log) == 4 and limiter.queued(GROUP) == 1
    warnings = [r for r in caplog.records if "shared flood budget" in r.getMessage()]
    assert len(warnings) == 1
    limiter.stop_waiting()
