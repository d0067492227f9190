"""Inline mode's answer, free of any transport: what `@bot 100`, `@bot 212F` or `@bot 100摄氏度`
typed in any chat offers — read as a plain sentence is (bot/features/sentences.py), one article
per temperature, the model's answer with the formula's beside it, in the sender's language — and
the button above them that opens the bot to train one's own model (bot/telegram/inline.py
carries it to Telegram).

A °C value is answered as /convert answers it (`predict`: the user's own private-chat model if
they trained one, else the shared model); a °F value by inverting that model (`invert`). A query
that names no temperature, too many, or one the model cannot answer gets no articles, only the
button, whose text says what to type: the user's client never waits in vain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.features import first_lesson
from bot.features.readings import Temperatures, Unreadable
from bot.features.sentences import read
from bot.text import formatting
from bot.text.i18n import Catalogue
from model import ModelError, Prediction, fahrenheit
from model.dataset import celsius_of
from model.inverse import Inversion
from model.limits import MAX_PREDICT_VALUES

START_PARAMETER = first_lesson.INLINE_LINK  # the button's deep link: /start inline, the lesson
CACHE_SECONDS = 10  # a retrained model shows within seconds
MAX_RESULTS = 50  # Telegram's limit for one answer


@dataclass(frozen=True)
class Article:
    """One result: `title` and `description` in the list the user picks from, `text` the
    message it posts; `id` unique within its answer (≤ 64 bytes)."""

    id: str
    title: str
    description: str
    text: str


@dataclass(frozen=True)
class InlineAnswer:
    """The articles (none for a query it cannot answer) and the text of the button that opens
    the bot with START_PARAMETER; `own_model` when the user's own model answered."""

    articles: tuple[Article, ...]
    button: str
    own_model: bool = False


class Reader(Protocol):
    """What answers a temperature: the model service, or the stored sessions while it loads."""

    async def predict(self, chat_id: int, celsius: Sequence[float]) -> Prediction:
        """The answering model's °F for each °C."""
        ...

    async def invert(self, chat_id: int, fahrenheit: Sequence[float]) -> Inversion:
        """The °C values where the answering model gives each °F."""
        ...


async def answer(query: str, user_id: int, t: Catalogue, reader: Reader) -> InlineAnswer:
    """The answer to `query` from `user_id`, in the catalogue `t`'s language: an article per
    temperature, in the query's order."""
    reading = read(query)
    too_many = isinstance(reading, Unreadable) and reading.problem == "sentence-too-many"
    if too_many or (isinstance(reading, Temperatures) and len(reading.values) > MAX_PREDICT_VALUES):
        return InlineAnswer((), t("inline-button-too-many", max=MAX_PREDICT_VALUES))
    if not isinstance(reading, Temperatures) or not reading.values:  # a request, nothing at all
        return InlineAnswer((), t("inline-button-hint"))
    values = reading.values
    in_celsius = [v.value for v in values if v.unit == "C"]
    in_fahrenheit = [v.value for v in values if v.unit == "F"]
    try:
        prediction = await reader.predict(user_id, in_celsius) if in_celsius else None
        inversion = await reader.invert(user_id, in_fahrenheit) if in_fahrenheit else None
    except ModelError:  # a diverged model, values out of range: nothing to offer
        return InlineAnswer((), t("inline-button-hint"))
    shared = prediction.shared if prediction is not None else bool(inversion and inversion.shared)
    own = not shared
    forward = iter(prediction.fahrenheit if prediction is not None else ())
    backward = iter(inversion.celsius if inversion is not None else ())
    articles = [
        _celsius_article(t, index, value.value, next(forward), own)
        if value.unit == "C"
        else _fahrenheit_article(t, index, value.value, next(backward), own)
        for index, value in enumerate(values)
    ]
    button = t("inline-button-own" if own else "inline-button-train")
    return InlineAnswer(tuple(articles[:MAX_RESULTS]), button, own)


def _celsius_article(t: Catalogue, index: int, c: float, f: float, own: bool) -> Article:
    """°C → the model's °F, with the formula's value and the error beside it."""
    values = {
        "celsius": formatting.celsius(c),
        "model": formatting.number(f),
        "formula": formatting.number(fahrenheit(c)),
        "error": formatting.number(f - fahrenheit(c)),
    }
    description = t("inline-description-own" if own else "inline-description-shared", **values)
    text = t("inline-message-own" if own else "inline-message-shared", **values)
    return Article(f"c{index}", t("inline-title", **values), description, formatting.clip(text))


def _fahrenheit_article(
    t: Catalogue, index: int, f: float, solutions: tuple[float, ...], own: bool
) -> Article:
    """°F → the °C where the model gives it (none, one, or several on a network's curve), with
    the formula's °C beside it; the text says the model learned the other direction."""
    values = {
        "fahrenheit": formatting.celsius(f),
        "model": " / ".join(formatting.number(c) for c in solutions),
        "formula": formatting.number(celsius_of(f)),
    }
    description = t("inline-description-f-own" if own else "inline-description-f-shared", **values)
    if len(solutions) > 1:
        description = t("inline-several", count=len(solutions)) + " · " + description
    if solutions:
        title = t("inline-title-f", **values)
        text = t("inline-message-f-own" if own else "inline-message-f-shared", **values)
    else:
        title = t("inline-title-f-none", **values)
        text = t("inline-message-f-none-own" if own else "inline-message-f-none-shared", **values)
    return Article(f"f{index}", title, description, formatting.clip(text))
