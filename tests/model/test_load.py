"""Many chats at once: the training cap and queue, and an event loop that never stalls."""

import asyncio
import time

import pytest

from model import ModelError, TrainSettings
from model.service import ModelService


async def test_trainings_beyond_the_cap_and_queue_are_refused_as_busy():
    service = ModelService(max_trainings=1, queue_limit=1)
    try:
        await service.start()
        runs = [service.train(chat, TrainSettings(epochs=3000, seed=chat)) for chat in (1, 2, 3)]
        results = await asyncio.gather(*runs, return_exceptions=True)
        assert [type(r).__name__ for r in results] == ["TrainResult", "TrainResult", "ModelError"]
        assert results[2].key == "overloaded" and "retry" in results[2].message
        assert not service.session(3).trained
        # Once the queue drains, the refused chat trains.
        assert (await service.train(3, TrainSettings(epochs=10))).epochs_run == 10
    finally:
        service.close()


async def test_one_chat_trains_once_at_a_time_even_when_queued():
    service = ModelService(max_trainings=1)
    try:
        await service.start()
        first = asyncio.create_task(service.train(1, TrainSettings(epochs=2000, seed=1)))
        queued = asyncio.create_task(service.train(2, TrainSettings(epochs=10, seed=1)))
        await asyncio.sleep(0)
        with pytest.raises(ModelError, match="already running"):
            await service.train(2)
        await asyncio.gather(first, queued)
    finally:
        service.close()


async def test_event_loop_lag_stays_under_100_ms_during_20_trainings_with_plots(service):
    lags = []
    done = asyncio.Event()

    async def monitor():
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - started - 0.01)

    async def train_and_plot(chat):
        result = await service.train(chat, TrainSettings(epochs=2000, seed=chat))
        png = await service.loss_plot(result.losses)
        assert png.startswith(b"\x89PNG")

    watcher = asyncio.create_task(monitor())
    await asyncio.gather(*(train_and_plot(9_000_000 + i) for i in range(20)))
    done.set()
    await watcher
    assert len(lags) > 10
    assert max(lags) < 0.1, f"worst event-loop lag {max(lags) * 1000:.0f} ms"
