"""Replies onto Telegram: one function that sends any Reply (text, picture, animation, file or
quiz poll, with its buttons), and the Outbox a chat's games use outside a reply."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Literal, TypeAlias

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyParameters,
    TelegramObject,
)
from telegram.constants import PollType
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.features import command_table
from bot.features.replies import Reply, Sent
from bot.telegram.flood.limiter import Priority

log = logging.getLogger(__name__)

# The Application's bot: its rate limiter (FloodBudget) takes a Priority, an int, with each
# request (`rate_limit_args`).
TelegramBot: TypeAlias = ExtBot[int]

# A quiz poll's correct option as Telegram's types name it: an index into at most 12 options.
OptionId: TypeAlias = Literal[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
_OPTION_IDS: tuple[OptionId, ...] = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)

# A button's callback data is the command it stands for ("/train 500"), so a press means the
# same after a restart; which commands may: bot/features/command_table.py (`button`).


def bot_of(item: TelegramObject) -> TelegramBot:
    """The Application's bot that `item` (a chat, a message) came with; python-telegram-bot
    types `get_bot()` as the plain Bot, which takes no `rate_limit_args`."""
    bot = item.get_bot()
    if not isinstance(bot, ExtBot):
        raise TypeError(f"{type(item).__name__} came with a {type(bot).__name__}, not an ExtBot")
    return bot


def button_data(command: str) -> str:
    """The callback data of a button for `command`."""
    data = command.strip()
    assert len(data.encode()) <= 64 and button_command(data) is not None, data
    return data


def button_command(data: str | None) -> tuple[str, list[str]] | None:
    """The command a button's data stands for; None for anything else (stale, foreign, forged)."""
    if not data or len(data.encode()) > 64 or not data.startswith("/"):
        return None
    head, *args = data.split()
    name = head[1:].lower()
    return (name, args) if name in command_table.BUTTONS else None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label, callback_data=button_data(b.command))
                for b in row
            ]
            for row in reply.buttons
        ]
    )


async def deliver(
    bot: TelegramBot,
    chat_id: int,
    reply: Reply,
    *,
    rate_limit_args: Priority,
    reply_parameters: ReplyParameters | None = None,
    message_thread_id: int | None = None,
) -> Message:
    """Send `reply` to the chat (its priority in the flood budget, the message it answers, its
    topic) and tell its `on_sent`."""
    markup = keyboard(reply)
    if reply.image is not None:
        message = await bot.send_photo(
            chat_id,
            reply.image,
            caption=reply.text,
            reply_markup=markup,
            reply_parameters=reply_parameters,
            message_thread_id=message_thread_id,
            rate_limit_args=rate_limit_args,
        )
    elif reply.animation is not None:
        message = await bot.send_animation(
            chat_id,
            reply.animation,
            filename=reply.filename,
            caption=reply.text,
            reply_markup=markup,
            reply_parameters=reply_parameters,
            message_thread_id=message_thread_id,
            rate_limit_args=rate_limit_args,
        )
    elif reply.document is not None:
        message = await bot.send_document(
            chat_id,
            reply.document,
            filename=reply.filename,
            caption=reply.text,
            reply_markup=markup,
            reply_parameters=reply_parameters,
            message_thread_id=message_thread_id,
            rate_limit_args=rate_limit_args,
        )
    elif reply.poll is not None:
        poll = reply.poll
        message = await bot.send_poll(
            chat_id,
            poll.question,
            list(poll.options),
            is_anonymous=False,  # Telegram tells the bot who answered only then
            type=PollType.QUIZ,
            correct_option_ids=[_OPTION_IDS[poll.correct]],
            explanation=poll.explanation,
            reply_markup=markup,
            reply_parameters=reply_parameters,
            message_thread_id=message_thread_id,
            rate_limit_args=rate_limit_args,
        )
    else:
        message = await bot.send_message(
            chat_id,
            reply.text,
            reply_markup=markup,
            reply_parameters=reply_parameters,
            message_thread_id=message_thread_id,
            rate_limit_args=rate_limit_args,
        )
    if reply.on_sent is not None:
        await reply.on_sent(Sent(message.message_id, message.poll.id if message.poll else None))
    return message


async def unless_unchanged(edit: Awaitable[object]) -> None:
    """Await an edit of a message; Telegram's "message is not modified" (it already shows
    that) is success, not a failure to retry or report."""
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


class TelegramOutbox:
    """The Outbox of one Telegram chat. What games post (a round's question and answer, a quiz)
    goes first in a group's budget; the edits that presses cause wait their turn."""

    def __init__(self, bot: TelegramBot, chat_id: int) -> None:
        self._bot = bot
        self._chat_id = chat_id

    async def post(self, reply: Reply) -> Sent:
        """Send `reply` to the chat."""
        message = await deliver(self._bot, self._chat_id, reply, rate_limit_args=Priority.TEACHER)
        return Sent(message.message_id, message.poll.id if message.poll else None)

    async def edit(self, message_id: int, reply: Reply) -> None:
        """Show `reply`'s picture, caption and buttons (or text and buttons) in `message_id`;
        "message is not modified" (it already shows that) is success."""
        if reply.image is None:
            await unless_unchanged(
                self._bot.edit_message_text(
                    reply.text,
                    chat_id=self._chat_id,
                    message_id=message_id,
                    reply_markup=keyboard(reply),
                    rate_limit_args=Priority.MEMBER,
                )
            )
            return
        await unless_unchanged(
            self._bot.edit_message_media(
                InputMediaPhoto(reply.image, caption=reply.text),
                chat_id=self._chat_id,
                message_id=message_id,
                reply_markup=keyboard(reply),
                rate_limit_args=Priority.MEMBER,
            )
        )

    async def stop_poll(self, message_id: int) -> None:
        """Close the poll in `message_id`; one already closed or deleted is fine."""
        try:
            await self._bot.stop_poll(self._chat_id, message_id, rate_limit_args=Priority.TEACHER)
        except BadRequest as error:
            log.info("stopPoll %s in %s: %s", message_id, self._chat_id, error)
