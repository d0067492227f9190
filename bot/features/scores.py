"""/score: the chat's points from challenges and quizzes, top ten; /score reset and
/score admins on|off (whether a group's admins play for points; by default they watch) for
its admins."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import access, arguments
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
    if len(words) == 2 and words[0] == "admins" and words[1] in _SWITCH and chat.is_group:
        play = _SWITCH[words[1]]
        await games.set_admins_play(chat.chat_id, play)
        return Reply(t("score-admins-play" if play else "score-admins-watch"))
    if words:
        raise UsageError("score_usage")
    board = await games.scoreboard(chat.chat_id)
    watching = access.admins_watch(
        is_group=chat.is_group, admins_play=games.admins_play(chat.chat_id)
    )
    lines = [t("score-head") if board else t("score-empty")]
    lines += [
        t("score-line", rank=s.rank, name=formatting.person(s.name), points=s.points) for s in board
    ]
    if watching:
        lines.append(t("score-admins-out"))
    return Reply("\n".join(lines))


_SWITCH = {"on": True, "off": False}
