"""The pictures: every PNG and GIF the bot sends, drawn in the plotting processes, one chat's
turn after the other's."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import metrics, plots
from .animation import AnimationFrames, animation_gif
from .dataset import Dataset, line_range
from .drawing import PlotPool
from .labels import PlotLabels
from .results import AnimationData, RaceRun


class Pictures:
    """The service's pictures, drawn by `plots` (the loss curve and the fit are the reader's,
    shared with the stored answers, and drawn by `draw`)."""

    def __init__(self, plots: PlotPool) -> None:
        self._plots = plots

    async def line_plot(
        self,
        dataset: Dataset,
        weight: float,
        bias: float,
        labels: PlotLabels,
        chat_id: int | None = None,
        y_limits: tuple[float, float] | None = None,
    ) -> bytes:
        """`dataset`, the line weight·c + bias and the formula's, as PNG (for /tune; `y_limits`:
        the game's fixed °F range)."""
        xs = line_range(dataset)
        ys = weight * np.asarray(xs, np.float64) + bias
        return await self.draw(chat_id, "fit", plots.fit_png, dataset, xs, ys, labels, y_limits)

    async def animation_gif(
        self, data: AnimationData, labels: PlotLabels, chat_id: int | None = None
    ) -> bytes:
        """`data` as an animated GIF (`labels.counters[i]`: frame i's epoch counter), drawn in a
        plotting process."""
        frames = AnimationFrames(data.grid, data.epochs, data.predictions, data.losses)
        dataset = Dataset(data.celsius, data.fahrenheit)
        chosen = plots.usable(labels)  # counters too fall back to English without the font
        return await self.draw(
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
        return await self.draw(chat_id, "race", plots.race_png, runs, labels, names)

    async def draw(
        self, chat_id: int | None, kind: str, function: Callable[..., bytes], *args: object
    ) -> bytes:
        """`function(*args)` in a plotting process, in the chat's turn, timed; a chat with
        MAX_PICTURES_PER_CHAT on their way gets ModelError('drawing_busy')."""
        with metrics.PLOT_SECONDS.labels(kind).time():
            return await self._plots.draw(function, *args, owner=chat_id)
