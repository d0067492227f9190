"""The model service, started in the background so that the bot answers before TensorFlow loads.

Importing TensorFlow takes seconds. The bot starts polling at once; `/start` and `/help` answer
straight away, and every other command awaits `service()`, which returns as soon as the model is
ready — nothing is dropped.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.service import ModelService
    from model.store import Store

log = logging.getLogger(__name__)


class ModelLoader:
    """Imports the model layer on a thread and starts one ModelService on `store`."""

    def __init__(self, store: Store, **options: float) -> None:
        self._store = store
        self._options = options  # ModelService's keyword options
        self._task: asyncio.Task[ModelService] | None = None
        self._shutting_down = False

    def begin(self) -> None:
        """Start loading (on the running event loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._load())

    async def _load(self) -> ModelService:
        module = await asyncio.to_thread(importlib.import_module, "model.service")
        service = module.ModelService(self._store, **self._options)
        await service.start()
        if self._shutting_down:
            service.shut_down_trainings()
        log.info("Model service ready: %d sessions", service.stats().sessions)
        return service

    async def service(self) -> ModelService:
        """The started service, waiting for it if it is still loading."""
        self.begin()
        assert self._task is not None
        return await asyncio.shield(self._task)

    @property
    def loaded(self) -> ModelService | None:
        """The service if it is ready, else None."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            return None if self._task.exception() else self._task.result()
        return None

    def language(self, chat_id: int) -> str | None:
        """The language the chat chose with /lang (None: each sender's own), from the service
        once it is ready, from the store before."""
        service = self.loaded
        return service.language(chat_id) if service is not None else self._store.language(chat_id)

    def shut_down_trainings(self) -> None:
        """The bot is stopping: interrupt running trainings and refuse new ones (now, or as soon
        as the service is ready)."""
        self._shutting_down = True
        if self.loaded is not None:
            self.loaded.shut_down_trainings()

    async def close(self) -> None:
        """Stop the service (finishing its writes), or close the store if it never started."""
        if self._task is not None and not self._task.done():
            try:
                await self._task
            except Exception:
                log.exception("The model service failed to start")
        service = self.loaded
        if service is not None:
            service.close()
        else:
            self._store.close()
