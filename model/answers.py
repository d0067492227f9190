"""Answers from weights alone, with numpy: the Keras Dense stack's forward pass in the same
float32 arithmetic, and a read-only view of the stored sessions that answers /convert, /weights,
/data, /fit and /plot before TensorFlow has loaded. Keras stays the one that trains; this only
reads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .dataset import Dataset, check_values
from .errors import ModelError
from .labels import PlotLabels
from .limits import MAX_PREDICT_VALUES
from .results import Prediction, WeightsReport, weights_report
from .session import Arrays, Session
from .settings import Architecture
from .store import DEFAULT_KEY, Store

if TYPE_CHECKING:
    from .drawing import PlotPool

_ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, np.float32(0)),
    "tanh": np.tanh,
}


def predict(architecture: Architecture, weights: Arrays, celsius: Sequence[float]) -> np.ndarray:
    """°F for each °C, as `model.predict` computes it: float32 `x @ kernel + bias` through the
    hidden layers with their activation, a linear output (float64 out)."""
    activation = _ACTIVATIONS[architecture.activation]
    values = np.asarray(celsius, np.float32).reshape(-1, 1)
    last = len(weights) - 2
    for i in range(0, len(weights), 2):
        kernel, bias = (np.asarray(w, np.float32) for w in weights[i : i + 2])
        values = values @ kernel + bias
        if i < last:
            values = activation(values)
    return values[:, 0].astype(np.float64)


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


class StoredAnswers:
    """The reading half of ModelService, straight from the store, without TensorFlow: for the
    seconds after a restart while TensorFlow loads. Nothing here writes. `plot_pool` hands over
    the plotting processes, starting them for the first picture asked for if need be."""

    def __init__(self, store: Store, plot_pool: Callable[[], Awaitable[PlotPool]]) -> None:
        self._store = store
        self._plot_pool = plot_pool
        self._default = store.load(DEFAULT_KEY) or Session()

    @property
    def ready(self) -> bool:
        """Whether the shared model has weights (a first-ever start has none until it trains)."""
        return self._default.trained

    def _session(self, chat_id: int) -> Session:
        return self._store.load(chat_id) or Session()

    def _answering(self, chat_id: int) -> tuple[Session, Session]:
        """(the chat's session, the one whose weights answer for it)."""
        own = self._session(chat_id)
        return own, own if own.trained else self._default

    def dataset(self, chat_id: int) -> Dataset:
        """The chat's examples."""
        return self._session(chat_id).dataset

    async def predict(self, chat_id: int, celsius: Sequence[float]) -> Prediction:
        """As ModelService.predict."""
        own, answering = self._answering(chat_id)
        return prediction(answering, celsius, shared=answering is not own)

    def weights(self, chat_id: int) -> WeightsReport:
        """As ModelService.weights."""
        own, answering = self._answering(chat_id)
        if answering.weights is None:
            raise ModelError("not_ready")
        return weights_report(answering.architecture, answering.weights, answering is not own)

    def answering_history(self, chat_id: int) -> tuple[np.ndarray, bool]:
        """As ModelService.answering_history."""
        own, answering = self._answering(chat_id)
        return answering.history, answering is not own

    async def loss_plot(
        self, losses: np.ndarray, labels: PlotLabels, chat_id: int | None = None
    ) -> bytes:
        """As ModelService.loss_plot."""
        from . import plots  # matplotlib, half a second: only once a picture is asked for

        pool = await self._plot_pool()
        return await pool.draw(plots.loss_curve_png, losses, labels, owner=chat_id)

    async def fit_plot(self, chat_id: int, labels: PlotLabels) -> tuple[bytes, bool]:
        """As ModelService.fit_plot."""
        from . import plots

        own, answering = self._answering(chat_id)
        if answering.weights is None:
            raise ModelError("not_ready")
        xs = plots.line_range(own.dataset)
        ys = predict(answering.architecture, answering.weights, xs)
        pool = await self._plot_pool()
        png = await pool.draw(plots.fit_png, own.dataset, xs, ys, labels, owner=chat_id)
        return png, answering is not own
