"""Predictions that arrive together are answered by one compiled call.

Under load many chats ask the shared model at once; each call costs a thread hop and a compiled
call whatever its size. Requests for the same weights made in the same event-loop turn are
gathered and sent as one batch (up to 256 rows a call), then each gets its own slice back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import numpy as np

from .session import Arrays
from .settings import Architecture

Runner = Callable[[Architecture, Arrays, np.ndarray], Awaitable[np.ndarray]]


@dataclass
class _Batch:
    architecture: Architecture
    weights: Arrays
    values: list[float] = field(default_factory=list)
    future: asyncio.Future[np.ndarray] | None = None


class PredictBatcher:
    """Coalesces `predict` calls for the same weights object within one event-loop turn."""

    def __init__(self, run: Runner) -> None:
        self._run = run
        self._open: dict[int, _Batch] = {}

    async def predict(
        self, architecture: Architecture, weights: Arrays, values: list[float]
    ) -> np.ndarray:
        """Fahrenheit for `values`, computed together with whatever else is asked right now."""
        loop = asyncio.get_running_loop()
        key = id(weights)  # the open batch holds `weights`, so the id cannot be reused meanwhile
        batch = self._open.get(key)
        if batch is None:
            batch = _Batch(architecture, weights, future=loop.create_future())
            self._open[key] = batch
            loop.call_soon(self._dispatch, key)
        start = len(batch.values)
        batch.values.extend(values)
        assert batch.future is not None
        result = await asyncio.shield(batch.future)
        return result[start : start + len(values)]

    def _dispatch(self, key: int) -> None:
        batch = self._open.pop(key)
        task = asyncio.ensure_future(
            self._run(batch.architecture, batch.weights, np.asarray(batch.values))
        )
        task.add_done_callback(lambda done: _settle(batch, done))


def _settle(batch: _Batch, done: asyncio.Future[np.ndarray]) -> None:
    assert batch.future is not None
    if batch.future.done():
        return
    if done.cancelled():
        batch.future.cancel()
    elif done.exception() is not None:
        batch.future.set_exception(done.exception())
    else:
        batch.future.set_result(done.result())
