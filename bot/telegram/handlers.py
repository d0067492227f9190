"""Telegram handlers: parse the update, check access, run the command, send the reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from telegram import (
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import Settings
from bot.features import access, challenge, command_table, lesson
from bot.features.chat import Chat, Member
from bot.features.replies import Reply
from bot.ops import metrics
from bot.telegram.admins import ChatAdmins
from bot.telegram.outbox import TelegramOutbox, button_command, deliver, unless_unchanged
from bot.text import formatting, i18n
from model.storage import StorageError

if TYPE_CHECKING:
    from classroom.service import Classroom
    from model.answers import StoredAnswers
    from model.service import ModelService

log = logging.getLogger(__name__)

KNOWN = frozenset({*command_table.NAMES, "poll_answer"})  # the metrics' command labels
STATUS_EVERY = 1.0  # at most one edit a second
ACTION_EVERY = 4.0  # a chat action shows for ~5 s


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.bot_data["settings"]


def _command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, list[str]] | None:
    """('train', ['300']) for '/train@thisbot 300'; None for another bot's command or no command."""
    message = update.message
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


def _sender_language(update: Update) -> str:
    user = update.effective_user
    return i18n.language_of(user.language_code if user is not None else None)


def _catalogue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> i18n.Catalogue:
    """The catalogue of the chat's language: its /lang choice, else the sender's app language
    (read from the store while the model is still loading)."""
    chat = update.effective_chat
    chosen = context.bot_data["loader"].language(chat.id) if chat is not None else None
    return i18n.catalogue(i18n.resolve(chosen, _sender_language(update)))


async def send(update: Update, reply: Reply) -> Message | None:
    """Send a Reply. An answer to a command replies to it (quoting it in groups); an answer to a
    button press goes to the chat; a reaction-only reply marks the command's message instead."""
    chat = update.effective_chat
    if chat is None:
        return None
    if reply.reaction is not None and update.message is not None:
        await update.message.set_reaction(reply.reaction)
        return None
    options: dict = {}
    if update.message is not None and _is_group(update):  # quote the command in groups
        options["reply_parameters"] = ReplyParameters(update.message.message_id)
    if update.effective_message is not None and update.effective_message.is_topic_message:
        options["message_thread_id"] = update.effective_message.message_thread_id
    return await deliver(chat.get_bot(), chat.id, reply, **options)


async def _locked(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> bool:
    service = await context.bot_data["loader"].service()
    return service.locked(chat_id)


async def _refusal(
    update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, args: list[str]
) -> str | None:
    """Why the sender may not run `/name args` in this chat (a catalogue key), or None."""
    chat_id = update.effective_chat.id
    command = command_table.BY_NAME.get(name)
    return await access.refusal(
        command.needs(args) if command is not None else access.Level.OPEN,
        is_operator=_is_operator(update, context),
        is_group=_is_group(update),
        is_locked=lambda: _locked(context, chat_id),
        is_chat_admin=lambda: _is_chat_admin(update, context),
    )


async def _is_chat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender administers this chat (Telegram's answer, remembered a minute)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return False
    admins: ChatAdmins = context.bot_data["admins"]
    return await admins.is_admin(context.bot, chat.id, user.id)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every command: refuses what access rules don't allow, and stops it there.
    (And tells the model loader that the bot is busy.)"""
    context.bot_data["loader"].update_arrived()
    parsed = _command(update, context)
    if parsed is None or update.effective_chat is None:
        return
    reason = await _refusal(update, context, *parsed)
    if reason is not None:
        metrics.refused(parsed[0], KNOWN)
        await send(update, Reply(_catalogue(update, context)(reason)))
        raise ApplicationHandlerStop


async def edit_text(message: Message, text: str) -> None:
    """Edit a message the bot sent (an unchanged text is success)."""
    await unless_unchanged(message.edit_text(text))


class TrainingStatus:
    """A chat action at once; past `after` seconds one status message, edited at most once a second,
    and finally edited to say how the training ended. The message is noted in the classroom's
    store until then, so that a bot killed meanwhile says at its next start that it stopped."""

    def __init__(
        self, update: Update, after: float, t: i18n.Catalogue, classroom: Classroom
    ) -> None:
        self._chat = update.effective_chat
        self._after = after
        self._t = t
        self._classroom = classroom
        self._latest = (0, 0)
        self._message: Message | None = None
        self._task: asyncio.Task | None = None

    def report(self, done: int, total: int) -> None:
        """Called by the model service after each chunk of epochs."""
        self._latest = (done, total)

    @contextlib.asynccontextmanager
    async def __call__(self) -> AsyncIterator[Callable[[int, int], None]]:
        self._task = asyncio.create_task(self._show())
        try:
            yield self.report
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await self._task
            if self._message is not None:
                with contextlib.suppress(TelegramError):
                    await edit_text(self._message, formatting.progress_done(self._t, *self._latest))
                with contextlib.suppress(StorageError):  # a restart then says it stopped
                    await self._classroom.remove_status(self._chat.id, self._message.message_id)

    async def _show(self) -> None:
        loop = asyncio.get_running_loop()
        await self._chat.send_action(ChatAction.UPLOAD_PHOTO)
        await asyncio.sleep(self._after)
        shown = self._latest
        self._message = await self._chat.send_message(formatting.progress(self._t, *shown))
        with contextlib.suppress(StorageError):  # only a restart's notice is at stake
            await self._classroom.add_status(
                self._chat.id, self._message.message_id, self._t.language
            )
        last_action = loop.time()
        while True:
            await asyncio.sleep(STATUS_EVERY)
            if self._latest != shown:
                shown = self._latest
                await edit_text(self._message, formatting.progress(self._t, *shown))
            if loop.time() - last_action > ACTION_EVERY:
                last_action = loop.time()
                await self._chat.send_action(ChatAction.UPLOAD_PHOTO)


async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every known command: run it through the shared actions and send the reply."""
    parsed = _command(update, context)
    if parsed is None or update.effective_chat is None:
        return
    name, args = parsed
    t = _catalogue(update, context)
    with metrics.handling(name, KNOWN) as handled:
        spec = command_table.BY_NAME[name]
        if spec.before_model and not args:  # /start, /help: no TensorFlow needed
            await send(update, command_table.welcome(t, _is_operator(update, context)))
            return
        stored = await _stored_answers(context, spec, args)
        chat = await _chat(update, context, t, stored)
        await _answer(update, handled, await command_table.run(name, chat, args))


async def _stored_answers(
    context: ContextTypes.DEFAULT_TYPE, spec: command_table.Command, args: list[str]
) -> StoredAnswers | None:
    """While TensorFlow loads, the stored sessions answer the commands that only read."""
    if not spec.answered_from_store(args):
        return None
    return await context.bot_data["loader"].early()


async def _answer(update: Update, handled: metrics.Handling, reply: Reply) -> None:
    """Send the reply, counting a request that could not be done as bad input."""
    if reply.error:
        handled.outcome = metrics.BAD_INPUT
    await send(update, reply)


async def _chat(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    t: i18n.Catalogue,
    stored: StoredAnswers | None = None,
) -> Chat:
    """The Chat a command runs in: with the model service (or the stored answers, while it
    loads, for a command that only reads)."""
    chat, user = update.effective_chat, update.effective_user
    query = update.callback_query
    pressed = query.message.message_id if query is not None and query.message else None
    return Chat(
        service=stored or await _service(update, context, t),
        chat_id=chat.id,
        is_group=_is_group(update),
        is_operator=_is_operator(update, context),
        progress=TrainingStatus(
            update, _settings(context).status_after, t, context.bot_data["classroom"]
        ),
        started_at=context.bot_data["started_at"],
        sender_language=_sender_language(update),
        member=Member(user.id, user.full_name) if user else Member(chat.id, chat.effective_name),
        is_chat_admin=lambda: _is_chat_admin(update, context),
        classroom=context.bot_data["classroom"],
        outbox=TelegramOutbox(context.bot, chat.id),
        timers=context.bot_data["timers"],
        bot_username=context.bot.username,
        message_id=pressed,
    )


async def _service(
    update: Update, context: ContextTypes.DEFAULT_TYPE, t: i18n.Catalogue
) -> ModelService:
    """The model service; if it is still loading after BOT_STATUS_AFTER_SECONDS, the chat is
    told ("warming up…") instead of left waiting in silence."""
    loader = context.bot_data["loader"]
    if loader.loaded is not None:
        return loader.loaded
    pending = asyncio.ensure_future(loader.service())
    done, _ = await asyncio.wait({pending}, timeout=_settings(context).status_after)
    if not done:
        await send(update, Reply(t("warming-up")))
    return await pending


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press of a button under the bot's message: the same command, under the same access
    rules; the press is always answered, so the client's spinner stops."""
    query = update.callback_query
    if query is None:
        return
    t = _catalogue(update, context)
    parsed = button_command(query.data)
    if parsed is None or update.effective_chat is None:
        await query.answer(t("button-stale"))
        return
    name, args = parsed
    with metrics.handling(name, KNOWN) as handled:
        reply = None
        try:
            reason = await _refusal(update, context, name, args)
            if reason is not None:
                handled.outcome = metrics.REFUSED
                await query.answer(
                    formatting.clip(t(reason), formatting.MAX_ANSWER), show_alert=True
                )
                return
            if command_table.BY_NAME[name].quick_button:  # the press's answer says how it went
                reply = await command_table.run(name, await _chat(update, context, t), args)
                if reply.quiet:
                    handled.outcome = metrics.BAD_INPUT if reply.error else handled.outcome
                    text = formatting.clip(reply.text, formatting.MAX_ANSWER)
                    await query.answer(text, show_alert=reply.error)
                    return
                await query.answer()
            else:
                pressed = t("button-pressed", command=query.data)
                await query.answer(formatting.clip(pressed, formatting.MAX_ANSWER))
        except BaseException:
            with contextlib.suppress(TelegramError):
                await query.answer(t("internal-error"))
            raise
        # The press is answered: what follows may fail without answering it twice.
        if reply is None:
            reply = await command_table.run(name, await _chat(update, context, t), args)
        await _answer(update, handled, reply)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have: a pointer to /help (in groups only when addressed to us)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    addressed = "@" in message.text.split()[0]
    if _is_group(update) and (not addressed or _command(update, context) is None):
        return
    await send(update, Reply(_catalogue(update, context)("unknown-command")))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain message in a private chat: a hint."""
    await send(update, Reply(_catalogue(update, context)("private-hint")))


async def reply_to_bot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to one of the bot's messages: a guess if it answers a challenge's question;
    otherwise a hint in a private chat, nothing in a group."""
    message, chat = update.message, update.effective_chat
    if message is None or chat is None or message.text is None:
        return
    replied = message.reply_to_message
    classroom: Classroom = context.bot_data["classroom"]
    is_guess = (
        replied is not None
        and replied.from_user is not None
        and replied.from_user.id == context.bot.id
        and await classroom.is_challenge_message(chat.id, replied.message_id)
    )
    if not is_guess:
        if not _is_group(update):
            await private_text(update, context)
        return
    t = _catalogue(update, context)
    with metrics.handling("guess", KNOWN) as handled:
        asker = await _chat(update, context, t)
        guess = challenge.reply_guess(asker, message.text, replied.message_id)
        await _answer(update, handled, await lesson.answer(asker, guess))


async def poll_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A member answered a quiz poll: a point if right (the poll itself shows them which)."""
    arrived = time.time()  # before any wait: an answer that came before the poll closed counts
    answer = update.poll_answer
    if answer is None or answer.user is None:  # an anonymous admin voted as the chat
        return
    classroom: Classroom = context.bot_data["classroom"]
    user = answer.user
    admins: ChatAdmins = context.bot_data["admins"]

    async def is_member(chat_id: int) -> bool:
        if chat_id > 0:  # a private chat's quiz: its one user
            return chat_id == user.id
        return await admins.is_member(context.bot, chat_id, user.id)

    with metrics.handling("poll_answer", KNOWN):
        await classroom.answer_quiz(
            answer.poll_id, user.id, user.full_name, list(answer.option_ids), is_member, arrived
        )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user something went wrong, without details."""
    log.error(
        "Update %s caused an error", getattr(update, "update_id", "?"), exc_info=context.error
    )
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            t = _catalogue(update, context)
        except Exception:  # whatever failed may fail again here: English still answers
            log.exception("No catalogue for update %s", update.update_id)
            t = i18n.catalogue(i18n.DEFAULT_LANGUAGE)
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_text(t("internal-error"))
