"""The async model service: many chats' sessions and one shared default model.

It holds four parts, each in its own module and made with what it needs: the session registry
and its writes (model/registry.py), the reader answering from it (model/answers.py), the
training scheduler (model/scheduler.py) and the pictures (model/pictures.py); this module
builds them, names their public calls as its own, and starts and stops them."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from . import export as export_module
from . import metrics, plots
from .answers import SessionReader
from .cpus import usable as usable_cpus
from .drawing import PlotPool
from .errors import ModelError
from .networks import Networks
from .pictures import Pictures
from .ports import DEFAULT_KEY, Alone, Coordinated, SessionStore
from .registry import SessionRegistry
from .scheduler import TrainingScheduler
from .settings import TrainSettings

log = logging.getLogger(__name__)

DEFAULT_MODEL_SEED = 7  # its 500 epochs end at bias 29.2, in the lesson's range


class ModelService:
    """Sessions keyed by chat id, each with its own model; CPU work runs on worker threads.

    A chat that never trained answers with the shared default model. Trainings of different
    chats run concurrently, at most `max_trainings` at once with up to `queue_limit` waiting
    (beyond that ModelError('overloaded')); a chat's second training while one runs raises
    ModelError('busy'). With a `store`, a change is stored before anyone sees it: one that cannot
    be stored (storage.StorageError) is not made. A chat's changes queue one after the
    other; only the ones that change something create its session.

    `training_pause` (seconds, 0 in production) is waited between chunks of epochs, cut short by
    a stop: it lets tests and demos act *during* a training on any machine, however fast.
    `plot_pool`: plotting processes already started (the service closes them with itself).

    The service holds its parts, each made with what it needs: the `registry` of sessions and
    their changes, the `reader` answering from them, the `scheduler` of trainings and the
    `pictures`; its face is their public calls, named here once.
    """

    def __init__(
        self,
        store: SessionStore | None = None,
        *,
        max_trainings: int | None = None,
        queue_limit: int = 32,
        default_seed: int = DEFAULT_MODEL_SEED,
        training_pause: float = 0.0,
        plot_pool: PlotPool | None = None,
        coordination: Coordinated | None = None,
    ) -> None:
        cpus = usable_cpus()
        max_trainings = max_trainings or cpus
        coordination = coordination or Alone()
        self._networks = Networks()
        # Trainings get their own threads so that predictions and plots never queue behind them.
        self._train_pool = ThreadPoolExecutor(max_trainings, thread_name_prefix="train")
        self._work_pool = ThreadPoolExecutor(cpus, thread_name_prefix="model")
        self._write_pool = ThreadPoolExecutor(1, thread_name_prefix="store")  # writes in order
        self._plots = plot_pool or PlotPool()
        self._store = store
        self._coordination = coordination
        self._default_seed = default_seed
        self.registry = SessionRegistry(store, coordination, self._work_pool, self._write_pool)
        self.pictures = Pictures(self._plots)
        self.reader = SessionReader(self.registry, self.pictures.draw)
        self.scheduler = TrainingScheduler(
            self.registry,
            coordination,
            self._networks,
            self._train_pool,
            max_trainings=max_trainings,
            queue_limit=queue_limit,
            default_seed=default_seed,
            training_pause=training_pause,
        )
        self._face()

    def _face(self) -> None:
        """The parts' public calls as the service's own (each documented where it lives)."""
        registry, reader, scheduler, pictures = (
            self.registry, self.reader, self.scheduler, self.pictures
        )  # fmt: skip
        # The sessions and their changes (model/registry.py).
        self.session = registry.session
        self.refresh = registry.refresh
        self.training_defaults = registry.training_defaults
        self.default_epochs = registry.default_epochs
        self.setup = registry.setup
        self.apply_setup = registry.apply_setup
        self.set_learning_rate = registry.set_learning_rate
        self.predict_with = registry.predict_with
        self.add_point = registry.add_point
        self.remove_point = registry.remove_point
        self.reset_dataset = registry.reset_dataset
        self.set_normalization = registry.set_normalization
        self.architecture = registry.architecture
        self.set_architecture = registry.set_architecture
        self.reset = registry.reset
        self.forget = registry.forget
        self.move = registry.move
        self.bot_stats = registry.bot_stats
        self.stats = registry.stats
        # The answers read from them (model/answers.py).
        self.predict = reader.predict
        self.invert = reader.invert
        self.weights = reader.weights
        self.history = reader.history
        self.epochs_trained = reader.epochs_trained
        self.dataset = reader.dataset
        self.history_start = reader.history_start
        self.answering_history = reader.answering_history
        self.answering_loss = reader.answering_loss
        self.answering_path = reader.answering_path
        self.landscape_data = reader.landscape_data
        self.formula_point = reader.formula_point
        self.loss_plot = reader.loss_plot
        self.fit_plot = reader.fit_plot
        self.landscape_plot = reader.landscape_plot
        self.compare_plot = reader.compare_plot
        # Trainings (model/scheduler.py).
        self.train = scheduler.train
        self.retrain_default = scheduler.retrain_default
        self.cancel = scheduler.cancel
        self.stop = scheduler.stop
        self.step = scheduler.step
        self.race = scheduler.race
        self.set_line = scheduler.set_line
        self.epochs_to_reach = scheduler.epochs_to_reach
        self.animation = scheduler.animation
        # Pictures of their own (model/pictures.py).
        self.line_plot = pictures.line_plot
        self.animation_gif = pictures.animation_gif
        self.race_plot = pictures.race_plot

    async def start(self) -> None:
        """Load stored state; train the shared model from the lesson's defaults if it has none.
        (With other workers on the database, each chat's session is read when the chat is
        next heard from, and the shared model is trained by one worker, the others wait.)"""
        self._coordination.signals.on_stop(self.scheduler.cancel)
        await self.registry.load()
        metrics.SESSIONS.set_function(self.registry.chats_kept)
        if plots.CJK_FONT is None:
            log.warning(
                "The font %s could not be loaded: pictures fall back to English labels",
                plots.CJK_FONT_FILE,
            )
        warm_up = asyncio.create_task(self._plots.warm_up())
        if not self.registry.default.trained:
            await self._first_default_model()
        await warm_up

    async def _first_default_model(self) -> None:
        """Train the shared model; with other workers, the first to start trains it and the
        others wait for its row."""
        while not self.registry.default.trained:
            try:
                await self.scheduler.retrain_default(TrainSettings(seed=self._default_seed))
            except ModelError as error:
                if error.key != "busy" or not self.registry.shared:
                    raise
                log.info("Another worker trains the shared model: waiting for it")
                await asyncio.sleep(0.2)  # its row appears when it is done: nothing to wait on
                await self.registry.reload(DEFAULT_KEY)

    def shut_down_trainings(self) -> None:
        """The process is stopping: running trainings stop at once and discard what they did
        (as after a crash, the chat keeps its last completed state); new ones are refused."""
        self.scheduler.shutting_down = True
        for session in self.registry.every_session():
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

    async def export(self, chat_id: int) -> bytes:
        """The model answering for this chat as a native `.keras` file."""
        session = self.reader.answering(chat_id)
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
