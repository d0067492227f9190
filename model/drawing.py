"""Plots drawn in worker processes: matplotlib's Agg renderer holds the GIL for tens of
milliseconds a plot, which would stall the bot's event loop if drawn on a thread. The processes
are shared fairly: waiting pictures are served one chat after the other, and one chat has at
most MAX_PICTURES_PER_CHAT on their way (60 /animate from one chat made everyone else wait)."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

from .cpus import usable as usable_cpus
from .errors import ModelError
from .labels import PlotLabels
from .limits import MAX_PICTURES_PER_CHAT


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


class FairSlots:
    """`slots` places shared by owners (chats): when one frees, the owner that waited longest
    since it was last served gets it, so a chat with many pictures waiting takes turns with the
    others; an owner may have at most `per_owner` waiting or held."""

    def __init__(self, slots: int, per_owner: int = MAX_PICTURES_PER_CHAT) -> None:
        self._free = slots
        self._per_owner = per_owner
        self._waiting: OrderedDict[Hashable, deque[asyncio.Future[None]]] = OrderedDict()
        self._counts: dict[Hashable, int] = {}

    @contextlib.asynccontextmanager
    async def slot(self, owner: Hashable) -> AsyncIterator[None]:
        """Hold a place while drawing; ModelError('drawing_busy') if the owner has too many."""
        if self._counts.get(owner, 0) >= self._per_owner:
            raise ModelError("drawing_busy", max=self._per_owner)
        self._counts[owner] = self._counts.get(owner, 0) + 1
        try:
            await self._acquire(owner)
            try:
                yield
            finally:
                self._release()
        finally:
            self._counts[owner] -= 1
            if not self._counts[owner]:
                del self._counts[owner]

    async def _acquire(self, owner: Hashable) -> None:
        if self._free and not self._waiting:
            self._free -= 1
            return
        granted = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(owner, deque()).append(granted)
        try:
            await granted
        except asyncio.CancelledError:
            if granted.done() and not granted.cancelled():
                self._release()  # given the place as it was cancelled: pass it on
            else:
                self._forget(owner, granted)
            raise

    def _forget(self, owner: Hashable, granted: asyncio.Future[None]) -> None:
        queue = self._waiting.get(owner)
        if queue is not None and granted in queue:
            queue.remove(granted)
            if not queue:
                del self._waiting[owner]

    def _release(self) -> None:
        while self._waiting:
            owner, queue = next(iter(self._waiting.items()))
            granted = queue.popleft()
            del self._waiting[owner]
            if queue:
                self._waiting[owner] = queue  # its next picture waits behind the others
            if not granted.done():
                granted.set_result(None)
                return
        self._free += 1


class PlotPool:
    """A small pool of plotting processes, started fresh (spawn: no TensorFlow, no threads)."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or usable_cpus()
        self._fair = FairSlots(self._workers)
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

    async def draw(
        self, function: Callable[..., bytes], *args: Any, owner: Hashable | None = None
    ) -> bytes:
        """`function(*args)` in a plotting process, in `owner`'s turn (None: an owner of its
        own); a crashed pool is replaced once."""
        loop = asyncio.get_running_loop()
        async with self._fair.slot(object() if owner is None else owner):
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
