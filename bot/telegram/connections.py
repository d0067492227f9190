"""The bot's HTTP connections to the Bot API: a few, with the requests beyond them queued.

python-telegram-bot keeps up to 256 connections by default, and httpcore's pool rescans all of
its connections for every waiting request each time a request starts or ends: in a burst of
replies most of the bot's time went there (quadratic in the connections), and a request that
waited in the pool longer than its pool timeout (1 s) failed without being sent. Telegram's
flood limits (about 30 messages a second) keep a handful of connections busy, so the pool is
small, and requests beyond it wait their turn on a semaphore, which costs nothing per waiter.
Updates fetched are checked here (bot/telegram/updates.py): one the library cannot parse would
fail its whole batch again and again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING

from telegram.request import HTTPXRequest, RequestData

from bot.telegram import updates

if TYPE_CHECKING:
    # python-telegram-bot's type of a timeout left to its default; it exports it nowhere else.
    from telegram._utils.types import ODVInput

CONNECTIONS = 8


class QueuedRequest(HTTPXRequest):
    """HTTPXRequest over `connections` connections; more concurrent requests wait for one.
    `on_unauthorized` is called when Telegram answers 401 (the token was revoked)."""

    def __init__(self, connections: int = CONNECTIONS) -> None:
        super().__init__(connection_pool_size=connections)
        self._turns = asyncio.Semaphore(connections)
        self.on_unauthorized: Callable[[], None] | None = None  # Telegram answered 401

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = HTTPXRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._turns:
            status, body = await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        if status == 200 and url.endswith("/getUpdates"):
            body = updates.parseable_batch(body)
        elif status == HTTPStatus.UNAUTHORIZED and self.on_unauthorized is not None:
            self.on_unauthorized()  # the token was revoked: nothing will work from now on
        return status, body
