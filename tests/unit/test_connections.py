"""The bot's connections to the Bot API: requests beyond the pool wait their turn, where
python-telegram-bot's own request fails them after its 1 s pool timeout without sending them."""

import asyncio

import pytest
from telegram import Bot
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

from bot.telegram.connections import QueuedRequest
from tests.fakes.bot_api import FakeBotApi, Fault

TOKEN = "123456789:UNIT-token-AbCdEfGhIjKlMnOpQrStUvWxYz"


@pytest.fixture
def api():
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()


async def _burst(api: FakeBotApi, request: HTTPXRequest) -> list[object]:
    """Two calls hang past the pool timeout on the pool's two connections; eight more queue."""
    api.inject(Fault("getChat", times=2, status=500, hang=1.5))
    async with Bot(TOKEN, base_url=api.base_url, request=request) as bot:
        hung = [asyncio.create_task(bot.get_chat(1)) for _ in range(2)]
        await asyncio.to_thread(api.wait_count, lambda r: r.method == "getChat", 2)  # both hung
        queued = await asyncio.gather(*(bot.get_me() for _ in range(8)), return_exceptions=True)
        await asyncio.gather(*hung, return_exceptions=True)
    return queued


async def test_requests_beyond_the_pool_wait_for_a_connection(api):
    queued = await _burst(api, QueuedRequest(connections=2))
    assert all(me.username == "c2f_test_bot" for me in queued), queued
    assert sum(r.method == "getMe" for r in api.requests) == 8 + 1  # and Bot's own getMe


async def test_without_the_queue_they_fail_unsent(api):
    queued = await _burst(api, HTTPXRequest(connection_pool_size=2))
    assert any(isinstance(e, NetworkError) and "Pool timeout" in str(e) for e in queued), queued
