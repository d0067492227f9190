"""Plots drawn in worker processes: matplotlib's Agg renderer holds the GIL for tens of
milliseconds a plot, which would stall the bot's event loop if drawn on a thread."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import plots


class PlotPool:
    """A small pool of plotting processes, started fresh (spawn: no TensorFlow, no threads)."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context("spawn")
            )
        return self._pool

    async def draw(self, function: Callable[..., bytes], *args: Any) -> bytes:
        """`function(*args)` in a plotting process; a crashed pool is replaced once."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), function, *args)
        except BrokenProcessPool:
            self._pool = None
            return await loop.run_in_executor(self._executor(), function, *args)

    async def warm_up(self) -> None:
        """Start every process and let it import matplotlib before the first user waits."""
        await asyncio.gather(
            *(self.draw(plots.loss_curve_png, [1.0, 0.5]) for _ in range(self._workers))
        )

    def close(self) -> None:
        """Stop the processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
