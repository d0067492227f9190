"""/normalize [on|off]: Keras's `Normalization` layer, adapted to the chat's °C, in front of its
network, or taken away (the model's half: `set_normalization` in model/registry.py)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text.numbers import fixed
from model import Architecture
from model.normalization import spread


async def normalize(chat: Chat, args: Sequence[str]) -> Reply:
    """/normalize, /normalize on, /normalize off"""
    words = [arguments.normalize(w) for w in arguments.words_of(args)]
    if words not in ([], ["on"], ["off"]):
        raise arguments.UsageError("normalize_usage")
    service, t = chat.service, chat.t
    if not words:
        architecture = service.architecture(chat.chat_id)
        return Reply(
            t(
                "normalize-state-on" if architecture.normalized else "normalize-state-off",
                **described(architecture),
            )
        )
    architecture = await service.set_normalization(chat.chat_id, words[0] == "on")
    return Reply(
        t("normalize-on" if architecture.normalized else "normalize-off", **described(architecture))
    )


def described(architecture: Architecture) -> dict[str, str]:
    """The layers and, behind a Normalization layer, the mean and σ it divides by."""
    values = {"layers": architecture.describe()}
    if architecture.normalization is not None:
        values["mean"] = fixed(architecture.normalization[0], 4)
        values["sigma"] = fixed(spread(architecture.normalization), 4)
    return values
