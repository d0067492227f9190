"""The async model service: many chats' sessions and one shared default model."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import logging
import os
import random
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from . import answers, metrics, plots, training
from . import export as export_module
from .animation import AnimationFrames, animation_gif
from .dataset import Dataset, check_values
from .drawing import PlotPool
from .errors import ModelError
from .labels import PlotLabels
from .limits import MAX_SEED, MAX_STEP_EPOCHS, MIN_POINTS
from .network import (
    Networks,
    initial_weights,
)
from .race import check_race
from .race import run as race_run
from .results import (
    AnimationData,
    Prediction,
    RaceRun,
    Runner,
    ServiceStats,
    StepResult,
    TrainResult,
    WeightsReport,
    weights_report,
)
from .session import Session
from .settings import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_OPTIMIZER,
    Architecture,
    Setup,
    TrainSettings,
)
from .store import DEFAULT_KEY, Store
from .training import Trained

log = logging.getLogger(__name__)

DEFAULT_MODEL_SEED = 7  # its 500 epochs end at bias 29.2, in the lesson's range
Progress = training.Progress


class ModelService:
    """Sessions keyed by chat id, each with its own model; CPU work runs on worker threads.

    A chat that never trained answers with the shared default model. Trainings of different
    chats run concurrently, at most `max_trainings` at once with up to `queue_limit` waiting
    (beyond that ModelError('overloaded')); a chat's second training while one runs raises
    ModelError('busy'). With a `store`, a change is stored before anyone sees it: one that cannot
    be stored (model.storage.StorageError) is not made. A chat's changes queue one after the
    other; only the ones that change something create its session.

    `training_pause` (seconds, 0 in production) is waited between chunks of epochs, cut short by
    a stop: it lets tests and demos act *during* a training on any machine, however fast.
    `plot_pool`: plotting processes already started (the service closes them with itself).
    """

    def __init__(
        self,
        store: Store | None = None,
        *,
        max_trainings: int | None = None,
        queue_limit: int = 32,
        default_seed: int = DEFAULT_MODEL_SEED,
        training_pause: float = 0.0,
        plot_pool: PlotPool | None = None,
    ) -> None:
        cpus = os.cpu_count() or 1
        self._networks = Networks()
        self._max_trainings = max_trainings or cpus
        # Trainings get their own threads so that predictions and plots never queue behind them.
        self._train_pool = ThreadPoolExecutor(self._max_trainings, thread_name_prefix="train")
        self._work_pool = ThreadPoolExecutor(cpus, thread_name_prefix="model")
        self._write_pool = ThreadPoolExecutor(1, thread_name_prefix="store")  # writes in order
        self._plots = plot_pool or PlotPool()
        self._training_slots: asyncio.Semaphore | None = None
        self._queue_limit = queue_limit
        self._waiting = 0
        self._store = store
        self._sessions: dict[int, Session] = {}
        self._changing: dict[int | str, asyncio.Lock] = {}  # one chat's changes, one at a time
        self._unstored: set[int | str] = set()  # chats kept only while their first training runs
        self._moved: dict[int | str, int] = {}  # a group's id -> the supergroup's it became
        self._default = Session()
        self._default_seed = default_seed
        self._training_pause = training_pause
        self._shutting_down = False

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Load stored state; train the shared model from the lesson's defaults if it has none."""
        if self._store is not None:
            loop = asyncio.get_running_loop()
            rows = await loop.run_in_executor(
                self._write_pool, lambda: list(self._store.load_all())
            )
            for key, session in rows:
                if key == DEFAULT_KEY:
                    self._default = session
                else:
                    self._sessions[key] = session
        metrics.SESSIONS.set_function(lambda: len(self._sessions))
        if plots.CJK_FONT is None:
            log.warning(
                "The font %s could not be loaded: pictures fall back to English labels",
                plots.CJK_FONT_FILE,
            )
        warm_up = asyncio.create_task(self._plots.warm_up())
        if not self._default.trained:
            await self.retrain_default(TrainSettings(seed=self._default_seed))
        await warm_up

    def shut_down_trainings(self) -> None:
        """The process is stopping: running trainings stop at once and discard what they did
        (as after a crash, the chat keeps its last completed state); new ones are refused."""
        self._shutting_down = True
        for session in [self._default, *self._sessions.values()]:
            if session.cancel_event is not None:
                session.cancel_event.set()

    def close(self) -> None:
        """Stop running trainings, finish pending writes, stop the threads, close the store."""
        self.shut_down_trainings()
        self._train_pool.shutdown(wait=True, cancel_futures=True)
        self._work_pool.shutdown(wait=True, cancel_futures=True)
        self._write_pool.shutdown(wait=True)
        self._plots.close()
        if self._store is not None:
            self._store.close()
            self._store = None

    async def _store_session(self, key: int | str, session: Session) -> None:
        """Write `session` on the writer thread and wait for it (StorageError if it fails)."""
        if self._store is not None:
            await asyncio.get_running_loop().run_in_executor(
                self._write_pool, self._store.save, key, session
            )

    # --- sessions --------------------------------------------------------------------------

    def session(self, chat_id: int) -> Session:
        """This chat's session (a fresh one, not kept, for a chat that never changed anything)."""
        return self._sessions.get(chat_id) or Session()

    @contextlib.asynccontextmanager
    async def _change(self, key: int | str, idle: bool = True) -> AsyncIterator[Session]:
        """The session of `key` (a chat id or DEFAULT_KEY) to change, with the chat's other
        changes waiting meanwhile; ModelError('busy') if `idle` and it trains."""
        lock = self._changing.setdefault(key, asyncio.Lock())
        async with lock:
            session = self._default if key == DEFAULT_KEY else self.session(key)  # type: ignore[arg-type]
            if idle and session.training:
                raise ModelError("busy")
            yield session

    async def _commit(self, key: int | str, session: Session, **changes: object) -> None:
        """Store `session` with `changes`, then make them: a change the store refused is never
        seen. (Inside `_change`; fields are replaced, never mutated, so the copy is cheap.)"""
        await self._store_session(key, dataclasses.replace(session, cancel_event=None, **changes))
        for name, value in changes.items():
            setattr(session, name, value)
        self._keep(key, session)
        self._unstored.discard(key)

    async def _commit_new(self, key: int, session: Session) -> None:
        """Store `session` as the chat's, then make it so (inside `_change`)."""
        await self._store_session(key, session)
        self._sessions[key] = session

    def _keep(self, key: int | str, session: Session) -> None:
        if key == DEFAULT_KEY:
            self._default = session
        else:
            self._sessions.setdefault(key, session)  # type: ignore[arg-type]

    def _answering(self, chat_id: int) -> Session:
        """The session whose weights answer for this chat: its own, or the shared model's."""
        session = self.session(chat_id)
        return session if session.trained else self._default

    # --- training --------------------------------------------------------------------------

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
            settings = TrainSettings(
                settings.epochs, settings.learning_rate, settings.optimizer, self._default_seed
            )
        trained = await self._train_and_store(DEFAULT_KEY, settings, on_progress)
        return trained.result

    def cancel(self, chat_id: int) -> bool:
        """Ask this chat's running training to stop; False when none runs."""
        session = self._sessions.get(chat_id)
        if session is None or session.cancel_event is None:
            return False
        session.cancel_event.set()
        return True

    async def step(self, chat_id: int, epochs: int = 1) -> StepResult:
        """`epochs` (1..MAX_STEP_EPOCHS) epochs of this chat's model with its optimizer and
        learning rate, each recorded up close; the losses are appended to the chat's history.
        A chat without weights of its own starts from fresh ones, as a first /train does."""
        if not _is_step_count(epochs):
            raise ModelError("step_range", max=MAX_STEP_EPOCHS)
        session = self.session(chat_id)
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
        async with self._change(key) as session:
            slot = self._begin_training(session)
            if key != DEFAULT_KEY and key not in self._sessions:
                self._sessions[key] = session  # where /stop and the busy checks find it
                self._unstored.add(key)  # until something of it is stored
        try:
            trained = await self._run_training(session, settings, on_progress, work, slot)
            key = self._moved.get(key, key)  # the chat became a supergroup meanwhile
            async with self._change(key, idle=False):
                if self._shutting_down:
                    raise ModelError("shutting_down")
                changes = _learned(session, trained, settings)
                if changes:
                    await self._commit(key, session, **changes)
                    _count(trained)
        finally:
            session.cancel_event = None
            if key in self._unstored:
                self._unstored.discard(key)
                del self._sessions[key]  # type: ignore[arg-type]
        return trained

    def _begin_training(self, session: Session) -> contextlib.AbstractAsyncContextManager[None]:
        """Mark the session as training and take a place in the queue for a training slot."""
        if self._shutting_down:
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
                shared=session is self._default,
            )
            trained = await loop.run_in_executor(
                self._train_pool, worker, session, settings, cancel, report
            )
        if self._shutting_down:
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
        self, chat_id: int, runners: list[Runner], epochs: int, seed: int | None = None
    ) -> list[RaceRun]:
        """Fresh copies of this chat's network, from the same initial weights (`seed`, else
        random), each trained on the chat's data with one runner's settings; the chat's own model
        is untouched. The runs share one training slot and go through the compiled trainers."""
        check_race(runners, epochs)
        if self._shutting_down:
            raise ModelError("shutting_down")
        session = self.session(chat_id)
        if len(session.dataset) < MIN_POINTS:
            raise ModelError("dataset_too_small", min=MIN_POINTS, count=len(session.dataset))
        seed = random.randint(0, MAX_SEED) if seed is None else seed
        architecture, (x, y) = session.architecture, session.dataset.arrays()
        loop = asyncio.get_running_loop()
        async with self._training_slot():
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
                    )
                    for runner in runners
                )
            )
        return list(runs)

    def training_defaults(self, chat_id: int) -> tuple[float, str]:
        """The learning rate and optimizer this chat's next training uses unless told otherwise."""
        session = self._sessions.get(chat_id)
        if session is None:
            return DEFAULT_LEARNING_RATE, DEFAULT_OPTIMIZER
        return session.learning_rate, session.optimizer

    def default_epochs(self, chat_id: int) -> int:
        """The epochs this chat's /train runs when not told (500 unless a preset said)."""
        session = self._sessions.get(chat_id)
        return DEFAULT_EPOCHS if session is None else session.epochs

    def setup(self, chat_id: int) -> Setup:
        """How this chat is set up: its data, network, optimizer, rate, epochs, and the seed its
        weights started from (None before it trained)."""
        session = self.session(chat_id)
        return Setup(
            session.dataset,
            session.architecture,
            session.optimizer,
            session.learning_rate,
            session.epochs,
            session.seed if session.trained else None,
        )

    async def apply_setup(self, chat_id: int, setup: Setup) -> None:
        """Set this chat up afresh : an untrained network of the
        setup's architecture, starting from the weights of its seed (a random one if None)."""
        seed = random.randint(0, MAX_SEED) if setup.seed is None else setup.seed
        weights = await asyncio.get_running_loop().run_in_executor(
            self._work_pool, initial_weights, setup.architecture, seed
        )
        async with self._change(chat_id):
            fresh = Session(
                dataset=setup.dataset,
                architecture=setup.architecture,
                weights=weights,
                optimizer=setup.optimizer,
                learning_rate=setup.learning_rate,
                epochs=setup.epochs,
                seed=seed,
            )
            await self._commit_new(chat_id, fresh)

    async def set_line(self, chat_id: int, weight: float, bias: float) -> WeightsReport:
        """Give this chat's Dense(1) the line weight·c + bias (found by hand with /tune); its
        next training continues from there with a fresh optimizer."""
        async with self._change(chat_id) as session:
            if session.architecture.hidden:
                raise ModelError("not_ready")
            line = [np.array([[weight]], np.float32), np.array([bias], np.float32)]
            await self._commit(
                chat_id,
                session,
                weights=line,
                optimizer_state=None,
                frames=None,
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

    async def set_learning_rate(self, chat_id: int, learning_rate: float) -> float:
        """The learning rate this chat's next trainings use (checked like any setting)."""
        checked = TrainSettings(learning_rate=learning_rate).learning_rate
        async with self._change(chat_id) as session:
            await self._commit(chat_id, session, learning_rate=checked)
        return checked

    async def animation(self, chat_id: int) -> AnimationData:
        """The chat's last training as recorded for an animation; a chat with none recorded gets
        a fresh 500-epoch training of its architecture on its data (its own model unchanged)."""
        session = self.session(chat_id)
        data = session.dataset
        if session.frames is not None and len(session.history):
            grid, epochs, rows = session.frames
            return AnimationData(
                data.celsius, data.fahrenheit, grid, epochs, rows, session.history, fresh=False
            )
        sandbox = Session(dataset=data, architecture=session.architecture)
        trained = await self._train(sandbox, TrainSettings(seed=self._default_seed), None)
        grid, epochs, rows = trained.frames
        return AnimationData(
            data.celsius, data.fahrenheit, grid, epochs, rows, trained.result.losses, fresh=True
        )

    # --- answers ---------------------------------------------------------------------------

    async def predict(self, chat_id: int, celsius: Sequence[float]) -> Prediction:
        """The model's Fahrenheit for up to MAX_PREDICT_VALUES Celsius values: a numpy forward
        pass of its Dense layers, microseconds on the event loop (the same float32 arithmetic as
        `model.predict`)."""
        session = self._answering(chat_id)
        return answers.prediction(session, celsius, shared=session is self._default)

    async def predict_with(self, report: WeightsReport, celsius: Sequence[float]) -> np.ndarray:
        """Fahrenheit from the weights of a report (e.g. a training's result)."""
        weights = [a for layer in report.layers for a in (layer.kernel, layer.bias)]
        return answers.predict(report.architecture, weights, check_values(celsius))

    def weights(self, chat_id: int) -> WeightsReport:
        """Every layer's kernel and bias of the model answering for this chat."""
        session = self._answering(chat_id)
        if session.weights is None:
            raise ModelError("not_ready")
        return weights_report(
            session.architecture, session.weights, shared=session is self._default
        )

    def history(self, chat_id: int) -> np.ndarray:
        """The loss of every epoch of this chat's last training (empty before any)."""
        return self.session(chat_id).history

    async def export(self, chat_id: int) -> bytes:
        """The model answering for this chat as a native `.keras` file."""
        session = self._answering(chat_id)
        if session.weights is None:
            raise ModelError("not_ready")
        return await asyncio.get_running_loop().run_in_executor(
            self._work_pool,
            export_module.keras_file,
            session.architecture,
            session.weights,
            session.optimizer,
            session.learning_rate,
            session.optimizer_state,
        )

    # --- edits -----------------------------------------------------------------------------

    def dataset(self, chat_id: int) -> Dataset:
        """This chat's data points."""
        return self.session(chat_id).dataset

    async def add_point(self, chat_id: int, celsius: float, fahrenheit: float) -> Dataset:
        """Add a (°C, °F) point to this chat's data."""
        async with self._change(chat_id) as session:
            await self._commit(chat_id, session, dataset=session.dataset.add(celsius, fahrenheit))
        return session.dataset

    async def remove_point(self, chat_id: int, celsius: float) -> Dataset:
        """Remove the point at `celsius` from this chat's data."""
        async with self._change(chat_id) as session:
            await self._commit(chat_id, session, dataset=session.dataset.remove(celsius))
        return session.dataset

    async def reset_dataset(self, chat_id: int) -> Dataset:
        """This chat's data back to the lesson's seven points."""
        async with self._change(chat_id) as session:
            await self._commit(chat_id, session, dataset=Dataset())
        return session.dataset

    def architecture(self, chat_id: int) -> Architecture:
        """This chat's architecture."""
        return self.session(chat_id).architecture

    async def set_architecture(self, chat_id: int, architecture: Architecture) -> Architecture:
        """Change this chat's hidden layers; resets its weights (the next training starts anew)."""
        async with self._change(chat_id) as session:
            await self._commit(
                chat_id, session, architecture=architecture, **Session.without_weights()
            )
        return architecture

    async def reset(self, chat_id: int) -> None:
        """This chat back to lesson data, no hidden layers and the shared model."""
        async with self._change(chat_id):
            await self._commit_new(chat_id, Session())

    async def forget(self, chat_id: int) -> bool:
        """Delete this chat's session for good (its data, network, weights and
        history): the chat starts over as one the bot never saw; whether it had one."""
        async with self._change(chat_id):  # not while it trains
            stored = False
            if self._store is not None:
                loop = asyncio.get_running_loop()
                stored = await loop.run_in_executor(self._write_pool, self._store.delete, chat_id)
            return self._sessions.pop(chat_id, None) is not None or stored

    async def move(self, old: int, new: int) -> bool:
        """Chat `old` became chat `new` (a group upgraded to a supergroup): its session — data,
        network, weights — is `new`'s from now on, replacing any `new` had; a
        training running for `old` finishes as `new`'s. Whether there was anything to move
        (False the second time: moving twice is moving once)."""
        async with self._change(old, idle=False), self._change(new, idle=False):
            moved = False
            if self._store is not None:
                loop = asyncio.get_running_loop()
                moved = await loop.run_in_executor(self._write_pool, self._store.move, old, new)
            session = self._sessions.pop(old, None)
            if session is not None:
                self._sessions[new] = session
                self._moved[old] = new
            if old in self._unstored:
                self._unstored.discard(old)
                self._unstored.add(new)
            return moved or session is not None

    # --- pictures --------------------------------------------------------------------------

    def answering_history(self, chat_id: int) -> tuple[np.ndarray, bool]:
        """The last loss history of the model answering for this chat, and whether it's shared."""
        session = self._answering(chat_id)
        return session.history, session is self._default

    async def loss_plot(
        self, losses: np.ndarray, labels: PlotLabels, chat_id: int | None = None
    ) -> bytes:
        """The loss curve as PNG, drawn in a plotting process (in `chat_id`'s turn)."""
        return await self._draw(chat_id, "loss", plots.loss_curve_png, losses, labels)

    async def fit_plot(self, chat_id: int, labels: PlotLabels) -> tuple[bytes, bool]:
        """The chat's data, its model's line and the formula's, as PNG; and whether it's shared."""
        session = self._answering(chat_id)
        data = self.session(chat_id).dataset
        if session.weights is None:
            raise ModelError("not_ready")
        xs = plots.line_range(data)
        ys = answers.predict(session.architecture, session.weights, xs)
        png = await self._draw(chat_id, "fit", plots.fit_png, data, xs, ys, labels)
        return png, session is self._default

    async def line_plot(
        self,
        dataset: Dataset,
        weight: float,
        bias: float,
        labels: PlotLabels,
        chat_id: int | None = None,
    ) -> bytes:
        """`dataset`, the line weight·c + bias and the formula's, as PNG (for /tune)."""
        xs = plots.line_range(dataset)
        ys = weight * np.asarray(xs, np.float64) + bias
        return await self._draw(chat_id, "fit", plots.fit_png, dataset, xs, ys, labels)

    async def animation_gif(
        self, data: AnimationData, labels: PlotLabels, chat_id: int | None = None
    ) -> bytes:
        """`data` as an animated GIF (`labels.counters[i]`: frame i's epoch counter), drawn in a
        plotting process."""
        frames = AnimationFrames(data.grid, data.epochs, data.predictions, data.losses)
        dataset = Dataset(data.celsius, data.fahrenheit)
        chosen = plots.usable(labels)  # counters too fall back to English without the font
        return await self._draw(
            chat_id, "animation", animation_gif, dataset, frames, chosen, list(chosen.counters)
        )

    async def race_plot(
        self,
        runs: list[RaceRun],
        labels: PlotLabels,
        names: list[str],
        chat_id: int | None = None,
    ) -> bytes:
        """The runs' loss curves in one picture (`names[i]`: run i's legend), drawn in a
        plotting process."""
        return await self._draw(chat_id, "race", plots.race_png, runs, labels, names)

    async def _draw(
        self, chat_id: int | None, kind: str, function: Callable[..., bytes], *args: object
    ) -> bytes:
        """`function(*args)` in a plotting process, in the chat's turn, timed; a chat with
        MAX_PICTURES_PER_CHAT on their way gets ModelError('drawing_busy')."""
        with metrics.PLOT_SECONDS.labels(kind).time():
            return await self._plots.draw(function, *args, owner=chat_id)

    def stats(self) -> ServiceStats:
        """Counts for the operator."""
        sessions = self._sessions.values()
        return ServiceStats(
            sessions=len(self._sessions),
            trained_sessions=sum(s.trained for s in sessions),
            trainings=sum(s.trainings for s in [self._default, *sessions]),
            running_trainings=sum(s.training for s in [self._default, *sessions]),
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
        changes.update(history=result.losses, frames=trained.frames)
    else:  # steps continue the history, and leave the last training's animation
        changes["history"] = np.concatenate([session.history, result.losses])
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
