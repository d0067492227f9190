"""Telegram handlers: parse the update, check access, run the command, send the reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from telegram import Message, Update
from telegram.constants import ChatAction, ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from . import access, actions, texts
from .config import Settings

log = logging.getLogger(__name__)

STATUS_AFTER = 2.0  # seconds of training before a status message appears
STATUS_EVERY = 1.0  # at most one edit a second
ACTION_EVERY = 4.0  # a chat action shows for ~5 s


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.bot_data["settings"]


def _command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, list[str]] | None:
    """('train', ['300']) for '/train@thisbot 300'; None for another bot's command or no command."""
    message = update.effective_message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    head, *args = message.text.split()
    name, _, addressee = head[1:].partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return None
    return name.lower(), args


def _is_group(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type != ChatType.PRIVATE


def _is_operator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in _settings(context).admin_ids


async def send(update: Update, reply: actions.Reply) -> Message | None:
    """Send a Reply: photo, document or text; in groups it quotes the command."""
    message = update.effective_message
    if message is None:
        return None
    quote = _is_group(update)
    if reply.image is not None:
        return await message.reply_photo(reply.image, caption=reply.text, do_quote=quote)
    if reply.document is not None:
        return await message.reply_document(
            reply.document, filename=reply.filename, caption=reply.text, do_quote=quote
        )
    return await message.reply_text(reply.text, do_quote=quote)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every command: refuses what access rules don't allow, and stops it there."""
    parsed = _command(update, context)
    if parsed is None or update.effective_chat is None:
        return
    name, args = parsed
    chat_id = update.effective_chat.id

    async def is_chat_admin() -> bool:
        user = update.effective_user
        if user is None:
            return False
        member = await context.bot.get_chat_member(chat_id, user.id)
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    reason = await access.refusal(
        name,
        args,
        is_operator=_is_operator(update, context),
        is_group=_is_group(update),
        locked=context.bot_data["service"].locked(chat_id),
        is_chat_admin=is_chat_admin,
    )
    if reason is not None:
        await send(update, actions.Reply(reason))
        raise ApplicationHandlerStop


def _progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> actions.Progress:
    """A chat action at once; past STATUS_AFTER seconds one status message, edited ≤ 1/s."""

    @contextlib.asynccontextmanager
    async def progress() -> AsyncIterator[Callable[[int, int], None]]:
        chat = update.effective_chat
        latest = [0, 0]

        def report(done: int, total: int) -> None:
            latest[:] = [done, total]

        async def show() -> None:
            await chat.send_action(ChatAction.UPLOAD_PHOTO)
            await asyncio.sleep(STATUS_AFTER)
            status = await chat.send_message(texts.progress(*latest))
            shown, last_action = tuple(latest), asyncio.get_running_loop().time()
            while True:
                await asyncio.sleep(STATUS_EVERY)
                if tuple(latest) != shown:
                    shown = tuple(latest)
                    await status.edit_text(texts.progress(*latest))
                if asyncio.get_running_loop().time() - last_action > ACTION_EVERY:
                    last_action = asyncio.get_running_loop().time()
                    await chat.send_action(ChatAction.UPLOAD_PHOTO)

        task = asyncio.create_task(show())
        try:
            yield report
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await task

    return progress


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every known command: run it through the shared actions and send the reply."""
    parsed = _command(update, context)
    if parsed is None or update.effective_chat is None:
        return
    name, args = parsed
    chat = actions.Chat(
        service=context.bot_data["service"],
        chat_id=update.effective_chat.id,
        is_group=_is_group(update),
        is_operator=_is_operator(update, context),
        progress=_progress(update, context),
        started_at=context.bot_data["started_at"],
    )
    await send(update, await actions.run(name, chat, args))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have: a pointer to /help (in groups only when addressed to us)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    addressed = "@" in message.text.split()[0]
    if _is_group(update) and (not addressed or _command(update, context) is None):
        return
    await send(update, actions.Reply(texts.UNKNOWN_COMMAND))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain message in a private chat: a hint."""
    await send(update, actions.Reply(texts.PRIVATE_HINT))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user something went wrong, without details."""
    log.error(
        "Update %s caused an error", getattr(update, "update_id", "?"), exc_info=context.error
    )
    if isinstance(update, Update) and update.effective_message is not None:
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_text(texts.INTERNAL_ERROR)
