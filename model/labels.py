"""The words inside a picture, handed in by the bot layer in the chat's language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlotLabels:
    """Titles, axis labels and legend entries of the loss curve, the fit and the landscape.

    `fallback` (English) is drawn instead when these need a font the plotting process could not
    load, so a picture never shows empty boxes. Empty labels draw nothing.
    """

    loss_title: str = ""
    epoch: str = ""
    loss: str = ""
    fit_title: str = ""
    celsius: str = ""
    fahrenheit: str = ""
    model: str = ""
    formula: str = ""
    data: str = ""
    race_title: str = ""
    landscape_title: str = ""
    weight: str = ""
    bias: str = ""
    minimum: str = ""  # the least-squares line, the valley's lowest point
    start: str = ""
    end: str = ""
    counters: tuple[str, ...] = ()  # an animation's epoch counter, one per frame
    fallback: PlotLabels | None = None
