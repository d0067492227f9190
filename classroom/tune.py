"""You are the optimizer: people move the lesson's line (weight and bias) by hand, press by press,
towards the lowest loss the data allows; at the end, how many presses they needed against how
many epochs Adam needs to get as close."""

from __future__ import annotations

import dataclasses
import math
import random
from dataclasses import dataclass

import numpy as np

from model.analysis import best_possible_loss
from model.dataset import Dataset

# A move's name (the button's, after "/tune ") → what it changes and how.
MOVES = {
    "w+": ("weight", 1.0),
    "w-": ("weight", -1.0),
    "b+": ("bias", 1.0),
    "b-": ("bias", -1.0),
    "s/10": ("step", 0.1),
    "s*10": ("step", 10.0),
}
FIRST_STEP = 1.0
MIN_STEP, MAX_STEP = 1e-4, 100.0
CLOSE_ENOUGH = 0.01  # within 1 % of the best loss ends the game
RECENT = 4  # presses named in the caption
MAX_ADAM_EPOCHS = 10_000  # how far Adam is followed for the comparison
MAX_ABS = 1e4  # weight and bias stay in a range a picture can show


def loss(dataset: Dataset, weight: float, bias: float) -> float:
    """The mean squared error of the line weight·c + bias on the data (what Keras reports)."""
    c, f = (np.asarray(a, np.float64) for a in (dataset.celsius, dataset.fahrenheit))
    return float(np.mean((weight * c + bias - f) ** 2))


def close_enough(value: float, best: float) -> bool:
    """Within 1 % of the best loss (a tiny absolute slack when the data lie on a line)."""
    return value <= best * (1 + CLOSE_ENOUGH) + 1e-9


@dataclass(frozen=True)
class TuneGame:
    """One chat's game; frozen: each press makes the next state."""

    celsius: tuple[float, ...]
    fahrenheit: tuple[float, ...]
    start: tuple[float, float]  # (weight, bias) it began from
    from_model: bool  # it began from the chat's own line (else from a fresh Dense(1))
    weight: float
    bias: float
    step: float = FIRST_STEP
    presses: int = 0
    recent: tuple[tuple[str, str], ...] = ()  # (name, move), the latest last
    message_id: int | None = None
    over: bool = False
    kept: bool = False
    adam_epochs: int | None = None  # set when the game ends; MAX_ADAM_EPOCHS + 1: not within
    started_at: float = 0.0  # tells this game from the chat's next one

    @property
    def dataset(self) -> Dataset:
        """The data the game plays on (the chat's when it began)."""
        return Dataset(self.celsius, self.fahrenheit)

    @property
    def loss(self) -> float:
        """The line's loss now."""
        return loss(self.dataset, self.weight, self.bias)

    @property
    def best(self) -> float:
        """The lowest loss a line can reach on this data."""
        return _best(self.dataset)

    @property
    def solved(self) -> bool:
        """Within 1 % of the best loss."""
        return close_enough(self.loss, self.best)

    def press(self, move: str, name: str) -> TuneGame:
        """The game after `name` pressed `move` (one of MOVES)."""
        what, amount = MOVES[move]
        changes: dict[str, object] = {
            "presses": self.presses + 1,
            "recent": (*self.recent, (name, move))[-RECENT:],
        }
        if what == "step":
            changes["step"] = min(max(self.step * amount, MIN_STEP), MAX_STEP)
            changes["step"] = float(f"{changes['step']:.1g}")  # 0.1 × 0.1 is 0.01, not 0.010…02
        else:
            value = getattr(self, what) + amount * self.step
            changes[what] = min(max(round(value, 6), -MAX_ABS), MAX_ABS)
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict:
        """The game as stored."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, state: dict) -> TuneGame:
        """The game `to_json` stored."""
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in state.items() if k in fields}
        for name in ("celsius", "fahrenheit", "start"):
            values[name] = tuple(values[name])
        values["recent"] = tuple(tuple(pair) for pair in values.get("recent", ()))
        return cls(**values)


def new_game(
    dataset: Dataset, line: tuple[float, float] | None, rng: random.Random | None = None
) -> TuneGame:
    """A game on `dataset` from the chat's own line, unless it has none or it is already as good
    as it gets: then from a fresh Dense(1) as Keras starts one (Glorot-uniform weight, bias 0)."""
    from_model = line is not None and not close_enough(loss(dataset, *line), _best(dataset))
    if from_model:
        weight, bias = (round(v, 6) for v in line)  # type: ignore[union-attr]
    else:
        rng = rng or random.Random()
        limit = math.sqrt(6 / (1 + 1))  # Glorot uniform for one input and one unit
        weight, bias = round(rng.uniform(-limit, limit), 2), 0.0
    return TuneGame(dataset.celsius, dataset.fahrenheit, (weight, bias), from_model, weight, bias)


def _best(dataset: Dataset) -> float:
    """The lowest loss a line can reach on `dataset` (0 with a single point)."""
    return best_possible_loss(dataset) or 0.0
