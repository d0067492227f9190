"""Answers from weights alone, with numpy: the Keras Dense stack's forward pass in the same
float32 arithmetic; the service's reading half (`SessionReader`), and the same over the stored
sessions (`StoredAnswers`) that answers /convert, /weights, /data, /fit and /plot before
TensorFlow has loaded. Keras stays the one that trains; this only reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from . import analysis
from .dataset import Dataset, check_values, line_range
from .errors import ModelError
from .forward import forward
from .inverse import Inversion, invert
from .labels import PlotLabels
from .limits import MAX_PREDICT_VALUES
from .normalization import formula_point, normalized_dataset
from .ports import DEFAULT_KEY, SessionStore
from .results import Prediction, WeightsReport, weights_report
from .session import Arrays, Session
from .settings import Architecture

if TYPE_CHECKING:
    from .drawing import PlotPool


def predict(
    architecture: Architecture, weights: Arrays, celsius: Sequence[float] | np.ndarray
) -> np.ndarray:
    """°F for each °C, as `model.predict` computes it: float32 through the Dense stack
    (model/forward.py), float64 out."""
    return forward(architecture, weights, celsius, np.float32)


def checked_values(celsius: Sequence[float]) -> list[float]:
    """What a prediction may be asked for: 1..MAX_PREDICT_VALUES finite values (ModelError)."""
    values = check_values(celsius)
    if not values:
        raise ModelError("no_values")
    if len(values) > MAX_PREDICT_VALUES:
        raise ModelError("too_many_values", max=MAX_PREDICT_VALUES)
    return values


def prediction(session: Session, celsius: Sequence[float], shared: bool) -> Prediction:
    """The session's answers for `celsius` (ModelError('not_finite') for a diverged model)."""
    values = checked_values(celsius)
    if session.weights is None:
        raise ModelError("not_ready")
    fahrenheit = predict(session.architecture, session.weights, values)
    if not np.isfinite(fahrenheit).all():
        raise ModelError("not_finite")
    return Prediction(tuple(values), tuple(float(f) for f in fahrenheit), shared=shared)


class Sessions(Protocol):
    """Where a reader finds the sessions: the registry's in memory, or the store's."""

    def session(self, chat_id: int) -> Session:
        """The chat's session (a fresh one, not kept, if it has none)."""
        ...

    @property
    def default(self) -> Session:
        """The shared default model's session."""
        ...


class Draw(Protocol):
    """`function(*args)` drawn in a plotting process, in the chat's turn."""

    async def __call__(
        self, chat_id: int | None, kind: str, function: Callable[..., bytes], *args: object
    ) -> bytes: ...


class SessionReader:
    """The reading half of the model service — answers, weights, data, the loss curve and the
    fit — over `sessions` (the registry's in memory, or the stored ones while TensorFlow loads),
    its pictures drawn by `draw`. Nothing here writes."""

    def __init__(self, sessions: Sessions, draw: Draw) -> None:
        self._sessions = sessions
        self._draw = draw

    @property
    def _default(self) -> Session:
        return self._sessions.default

    def session(self, chat_id: int) -> Session:
        """The chat's session (a fresh one, not kept, if it has none)."""
        return self._sessions.session(chat_id)

    def answering(self, chat_id: int) -> Session:
        """The session whose weights answer for this chat: its own, or the shared model's."""
        session = self.session(chat_id)
        return session if session.trained else self._default

    async def predict(self, chat_id: int, celsius: Sequence[float]) -> Prediction:
        """The model's Fahrenheit for up to MAX_PREDICT_VALUES Celsius values: a numpy forward
        pass of its Dense layers, microseconds on the event loop (the same float32 arithmetic as
        `model.predict`)."""
        session = self.answering(chat_id)
        return prediction(session, celsius, shared=session is self._default)

    async def invert(self, chat_id: int, fahrenheit: Sequence[float]) -> Inversion:
        """The °C values where the model answering for this chat gives each of up to
        MAX_PREDICT_VALUES Fahrenheit values (model/inverse.py): exact for a line, found on its
        curve for a network."""
        values = checked_values(fahrenheit)
        session = self.answering(chat_id)
        if session.weights is None:
            raise ModelError("not_ready")
        if not all(np.isfinite(w).all() for w in session.weights):
            raise ModelError("not_finite")
        celsius, line = invert(session.architecture, session.weights, values)
        return Inversion(tuple(values), celsius, line, shared=session is self._default)

    def weights(self, chat_id: int) -> WeightsReport:
        """Every layer's kernel and bias of the model answering for this chat."""
        session = self.answering(chat_id)
        if session.weights is None:
            raise ModelError("not_ready")
        return weights_report(
            session.architecture, session.weights, shared=session is self._default
        )

    def history(self, chat_id: int) -> np.ndarray:
        """The loss of every epoch of this chat's last training (empty before any)."""
        return self.session(chat_id).history

    def epochs_trained(self, chat_id: int) -> int:
        """Epochs this chat's model has trained in all, across its trainings and steps (0 while
        the shared model answers for it)."""
        return self.session(chat_id).epochs_trained

    def dataset(self, chat_id: int) -> Dataset:
        """This chat's data points."""
        return self.session(chat_id).dataset

    def history_start(self, chat_id: int) -> int:
        """The epoch the answering model's loss history begins at, counting across its trainings
        (1001 after /train, 500 more and 500 more: its history is the last training's 500)."""
        session = self.answering(chat_id)
        return max(1, session.epochs_trained - len(session.history) + 1)

    def answering_history(self, chat_id: int) -> tuple[np.ndarray, bool]:
        """The last loss history of the model answering for this chat, and whether it's shared."""
        session = self.answering(chat_id)
        return session.history, session is self._default

    def answering_loss(self, chat_id: int) -> float:
        """The loss now of the model answering for this chat, on the data it trained on."""
        session = self.answering(chat_id)
        if session.weights is None:
            raise ModelError("not_ready")
        report = weights_report(session.architecture, session.weights, shared=False)
        return analysis.loss_of(session.architecture, report.layers, session.dataset)

    async def loss_plot(
        self,
        losses: np.ndarray,
        labels: PlotLabels,
        chat_id: int | None = None,
        first_epoch: int = 1,
    ) -> bytes:
        """The loss curve as PNG (its x axis from `first_epoch`), drawn in a plotting process
        (in `chat_id`'s turn)."""
        from . import plots  # matplotlib, half a second: only once a picture is asked for

        return await self._draw(chat_id, "loss", plots.loss_curve_png, losses, labels, first_epoch)

    async def fit_plot(self, chat_id: int, labels: PlotLabels) -> tuple[bytes, bool]:
        """The chat's data, its model's line and the formula's, as PNG; and whether it's shared."""
        from . import plots

        session = self.answering(chat_id)
        data = self.session(chat_id).dataset
        if session.weights is None:
            raise ModelError("not_ready")
        xs = line_range(data)
        ys = predict(session.architecture, session.weights, xs)
        png = await self._draw(chat_id, "fit", plots.fit_png, data, xs, ys, labels)
        return png, session is self._default

    def answering_path(self, chat_id: int) -> tuple[np.ndarray | None, bool]:
        """The last training's path ((weight, bias) per epoch, `Dense(1)` only) of the model
        answering for this chat (None: none recorded, or one over other parameters than the
        chat's landscape — the shared model's plain ones for a normalized chat), and whether that
        model is the shared one."""
        session = self.answering(chat_id)
        own = self.session(chat_id).architecture.normalization
        path = session.path if session.architecture.normalization == own else None
        return path, session is self._default

    def landscape_data(self, chat_id: int) -> Dataset:
        """The data whose valley /landscape draws: the chat's, or behind a `Normalization` layer
        the chat's with each °C normalized (the landscape over the normalized weight and bias,
        a round bowl)."""
        session = self.session(chat_id)
        stats = session.architecture.normalization
        return session.dataset if stats is None else normalized_dataset(session.dataset, stats)

    def formula_point(self, chat_id: int) -> tuple[float, float]:
        """Where f = 1.8·c + 32 lies on the chat's landscape: (1.8, 32), or over normalized
        parameters (1.8·σ, 32 + 1.8·μ)."""
        return formula_point(self.session(chat_id).architecture.normalization)

    async def landscape_plot(
        self, chat_id: int, path: np.ndarray | None, labels: PlotLabels
    ) -> bytes:
        """The loss landscape over (weight, bias) of the chat's data with `path`, as PNG (over
        the normalized parameters for a normalized chat: `landscape_data`)."""
        from . import plots

        data, formula = self.landscape_data(chat_id), self.formula_point(chat_id)
        return await self._draw(
            chat_id, "landscape", plots.landscape_png, data, path, labels, formula
        )

    async def compare_plot(
        self, chat_id: int, paths: list[np.ndarray], names: list[str], labels: PlotLabels
    ) -> bytes:
        """The chat's loss landscape with several paths from one start (`names`: each one's
        legend entry), as PNG."""
        from . import plots

        data, formula = self.landscape_data(chat_id), self.formula_point(chat_id)
        return await self._draw(
            chat_id, "landscape", plots.compare_png, data, paths, names, labels, formula
        )


class StoredSessions:
    """The sessions as stored (the shared model's read once)."""

    def __init__(self, store: SessionStore) -> None:
        self._store = store
        self.default = store.load(DEFAULT_KEY) or Session()

    def session(self, chat_id: int) -> Session:
        """The chat's stored session (a fresh one if it has none)."""
        return self._store.load(chat_id) or Session()


class StoredAnswers(SessionReader):
    """The reader straight from the store, without TensorFlow: for the seconds after a restart
    while TensorFlow loads. `plot_pool` hands over the plotting processes, starting them for the
    first picture asked for if need be."""

    def __init__(self, store: SessionStore, plot_pool: Callable[[], Awaitable[PlotPool]]) -> None:
        async def draw(
            chat_id: int | None, kind: str, function: Callable[..., bytes], *args: object
        ) -> bytes:
            pool = await plot_pool()
            return await pool.draw(function, *args, owner=chat_id)

        super().__init__(StoredSessions(store), draw)

    @property
    def ready(self) -> bool:
        """Whether the shared model has weights (a first-ever start has none until it trains)."""
        return self._default.trained
