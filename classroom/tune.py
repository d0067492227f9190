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
from model.dataset import Dataset, fahrenheit, line_range

# A move's name (the button's, after "/tune ") → what it changes and how.
MOVES = {
    "w+": ("weight", 1.0),
    "w-": ("weight", -1.0),
    "b+": ("bias", 1.0),
    "b-": ("bias", -1.0),
    "w/4": ("weight_step", 0.25),
    "b/4": ("bias_step", 0.25),
    "x4": ("steps", 4.0),
}
RETIRED_MOVES = frozenset({"s/10", "s*10"})  # buttons of games from before per-parameter steps
# The first steps: the bias's moves the line 8 °F; the weight's about 10 °F at a typical example
# (its root mean square °C), so neither parameter needs many more presses than the other. A
# careful player then needs about a dozen presses (tests/classroom/test_tune_play.py measures it).
FIRST_BIAS_STEP = 8.0
WEIGHT_STEP_REACH = 10.0
MIN_STEP, MAX_STEP = 1e-4, 100.0
# The goal: a loss within SLACK of the best a line can reach, i.e. predictions within about
# 0.5 °F (root mean square) of the best line: as close as a picture shows.
SLACK = 0.25
RECENT = 4  # presses named in the caption
MAX_ADAM_EPOCHS = 10_000  # how far Adam is followed for the comparison
MAX_ABS = 1e4  # weight and bias stay in a range a picture can show


def loss(dataset: Dataset, weight: float, bias: float) -> float:
    """The mean squared error of the line weight·c + bias on the data (what Keras reports)."""
    c, f = (np.asarray(a, np.float64) for a in (dataset.celsius, dataset.fahrenheit))
    return float(np.mean((weight * c + bias - f) ** 2))


def close_enough(value: float, best: float) -> bool:
    """Within SLACK of the best loss: the game's goal."""
    return value <= best + SLACK


def first_steps(dataset: Dataset) -> tuple[float, float]:
    """(weight step, bias step) a game begins with on `dataset`."""
    typical = math.sqrt(float(np.mean(np.square(np.asarray(dataset.celsius, np.float64)))))
    return _tidy(WEIGHT_STEP_REACH / max(typical, 1.0)), FIRST_BIAS_STEP


def _tidy(step: float) -> float:
    """A step within MIN_STEP..MAX_STEP, to one significant digit past the first: 0.42, 0.105."""
    return float(f"{min(max(step, MIN_STEP), MAX_STEP):.2g}")


def _within_reach(value: float) -> float:
    """A weight or bias rounded to 6 decimals, within ±MAX_ABS."""
    return min(max(round(value, 6), -MAX_ABS), MAX_ABS)


def view_limits(dataset: Dataset, line: tuple[float, float]) -> tuple[float, float]:
    """The °F range a game's picture shows, fixed for the whole game: the examples, the
    formula's line and the starting line (cut off where it would squash the rest), padded."""
    xs = np.asarray(line_range(dataset), np.float64)
    known = np.concatenate([np.asarray(dataset.fahrenheit, np.float64), fahrenheit(xs)])
    low, high = float(known.min()), float(known.max())
    span = max(high - low, 10.0)
    start = np.clip(line[0] * xs + line[1], low - span, high + span)
    low, high = min(low, float(start.min())), max(high, float(start.max()))
    pad = 0.08 * (high - low)
    return low - pad, high + pad


@dataclass(frozen=True)
class TuneGame:
    """One chat's game; frozen: each press makes the next state."""

    celsius: tuple[float, ...]
    fahrenheit: tuple[float, ...]
    start: tuple[float, float]  # (weight, bias) it began from
    from_model: bool  # it began from the chat's own line (else from a fresh Dense(1))
    weight: float
    bias: float
    weight_step: float = 0.4
    bias_step: float = FIRST_BIAS_STEP
    presses: int = 0
    recent: tuple[tuple[str, str], ...] = ()  # (name, move), the latest last
    message_id: int | None = None
    over: bool = False
    kept: bool = False
    adam_epochs: int | None = None  # set when the game ends; MAX_ADAM_EPOCHS + 1: not within
    started_at: float = 0.0  # tells this game from the chat's next one
    language: str = ""  # its picture's and caption's, for its whole life ("": the presser's)

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
    def goal(self) -> float:
        """The loss that wins the game."""
        return self.best + SLACK

    @property
    def solved(self) -> bool:
        """At the goal."""
        return close_enough(self.loss, self.best)

    @property
    def y_limits(self) -> tuple[float, float]:
        """The °F range its picture shows, the same after every press."""
        return view_limits(self.dataset, self.start)

    def press(self, move: str, name: str) -> TuneGame:
        """The game after `name` pressed `move` (one of MOVES)."""
        what, amount = MOVES[move]
        weight, bias = self.weight, self.bias
        weight_step, bias_step = self.weight_step, self.bias_step
        if what in ("steps", "weight_step"):
            weight_step = _tidy(weight_step * amount)
        if what in ("steps", "bias_step"):
            bias_step = _tidy(bias_step * amount)
        if what == "weight":
            weight = _within_reach(weight + amount * weight_step)
        elif what == "bias":
            bias = _within_reach(bias + amount * bias_step)
        return dataclasses.replace(
            self,
            presses=self.presses + 1,
            recent=(*self.recent, (name, move))[-RECENT:],
            weight=weight,
            bias=bias,
            weight_step=weight_step,
            bias_step=bias_step,
        )

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
    weight_step, bias_step = first_steps(dataset)
    return TuneGame(
        dataset.celsius,
        dataset.fahrenheit,
        (weight, bias),
        from_model,
        weight,
        bias,
        weight_step,
        bias_step,
    )


def _best(dataset: Dataset) -> float:
    """The lowest loss a line can reach on `dataset` (0 with a single point)."""
    return best_possible_loss(dataset) or 0.0
