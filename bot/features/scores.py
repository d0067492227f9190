"""/score: the chat's points from challenges and quizzes, top ten; /score reset for admins."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import arguments
from bot.features.arguments import UsageError
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text import formatting


async def score(chat: Chat, args: Sequence[str]) -> Reply:
    """/score [reset]"""
    t, games = chat.t, chat.games
    words = [arguments.normalize(word) for word in args if word.strip()]
    if words == ["reset"]:
        return Reply(t("score-reset", count=await games.reset_scores(chat.chat_id)))
    if words:
        raise UsageError("score_usage")
    board = await games.scoreboard(chat.chat_id)
    if not board:
        return Reply(t("score-empty"))
    lines = [t("score-head")]
    lines += [
        t("score-line", rank=s.rank, name=formatting.person(s.name), points=s.points) for s in board
    ]
    return Reply("\n".join(lines))
