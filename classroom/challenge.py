"""Predict the model: a round asks what the chat's model answers for one temperature; members
guess; at the reveal the guesses are ranked by distance and the best three score."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from model.dataset import fahrenheit

from .errors import GameError

MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 10, 600, 60
PLACE_POINTS = (3, 2, 1)  # first, second, third
# Temperatures a round may pick by itself: everyday ones, none a famous landmark.
_CANDIDATES = tuple(c for c in range(-30, 61) if c % 10 and c != 37)


@dataclass(frozen=True)
class Round:
    """One open challenge in a chat."""

    id: int
    chat_id: int
    celsius: float
    deadline: float  # unix time the round reveals by itself
    starter_id: int
    language: str  # the chat's when it began (its choice, else the starter's): the whole round's
    is_group: bool
    message_id: int | None = None  # the challenge message: a reply to it is a guess


@dataclass(frozen=True)
class Guess:
    """A member's latest guess in a round."""

    user_id: int
    name: str
    fahrenheit: float


@dataclass(frozen=True)
class Placed:
    """A guess at the reveal: its distance to the model's answer, its place (ties share one)
    and the points it won."""

    guess: Guess
    distance: float
    place: int
    points: int


def check_seconds(seconds: int) -> int:
    """How long a round may run: MIN_SECONDS..MAX_SECONDS (GameError otherwise)."""
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise GameError("seconds_range", min=MIN_SECONDS, max=MAX_SECONDS)
    return seconds


def candidates(taken: Sequence[float]) -> list[float]:
    """Temperatures a round may pick: everyday ones, not a landmark nor one of the examples."""
    examples = set(taken)
    return [float(c) for c in _CANDIDATES if float(c) not in examples]


def pick(
    candidates: Sequence[float], answers: Sequence[float], rng: random.Random | None = None
) -> float:
    """One of the ten `candidates` where the model's `answers` stray furthest from the formula,
    so that knowing the formula is not enough to win."""
    rng = rng or random.Random()
    by_surprise = sorted(
        zip(candidates, answers), key=lambda pair: -abs(pair[1] - fahrenheit(pair[0]))
    )
    return rng.choice(by_surprise[:10])[0]


def rank(guesses: Sequence[Guess], answer: float) -> list[Placed]:
    """Guesses from closest to furthest; equal distances share a place (1, 1, 3) and its points."""
    by_distance = sorted(guesses, key=lambda g: (abs(g.fahrenheit - answer), g.name))
    placed: list[Placed] = []
    for index, guess in enumerate(by_distance):
        distance = abs(guess.fahrenheit - answer)
        place = placed[-1].place if placed and distance == placed[-1].distance else index + 1
        points = PLACE_POINTS[place - 1] if place <= len(PLACE_POINTS) else 0
        placed.append(Placed(guess, distance, place, points))
    return placed
