"""The operator's commands (ADMIN_IDS): /retrain the shared default model, /stats."""

from __future__ import annotations

import dataclasses
import os
import resource
import time
from collections.abc import Sequence
from pathlib import Path

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.lesson import trained_reply
from bot.features.replies import Reply
from bot.text.i18n import Catalogue
from model import Dataset


async def retrain(chat: Chat, args: Sequence[str]) -> Reply:
    """/retrain [epochs] [lr] (operators): retrain the shared default model."""
    settings = arguments.parse_train(args)
    async with chat.progress() as report:
        result = await chat.service.retrain_default(settings, on_progress=report)
    reply = await trained_reply(chat, result, chat.t("retrained-shared") + "\n", Dataset())
    return dataclasses.replace(reply, buttons=())  # the shared model has no buttons of its own


async def stats(chat: Chat, args: Sequence[str]) -> Reply:
    """/stats (operators)."""
    arguments.parse_no_args(args)
    s = await chat.service.bot_stats()
    memory_mb = _resident_mb()
    text = _stats_text(
        chat.t,
        s.sessions,
        s.trained_sessions,
        s.trainings,
        s.running_trainings,
        time.monotonic() - chat.started_at,
        memory_mb,
    )
    if s.workers is not None:
        text += "\n" + chat.t("stats-workers", workers=s.workers)
    return Reply(text)


def _resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _stats_text(
    t: Catalogue,
    sessions: int,
    trained: int,
    trainings: int,
    running: int,
    uptime: float,
    memory_mb: float,
) -> str:
    """/stats for operators."""
    hours, rest = divmod(int(uptime), 3600)
    return t(
        "stats",
        sessions=sessions,
        trained=trained,
        trainings=trainings,
        running=running,
        hours=hours,
        minutes=rest // 60,
        memory=f"{memory_mb:.0f}",
    )
