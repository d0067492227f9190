"""A group upgraded to a supergroup (a public link, visible history, 200 members…) gets a new
chat id: Telegram says so with `migrate_to_chat_id` in the old group and `migrate_from_chat_id`
in the new supergroup. Whichever comes first moves everything the chat owns — its model and lock,
its rounds, scores, quizzes, game and presets — and the other finds nothing left to move."""

from __future__ import annotations

import logging
from typing import cast

from telegram import Update

from bot.features import challenge
from bot.telegram.context import App, Context
from bot.telegram.restart import resume_rounds
from bot.text import i18n

log = logging.getLogger(__name__)


async def migrated(update: Update, context: Context) -> None:
    """Move the chat to its new id, once, and tell the supergroup it kept everything."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    services = context.bot_data.services
    service = await services.loader.service()
    model_moved = await service.move(old, new)
    class_moved = await services.classroom.move(old, new)
    services.timers.cancel(challenge.timer_key(old))
    round_ = await services.classroom.open_round(new)
    if round_ is not None:
        # python-telegram-bot leaves the context type of `context.application` free: it is App
        resume_rounds(cast(App, context.application), [round_])
    if not (model_moved or class_moved):
        return
    log.info("Group %d became supergroup %d: its model and its class moved with it", old, new)
    user = update.effective_user
    sender = i18n.language_of(user.language_code if user is not None else None)
    t = i18n.catalogue(i18n.resolve(services.classroom.language(new), sender))
    await context.bot.send_message(new, t("chat-migrated"))
