"""/preset shares this chat's setup as a link and a `/start <code>` to paste; `/start <code>`
loads one (untrained, ready for /train)."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from telegram.helpers import create_deep_linked_url

from bot.features.arguments import UsageError, normalize, whole, words_of
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text.i18n import Catalogue
from classroom.errors import GameError
from model.limits import MAX_SEED
from model.settings import Setup


async def preset(chat: Chat, args: Sequence[str]) -> Reply:
    """/preset [epochs=N]: store this chat's setup; the link and the command that load it."""
    service, t = chat.service, chat.t
    epochs = parse_preset(args, service.default_epochs(chat.chat_id))
    setup = dataclasses.replace(service.setup(chat.chat_id), epochs=epochs)
    if setup.seed is None:  # the whole class starts from the same weights
        setup = dataclasses.replace(setup, seed=random.randint(0, MAX_SEED))
    code = await chat.games.share(setup, chat.chat_id)
    lines = [t("preset-saved", summary=summary(t, setup))]
    if chat.bot_username:
        lines.append(t("preset-link", link=create_deep_linked_url(chat.bot_username, code)))
    lines.append(t("preset-paste", command=f"/start {code}"))
    return Reply("\n".join(lines))


async def load(chat: Chat, args: Sequence[str]) -> Reply:
    """/start <code>: this chat set up as the preset says."""
    if len(args) != 1:
        raise GameError("bad_preset")
    setup = await chat.games.preset(args[0], chat.chat_id)
    await chat.service.apply_setup(chat.chat_id, setup)
    return Reply(chat.t("preset-loaded", summary=summary(chat.t, setup)))


def summary(t: Catalogue, setup: Setup) -> str:
    """What a setup holds, in one line."""
    return t(
        "preset-summary",
        points=len(setup.dataset),
        layers=setup.architecture.describe(),
        optimizer=setup.optimizer,
        lr=f"{setup.learning_rate:g}",
        epochs=setup.epochs,
        seed="—" if setup.seed is None else setup.seed,
    )


def parse_preset(args: Sequence[str], epochs: int) -> int:
    """/preset [epochs=N]: the epochs the preset's /train runs (default `epochs`)."""
    words = words_of(args)
    if not words:
        return epochs
    key, equals, value = normalize(words[0]).partition("=")
    if len(words) > 1 or not equals or key.strip() != "epochs" or not value.strip():
        raise UsageError("preset_usage")
    return whole(value.strip(), "epochs")
