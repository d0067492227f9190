"""Concurrent predictions share compiled calls and each gets its own answer."""

import asyncio

import numpy as np
import pytest

from model import Architecture
from model.batching import PredictBatcher


async def test_requests_in_one_turn_share_one_call_and_get_their_own_slice():
    calls = []

    async def run(architecture, weights, values):
        calls.append(list(values))
        return np.asarray(values) * weights[0]

    batcher = PredictBatcher(run)
    shared, other = [2.0], [10.0]
    results = await asyncio.gather(
        batcher.predict(Architecture(), shared, [1.0, 2.0]),
        batcher.predict(Architecture(), shared, [3.0]),
        batcher.predict(Architecture(), other, [1.0]),
    )
    assert [list(r) for r in results] == [[2.0, 4.0], [6.0], [10.0]]
    assert sorted(calls) == [[1.0], [1.0, 2.0, 3.0]]
    assert list(await batcher.predict(Architecture(), shared, [5.0])) == [10.0]
    assert len(calls) == 3


async def test_a_failing_call_fails_every_request_in_its_batch():
    async def run(architecture, weights, values):
        raise RuntimeError("boom")

    batcher = PredictBatcher(run)
    results = await asyncio.gather(
        batcher.predict(Architecture(), [1.0], [1.0]),
        batcher.predict(Architecture(), [1.0], [2.0]),
        return_exceptions=True,
    )
    assert all(isinstance(r, RuntimeError) for r in results)


async def test_service_answers_concurrent_chats_like_one_at_a_time(service):
    chats = range(7_000_000, 7_000_040)
    together = await asyncio.gather(*(service.predict(c, [c % 50, -3.5]) for c in chats))
    for chat, prediction in zip(chats, together):
        alone = await service.predict(chat, [chat % 50, -3.5])
        assert prediction.fahrenheit == pytest.approx(alone.fahrenheit, rel=1e-6)
