"""The async model service: many chats' sessions and one shared default model.

It is made of three parts, each in its own module: the session registry and its writes
(model/registry.py, with the reading half in model/answers.py), the training scheduler
(model/scheduler.py) and the pictures (model/pictures.py); this module starts and stops them."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from . import export as export_module
from . import metrics, plots
from .cpus import usable as usable_cpus
from .drawing import PlotPool
from .errors import ModelError
from .network import Networks
from .pictures import Pictures
from .ports import DEFAULT_KEY, Alone, Coordinated, SessionStore
from .scheduler import TrainingScheduler
from .session import Session
from .settings import TrainSettings

log = logging.getLogger(__name__)

DEFAULT_MODEL_SEED = 7  # its 500 epochs end at bias 29.2, in the lesson's range


class ModelService(TrainingScheduler, Pictures):
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
        self._coordination = coordination or Alone()
        self._versions: dict[int | str, int] = {}
        self._sessions: dict[int, Session] = {}
        self._changing: dict[int | str, asyncio.Lock] = {}  # one chat's changes, one at a time
        self._unstored: set[int | str] = set()  # chats kept only while their first training runs
        self._moved: dict[int | str, int] = {}  # a group's id -> the supergroup's it became
        self._default = Session()
        self._default_seed = default_seed
        self._training_pause = training_pause
        self._shutting_down = False

    async def start(self) -> None:
        """Load stored state; train the shared model from the lesson's defaults if it has none.
        (With other workers on the database, each chat's session is read when the chat is
        next heard from, and the shared model is trained by one worker, the others wait.)"""
        self._coordination.signals.on_stop(self.cancel)
        if self._shared:
            await self._reload(DEFAULT_KEY)
        elif (store := self._store) is not None:
            rows = await self._in_store(lambda: list(store.load_all()))
            for key, session, version in rows:
                self._versions[key] = version
                if isinstance(key, int):
                    self._sessions[key] = session
                else:  # DEFAULT_KEY
                    self._default = session
        metrics.SESSIONS.set_function(lambda: len(self._sessions))
        if plots.CJK_FONT is None:
            log.warning(
                "The font %s could not be loaded: pictures fall back to English labels",
                plots.CJK_FONT_FILE,
            )
        warm_up = asyncio.create_task(self._plots.warm_up())
        if not self._default.trained:
            await self._first_default_model()
        await warm_up

    async def _first_default_model(self) -> None:
        """Train the shared model; with other workers, the first to start trains it and the
        others wait for its row."""
        while not self._default.trained:
            try:
                await self.retrain_default(TrainSettings(seed=self._default_seed))
            except ModelError as error:
                if error.key != "busy" or not self._shared:
                    raise
                log.info("Another worker trains the shared model: waiting for it")
                await asyncio.sleep(0.2)  # its row appears when it is done: nothing to wait on
                await self._reload(DEFAULT_KEY)

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
