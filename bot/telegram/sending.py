"""The reply step of a request's path: a Reply onto Telegram as an answer to whoever asked —
quoting their command in a group, marking it with a reaction, or pointing a member to the same
answer posted moments ago (bot/telegram/echoes.py)."""

from __future__ import annotations

from typing import Any

from telegram import Message, ReplyParameters
from telegram.error import BadRequest

from bot.features.replies import Reply
from bot.telegram.asker import Asker
from bot.telegram.echoes import SEEN, Echoes, digest
from bot.telegram.flood.limiter import Priority
from bot.telegram.outbox import bot_of, deliver
from bot.text import formatting


async def send(
    asker: Asker,
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
    update, chat = asker.update, asker.chat
    message, query = update.message, update.callback_query
    echoes = asker.services.echoes
    group = asker.in_group
    if reply.reaction is not None and message is not None:
        if await _react(message, echoes, reply.reaction):
            return None
        reply = Reply(reply.fold or reply.text) if group else Reply(reply.text)
    key = digest(reply) if group else None  # None too for an answer that starts something
    claimed = key is not None and not teacher
    if claimed:
        assert key is not None
        earlier = await echoes.claim(chat.id, key)
        if earlier is not None:
            if answer_press and query is not None:
                await query.answer(formatting.clip(asker.t("echo-above"), formatting.MAX_ANSWER))
            elif message is not None and not await _react(message, echoes, SEEN):
                name = asker.user.full_name if asker.user is not None else ""
                echoes.fold(asker.context.bot, chat.id, earlier, name)
            return None
    options: dict[str, Any] = {"rate_limit_args": Priority.TEACHER if teacher else Priority.MEMBER}
    if message is not None and group:  # quote the command in groups
        options["reply_parameters"] = ReplyParameters(message.message_id)
    if update.effective_message is not None and update.effective_message.is_topic_message:
        options["message_thread_id"] = update.effective_message.message_thread_id
    try:
        if answer_press and query is not None:
            pressed = asker.t("button-pressed", command=query.data)
            await query.answer(formatting.clip(pressed, formatting.MAX_ANSWER))
        sent = await deliver(bot_of(chat), chat.id, reply, **options)
    except BaseException:
        if claimed:
            assert key is not None
            echoes.abandon(chat.id, key)
        raise
    if key is not None:
        echoes.remember(chat.id, key, sent.message_id, reply, asker.t)
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
