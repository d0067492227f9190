"""What the last run left behind on Telegram, taken up at start-up: open rounds' timers (also
after a chat moved), results scored but never posted, homework's follow-up quizzes, and the
status messages of trainings it was killed in ("Training… 30 %" would stand forever)."""

from __future__ import annotations

import logging
import time

from telegram.error import TelegramError

from bot.features import challenge, followup, homework
from bot.features.chat import Chat
from bot.telegram.chats import chat_of
from bot.telegram.context import App, services_of
from bot.text import i18n
from classroom.challenge import Placed, Round
from classroom.homework import Assignment

log = logging.getLogger(__name__)


async def chat_in(application: App, chat_id: int, language: str) -> Chat:
    """A Chat for the bot's own messages to `chat_id` (no one asked: a timer, a restart), in
    `language` unless the chat chose one, with its model service (waiting for it to load) and
    its settings as they are now (another worker may have changed them meanwhile)."""
    services = services_of(application)
    service = await services.loader.service()
    await service.refresh(chat_id)
    await services.classroom.refresh(chat_id)
    return chat_of(services, application.bot, chat_id, service, sender_language=language)


def _chat_for(application: App) -> challenge.ChatFor:
    async def chat_for(round_: Round) -> Chat:
        return await chat_in(application, round_.chat_id, round_.language)

    return chat_for


def group_of(application: App) -> followup.ChatFor:
    async def chat_for(assignment: Assignment) -> Chat:
        return await chat_in(application, assignment.chat_id, assignment.language)

    return chat_for


async def resume_followups(application: App) -> int:
    """Give every follow-up not yet posted its timer (a due one is posted now); how many."""
    services = services_of(application)
    pending = await services.classroom.pending_followups()
    followup.resume(services.timers, pending, time.time(), group_of(application))
    return len(pending)


async def resume_progress(application: App) -> None:
    """Bring the groups' homework progress messages up to date (who went quiet meanwhile); they
    need no model (it may still be loading: the Chat has none)."""
    services = services_of(application)
    unfinished = await services.classroom.unfinished_homework()
    if unfinished:
        bot, language = application.bot, i18n.DEFAULT_LANGUAGE
        homework.resume(chat_of(services, bot, 0, None, sender_language=language), unfinished)


def resume_rounds(application: App, rounds: list[Round]) -> None:
    """Give each open round its timer again (or reveal it now if its time ran out)."""
    challenge.resume(rounds, services_of(application).timers, _chat_for(application))


def post_results(application: App, results: list[tuple[Round, float | None, list[Placed]]]) -> None:
    """Post the results scored but never posted, once the model is ready."""
    chat_for = _chat_for(application)
    for round_, answer, placed in results:

        async def post(result: tuple = (round_, answer, placed)) -> None:
            await challenge.post_unposted([result], chat_for)

        services_of(application).timers.at(
            ("result", round_.id), 0, post, lease=f"result:{round_.id}"
        )


async def say_interrupted(application: App) -> None:
    """Edit each status message of a training the last run never finished to say so."""
    classroom = services_of(application).classroom
    for chat_id, message_id, language in await classroom.interrupted_statuses():
        text = i18n.catalogue(language)("progress-interrupted")
        try:
            await application.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
        except TelegramError as error:  # deleted meanwhile, or the chat is gone
            log.info("Could not mark status %d in %d interrupted: %s", message_id, chat_id, error)
        await classroom.remove_status(chat_id, message_id)
