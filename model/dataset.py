"""The examples a session learns from: (°C, °F) pairs, the lesson's seven by default."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .errors import ModelError
from .limits import MAX_ABS_VALUE, MAX_POINTS

LESSON_CELSIUS = (-40.0, -10.0, 0.0, 8.0, 15.0, 22.0, 38.0)
LESSON_FAHRENHEIT = (-40.0, 14.0, 32.0, 46.0, 59.0, 72.0, 100.0)


def check_value(value: float) -> float:
    """`value` as a float if finite and within ±MAX_ABS_VALUE; else ModelError('value_range')."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ModelError("value_range", max=MAX_ABS_VALUE) from None
    if not math.isfinite(number) or abs(number) > MAX_ABS_VALUE:
        raise ModelError("value_range", max=MAX_ABS_VALUE)
    return number


def check_values(values: Iterable[float]) -> list[float]:
    """Every value checked by `check_value`."""
    return [check_value(value) for value in values]


SLOPE, INTERCEPT = 1.8, 32.0  # the formula the network is meant to learn: f = 1.8·c + 32
FORMULA = (SLOPE, INTERCEPT)  # its point over a Dense(1)'s (weight, bias)

Temperatures = TypeVar("Temperatures", float, np.ndarray)


def fahrenheit(celsius: Temperatures) -> Temperatures:
    """The formula the network is meant to learn, f = 1.8·c + 32, of one °C or of an array."""
    return celsius * SLOPE + INTERCEPT


def celsius_of(fahrenheit: float) -> float:
    """The formula the other way, c = (f − 32) / 1.8: what a °F value is (the model learned only
    °C → °F; bot/features/talk.py and inline mode set this beside the model run backwards)."""
    return (fahrenheit - INTERCEPT) / SLOPE


@dataclass(frozen=True)
class Dataset:
    """Immutable (°C, °F) pairs; edits return a new Dataset."""

    celsius: tuple[float, ...] = LESSON_CELSIUS
    fahrenheit: tuple[float, ...] = LESSON_FAHRENHEIT

    def __post_init__(self) -> None:
        if len(self.celsius) != len(self.fahrenheit):
            raise ValueError("celsius and fahrenheit differ in length")
        if len(self.celsius) > MAX_POINTS:
            raise ModelError("dataset_full", max=MAX_POINTS)
        object.__setattr__(self, "celsius", tuple(check_values(self.celsius)))
        object.__setattr__(self, "fahrenheit", tuple(check_values(self.fahrenheit)))

    def __len__(self) -> int:
        return len(self.celsius)

    def pairs(self) -> list[tuple[float, float]]:
        """The points as (°C, °F), in the order they were added."""
        return list(zip(self.celsius, self.fahrenheit))

    def add(self, celsius: float, fahrenheit: float) -> Dataset:
        """A copy with one more point; refuses a second point at the same °C."""
        celsius, fahrenheit = check_value(celsius), check_value(fahrenheit)
        if celsius in self.celsius:
            raise ModelError("duplicate_point", celsius=celsius)
        if len(self) >= MAX_POINTS:
            raise ModelError("dataset_full", max=MAX_POINTS)
        return Dataset((*self.celsius, celsius), (*self.fahrenheit, fahrenheit))

    def remove(self, celsius: float) -> Dataset:
        """A copy without the point at `celsius`."""
        celsius = check_value(celsius)
        if celsius not in self.celsius:
            raise ModelError("no_such_point", celsius=celsius)
        kept = [(c, f) for c, f in self.pairs() if c != celsius]
        return Dataset(tuple(c for c, _ in kept), tuple(f for _, f in kept))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(celsius, fahrenheit) as float32 column vectors, the shape Keras expects."""
        return (
            np.asarray(self.celsius, np.float32).reshape(-1, 1),
            np.asarray(self.fahrenheit, np.float32).reshape(-1, 1),
        )


def line_range(dataset: Dataset, points: int = 100) -> np.ndarray:
    """Celsius values spanning the data with a margin, for drawing lines."""
    low, high = (min(dataset.celsius), max(dataset.celsius)) if len(dataset) else (-40.0, 40.0)
    margin = max((high - low) * 0.1, 5.0)
    return np.linspace(max(low - margin, -MAX_ABS_VALUE), min(high + margin, MAX_ABS_VALUE), points)
