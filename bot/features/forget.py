"""/forget: delete this chat's stored state for good — after a confirmation button, and in a
group only by its admins (bot.features.access)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import arguments, challenge
from bot.features.arguments import UsageError
from bot.features.chat import Chat
from bot.features.replies import Button, Reply

CONFIRM = "/forget yes"


async def forget(chat: Chat, args: Sequence[str]) -> Reply:
    """/forget asks; /forget yes (its button) deletes."""
    t = chat.t  # the chat's language before its choice is deleted too
    words = [arguments.normalize(word) for word in args if word.strip()]
    if not words:
        return Reply(t("forget-ask"), buttons=((Button(t("forget-confirm"), CONFIRM),),))
    if words != ["yes"]:
        raise UsageError("forget_usage")
    chat.timers.cancel(challenge.timer_key(chat.chat_id))
    had_model = await chat.service.forget(chat.chat_id)
    gone = await chat.games.forget(chat.chat_id)
    done = t(
        "forget-done",
        model=int(had_model),
        rounds=gone["challenges"],
        guesses=gone["guesses"],
        scores=gone["scores"],
        quizzes=gone["quizzes"],
        tunes=gone["tunes"],
        presets=gone["presets"],
    )
    if gone["assignments"] or gone["homework"] or gone["class_members"]:
        homework = t(
            "forget-homework",
            assignments=gone["assignments"],
            homework=gone["homework"],
            members=gone["class_members"],
        )
        done = f"{done}\n{homework}"
    return Reply(done)
