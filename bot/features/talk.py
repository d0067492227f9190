"""Plain sentences, read by bot/features/sentences.py, answered as the command they stand for:
°C by /convert itself (the same numbers, the same words), °F by inverting the chat's model, a
request by its command followed by the command's line — a learner discovers the commands by
talking — and anything else by a short hint with the three most useful next steps."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from bot.features import pipeline, sentences
from bot.features.chat import Chat
from bot.features.lesson import Action
from bot.features.readings import Intent, Temperature, Temperatures, Unreadable
from bot.features.replies import Button, Reply
from bot.text import formatting, i18n
from model.dataset import celsius_of
from model.inverse import Inversion


@dataclass(frozen=True)
class Spoken:
    """What a sentence asks, as a request of the command table: `command` answers it (its
    access rules hold) with `args`, or `action` answers it instead (°F values); `shown`, the
    command line shown after the reply."""

    command: str
    args: tuple[str, ...] = ()
    action: Action | None = None
    shown: str | None = None


def spoken(reading: Temperatures | Intent) -> Spoken:
    """The request a sentence's reading stands for."""
    if isinstance(reading, Intent):
        shown = " ".join(("/" + reading.command, *reading.args))
        return Spoken(reading.command, reading.args, shown=shown)
    if all(value.unit == "C" for value in reading.values):
        return Spoken("convert", tuple(repr(value.value) for value in reading.values))
    return Spoken("convert", action=_converter(reading.values))


def _converter(values: Sequence[Temperature]) -> Action:
    async def convert(chat: Chat, args: Sequence[str]) -> Reply:
        return await conversions(chat, values)

    return convert


async def conversions(chat: Chat, values: Sequence[Temperature]) -> Reply:
    """°C values as /convert answers them, then °F values with the model run backwards."""
    t, service = chat.t, chat.service
    celsius = [value.value for value in values if value.unit == "C"]
    fahrenheit = [value.value for value in values if value.unit == "F"]
    parts = []
    shared = False
    if celsius:
        prediction = await service.predict(chat.chat_id, celsius)
        parts.append(formatting.conversion(t, prediction))
        shared = prediction.shared
    if fahrenheit:
        inversion = await service.invert(chat.chat_id, fahrenheit)
        parts.append(inverted(t, inversion, shared_said=shared))
    return Reply(formatting.clip("\n".join(parts)))


async def answer(chat: Chat, text: str) -> Reply:
    """A sentence answered in `chat` with no one to refuse (console mode): read, run as the
    command it stands for, the command's line under the reply."""
    reading = sentences.read(text)
    if isinstance(reading, Unreadable):
        return unreadable(chat.t, reading)
    request = spoken(reading)
    reply = await pipeline.run(request.command, chat, request.args, request.action)
    if request.shown is None:
        return reply
    chosen = chat.classroom.language(chat.chat_id)  # "说中文" has just chosen one
    return followed_by(
        reply, i18n.catalogue(i18n.resolve(chosen, chat.sender_language)), request.shown
    )


def inverted(t: i18n.Catalogue, inversion: Inversion, shared_said: bool = False) -> str:
    """Each °F with the °C where the model answers it, the formula's beside it; then one line:
    the model learned only one direction (and how it was run backwards)."""
    lines = []
    for f, solutions in zip(inversion.fahrenheit, inversion.celsius):
        values = {
            "fahrenheit": formatting.celsius(f),
            "formula": formatting.number(celsius_of(f)),
        }
        if not solutions:
            lines.append(t("inverse-none", **values))
        elif len(solutions) == 1:
            lines.append(t("inverse-line", celsius=formatting.number(solutions[0]), **values))
        else:
            shown = ", ".join(formatting.number(c) for c in solutions)
            lines.append(t("inverse-several", celsius=shown, count=len(solutions), **values))
    if inversion.line is not None:
        weight, bias = inversion.line
        lines.append(
            t(
                "inverse-note-line",
                weight=formatting.number(weight, 4),
                bias=formatting.number(bias),
            )
        )
    else:
        lines.append(t("inverse-note-curve"))
    if inversion.shared and not shared_said:
        lines.append(t("shared-note"))
    return "\n".join(lines)


def followed_by(reply: Reply, t: i18n.Catalogue, shown: str) -> Reply:
    """The reply with the command it stands for under it (within the caption's limit for a
    picture)."""
    text = f"{reply.text}\n\n{t('sentence-command', command=shown)}"
    media = reply.image or reply.animation or reply.document
    limit = formatting.MAX_CAPTION if media else formatting.MAX_MESSAGE
    return dataclasses.replace(reply, text=formatting.clip(text, limit))


def hint(t: i18n.Catalogue) -> Reply:
    """A sentence the bot cannot read: what it reads, in three lines, and three next steps."""
    return Reply(
        t("sentence-hint"),
        buttons=(
            (
                Button(t("button-ask-100"), "/convert 100"),
                Button(t("button-train"), "/train"),
                Button(t("button-help"), "/help"),
            ),
        ),
    )


def unreadable(t: i18n.Catalogue, reading: Unreadable) -> Reply:
    """The answer to a sentence it cannot read: what is wrong with it, naming the limit, or the
    hint."""
    problem = reading.problem
    if problem is None:
        return hint(t)
    return Reply(t(problem, **dict(reading.values)), error=True)
