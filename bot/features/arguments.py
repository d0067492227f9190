"""Pure parsing of command arguments: words in, a request or a UsageError out.

No Telegram and no model calls here; ranges are checked by the model's own types
(TrainSettings, Architecture, Dataset), which raise ModelError.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from model import ACTIVATIONS, OPTIMIZERS, Architecture, ModelError, TrainSettings
from model.dataset import check_value
from model.optimizers import Optimizer
from model.settings import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_OPTIMIZER

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.IGNORECASE)
_CELSIUS_SUFFIXES = ("°c", "℃", "°", "c")
_TRAIN_KEYS = {
    "epochs": "epochs",
    "lr": "lr",
    "learning_rate": "lr",
    "optimizer": "optimizer",
    "seed": "seed",
    "momentum": "momentum",
    "nesterov": "nesterov",
    "batch": "batch",
    "batch_size": "batch",
}
_TRAIN_OPTIONS = "epochs lr optimizer momentum nesterov batch seed"
_YES = ("yes", "on", "true", "1")
_NO = ("no", "off", "false", "0")
MAX_WORD_SHOWN = 20


class UsageError(Exception):
    """The arguments don't fit the command; `key` names the text, `values` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class DataRequest:
    """/data: show, add a point, remove a point, or reset to the lesson's data."""

    action: Literal["show", "add", "remove", "reset"]
    celsius: float = 0.0
    fahrenheit: float = 0.0


def shown(word: str) -> str:
    """A user's word cut short and made printable, to quote it back in an error."""
    printable = "".join(c if c.isprintable() else "?" for c in word)
    return printable if len(printable) <= MAX_WORD_SHOWN else printable[: MAX_WORD_SHOWN - 1] + "…"


def normalize(word: str) -> str:
    """Full-width digits and signs to ASCII (NFKC), the Unicode minus to '-', lower case."""
    return unicodedata.normalize("NFKC", word).replace("\u2212", "-").strip().lower()


def parse_number(word: str, bounded: bool = True) -> float:
    """A decimal number (`36.6`, `-40`, `1e2`, `１００`); NaN, inf and hex are not numbers here.

    `bounded`: also within the data limit ±1e6 (settings have their own ranges).
    """
    text = normalize(word)
    if not _NUMBER.fullmatch(text):
        raise UsageError("not_a_number", word=shown(word))
    value = float(text)
    if not math.isfinite(value):
        raise UsageError("not_a_number", word=shown(word))
    return check_value(value) if bounded else value


def parse_celsius(word: str) -> float:
    """A temperature in °C; `100C`, `100°C` and `100℃` are accepted."""
    return temperature(word, _CELSIUS_SUFFIXES)


def temperature(word: str, suffixes: Sequence[str]) -> float:
    """A number, a unit's suffix allowed after it."""
    text = normalize(word)
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    try:
        return parse_number(text)
    except UsageError:
        raise UsageError("not_a_number", word=shown(word)) from None


def words_of(args: Sequence[str]) -> list[str]:
    """Arguments split on whitespace and commas too (`/convert 1,2,3`)."""
    return [w for arg in args for w in re.split(r"[\s,;]+", arg) if w]


def parse_convert(args: Sequence[str]) -> list[float]:
    """/convert <°C> [...]: the temperatures (the model takes up to MAX_PREDICT_VALUES)."""
    words = [w for w in words_of(args) if normalize(w) not in _CELSIUS_SUFFIXES]
    if not words:
        raise UsageError("convert_usage")
    return [parse_celsius(w) for w in words]  # how many at once: the model's limit


def whole(word: str, name: str) -> int:
    value = parse_number(word, bounded=False)
    if not value.is_integer():
        raise UsageError("not_whole", name=name, word=shown(word))
    return int(value)


def parse_train(
    args: Sequence[str],
    learning_rate: float = DEFAULT_LEARNING_RATE,
    optimizer: str = DEFAULT_OPTIMIZER,
    epochs: int = DEFAULT_EPOCHS,
) -> TrainSettings:
    """/train [epochs] [lr] [epochs=N lr=X optimizer=adam|sgd|rmsprop seed=N]; the epochs,
    learning rate and optimizer not given are `epochs`, `learning_rate` and `optimizer` (the
    chat's own)."""
    given: dict[str, str] = {}
    positional = ("epochs", "lr")
    position = 0
    for word in words_of(args):
        if "=" in word:
            key, _, value = normalize(word).partition("=")
            name = _TRAIN_KEYS.get(key.strip())
            if name is None:
                raise UsageError("unknown_option", word=shown(key), options=_TRAIN_OPTIONS)
        else:
            if position >= len(positional):
                raise UsageError("train_usage")
            name, value = positional[position], word
            position += 1
        if name in given:
            raise UsageError("repeated_option", name=name)
        if not value.strip():
            raise UsageError("missing_value", name=name)
        given[name] = value.strip()
    settings: dict[str, Any] = {
        "epochs": epochs,
        "learning_rate": learning_rate,
        "optimizer": optimizer,
    }
    if "epochs" in given:
        settings["epochs"] = whole(given["epochs"], "epochs")
    if "lr" in given:
        settings["learning_rate"] = parse_number(given["lr"], bounded=False)
    settings["optimizer"] = str(_optimizer_of(given, optimizer))
    if "seed" in given:
        settings["seed"] = whole(given["seed"], "seed")
    if "batch" in given:
        settings["batch_size"] = whole(given["batch"], "batch")
    return TrainSettings(**settings)


def _optimizer_of(given: dict[str, str], current: str) -> Optimizer:
    """The optimizer `optimizer=`, `momentum=` and `nesterov=` name; what is not given is the
    chat's (`current`), except that naming an optimizer starts it without momentum."""
    chat = Optimizer.parse(current)
    name, momentum, nesterov = chat.name, chat.momentum, chat.nesterov
    if "optimizer" in given:
        name, momentum, nesterov = normalize(given["optimizer"]), 0.0, False
        if name not in OPTIMIZERS:  # checked here to quote the word shortened
            choices = ", ".join(OPTIMIZERS)
            raise ModelError("unknown_optimizer", name=shown(given["optimizer"]), choices=choices)
    if "momentum" in given:
        momentum = parse_number(given["momentum"], bounded=False)
        nesterov = nesterov and momentum > 0
    if "nesterov" in given:
        word = normalize(given["nesterov"])
        if word not in _YES + _NO:
            raise UsageError("yes_or_no", name="nesterov", word=shown(given["nesterov"]))
        nesterov = word in _YES
    return Optimizer(name, momentum, nesterov)


def parse_data(args: Sequence[str]) -> DataRequest:
    """/data, /data add <°C> <°F>, /data remove <°C>, /data reset."""
    words = words_of(args)
    if not words:
        return DataRequest("show")
    action, rest = normalize(words[0]), words[1:]
    if action == "add" and len(rest) == 2:
        return DataRequest("add", parse_celsius(rest[0]), parse_number(rest[1].rstrip("°fF")))
    if action in ("remove", "rm", "delete") and len(rest) == 1:
        return DataRequest("remove", parse_celsius(rest[0]))
    if action == "reset" and not rest:
        return DataRequest("reset")
    raise UsageError("data_usage")


def parse_layers(args: Sequence[str]) -> Architecture | None:
    """/layers (show: None), /layers none, /layers 4 4 [linear|relu|tanh]."""
    words = [normalize(w) for w in words_of(args)]
    if not words:
        return None
    if words in (["none"], ["0"]):
        return Architecture()
    activation = "linear"
    if words[-1] in ACTIVATIONS:
        activation = words.pop()
    elif not _NUMBER.fullmatch(words[-1]):
        raise UsageError(
            "unknown_activation", word=shown(words[-1]), choices=", ".join(ACTIVATIONS)
        )
    if not words:
        raise UsageError("layers_usage")
    return Architecture(tuple(whole(w, "units") for w in words), activation)


def parse_step(args: Sequence[str]) -> int:
    """/step [n]: 1 epoch, or n (its range is the model's to check)."""
    words = words_of(args)
    if not words:
        return 1
    if len(words) > 1:
        raise UsageError("step_usage")
    return whole(words[0], "epochs")


@dataclass(frozen=True)
class RateRequest:
    """/lr: show the chat's learning rate (`value` and `factor` None), set it, or multiply it."""

    value: float | None = None
    factor: float | None = None


def parse_lr(args: Sequence[str]) -> RateRequest:
    """/lr, /lr 0.01, /lr x10, /lr ×0.1, /lr *10."""
    words = [normalize(w) for w in words_of(args)]
    if not words:
        return RateRequest()
    if len(words) > 1:
        raise UsageError("lr_usage")
    word = words[0]
    if word[:1] in ("x", "×", "*"):
        factor = parse_number(word[1:], bounded=False)
        if factor <= 0:
            raise UsageError("lr_usage")
        return RateRequest(factor=factor)
    return RateRequest(value=parse_number(word, bounded=False))


def parse_page(args: Sequence[str], pages: int, usage: str) -> int:
    """/teach [1-6], /lesson [1-5]: a page of `pages` (1 without arguments); anything else is
    the UsageError `usage` (its text names `steps`)."""
    words = words_of(args)
    if not words:
        return 1
    word = words[0]
    if len(words) == 1 and len(word) <= 2 and word.isdecimal() and 1 <= int(word) <= pages:
        return int(word)
    raise UsageError(usage, steps=pages)


def parse_no_args(args: Sequence[str]) -> None:
    """Commands that take no arguments refuse any."""
    if words_of(args):
        raise UsageError("no_arguments")
