"""The training scheduler: trainings of different chats run concurrently on their own threads,
at most `max_trainings` at once with up to `queue_limit` waiting; what a training learned is
stored before it is seen; steps, races, /tune's line and animations run here too."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import random
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import metrics, training
from .dataset import Dataset
from .errors import ModelError
from .limits import MAX_SEED, MAX_STEP_EPOCHS, MIN_POINTS
from .network import initial_weights
from .networks import Networks
from .normalization import from_celsius_line
from .ports import DEFAULT_KEY, Coordinated
from .race import check_race
from .race import run as race_run
from .registry import SessionRegistry
from .results import (
    AnimationData,
    RaceRun,
    Runner,
    StepResult,
    TrainResult,
    WeightsReport,
    weights_report,
)
from .session import Arrays, Session
from .settings import DEFAULT_LEARNING_RATE, TrainSettings
from .training import Progress, Trained


class TrainingScheduler:
    """Trains the registry's sessions with the compiled `networks` on `train_pool`: at most
    `max_trainings` at once, `queue_limit` waiting (see ModelService)."""

    def __init__(
        self,
        registry: SessionRegistry,
        coordination: Coordinated,
        networks: Networks,
        train_pool: ThreadPoolExecutor,
        *,
        max_trainings: int,
        queue_limit: int,
        default_seed: int,
        training_pause: float,
    ) -> None:
        self._registry = registry
        self._coordination = coordination
        self._networks = networks
        self._train_pool = train_pool
        self._max_trainings = max_trainings
        self._queue_limit = queue_limit
        self._default_seed = default_seed
        self._training_pause = training_pause
        self._training_slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self.shutting_down = False  # the process stops: trainings are refused and discarded

    async def train(
        self,
        chat_id: int,
        settings: TrainSettings | None = None,
        on_progress: Progress | None = None,
    ) -> TrainResult:
        """Train this chat's model, continuing from its weights as a second `fit` would.

        A first training, or one given a seed, starts from fresh weights; a change of optimizer
        keeps the weights but starts a fresh optimizer (as recompiling a Keras model does).
        `on_progress(done, total)` is called on the event loop after each compiled chunk.
        """
        trained = await self._train_and_store(chat_id, settings or TrainSettings(), on_progress)
        return trained.result

    async def retrain_default(
        self, settings: TrainSettings | None = None, on_progress: Progress | None = None
    ) -> TrainResult:
        """Retrain the shared default model from fresh weights (seed: the settings' or default)."""
        settings = settings or TrainSettings()
        if settings.seed is None:
            settings = dataclasses.replace(settings, seed=self._default_seed)
        trained = await self._train_and_store(DEFAULT_KEY, settings, on_progress)
        return trained.result

    def cancel(self, chat_id: int) -> bool:
        """Ask this chat's running training (on this worker) to stop; False when none runs."""
        session = self._registry.kept(chat_id)
        if session is None or session.cancel_event is None:
            return False
        session.cancel_event.set()
        return True

    async def stop(self, chat_id: int) -> bool:
        """Ask this chat's running training to stop, on whichever worker it runs; False when
        none runs."""
        if self.cancel(chat_id):
            return True
        if self._registry.shared and await self._coordination.locks.training_elsewhere(chat_id):
            await self._coordination.signals.ask_to_stop(chat_id)
            return True
        return False

    async def step(self, chat_id: int, epochs: int = 1) -> StepResult:
        """`epochs` (1..MAX_STEP_EPOCHS) epochs of this chat's model with its optimizer and
        learning rate, each recorded up close; the losses are appended to the chat's history.
        A chat without weights of its own starts from fresh ones, as a first /train does."""
        if not _is_step_count(epochs):
            raise ModelError("step_range", max=MAX_STEP_EPOCHS)
        session = self._registry.session(chat_id)
        settings = TrainSettings(epochs, session.learning_rate, session.optimizer)
        fresh = not session.trained
        steps = functools.partial(training.train_steps, self._networks)
        trained = await self._train_and_store(chat_id, settings, None, steps)
        return StepResult(trained.result, trained.steps or (), fresh)

    async def _train_and_store(
        self,
        key: int | str,
        settings: TrainSettings,
        on_progress: Progress | None,
        work: Callable[..., Trained] | None = None,
    ) -> Trained:
        """Train the session of `key` and store what it learned before it is seen; the chat's
        other changes are refused ('busy') meanwhile, its lock and language may still change."""
        async with self._registry.change(key, takes_training_lock=True) as session:
            release = await self._coordination.locks.begin_training(key)
            if release is None:  # another worker took the chat meanwhile
                raise ModelError("busy")
            try:
                slot = self._begin_training(session)
            except BaseException:
                await release()
                raise
            self._registry.hold_while_training(key, session)
        try:
            trained = await self._run_training(session, settings, on_progress, work, slot)
            key = self._registry.current_key(key)  # the chat became a supergroup meanwhile
            async with self._registry.change(key, idle=False):
                if self.shutting_down:
                    raise ModelError("shutting_down")
                changes = _learned(session, trained, settings)
                if changes:
                    await self._registry.commit(key, session, **changes)
                    _count(trained)
        finally:
            session.cancel_event = None
            self._registry.release_unstored(key)
            await release()
        return trained

    def _begin_training(self, session: Session) -> contextlib.AbstractAsyncContextManager[None]:
        """Mark the session as training and take a place in the queue for a training slot."""
        if self.shutting_down:
            raise ModelError("shutting_down")
        if session.training:
            raise ModelError("busy")
        if len(session.dataset) < MIN_POINTS:
            raise ModelError("dataset_too_small", min=MIN_POINTS, count=len(session.dataset))
        slot = self._training_slot()  # refuses at once when too many wait
        session.cancel_event = threading.Event()
        return slot

    async def _train(
        self,
        session: Session,
        settings: TrainSettings,
        on_progress: Progress | None,
    ) -> Trained:
        """Train a session nobody else sees (e.g. a sandbox for an animation); nothing stored."""
        slot = self._begin_training(session)
        try:
            return await self._run_training(session, settings, on_progress, None, slot)
        finally:
            session.cancel_event = None

    async def _run_training(
        self,
        session: Session,
        settings: TrainSettings,
        on_progress: Progress | None,
        work: Callable[..., Trained] | None,
        slot: contextlib.AbstractAsyncContextManager[None],
    ) -> Trained:
        """The training, on a training thread once a slot is free; the session is unchanged."""
        cancel = session.cancel_event
        assert cancel is not None
        loop = asyncio.get_running_loop()

        def report(done: int, total: int) -> None:
            if on_progress is not None:
                loop.call_soon_threadsafe(on_progress, done, total)

        async with slot:
            worker = work or functools.partial(
                training.train_chunks,
                self._networks,
                pause=self._training_pause,
                shared=session is self._registry.default,
            )
            trained = await loop.run_in_executor(
                self._train_pool, worker, session, settings, cancel, report
            )
        if self.shutting_down:
            raise ModelError("shutting_down")
        return trained

    def _training_slot(self) -> contextlib.AbstractAsyncContextManager[None]:
        """One of the `max_trainings` slots, waited for in a queue of at most `queue_limit`;
        ModelError('overloaded') at once when the queue is full."""
        if self._training_slots is None:
            self._training_slots = asyncio.Semaphore(self._max_trainings)
        slots = self._training_slots
        if slots.locked() and self._waiting >= self._queue_limit:
            raise ModelError("overloaded")

        @contextlib.asynccontextmanager
        async def slot() -> AsyncIterator[None]:
            self._waiting += 1
            try:
                with metrics.TRAININGS_QUEUED.track_inprogress():
                    await slots.acquire()
            finally:
                self._waiting -= 1
            try:
                with metrics.TRAININGS_RUNNING.track_inprogress():
                    yield
            finally:
                slots.release()

        return slot()

    async def race(
        self,
        chat_id: int,
        runners: list[Runner],
        epochs: int,
        seed: int | None = None,
        start: Arrays | None = None,
    ) -> list[RaceRun]:
        """Fresh copies of this chat's network, from the same initial weights (`start`, else
        fresh ones from `seed`, else random), each trained on the chat's data with one runner's
        settings; the chat's own model is untouched. The runs share one training slot and go
        through the compiled trainers."""
        check_race(runners, epochs)
        if self.shutting_down:
            raise ModelError("shutting_down")
        session = self._registry.session(chat_id)
        if len(session.dataset) < MIN_POINTS:
            raise ModelError("dataset_too_small", min=MIN_POINTS, count=len(session.dataset))
        for runner in runners:
            TrainSettings(batch_size=runner.batch_size).check_batch(len(session.dataset))
        seed = random.randint(0, MAX_SEED) if seed is None else seed
        architecture, (x, y) = session.architecture, session.dataset.arrays()
        loop = asyncio.get_running_loop()
        async with self._training_slot():
            weights = start
            if weights is None:
                weights = await loop.run_in_executor(
                    self._train_pool, initial_weights, architecture, seed
                )
            runs = await asyncio.gather(
                *(
                    loop.run_in_executor(
                        self._train_pool,
                        race_run,
                        self._networks,
                        architecture,
                        weights,
                        runner,
                        x,
                        y,
                        epochs,
                        seed,
                    )
                    for runner in runners
                )
            )
        return list(runs)

    async def set_line(self, chat_id: int, weight: float, bias: float) -> WeightsReport:
        """Give this chat's Dense(1) the line weight·c + bias (found by hand with /tune); its
        next training continues from there with a fresh optimizer. Behind a `Normalization`
        layer the Dense(1) gets the normalized weights that make that °C line."""
        async with self._registry.change(chat_id) as session:
            if session.architecture.hidden:
                raise ModelError("not_ready")
            stats = session.architecture.normalization
            if stats is not None:
                weight, bias = from_celsius_line(weight, bias, stats)
            line = [np.array([[weight]], np.float32), np.array([bias], np.float32)]
            await self._registry.commit(
                chat_id,
                session,
                weights=line,
                optimizer_state=None,
                frames=None,
                path=None,
                history=np.zeros(0, np.float32),
            )
        return weights_report(session.architecture, line, shared=False)

    async def epochs_to_reach(
        self,
        dataset: Dataset,
        line: tuple[float, float],
        target: float,
        max_epochs: int,
        learning_rate: float = DEFAULT_LEARNING_RATE,
    ) -> int | None:
        """How many epochs Adam (at `learning_rate`) needs from the Dense(1) line `line` on
        `dataset` to bring the loss to `target` or below; None if not within `max_epochs`."""
        TrainSettings(max_epochs, learning_rate)  # checks both
        if len(dataset) < MIN_POINTS:
            raise ModelError("dataset_too_small", min=MIN_POINTS, count=len(dataset))
        loop = asyncio.get_running_loop()
        async with self._training_slot():
            return await loop.run_in_executor(
                self._train_pool,
                training.epochs_to_reach,
                self._networks,
                dataset,
                line,
                target,
                max_epochs,
                learning_rate,
            )

    async def animation(self, chat_id: int) -> AnimationData:
        """The chat's last training as recorded for an animation; a chat with none recorded gets
        a fresh 500-epoch training of its architecture on its data (its own model unchanged)."""
        session = self._registry.session(chat_id)
        data = session.dataset
        if session.frames is not None and len(session.history):
            grid, epochs, rows = session.frames
            return AnimationData(
                data.celsius, data.fahrenheit, grid, epochs, rows, session.history, fresh=False
            )
        sandbox = Session(dataset=data, architecture=session.architecture)
        trained = await self._train(sandbox, TrainSettings(seed=self._default_seed), None)
        assert trained.frames is not None, "a training records its frames"
        grid, epochs, rows = trained.frames
        return AnimationData(
            data.celsius, data.fahrenheit, grid, epochs, rows, trained.result.losses, fresh=True
        )


def _learned(session: Session, trained: Trained, settings: TrainSettings) -> dict[str, object]:
    """What a training changes in its session (nothing if it ran no epoch)."""
    result = trained.result
    if not result.epochs_run:
        return {}
    changes: dict[str, object] = {
        "weights": trained.weights,
        "optimizer_state": trained.state,
        "seed": result.seed,
        "optimizer": settings.optimizer,
        "learning_rate": settings.learning_rate,
        "trainings": session.trainings + 1,
        "epochs_trained": session.epochs_trained + result.epochs_run,
    }
    if trained.steps is None:
        changes.update(history=result.losses, frames=trained.frames, path=trained.path)
    else:  # steps continue the history and the path, and leave the last training's animation
        changes["history"] = np.concatenate([session.history, result.losses])
        if trained.path is not None:
            before = session.path if session.path is not None and len(session.history) else None
            changes["path"] = (
                trained.path if before is None else np.vstack([before, trained.path[1:]])
            )
    return changes


def _count(trained: Trained) -> None:
    result = trained.result
    metrics.TRAININGS.labels("train" if trained.steps is None else "step").inc()
    metrics.EPOCHS.inc(result.epochs_run)
    metrics.TRAINING_SECONDS.observe(result.seconds)


def _is_step_count(epochs: object) -> bool:
    return (
        isinstance(epochs, int) and not isinstance(epochs, bool) and 1 <= epochs <= MAX_STEP_EPOCHS
    )
