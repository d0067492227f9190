"""Getting requests to Telegram within its flood limits, and retrying when the Bot API hiccups.

Telegram allows a bot about 20 messages a minute in one group and about 30 a second in all. The
budget keeps both as sliding windows — never more than the limit in *any* window, where a leaky
bucket lets a burst through — and counts only what Telegram counts: messages and edits, not
reactions, callback answers or chat actions. In a group the teacher (its admins, and what games
post) goes first and keeps a reserve that members' messages cannot use up. A 429 pauses the chat
it was about; only one about no chat pauses everything.

Several workers serving one bot (docs/scaling.md) share its limits: each counts its messages in
the database too (shared.DatabaseWindows), so two workers together send a group its 20 a
minute, not 20 each."""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.features.chat import is_group
from bot.ops import metrics
from bot.telegram.flood.shared import OVERALL_WINDOW, SharedWindows, window_key
from bot.telegram.flood.windows import SlidingWindow

log = logging.getLogger(__name__)

RETRIES = 5
FIRST_BACKOFF = 0.5  # seconds, doubled after each failure
# python-telegram-bot retries these itself, with its own backoff: getUpdates in its updater,
# getMe in the start's bootstrap loop (bootstrap_retries=-1, bot/__main__.py).
NOT_RETRIED = frozenset({"getUpdates", "getMe"})

GROUP_LIMIT = 20  # messages and edits in one group in any GROUP_PERIOD
GROUP_PERIOD = 60.0
TEACHER_RESERVE = 4  # of GROUP_LIMIT, left for the teacher whatever the class does
# Telegram measures when a request arrives, the budget when it was sent: a little slack.
MARGIN = 0.5
NOT_MESSAGES = frozenset({"sendChatAction"})
OTHER_MESSAGES = frozenset(
    {"copyMessage", "copyMessages", "forwardMessage", "forwardMessages", "stopPoll"}
)
RETRY_AFTER_RETRIES = 3
# Seconds the shared windows are left alone after they failed (the database out of reach):
# each try may wait for a connection, and a message must not wait for that every time.
SHARED_PAUSE = 30.0

Result = bool | dict[str, Any] | list[dict[str, Any]]


class NotSent(TelegramError):
    """A message still waiting for its turn when the bot stopped: it is not sent."""

    def __init__(self) -> None:
        super().__init__("Not sent: the bot is stopping and the chat's flood limit was reached")


class Priority(IntEnum):
    """Who a message in a group is for; a lower value goes first (`rate_limit_args`). Never 0:
    python-telegram-bot drops a falsy `rate_limit_args`, and the message would go as a member's."""

    TEACHER = 1  # a group's admins, the operator, and the posts of games
    MEMBER = 2  # everyone else


def is_message(endpoint: str) -> bool:
    """Whether Telegram counts a call to `endpoint` against the flood limits."""
    if endpoint in NOT_MESSAGES:
        return False
    return endpoint.startswith(("send", "edit")) or endpoint in OTHER_MESSAGES


@dataclass(order=True)
class _Ticket:
    priority: int
    serial: int
    granted: asyncio.Future[list[int]] = field(compare=False)  # done: its turn (shared places)


@dataclass
class _Lane:
    """One chat: its window (groups only), who waits, and a pause a 429 asked for."""

    window: SlidingWindow | None
    key: int  # its shared window's
    waiting: list[_Ticket] = field(default_factory=list)
    paused_until: float = 0.0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    pump: asyncio.Task[None] | None = None


class FloodBudget(BaseRateLimiter[int]):
    """Telegram's flood limits as sliding windows, per group and overall, with the teacher first;
    429s (`retry_after`) pause the chat they were about and are retried; 5xx answers, timeouts
    and network errors are retried with exponential backoff. A 400 is never retried.

    `messages_per_second` 0 lifts every limit (a local Bot API server, benchmarks); `shared`
    counts every message in windows the bot's other workers count in too."""

    def __init__(
        self,
        messages_per_second: float = 30,
        retries: int = RETRIES,
        first_backoff: float = FIRST_BACKOFF,
        group_limit: int = GROUP_LIMIT,
        group_period: float = GROUP_PERIOD,
        reserve: int = TEACHER_RESERVE,
        clock: Callable[[], float] = time.monotonic,
        shared: SharedWindows | None = None,
    ) -> None:
        self._limited = messages_per_second > 0
        self._shared = shared
        self._shared_failing = False
        self._shared_again = 0.0  # when the shared windows are tried again after a failure
        self._background: set[asyncio.Task[None]] = set()  # shared places' updates
        self._overall = SlidingWindow(max(1, round(messages_per_second)), 1.0 + MARGIN / 10)
        self._group_limit = group_limit
        self._group_period = group_period + MARGIN
        self._reserve = min(reserve, group_limit - 1)
        self._retries = retries
        self._first_backoff = first_backoff
        self._clock = clock
        self._lanes: dict[int | str, _Lane] = {}
        self._overall_lock = asyncio.Lock()
        self._paused_until = 0.0  # a 429 about no chat: everything waits
        self._stopping = False
        self._serials = itertools.count()

    async def initialize(self) -> None:
        """Nothing to prepare."""

    async def shutdown(self) -> None:
        """Stop the lanes' pumps (whoever still waits is cancelled); finish telling the shared
        windows what was sent."""
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        for lane in self._lanes.values():
            if lane.pump is not None:
                lane.pump.cancel()
            for ticket in lane.waiting:
                ticket.granted.cancel()
        self._lanes.clear()

    def stop_waiting(self) -> None:
        """The bot is stopping: what would have to wait for a group's turn is not sent (it
        fails with NotSent), so that a stop never waits a minute for a flood limit."""
        self._stopping = True
        for lane in self._lanes.values():
            lane.wake.set()

    def queued(self, chat_id: int | str) -> int:
        """Messages waiting for their turn in a chat (for tests and metrics)."""
        lane = self._lanes.get(chat_id)
        return len(lane.waiting) if lane is not None else 0

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = _chat_key(data.get("chat_id"))
        counted = self._limited and is_message(endpoint)
        priority = Priority.MEMBER if rate_limit_args is None else rate_limit_args
        backoff = self._first_backoff
        attempt = throttled = 0
        while True:
            try:
                return await self._send(callback, args, kwargs, chat_id, counted, priority)
            except BadRequest:
                metrics.API_FAILURES.labels(endpoint).inc()
                raise
            except RetryAfter as error:
                throttled += 1
                # The timedelta, as python-telegram-bot's own limiter reads it.
                seconds = error._retry_after.total_seconds()
                self._pause(chat_id, seconds + 0.1)
                metrics.API_RETRIES.labels(endpoint).inc()
                log.warning("%s: flood limit, %s waits %.1f s", endpoint, chat_id or "all", seconds)
                if throttled > RETRY_AFTER_RETRIES:
                    metrics.API_FAILURES.labels(endpoint).inc()
                    raise
            except NetworkError as error:
                if endpoint in NOT_RETRIED or attempt == self._retries:
                    metrics.API_FAILURES.labels(endpoint).inc()
                    if endpoint == "getMe":  # the start: python-telegram-bot tries again
                        log.warning("Telegram is unreachable (%s): trying again", error)
                    raise
                attempt += 1
                metrics.API_RETRIES.labels(endpoint).inc()
                log.warning("%s failed (%s); retry %d in %.1f s", endpoint, error, attempt, backoff)
                try:
                    await asyncio.sleep(backoff)
                except RuntimeError:  # the loop is shutting down: no more retries
                    raise error from None
                backoff *= 2

    async def _send(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        chat_id: int | str | None,
        counted: bool,
        priority: int,
    ) -> Result:
        await self._unpaused(chat_id)
        if not counted:
            return await callback(*args, **kwargs)
        lane = self._lane(chat_id) if chat_id is not None else None
        window = lane.window if lane is not None else None
        if lane is not None and window is not None:
            places = await self._turn(lane, priority)
        else:
            places = await self._overall_turn()
        try:
            return await callback(*args, **kwargs)
        finally:
            done = self._clock()
            self._overall.finish(done)
            if lane is not None and window is not None:
                window.finish(done)
                lane.wake.set()
            if self._shared is not None:  # in the background: the sender need not wait for it
                self._in_background(self._shared.place_done, places)

    async def _unpaused(self, chat_id: int | str | None) -> None:
        while True:
            lane = self._lanes.get(chat_id) if chat_id is not None else None
            until = max(self._paused_until, lane.paused_until if lane is not None else 0.0)
            delay = until - self._clock()
            if delay <= 0:
                return
            await asyncio.sleep(delay)

    def _pause(self, chat_id: int | str | None, seconds: float) -> None:
        until = self._clock() + seconds
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
        else:
            lane = self._lane(chat_id)
            lane.paused_until = max(lane.paused_until, until)

    def _lane(self, chat_id: int | str) -> _Lane:
        lane = self._lanes.get(chat_id)
        if lane is None:
            if len(self._lanes) > 1024:
                self._forget_idle_lanes()
            in_group = isinstance(chat_id, str) or is_group(chat_id)
            window = SlidingWindow(self._group_limit, self._group_period) if in_group else None
            lane = self._lanes[chat_id] = _Lane(window, window_key(chat_id))
        return lane

    def _forget_idle_lanes(self) -> None:
        now = self._clock()
        for key, lane in list(self._lanes.items()):
            idle = not lane.waiting and lane.paused_until <= now
            if idle and (lane.window is None or lane.window.empty(now)):
                del self._lanes[key]

    async def _turn(self, lane: _Lane, priority: int) -> list[int]:
        """Wait for this group's turn: the pump hands turns out in priority order; the places
        taken in the shared windows."""
        ticket = _Ticket(priority, next(self._serials), asyncio.get_running_loop().create_future())
        heapq.heappush(lane.waiting, ticket)
        lane.wake.set()
        if lane.pump is None or lane.pump.done():
            lane.pump = asyncio.create_task(self._pump(lane))
        try:
            return await ticket.granted
        except asyncio.CancelledError:
            if ticket.granted.done() and not ticket.granted.cancelled():  # given, never used
                assert lane.window is not None
                lane.window.cancel()
                self._overall.cancel()
                self._give_back(ticket.granted.result())
            raise

    async def _pump(self, lane: _Lane) -> None:
        assert lane.window is not None
        while lane.waiting:
            head = lane.waiting[0]
            if head.granted.done():  # its sender gave up
                heapq.heappop(lane.waiting)
                continue
            # Cleared before looking, not after: a teacher's message that comes while this
            # asks the shared windows must still wake it.
            lane.wake.clear()
            now = self._clock()
            limit = (
                self._group_limit
                if head.priority == Priority.TEACHER
                else (self._group_limit - self._reserve)
            )
            delay = max(lane.window.delay(now, limit), lane.paused_until - now)
            place = None
            if delay <= 0:  # this worker's own count allows it: and the bot's?
                place, delay = await self._take_place(lane.key, limit, self._group_period)
            if delay > 0 and self._stopping:
                for ticket in lane.waiting:
                    if not ticket.granted.done():
                        ticket.granted.set_exception(NotSent())
                lane.waiting.clear()
                return
            if delay > 0:
                # A teacher's message that arrives meanwhile may go at once: wake up for it.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lane.wake.wait(), delay)
                continue
            places = [place] if place is not None else []
            places += await self._overall_turn()
            # The first in line now: a teacher may have come while this waited its overall turn.
            ticket = heapq.heappop(lane.waiting)
            if ticket.granted.done():  # its sender gave up meanwhile: the place is not used
                self._overall.cancel()
                self._give_back(places)
            else:
                lane.window.start()
                ticket.granted.set_result(places)

    async def _overall_turn(self) -> list[int]:
        """Wait for a place in the overall window, and take it; the shared place taken."""
        async with self._overall_lock:
            while True:
                delay = self._overall.delay(self._clock())
                if delay <= 0:
                    limit, period = self._overall.limit, self._overall.period
                    place, delay = await self._take_place(OVERALL_WINDOW, limit, period)
                if delay <= 0:
                    break
                await asyncio.sleep(delay)
            self._overall.start()
            return [place] if place is not None else []

    async def _take_place(self, key: int, limit: int, period: float) -> tuple[int | None, float]:
        """A place in the bot's shared window `key`, or the seconds to wait for one; with no
        shared windows, or the database out of reach, this worker's own count decides."""
        if self._shared is None or self._clock() < self._shared_again:
            return None, 0.0
        try:
            taken = await self._shared.take_place(key, limit, period)
        except Exception as error:
            self._warn_once(error)
            self._shared_again = self._clock() + SHARED_PAUSE
            return None, 0.0
        self._shared_failing = False
        return taken

    async def _shared_call(
        self, call: Callable[[list[int]], Coroutine[Any, Any, None]], places: list[int]
    ) -> None:
        """`place_done` or `place_unused` of the shared windows, a failure only logged (a place
        left under way is forgotten after bot.telegram.flood.shared.UNDER_WAY)."""
        try:
            await call(places)
        except Exception as error:
            self._warn_once(error)

    def _give_back(self, places: list[int]) -> None:
        if self._shared is not None:
            self._in_background(self._shared.place_unused, places)

    def _in_background(
        self, call: Callable[[list[int]], Coroutine[Any, Any, None]], places: list[int]
    ) -> None:
        """`call(places)` as a task of its own (kept until done), if there are places."""
        if places:
            task = asyncio.get_running_loop().create_task(self._shared_call(call, places))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    def _warn_once(self, error: Exception) -> None:
        if not self._shared_failing:
            log.warning("The shared flood budget is out of reach (%s): counting alone", error)
        self._shared_failing = True


def _chat_key(chat_id: object) -> int | str | None:
    if chat_id is None or isinstance(chat_id, bool):
        return None
    if isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    with contextlib.suppress(ValueError):
        return int(text)
    return text  # an @username: a channel or a supergroup
