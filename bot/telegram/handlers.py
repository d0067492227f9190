"""Telegram handlers: parse the update, check who may, run the command, send the reply.

Each command of the table has its own handler (`command(spec)`); a button press runs the same
command under the same rules; replies to a challenge are guesses; poll answers score quizzes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from telegram import Bot, Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import Settings
from bot.features import access, challenge, command_table, homework, lesson
from bot.features.chat import Chat, Member
from bot.features.command_table import Command
from bot.features.replies import Reply
from bot.ops import metrics
from bot.telegram.admins import ChatAdmins
from bot.telegram.echoes import SEEN, Echoes, digest
from bot.telegram.flood.limiter import NotSent, Priority
from bot.telegram.outbox import TelegramOutbox, button_command, deliver
from bot.telegram.restart import chat_in
from bot.telegram.status import TrainingStatus
from bot.text import formatting, i18n
from storage.errors import unreachable

if TYPE_CHECKING:
    from classroom.service import Classroom
    from model.answers import StoredAnswers
    from model.service import ModelService

log = logging.getLogger(__name__)

KNOWN = frozenset({*command_table.NAMES, "poll_answer"})  # the metrics' command labels
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.bot_data["settings"]


def _is_group(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type != ChatType.PRIVATE


def _is_operator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in _settings(context).admin_ids


def _sender_language(update: Update) -> str:
    user = update.effective_user
    return i18n.language_of(user.language_code if user is not None else None)


def _language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The chat's language: its /lang choice, else the sender's app language."""
    chat = update.effective_chat
    chosen = context.bot_data["classroom"].language(chat.id) if chat is not None else None
    return i18n.resolve(chosen, _sender_language(update))


def _catalogue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> i18n.Catalogue:
    return i18n.catalogue(_language(update, context))


async def send(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    reply: Reply,
    *,
    teacher: bool = True,
    answer_press: bool = False,
) -> Message | None:
    """Send a Reply. An answer to a command replies to it (quoting it in groups); an answer to a
    button press goes to the chat (`answer_press`: the press is answered here, once it is known
    whether a message follows); a reaction-only reply marks the command's message instead.

    In a group, a member (not `teacher`) whose answer the bot posted there moments ago is pointed
    to it (bot/telegram/echoes.py) rather than sent it again; the teacher's messages go first."""
    chat, message, query = update.effective_chat, update.message, update.callback_query
    if chat is None:
        return None
    echoes: Echoes = context.bot_data["echoes"]
    group = _is_group(update)
    if reply.reaction is not None and message is not None:
        if await _react(message, echoes, reply.reaction):
            return None
        reply = Reply(reply.fold or reply.text) if group else Reply(reply.text)
    key = digest(reply) if group else None  # None too for an answer that starts something
    claimed = key is not None and not teacher
    if claimed:
        earlier = await echoes.claim(chat.id, key)
        if earlier is not None:
            if answer_press and query is not None:
                t = _catalogue(update, context)
                await query.answer(formatting.clip(t("echo-above"), formatting.MAX_ANSWER))
            elif message is not None and not await _react(message, echoes, SEEN):
                echoes.fold(context.bot, chat.id, earlier, _name(update))
            return None
    options: dict = {"rate_limit_args": Priority.TEACHER if teacher else Priority.MEMBER}
    if message is not None and group:  # quote the command in groups
        options["reply_parameters"] = ReplyParameters(message.message_id)
    if update.effective_message is not None and update.effective_message.is_topic_message:
        options["message_thread_id"] = update.effective_message.message_thread_id
    try:
        if answer_press and query is not None:
            pressed = _catalogue(update, context)("button-pressed", command=query.data)
            await query.answer(formatting.clip(pressed, formatting.MAX_ANSWER))
        sent = await deliver(chat.get_bot(), chat.id, reply, **options)
    except BaseException:
        if claimed:
            echoes.abandon(chat.id, key)
        raise
    if key is not None:
        echoes.remember(chat.id, key, sent.message_id, reply, _catalogue(update, context))
    return sent


async def _react(message: Message, echoes: Echoes, emoji: str) -> bool:
    """Mark `message` with `emoji`; False where the chat allows no reactions."""
    if not echoes.reactions_allowed(message.chat_id):
        return False
    try:
        await message.set_reaction(emoji)
    except BadRequest as error:
        if "REACTION" not in str(error).upper():
            raise
        echoes.reactions_refused(message.chat_id)
        return False
    return True


def _name(update: Update) -> str:
    user = update.effective_user
    return user.full_name if user is not None else ""


async def _is_teacher(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whose messages go first: in a group its admins and operators; in a private chat, anyone."""
    if not _is_group(update) or _is_operator(update, context):
        return True
    return await _is_chat_admin(update, context)


async def _refusal(
    update: Update, context: ContextTypes.DEFAULT_TYPE, command: Command, args: Sequence[str]
) -> str | None:
    """Why the sender may not run `/name args` in this chat (a catalogue key), or None."""
    chat_id = update.effective_chat.id
    classroom: Classroom = context.bot_data["classroom"]

    async def is_locked() -> bool:
        return classroom.locked(chat_id)

    return await access.refusal(
        command.needs(args),
        is_operator=_is_operator(update, context),
        is_group=_is_group(update),
        is_locked=is_locked,
        is_chat_admin=lambda: _is_chat_admin(update, context),
    )


async def _is_chat_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender administers this chat (Telegram's answer, remembered a minute)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return False
    admins: ChatAdmins = context.bot_data["admins"]
    return await admins.is_admin(context.bot, chat.id, user.id)


async def _seen(update: Update, context: ContextTypes.DEFAULT_TYPE, teacher: bool) -> None:
    """A student in a group is one of its class: the report lists them (teachers it doesn't)."""
    user, chat = update.effective_user, update.effective_chat
    if teacher or user is None or chat is None or user.is_bot or not _is_group(update):
        return
    classroom: Classroom = context.bot_data["classroom"]
    await classroom.seen(chat.id, user.id, user.full_name)


async def arrived(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every update: tells the model loader that the bot is busy; with other
    workers on the database, reads the chat's settings as they are now."""
    context.bot_data["loader"].update_arrived()
    if update.effective_chat is not None:
        await context.bot_data["classroom"].refresh(update.effective_chat.id)


def command(spec: Command) -> Callback:
    """The handler of one command: parse (python-telegram-bot has split its arguments) → check
    who may → call the command → reply."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is None:
            return
        args = context.args or []
        language = _language(update, context)
        t = i18n.catalogue(language)
        reason = await _refusal(update, context, spec, args)
        teacher = await _is_teacher(update, context)
        await _seen(update, context, teacher)
        if reason is not None:
            metrics.refused(spec.name, KNOWN)
            await send(update, context, Reply(t(reason, command=spec.name)), teacher=teacher)
            return
        with metrics.handling(spec.name, KNOWN) as handled:
            help_link = [a.lower() for a in args] == [command_table.HELP_LINK]
            if spec.before_model and (not args or help_link):  # no TensorFlow needed
                welcome = command_table.greeting(
                    "help" if help_link else spec.name,
                    t,
                    is_operator=_is_operator(update, context),
                    in_group=_is_group(update),
                    bot_username=context.bot.username,
                )
                await send(update, context, welcome, teacher=teacher)
                return
            # While TensorFlow loads, the stored sessions answer the commands that only read.
            early = spec.answered_from_store(args)
            stored = await context.bot_data["loader"].early() if early else None
            chat = await _chat(update, context, language, stored, teacher)
            reply = await command_table.run(spec.name, chat, args)
            await _answer(update, context, handled, reply, teacher)

    return handle


async def _answer(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    handled: metrics.Handling,
    reply: Reply,
    teacher: bool,
) -> None:
    """Send the reply, counting a request that could not be done as bad input."""
    if reply.error:
        handled.outcome = metrics.BAD_INPUT
    await send(update, context, reply, teacher=teacher)


async def _chat(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    language: str,
    stored: StoredAnswers | None = None,
    teacher: bool = True,
) -> Chat:
    """The Chat a command runs in, speaking `language`: with the model service (or the stored
    answers, while it loads, for a command that only reads)."""
    t = i18n.catalogue(language)
    chat, user = update.effective_chat, update.effective_user
    query = update.callback_query
    pressed = query.message.message_id if query is not None and query.message else None
    bot = context.bot

    async def send_privately(replies: Sequence[Reply]) -> bool:
        if user is None:
            return False
        return await _send_privately(bot, user.id, replies)

    return Chat(
        service=stored or await _service(update, context, t),
        chat_id=chat.id,
        is_group=_is_group(update),
        is_operator=_is_operator(update, context),
        progress=TrainingStatus(
            update,
            _settings(context).status_after,
            t,
            context.bot_data["classroom"],
            Priority.TEACHER if teacher else Priority.MEMBER,
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
        language=language,
        title=chat.title or "",
        outbox_to=lambda chat_id: TelegramOutbox(bot, chat_id),
        send_privately=send_privately,
        day_seconds=_settings(context).day_seconds,
    )


async def _send_privately(bot: Bot, user_id: int, replies: Sequence[Reply]) -> bool:
    """Send `replies` to the user's private chat; False if they never started one with the bot
    (Telegram: 403, "bot can't initiate conversation with a user") or blocked it."""
    outbox = TelegramOutbox(bot, user_id)
    try:
        await outbox.post(replies[0])
    except Forbidden:
        return False
    for reply in replies[1:]:
        await outbox.post(reply)
    return True


async def _service(
    update: Update, context: ContextTypes.DEFAULT_TYPE, t: i18n.Catalogue
) -> ModelService:
    """The model service; if it is still loading after BOT_STATUS_AFTER_SECONDS, the chat is
    told ("warming up…") instead of left waiting in silence."""
    loader = context.bot_data["loader"]
    service = loader.loaded
    if service is None:
        pending = asyncio.ensure_future(loader.service())
        done, _ = await asyncio.wait({pending}, timeout=_settings(context).status_after)
        if not done:
            await send(update, context, Reply(t("warming-up")))
        service = await pending
    if update.effective_chat is not None:  # another worker may have changed it
        await service.refresh(update.effective_chat.id)
    return service


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press of a button under the bot's message: the same command, under the same access
    rules; the press is always answered, so the client's spinner stops."""
    query = update.callback_query
    if query is None:
        return
    language = _language(update, context)
    t = i18n.catalogue(language)
    parsed = button_command(query.data)
    if parsed is None or update.effective_chat is None:
        await query.answer(t("button-stale"))
        return
    name, args = parsed
    with metrics.handling(name, KNOWN) as handled:
        reply = None
        try:
            spec = command_table.BY_NAME[name]
            reason = await _refusal(update, context, spec, args)
            if reason is not None:
                handled.outcome = metrics.REFUSED
                refused = t(reason, command=name)
                await query.answer(formatting.clip(refused, formatting.MAX_ANSWER), show_alert=True)
                return
            teacher = await _is_teacher(update, context)
            await _seen(update, context, teacher)
            # A member's press that only reads may be answered by a picture already in the chat:
            # the press's answer then says so, and so waits for the reply.
            echoed = _is_group(update) and not teacher and spec.read_only
            if spec.quick_button or echoed:
                chat = await _chat(update, context, language, teacher=teacher)
                reply = await command_table.run(name, chat, args)
                if reply.quiet:
                    handled.outcome = metrics.BAD_INPUT if reply.error else handled.outcome
                    text = formatting.clip(reply.text, formatting.MAX_ANSWER)
                    await query.answer(text, show_alert=reply.error)
                    return
                if not echoed:
                    await query.answer()
            else:
                pressed = t("button-pressed", command=query.data)
                await query.answer(formatting.clip(pressed, formatting.MAX_ANSWER))
        except BaseException:
            with contextlib.suppress(TelegramError):
                await query.answer(t("internal-error"))
            raise
        # The press is answered (or `send` answers it): what follows may fail without answering
        # it twice.
        if reply is None:
            chat = await _chat(update, context, language, teacher=teacher)
            reply = await command_table.run(name, chat, args)
        if reply.error:
            handled.outcome = metrics.BAD_INPUT
        await send(update, context, reply, teacher=teacher, answer_press=echoed)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot doesn't have: a pointer to /help (in groups only when addressed to us)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    _, at, addressee = message.text.split()[0].partition("@")
    to_us = at and addressee.lower() == (context.bot.username or "").lower()
    if _is_group(update) and not to_us:  # in a group, only what is addressed to this bot
        return
    await send(update, context, Reply(_catalogue(update, context)("unknown-command")))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain message in a private chat: a hint."""
    await send(update, context, Reply(_catalogue(update, context)("private-hint")))


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
    with metrics.handling("guess", KNOWN) as handled:
        teacher = await _is_teacher(update, context)
        asker = await _chat(update, context, _language(update, context), teacher=teacher)
        guess = challenge.reply_guess(asker, message.text, replied.message_id)
        await _answer(update, context, handled, await lesson.answer(asker, guess), teacher)


async def poll_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A member answered a quiz poll: a point if right (the poll itself shows them which)."""
    arrived = time.time()  # before any wait: an answer that came before the poll closed counts
    answer = update.poll_answer
    if answer is None or answer.user is None:  # an anonymous admin voted as the chat
        return
    classroom: Classroom = context.bot_data["classroom"]
    user = answer.user
    admins: ChatAdmins = context.bot_data["admins"]

    async def may_score(chat_id: int) -> bool:
        if chat_id > 0:  # a private chat's quiz: its one user
            return chat_id == user.id
        if not await admins.is_member(context.bot, chat_id, user.id):
            return False
        return classroom.admins_play(chat_id) or not await admins.is_admin(
            context.bot, chat_id, user.id
        )

    with metrics.handling("poll_answer", KNOWN):
        right = await classroom.answer_quiz(
            answer.poll_id, user.id, user.full_name, list(answer.option_ids), may_score, arrived
        )
        quiz_chat = await classroom.quiz_chat(answer.poll_id)
        if right is None or quiz_chat is None:
            return
        if quiz_chat < 0:
            if not await admins.is_admin(context.bot, quiz_chat, user.id):
                await classroom.seen(quiz_chat, user.id, user.full_name)
            return
        student = chat_in(context.application, user.id, i18n.language_of(user.language_code))
        student.service = await context.bot_data["loader"].service()
        student.member = Member(user.id, user.full_name)
        await homework.quiz_answered(student, quiz_chat, right)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
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
            t = _catalogue(update, context)
        except Exception:  # whatever failed may fail again here: English still answers
            log.exception("No catalogue for update %s", update.update_id)
            t = i18n.catalogue(i18n.DEFAULT_LANGUAGE)
        with contextlib.suppress(TelegramError):
            text = t("storage-unreachable") if lost else t("internal-error")
            await update.effective_message.reply_text(text)
    if lost:  # each later step of the update would wait for the database again
        raise ApplicationHandlerStop
