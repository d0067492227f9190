"""Getting requests to Telegram: its flood limits, and retries when the Bot API hiccups."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from bot.ops import metrics

log = logging.getLogger(__name__)

RETRIES = 5
FIRST_BACKOFF = 0.5  # seconds, doubled after each failure
# python-telegram-bot's Updater retries getUpdates itself, with its own backoff.
NOT_RETRIED = frozenset({"getUpdates"})


class RetryingRateLimiter(AIORateLimiter):
    """python-telegram-bot's AIORateLimiter (Telegram's flood limits; 429 `retry_after` waits and
    retries), plus retries with exponential backoff for 5xx answers, timeouts and network errors.
    A 400 (the request itself is wrong) is never retried."""

    def __init__(
        self,
        messages_per_second: float = 30,
        retries: int = RETRIES,
        first_backoff: float = FIRST_BACKOFF,
    ) -> None:
        # 30 a second is Telegram's default cap for a bot; 0 lifts it (a local Bot API server).
        super().__init__(overall_max_rate=messages_per_second, max_retries=retries)
        self._retries = retries
        self._first_backoff = first_backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        backoff = self._first_backoff
        for attempt in range(self._retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                metrics.API_FAILURES.labels(endpoint).inc()
                raise
            except NetworkError as error:
                if endpoint in NOT_RETRIED or attempt == self._retries:
                    metrics.API_FAILURES.labels(endpoint).inc()
                    raise
                metrics.API_RETRIES.labels(endpoint).inc()
                log.warning(
                    "%s failed (%s); retry %d in %.1f s", endpoint, error, attempt + 1, backoff
                )
                try:
                    await asyncio.sleep(backoff)
                except RuntimeError:  # the loop is shutting down: no more retries
                    raise error from None
                backoff *= 2
        raise AssertionError("unreachable")
