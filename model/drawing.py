"""Plots drawn in worker processes: matplotlib's Agg renderer holds the GIL for tens of
milliseconds a plot, which would stall the bot's event loop if drawn on a thread."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

from .labels import PlotLabels


def _exit_with_parent(lifeline: Connection) -> None:
    """Worker initializer: exit as soon as the parent dies, however it dies.

    The parent holds the only write end of the lifeline and never writes; the read end reports
    EOF when the parent's copy closes, which the kernel does even after SIGKILL. Without this, a
    killed bot's plotting processes wait for work forever (the pool's queues keep them alive).
    """

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv()
        os._exit(0)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _first_plot() -> bytes:
    """Worker: import matplotlib and draw once. Imported here, not by the bot's process, which
    only hands the work over (and would hold its interpreter lock for the import)."""
    from . import plots

    return plots.loss_curve_png([1.0, 0.5], PlotLabels())


class PlotPool:
    """A small pool of plotting processes, started fresh (spawn: no TensorFlow, no threads)."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._lifeline: Connection | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            receiver, self._lifeline = context.Pipe(duplex=False)
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=context,
                initializer=_exit_with_parent,
                initargs=(receiver,),
            )
        return self._pool

    async def draw(self, function: Callable[..., bytes], *args: Any) -> bytes:
        """`function(*args)` in a plotting process; a crashed pool is replaced once."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), function, *args)
        except BrokenProcessPool:
            self._discard()
            return await loop.run_in_executor(self._executor(), function, *args)

    async def warm_up(self) -> None:
        """Start every process and let it import matplotlib before the first user waits."""
        await asyncio.gather(*(self.draw(_first_plot) for _ in range(self._workers)))

    def _discard(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._lifeline is not None:
            self._lifeline.close()
            self._lifeline = None

    def close(self) -> None:
        """Stop the processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._discard()
