"""The one place a Chat is made on Telegram: for a user's update (bot/telegram/pipeline.py) and
for the bot's own messages (a timer, a restart: bot/telegram/restart.py), with every field a
command may use filled in the same way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from telegram.error import Forbidden

from bot.features.chat import Chat, Member, Progress, is_group, no_progress
from bot.features.replies import Reply
from bot.telegram.outbox import TelegramBot, TelegramOutbox

if TYPE_CHECKING:
    from bot.telegram.context import Services
    from model.answers import StoredAnswers
    from model.service import ModelService

NOBODY = Member(0, "?")  # the bot's own messages: no one asked


async def _anyone() -> bool:
    return True


def chat_of(
    services: Services,
    bot: TelegramBot,
    chat_id: int,
    service: ModelService | StoredAnswers | None,
    *,
    sender_language: str,
    member: Member = NOBODY,
    is_operator: bool = False,
    is_chat_admin: Callable[[], Awaitable[bool]] = _anyone,
    progress: Progress = no_progress,
    message_id: int | None = None,
    title: str = "",
) -> Chat:
    """The Chat `chat_id` on Telegram, speaking its /lang choice or else `sender_language`.

    `service`: the model service (or, while it loads, the stored answers for a command that only
    reads; None for the bot's own messages before the model is ready, which need none). `member`
    asked (NOBODY: the bot speaks on its own); `message_id`: the message whose button was
    pressed."""

    async def send_privately(replies: Sequence[Reply]) -> bool:
        if member == NOBODY:
            return False
        return await _send_privately(bot, member.id, replies)

    return Chat(
        service=service,  # type: ignore[arg-type]  # the stored answers read as the service does
        chat_id=chat_id,
        is_group=is_group(chat_id),
        is_operator=is_operator,
        progress=progress,
        started_at=services.started_at,
        sender_language=sender_language,
        member=member,
        is_chat_admin=is_chat_admin,
        classroom=services.classroom,
        outbox=TelegramOutbox(bot, chat_id),
        timers=services.timers,
        bot_username=bot.username,
        message_id=message_id,
        title=title,
        outbox_to=lambda other: TelegramOutbox(bot, other),
        send_privately=send_privately,
        day_seconds=services.settings.day_seconds,
    )


async def _send_privately(bot: TelegramBot, user_id: int, replies: Sequence[Reply]) -> bool:
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
