"""What a plain sentence was read as (bot/features/sentences.py reads it): temperatures to
convert, a command of the table it stands for, or nothing the bot can read. Pure data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["C", "F"]


@dataclass(frozen=True)
class Temperature:
    """One value the sentence names, in its unit (a bare number is °C)."""

    value: float
    unit: Unit


@dataclass(frozen=True)
class Temperatures:
    """Convert these: °C to °F with the chat's model, °F to °C by inverting it."""

    values: tuple[Temperature, ...]


@dataclass(frozen=True)
class Intent:
    """A command of the table (`command`, e.g. "train") with its arguments as the command takes
    them (e.g. ("epochs=1000", "lr=0.01")): the sentence asks for what `/command args` does."""

    command: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    """Nothing the grammar reads. `problem`, when it knows what is wrong, is a catalogue key
    (`sentence-too-long`, `sentence-not-finite`, …) and `values` fill it in."""

    problem: str | None = None
    values: tuple[tuple[str, str | int | float], ...] = ()


Reading = Temperatures | Intent | Unreadable
