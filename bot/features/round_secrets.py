"""While a group's challenge is open, nothing the bot posts gives its answer away: the model's
°F for the round's temperature (/convert of it), its weights (/weights, /step), its line (/fit),
its 100 °C reasoning (/why). Everyone in a group reads every reply, the teacher's too."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features.chat import Chat
from bot.text import formatting
from classroom.errors import GameError


async def keep_secret(chat: Chat, command: str, celsius: Sequence[float] | None = None) -> None:
    """Raise GameError('answer_hidden') when `/command` (about `celsius`, if given: only the
    round's own temperature is secret) would show an open round's answer in a group."""
    if not chat.is_group:
        return
    round_ = await chat.games.open_round(chat.chat_id)
    if round_ is None:
        return
    if celsius is not None and not any(abs(c - round_.celsius) < 1e-9 for c in celsius):
        return
    raise GameError("answer_hidden", celsius=formatting.celsius(round_.celsius), command=command)
