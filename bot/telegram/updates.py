"""Updates as they arrive, before any handler: one python-telegram-bot cannot parse is dropped
(and logged) instead of stalling every later one, and each update is handled once however
often Telegram delivers it (it redelivers to a webhook that answered slowly)."""

from __future__ import annotations

import json
import logging

from telegram import Bot, Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import Context

log = logging.getLogger(__name__)


def parsed(update: dict, bot: Bot | None = None) -> Update | None:
    """python-telegram-bot's Update for `update`, or None (and a line in the log) if it cannot
    parse it, e.g. one from a Bot API server older than the library expects."""
    try:
        return Update.de_json(update, bot)
    except Exception as error:  # whatever the parser raises for what it does not expect
        log.warning(
            "Dropped update %s: python-telegram-bot cannot parse it (%s: %s)",
            update.get("update_id", "?"),
            type(error).__name__,
            error,
        )
        return None


def parseable(update: dict) -> dict:
    """`update`, or its bare id if it cannot be parsed: handlers ignore that, but it moves the
    offset past it. Without this one such update fails its whole batch, and the batch comes
    again."""
    return update if parsed(update) is not None else {"update_id": update["update_id"]}


def parseable_batch(body: bytes) -> bytes:
    """A getUpdates answer with every update `parseable`."""
    try:
        answer = json.loads(body)
        updates = answer["result"]
        checked = [parseable(update) for update in updates]
    except (ValueError, KeyError, TypeError):  # not a batch of updates: PTB reports it
        return body
    if checked == updates:
        return body
    answer["result"] = checked
    return json.dumps(answer).encode()


async def once(update: object, context: Context) -> None:
    """Runs before every handler: an update handled already — by this worker or, sharing a
    PostgreSQL database, by another — goes no further."""
    coordination = context.bot_data.services.coordination
    if isinstance(update, Update) and not await coordination.updates.first_time(update.update_id):
        log.info("Update %d came again: it was handled once already", update.update_id)
        raise ApplicationHandlerStop
