"""The model service, started in the background so that the bot answers before TensorFlow loads.

Importing TensorFlow takes seconds. The bot starts polling at once; `/start` and `/help` answer
straight away; `/convert`, `/weights`, `/data`, `/fit` and `/plot` are answered from the stored
sessions with numpy (`early()`, model/answers.py) until the service is ready; every other
command awaits `service()`, which returns as soon as the model is ready — nothing is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.answers import StoredAnswers
    from model.drawing import PlotPool
    from model.service import ModelService
    from storage.sessions import SessionStore

log = logging.getLogger(__name__)


# Importing TensorFlow holds the interpreter's lock for seconds, so it starts at a quiet moment
# and the updates waiting at start-up are answered first, from the stored state: after
# QUIET_SECONDS without an update (long enough for deleteWebhook and the first getUpdates to
# Telegram and back), LATEST_SECONDS after start-up however busy the bot is, or as soon as a
# command needs the model.
QUIET_SECONDS = 0.5
LATEST_SECONDS = 2.0


class ModelLoader:
    """Imports the model layer on a thread and starts one ModelService on `store`; meanwhile
    offers the stored sessions' answers.

    `gate` (tests only): a FIFO the loading thread opens before importing TensorFlow, so that
    loading waits until a test opens it for writing — "slow loading" without a sleep.
    """

    def __init__(
        self,
        store: SessionStore,
        gate: Path | None = None,
        *,
        quiet: float = QUIET_SECONDS,
        latest: float = LATEST_SECONDS,
        plot_processes: int | None = None,
        **options: object,
    ) -> None:
        self._store = store
        self._plot_processes = plot_processes
        self._gate = gate
        self._quiet, self._latest = quiet, latest
        self._options = options  # ModelService's keyword options
        self._task: asyncio.Task[ModelService] | None = None
        self._early: asyncio.Task[StoredAnswers | None] | None = None
        self._plots: asyncio.Task[PlotPool] | None = None
        self._needed = asyncio.Event()
        self._settled = asyncio.Event()
        self._last_update = time.monotonic()
        self._importing = False
        self._shutting_down = False

    def begin(self) -> None:
        """Start loading (on the running event loop): the stored answers at once, the plotting
        processes and the model at a quiet moment."""
        if self._task is None:
            loop = asyncio.get_running_loop()
            self._early = loop.create_task(asyncio.to_thread(self._stored_answers))
            self._task = loop.create_task(self._load())

    def _stored_answers(self) -> StoredAnswers | None:
        """Worker thread: the stored sessions' answers (numpy; no TensorFlow, no matplotlib);
        None before the shared model was ever trained."""
        from model.answers import StoredAnswers

        answers = StoredAnswers(self._store, self._plot_pool_ready)
        return answers if answers.ready else None

    def _plot_pool(self) -> PlotPool:
        """Worker thread: the plotting processes' pool (its processes start on first use)."""
        from model.drawing import PlotPool

        return PlotPool(self._plot_processes)

    async def _plot_pool_ready(self) -> PlotPool:
        """The plotting processes' pool, started by the first picture asked for or by the
        model's loading, whichever comes first (its imports hold the interpreter's lock)."""
        if self._plots is None:
            loop = asyncio.get_running_loop()
            self._plots = loop.create_task(asyncio.to_thread(self._plot_pool))
        return await asyncio.shield(self._plots)

    async def settled(self) -> None:
        """Returns once the updates waiting at start-up have been answered (the quiet moment
        the model's import waits for): for work that should not delay them."""
        await self._settled.wait()

    def update_arrived(self) -> None:
        """An update is being handled: the model's import waits until they pause."""
        self._last_update = time.monotonic()

    async def _quiet_moment(self) -> None:
        """Until `quiet` seconds without an update, `latest` seconds in all, or a command needs
        the model."""
        latest = time.monotonic() + self._latest
        while not self._needed.is_set():
            remaining = min(self._last_update + self._quiet, latest) - time.monotonic()
            if remaining <= 0:
                return
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._needed.wait(), remaining)

    async def _load(self) -> ModelService:
        try:
            await self._quiet_moment()
        finally:
            self._settled.set()
        self._importing = True
        plots = await self._plot_pool_ready()  # one pool, shared with the stored answers
        gate = self._gate
        if gate is not None:
            await asyncio.to_thread(lambda: open(gate).close())  # blocks until opened
        module = await asyncio.to_thread(importlib.import_module, "model.service")
        service = module.ModelService(self._store, plot_pool=plots, **self._options)
        await service.start()
        # TensorFlow leaves ~300,000 long-lived objects: kept out of the collector, a full
        # collection costs microseconds instead of hundreds of milliseconds mid-burst.
        gc.freeze()
        if self._shutting_down:
            service.shut_down_trainings()
        log.info("Model service ready: %d sessions", service.stats().sessions)
        return service

    async def service(self) -> ModelService:
        """The started service, waiting for it if it is still loading."""
        self._needed.set()
        self.begin()
        assert self._task is not None
        return await asyncio.shield(self._task)

    async def early(self) -> StoredAnswers | None:
        """The stored sessions' answers while the service loads; None once it is ready (or if
        nothing was ever stored)."""
        self.begin()
        assert self._early is not None
        if self.loaded is not None:
            return None
        try:
            return await asyncio.shield(self._early)
        except Exception:
            log.exception("The stored answers are not available")
            return None

    @property
    def loaded(self) -> ModelService | None:
        """The service if it is ready, else None."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            return None if self._task.exception() else self._task.result()
        return None

    def shut_down_trainings(self) -> None:
        """The bot is stopping: interrupt running trainings and refuse new ones (now, or as soon
        as the service is ready)."""
        self._shutting_down = True
        if self.loaded is not None:
            self.loaded.shut_down_trainings()

    async def close(self) -> None:
        """Stop the service (finishing its writes), or close the store if it never started."""
        if self._task is not None and not self._task.done():
            if not self._importing:  # stopped before the import began: nothing to wait for
                self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("The model service failed to start")
        service = self.loaded
        if service is not None:
            service.close()
            return
        if self._plots is not None and self._plots.done() and not self._plots.exception():
            self._plots.result().close()
        self._store.close()
