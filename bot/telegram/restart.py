"""What the last run left behind on Telegram, taken up at start-up: open rounds' timers (also
after a chat moved), results scored but never posted, homework's follow-up quizzes, and the
status messages of trainings it was killed in ("Training… 30 %" would stand forever)."""

from __future__ import annotations

import logging
import time

from telegram.error import TelegramError
from telegram.ext import Application

from bot.features import challenge, followup, homework
from bot.features.chat import Chat
from bot.telegram.outbox import TelegramOutbox
from bot.text import i18n
from classroom.challenge import Placed, Round
from classroom.homework import Assignment

log = logging.getLogger(__name__)


def chat_in(application: Application, chat_id: int, language: str) -> Chat:
    """A Chat for the bot's own messages to `chat_id` (no one asked: a timer, a restart), in
    `language` unless the chat chose one; its model service once loaded (`_with_model`)."""
    data, bot = application.bot_data, application.bot
    return Chat(
        service=data["loader"].loaded,
        chat_id=chat_id,
        is_group=chat_id < 0,
        started_at=data["started_at"],
        sender_language=language,
        classroom=data["classroom"],
        outbox=TelegramOutbox(bot, chat_id),
        timers=data["timers"],
        bot_username=bot.username,
        outbox_to=lambda other: TelegramOutbox(bot, other),
        day_seconds=data["settings"].day_seconds,
    )


async def _with_model(application: Application, chat: Chat) -> Chat:
    chat.service = await application.bot_data["loader"].service()
    await chat.service.refresh(chat.chat_id)  # another worker may have trained it meanwhile
    await application.bot_data["classroom"].refresh(chat.chat_id)
    return chat


def _chat_for(application: Application) -> challenge.ChatFor:
    async def chat_for(round_: Round) -> Chat:
        chat = chat_in(application, round_.chat_id, round_.language)
        chat.is_group = round_.is_group
        return await _with_model(application, chat)

    return chat_for


def group_of(application: Application) -> followup.ChatFor:
    async def chat_for(assignment: Assignment) -> Chat:
        chat = chat_in(application, assignment.chat_id, assignment.language)
        return await _with_model(application, chat)

    return chat_for


async def resume_followups(application: Application) -> int:
    """Give every follow-up not yet posted its timer (a due one is posted now); how many."""
    pending = await application.bot_data["classroom"].pending_followups()
    followup.resume(application.bot_data["timers"], pending, time.time(), group_of(application))
    return len(pending)


async def resume_progress(application: Application) -> None:
    """Bring the groups' homework progress messages up to date (who went quiet meanwhile); they
    need no model."""
    unfinished = await application.bot_data["classroom"].unfinished_homework()
    if unfinished:
        homework.resume(chat_in(application, 0, i18n.DEFAULT_LANGUAGE), unfinished)


def resume_rounds(application: Application, rounds: list[Round]) -> None:
    """Give each open round its timer again (or reveal it now if its time ran out)."""
    challenge.resume(rounds, application.bot_data["timers"], _chat_for(application))


def post_results(
    application: Application, results: list[tuple[Round, float | None, list[Placed]]]
) -> None:
    """Post the results scored but never posted, once the model is ready."""
    chat_for = _chat_for(application)
    for round_, answer, placed in results:

        async def post(result: tuple = (round_, answer, placed)) -> None:
            await challenge.post_unposted([result], chat_for)

        application.bot_data["timers"].at(
            ("result", round_.id), 0, post, lease=f"result:{round_.id}"
        )


async def say_interrupted(application: Application) -> None:
    """Edit each status message of a training the last run never finished to say so."""
    classroom = application.bot_data["classroom"]
    for chat_id, message_id, language in await classroom.interrupted_statuses():
        text = i18n.catalogue(language)("progress-interrupted")
        try:
            await application.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
        except TelegramError as error:  # deleted meanwhile, or the chat is gone
            log.info("Could not mark status %d in %d interrupted: %s", message_id, chat_id, error)
        await classroom.remove_status(chat_id, message_id)
