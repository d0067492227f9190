"""The Telegram handlers: each kind of update turned into a Request on the one path
(bot/telegram/pipeline.py) — a command of the table, a button press, a reply to the bot's
challenge — and the updates beside it: unknown commands, plain text, quiz answers, errors."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.features import access, challenge, command_table, homework, sentences, talk
from bot.features.chat import Chat, Member, is_group
from bot.features.command_table import Command
from bot.features.readings import Unreadable
from bot.features.replies import Reply
from bot.ops import metrics
from bot.telegram.asker import Asker, asker_of, sender_language
from bot.telegram.chats import chat_of
from bot.telegram.context import Context
from bot.telegram.flood.limiter import NotSent
from bot.telegram.outbox import button_command
from bot.telegram.pipeline import KNOWN, MessageReply, PressAnswer, Request, handle
from bot.telegram.sending import send
from bot.text import i18n
from storage.errors import StorageError, unreachable

log = logging.getLogger(__name__)

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]
PUZZLED = "🤔"  # a reaction: seen, not understood


async def arrived(update: Update, context: Context) -> None:
    """Runs before every update: tells the model loader that the bot is busy; with other
    workers on the database, reads the chat's settings as they are now."""
    services = context.bot_data.services
    services.loader.update_arrived()
    if update.effective_chat is not None:
        await services.classroom.refresh(update.effective_chat.id)


def command(spec: Command) -> Callback:
    """The handler of one command of the table (python-telegram-bot has split its arguments)."""

    async def handle_command(update: Update, context: Context) -> None:
        asker = asker_of(update, context)
        if asker is None:
            return
        request = Request(spec, tuple(context.args or ()))
        await handle(request, asker, MessageReply(asker))

    return handle_command


async def button(update: Update, context: Context) -> None:
    """A press of a button under the bot's message: the same command, under the same access
    rules; the press is always answered, so the client's spinner stops."""
    query = update.callback_query
    if query is None:
        return
    asker = asker_of(update, context)
    parsed = button_command(query.data)
    if parsed is None or asker is None:
        t = asker.t if asker is not None else i18n.catalogue(sender_language(update.effective_user))
        await query.answer(t("button-stale"))
        return
    name, args = parsed
    spec = command_table.BY_NAME[name]
    responder = PressAnswer(asker, query, spec)
    try:
        await handle(Request(spec, tuple(args)), asker, responder)
    except BaseException:
        if not responder.answered:
            with contextlib.suppress(TelegramError):
                await query.answer(asker.t("internal-error"))
        raise


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot doesn't have: a pointer to /help (in groups only when addressed to us)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    _, at, addressee = message.text.split()[0].partition("@")
    to_us = at and addressee.lower() == (context.bot.username or "").lower()
    asker = asker_of(update, context)
    if asker is None or (asker.in_group and not to_us):  # in a group, only what is addressed
        return  # to this bot
    await send(asker, Reply(asker.t("unknown-command")))


async def private_text(update: Update, context: Context) -> None:
    """A plain message in a private chat: a sentence."""
    message, asker = update.message, asker_of(update, context)
    if message is not None and message.text is not None and asker is not None:
        await said(asker, message.text)


async def mention(update: Update, context: Context) -> None:
    """A group message that mentions the bot (privacy mode lets only those, commands and replies
    to the bot through): the sentence around the mention."""
    message, asker = update.message, asker_of(update, context)
    if message is None or message.text is None or asker is None:
        return
    text = _without_mention(message.text, context.bot.username)
    if text is not None:
        await said(asker, text, addressed=True)


def _without_mention(text: str, username: str | None) -> str | None:
    """The text with the bot's @mention taken out; None if it does not mention this bot."""
    if not username:
        return None
    pattern = re.compile(rf"(?<![\w/])@{re.escape(username)}\b", re.IGNORECASE)
    if pattern.search(text) is None:
        return None
    return pattern.sub(" ", text).strip()


async def said(asker: Asker, text: str, addressed: bool = True) -> None:
    """A plain sentence, read (bot/features/sentences.py) and answered as the command it stands
    for, on the one path (who may, the group's lock, its flood budget). One it cannot read gets a
    short hint; in a group, a reply that is not addressed to the bot by name (a student's
    "thanks") only a 🤔 reaction where the group allows them, so a class does not flood it."""
    reading = sentences.read(text)
    if isinstance(reading, Unreadable):
        reply = talk.unreadable(asker.t, reading)
        if asker.in_group and not addressed:
            reply = dataclasses.replace(reply, reaction=PUZZLED)
        await send(asker, reply, teacher=await asker.is_teacher())
        return
    spoken = talk.spoken(reading)
    command = command_table.BY_NAME[spoken.command]
    request = Request(command, spoken.args, spoken.action, spoken.shown)
    await handle(request, asker, MessageReply(asker))


async def reply_to_bot(update: Update, context: Context) -> None:
    """A reply to one of the bot's messages: a guess if it answers a challenge's question;
    otherwise a sentence (in a group, only a reply to the bot's own message: privacy mode lets
    other replies through when they mention the bot, answered as a mention)."""
    message, asker = update.message, asker_of(update, context)
    if message is None or asker is None or message.text is None:
        return
    replied, text = message.reply_to_message, message.text
    classroom = context.bot_data.services.classroom
    to_bot = (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
    )
    is_guess = (
        replied is not None
        and to_bot
        and await classroom.is_challenge_message(asker.chat_id, replied.message_id)
    )
    if not is_guess:
        if not asker.in_group:
            await said(asker, text)
        elif (stripped := _without_mention(text, context.bot.username)) is not None:
            await said(asker, stripped, addressed=True)
        elif to_bot:
            await said(asker, text, addressed=False)
        return
    assert replied is not None
    question = replied.message_id

    async def guess(chat: Chat, args: Sequence[str]) -> Reply:
        return await challenge.reply_guess(chat, text, question)

    request = Request(command_table.BY_NAME["guess"], (text,), action=guess)
    await handle(request, asker, MessageReply(asker))


async def poll_answer(update: Update, context: Context) -> None:
    """A member answered a quiz poll: a point if right (the poll itself shows them which)."""
    arrived = time.time()  # before any wait: an answer that came before the poll closed counts
    answer = update.poll_answer
    if answer is None or answer.user is None:  # an anonymous admin voted as the chat
        return
    services, bot = context.bot_data.services, context.bot
    classroom, admins, user = services.classroom, services.admins, answer.user

    async def may_score(chat_id: int) -> bool:
        if not is_group(chat_id):  # a private chat's quiz: its one user
            return chat_id == user.id
        if not await admins.is_member(bot, chat_id, user.id):
            return False
        return await access.may_score(
            is_group=True,
            admins_play=classroom.admins_play(chat_id),
            is_chat_admin=lambda: admins.is_admin(bot, chat_id, user.id),
        )

    with metrics.handling("poll_answer", KNOWN):
        right = await classroom.answer_quiz(
            answer.poll_id, user.id, user.full_name, list(answer.option_ids), may_score, arrived
        )
        quiz_chat = await classroom.quiz_chat(answer.poll_id)
        if right is None or quiz_chat is None:
            return
        if is_group(quiz_chat):
            if not await admins.is_admin(bot, quiz_chat, user.id):
                with contextlib.suppress(StorageError):  # recorded at their next answer
                    await classroom.seen(quiz_chat, user.id, user.full_name)
            return
        student = chat_of(
            services,
            bot,
            user.id,
            await services.loader.service(),
            sender_language=sender_language(user),
            member=Member(user.id, user.full_name),
        )
        await homework.quiz_answered(student, quiz_chat, right)


async def on_error(update: object, context: Context) -> None:
    """Log the error; tell the user something went wrong, without details. An answer the
    stopping bot dropped (NotSent: its chat's flood limit was reached) is one line, told no one.
    A PostgreSQL database out of reach is one line too, and the user is told so plainly (the
    words of a change that could not be stored); the update goes no further."""
    update_id = getattr(update, "update_id", "?")
    if isinstance(context.error, NotSent):
        log.warning("Update %s: %s", update_id, context.error)
        return
    lost = unreachable(context.error)
    if lost:
        log.warning("Update %s: the database is out of reach (%s)", update_id, context.error)
    else:
        log.error("Update %s caused an error", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            asker = asker_of(update, context)
            t = asker.t if asker is not None else i18n.catalogue(i18n.DEFAULT_LANGUAGE)
        except Exception:  # whatever failed may fail again here: English still answers
            log.exception("No catalogue for update %s", update.update_id)
            t = i18n.catalogue(i18n.DEFAULT_LANGUAGE)
        with contextlib.suppress(TelegramError):
            text = t("storage-unreachable") if lost else t("internal-error")
            await update.effective_message.reply_text(text)
    if lost:  # each later step of the update would wait for the database again
        raise ApplicationHandlerStop
