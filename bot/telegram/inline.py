"""Inline mode: `@bot 100` typed in any chat, answered with answerInlineQuery (the articles of
bot/features/inline.py and a button that opens the bot with `/start inline`).

Every query is answered, even one it cannot read or one that failed, so the user's client never
spins. The answer is in the sender's app language (an inline query has no chat, so no /lang).
Every answer is `is_personal`: Telegram hands a non-personal answer to every user who types the
same query, whatever their language (and with their own model, their numbers are theirs alone).
While TensorFlow loads, °C values are answered from the stored sessions.

answerInlineQuery is no message: the flood budget (bot/telegram/flood/limiter.py) counts it in
no chat's window, and each update is still handled once (bot/telegram/updates.py)."""

from __future__ import annotations

import logging

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.error import TelegramError

from bot.features import inline
from bot.ops import metrics
from bot.telegram.context import Context, Services
from bot.text import i18n

log = logging.getLogger(__name__)

LABEL = "inline"  # the metrics' command label
KNOWN = frozenset({LABEL})


async def inline_query(update: Update, context: Context) -> None:
    """Answer one inline query (InlineQueryHandler's callback)."""
    query = update.inline_query
    if query is None:
        return
    services = context.bot_data.services
    user_id = query.from_user.id
    t = i18n.catalogue(i18n.language_of(query.from_user.language_code))
    with metrics.handling(LABEL, KNOWN) as handled:
        try:
            found = await inline.answer(query.query, user_id, t, await reader(services, user_id))
        except Exception:
            # The client must not spin: the button still answers, then the error is handled
            # (logged and counted) as any other.
            await _send(update, inline.InlineAnswer((), t("inline-button-hint")))
            raise
        if not found.articles:
            handled.outcome = metrics.BAD_INPUT
        await _send(update, found)


async def reader(services: Services, user_id: int) -> inline.Reader:
    """The model service once loaded (the user's model as other workers left it); before, the
    stored sessions' answers; the service if nothing was ever stored (a first start)."""
    loader = services.loader
    service = loader.loaded
    if service is None:
        stored = await loader.early()
        if stored is not None:
            return stored
        service = await loader.service()
    await service.refresh(user_id)
    return service


async def _send(update: Update, found: inline.InlineAnswer) -> None:
    """answerInlineQuery with `found`'s articles and the button; a query that expired meanwhile
    (Telegram waits seconds, not minutes) is only logged."""
    query = update.inline_query
    assert query is not None
    results = [
        InlineQueryResultArticle(
            article.id,
            article.title,
            InputTextMessageContent(article.text),
            description=article.description,
        )
        for article in found.articles
    ]
    button = InlineQueryResultsButton(found.button, start_parameter=inline.START_PARAMETER)
    try:
        await query.answer(
            results,
            cache_time=inline.CACHE_SECONDS,
            is_personal=True,
            button=button,
        )
    except TelegramError as error:
        log.warning("Inline query %s was not answered: %s", update.update_id, error)
