"""Challenge rounds on Telegram beyond one update: their timers resumed (at start-up, after a
chat moved), and results that were scored but never posted, posted."""

from __future__ import annotations

from telegram.ext import Application

from classroom.challenge import Placed, Round

from . import challenges
from .chat import Chat
from .outbox import TelegramOutbox


def _chat_for(application: Application) -> challenges.ChatFor:
    data, bot = application.bot_data, application.bot

    async def chat_for(round_: Round) -> Chat:
        return Chat(
            service=await data["loader"].service(),
            chat_id=round_.chat_id,
            is_group=round_.is_group,
            started_at=data["started_at"],
            sender_language=round_.language,
            classroom=data["classroom"],
            outbox=TelegramOutbox(bot, round_.chat_id),
            timers=data["timers"],
            bot_username=bot.username,
        )

    return chat_for


def resume_rounds(application: Application, rounds: list[Round]) -> None:
    """Give each open round its timer again (or reveal it now if its time ran out)."""
    challenges.resume(rounds, application.bot_data["timers"], _chat_for(application))


def post_results(
    application: Application, results: list[tuple[Round, float | None, list[Placed]]]
) -> None:
    """Post the results scored but never posted, once the model is ready."""
    chat_for = _chat_for(application)
    for round_, answer, placed in results:

        async def post(result: tuple = (round_, answer, placed)) -> None:
            await challenges.post_unposted([result], chat_for)

        application.bot_data["timers"].at(("result", round_.id), 0, post)
