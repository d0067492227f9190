"""The model loader: TensorFlow's import waits for a quiet moment after start-up, so that the
updates waiting then are answered first, from the stored state — but a command that needs the
model starts it at once."""

import asyncio

from bot.loader import ModelLoader
from storage.sessions import SessionStore


async def test_a_command_that_needs_the_model_does_not_wait_for_a_quiet_moment(tmp_path):
    loader = ModelLoader(SessionStore(tmp_path), quiet=3600, latest=3600)  # never quiet, never late
    loader.begin()
    settled = asyncio.ensure_future(loader.settled())
    assert await loader.early() is None  # nothing was ever trained: no stored answers
    loader.update_arrived()
    try:
        service = await asyncio.wait_for(loader.service(), 300)
        assert settled.done() and loader.loaded is service
        assert (await service.predict(1, [100])).fahrenheit[0] > 150  # the shared model trained
    finally:
        await loader.close()
