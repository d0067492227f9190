"""Predict the model: /challenge asks the class what this chat's model answers for a
temperature, /guess (or a reply to the question) records each member's latest guess, and
/reveal — or the time running out — ranks them. Rounds and guesses live in the classroom's
tables, so a restart resumes the timer (or reveals at once if the time ran out meanwhile)."""

from __future__ import annotations

import contextlib
import functools
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.features import access, arguments
from bot.features.arguments import UsageError, normalize, parse_celsius, temperature, words_of
from bot.features.chat import Chat
from bot.features.replies import Reply, Sent
from bot.features.timers import Timers
from bot.text import formatting, i18n
from bot.text.i18n import Catalogue
from classroom import challenge as rules
from classroom.challenge import Placed, Round
from classroom.errors import GameError
from model import ModelError, WeightsReport, fahrenheit
from model.analysis import network_line
from model.dataset import INTERCEPT, SLOPE

ChatFor = Callable[[Round], Awaitable[Chat]]  # the Chat a round's messages go to
GUESS_NOTED = "👍"  # a guess is acknowledged with a reaction, not a message (flood limits)


def timer_key(chat_id: int) -> tuple[str, int]:
    return ("challenge", chat_id)


async def challenge(chat: Chat, args: Sequence[str]) -> Reply:
    """/challenge [°C] [Ns]: open a round."""
    request = parse_challenge(args, rules.DEFAULT_SECONDS)
    seconds = rules.check_seconds(request.seconds)
    celsius = request.celsius
    if celsius is None:
        celsius = await _pick(chat)
    round_ = await chat.games.start_round(
        chat.chat_id, celsius, time.time() + seconds, chat.member.id, chat.language, chat.is_group
    )
    _schedule(chat.timers, round_, lambda: _same(chat))  # ends on time even if never posted

    async def announced(sent: Sent) -> None:
        await chat.games.announced(round_, sent.message_id)

    text = chat.t("challenge-ask", celsius=formatting.celsius(celsius), seconds=seconds)
    return Reply(text, on_sent=announced)


async def _same(chat: Chat) -> Chat:
    return chat


async def _pick(chat: Chat) -> float:
    service = chat.service
    candidates = rules.candidates(service.dataset(chat.chat_id).celsius)
    answers = await service.predict_with(service.weights(chat.chat_id), candidates)
    if not np.isfinite(answers).all():
        raise ModelError("not_finite")
    return rules.pick(candidates, [float(a) for a in answers])


def _schedule(timers: Timers, round_: Round, chat_for: Callable[[], Awaitable[Chat]]) -> None:
    """Reveal `round_` at its deadline, posting to the chat `chat_for` makes then."""

    async def time_is_up() -> None:
        chat = await chat_for()
        try:
            reply = await _reveal(chat, round_)
        except GameError:  # revealed by hand meanwhile
            return
        await chat.out.post(reply)

    timers.at(timer_key(round_.chat_id), round_.deadline, time_is_up)


def resume(
    rounds: Sequence[Round], timers: Timers, chat_for: Callable[[Round], Awaitable[Chat]]
) -> None:
    """At start-up: every open round's timer again; a round whose time ran out while the bot
    was down reveals at once (`chat_for` makes the Chat to post in, once the model is ready)."""
    for round_ in rounds:
        _schedule(timers, round_, functools.partial(chat_for, round_))


async def guess(chat: Chat, args: Sequence[str]) -> Reply:
    """/guess <°F>: the member's guess in the open round."""
    return await _guess(chat, parse_guess(args), None)


async def reply_guess(chat: Chat, text: str, reply_to: int) -> Reply:
    """A reply to the round's question: a guess if it is a number."""
    return await _guess(chat, parse_fahrenheit(text), reply_to)


async def _guess(chat: Chat, value: float, reply_to: int | None) -> Reply:
    member = chat.member
    round_ = await chat.games.open_round(chat.chat_id)
    if chat.is_group and round_ is not None:
        if round_.starter_id == member.id:
            raise GameError("starter_plays")  # who asked knows the answer's neighbourhood
        if not await access.may_score(
            is_group=chat.is_group,
            admins_play=chat.games.admins_play(chat.chat_id),
            is_chat_admin=chat.is_chat_admin,
        ):
            raise GameError("admins_watch")  # the teacher runs the class, the points are theirs
    await chat.games.guess(chat.chat_id, rules.Guess(member.id, member.name, value), reply_to)
    noted = chat.t(
        "challenge-noted", name=formatting.person(member.name), fahrenheit=formatting.celsius(value)
    )
    return Reply(noted, reaction=GUESS_NOTED, fold=chat.t("challenge-noted-all"))


async def reveal(chat: Chat, args: Sequence[str]) -> Reply:
    """/reveal: end the open round (its starter, a group admin or an operator)."""
    arguments.parse_no_args(args)
    round_ = await chat.games.open_round(chat.chat_id)
    if round_ is None:
        raise GameError("no_challenge")
    may = await access.may_reveal(
        is_operator=chat.is_operator,
        is_group=chat.is_group,
        is_starter=chat.member.id == round_.starter_id,
        is_chat_admin=chat.is_chat_admin,
    )
    if not may:
        raise GameError("not_starter")
    return await _reveal(chat, round_)


async def _reveal(chat: Chat, round_: Round) -> Reply:
    chat.timers.cancel(timer_key(chat.chat_id))
    service, c = chat.service, round_.celsius
    report: WeightsReport | None = None
    try:
        report = service.weights(chat.chat_id)
        answer: float | None = float((await service.predict(chat.chat_id, [c])).fahrenheit[0])
    except ModelError:  # diverged: no answer to rank against
        answer = None
    placed = await chat.games.close_round(round_, answer)
    if placed is None:
        raise GameError("round_over")
    return _result_reply(chat, round_, answer, placed, report)


def _result_reply(
    chat: Chat,
    round_: Round,
    answer: float | None,
    placed: list[Placed],
    report: WeightsReport | None,
) -> Reply:
    """The round's result, marked as posted once it is: until then a restart posts it again."""

    async def posted(sent: Sent) -> None:
        await chat.games.result_posted(round_)

    t = i18n.catalogue(round_.language)  # the round's, whoever ends it
    return Reply(_result(t, round_.celsius, answer, placed, report), on_sent=posted)


async def post_unposted(
    results: Sequence[tuple[Round, float | None, list[Placed]]],
    chat_for: Callable[[Round], Awaitable[Chat]],
) -> None:
    """At start-up: the results scored but never posted (the bot stopped in between), posted
    now, each explained with the chat's model as it is now."""
    for round_, answer, placed in results:
        chat = await chat_for(round_)
        report = None
        with contextlib.suppress(ModelError):
            report = chat.service.weights(chat.chat_id)
        await chat.out.post(_result_reply(chat, round_, answer, placed, report))


def _result(
    t: Catalogue,
    celsius: float,
    answer: float | None,
    placed: list[Placed],
    report: WeightsReport | None,
) -> str:
    c, formula = formatting.celsius(celsius), formatting.number(fahrenheit(celsius), 1)
    if answer is None or report is None:
        return formatting.clip(t("challenge-no-answer", celsius=c, formula=formula))
    head = t("challenge-result", celsius=c, model=formatting.number(answer, 1), formula=formula)
    places = []
    for entry in placed:
        values = {
            "place": entry.place,
            "name": formatting.person(entry.guess.name),
            "guess": formatting.celsius(entry.guess.fahrenheit),
            "off": formatting.number(entry.distance, 1),
            "points": entry.points,
        }
        places.append(
            t("challenge-place-winner" if entry.place == 1 else "challenge-place", **values)
        )
    if not placed:
        places.append(t("challenge-nobody"))
    why = _why_off(t, celsius, answer, report)
    return formatting.fit_lines([head], places, [why], lambda more: t("challenge-more", count=more))


def _why_off(t: Catalogue, celsius: float, answer: float, report: WeightsReport) -> str:
    """One sentence on why the model is off the formula here, from its weights."""
    off = answer - fahrenheit(celsius)
    values = {"celsius": formatting.celsius(celsius), "off": f"{off:+.1f}"}
    if abs(off) < 0.05:
        return t("challenge-why-exact", **values)
    line = network_line(report.architecture, report.layers)
    if line is None:
        return t("challenge-why-curve", activation=report.architecture.activation, **values)
    weight, bias = line
    values |= {"weight": formatting.number(weight, 3), "bias": formatting.number(bias, 2)}
    values |= {"dw": f"{(weight - SLOPE) * celsius:+.1f}", "db": f"{bias - INTERCEPT:+.1f}"}
    return t("challenge-why-line", **values)


@dataclass(frozen=True)
class ChallengeRequest:
    """/challenge: the temperature to ask about (None: the bot picks) and the seconds to play."""

    celsius: float | None
    seconds: int


_SECONDS = re.compile(r"(\d+)\s*(?:s|sec|secs|seconds?|秒)")


def parse_challenge(args: Sequence[str], default_seconds: int) -> ChallengeRequest:
    """/challenge [°C] [Ns], in either order (`/challenge 100 30s`, `/challenge 45s`)."""
    celsius, seconds = None, None
    for word in words_of(args):
        timed = _SECONDS.fullmatch(normalize(word))
        if timed and seconds is None:
            seconds = int(timed[1])
        elif celsius is None and not timed:
            celsius = parse_celsius(word)
        else:
            raise UsageError("challenge_usage")
    return ChallengeRequest(celsius, default_seconds if seconds is None else seconds)


_FAHRENHEIT_SUFFIXES = ("°f", "℉", "f")


def parse_fahrenheit(text: str) -> float:
    """A guess in °F: `212`, `212°F`, `212 ℉`, `２１２`."""
    words = [w for w in words_of([text]) if normalize(w) not in _FAHRENHEIT_SUFFIXES]
    if len(words) != 1:
        raise UsageError("guess_usage")
    return temperature(words[0], _FAHRENHEIT_SUFFIXES)


def parse_guess(args: Sequence[str]) -> float:
    """/guess <°F>."""
    if not words_of(args):
        raise UsageError("guess_usage")
    return parse_fahrenheit(" ".join(args))
