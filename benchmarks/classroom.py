"""A class of thirty in a locked group, with Telegram's real flood limits (the fake Bot API keeps
them too): how long the teacher waits for their round while the class presses, and how many
messages and edits the group gets in its busiest minute — against one student alone."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.end_to_end import Bot, chat_ids
from benchmarks.report import emit
from tests.classes import ClassRun, play_locked_class

STUDENTS = tuple(range(5001, 5031))


def _played(bot: Bot, students: tuple[int, ...]) -> tuple[ClassRun, float]:
    run = play_locked_class(bot.api, -next(chat_ids), students, students[:10])
    run.wait_until_everyone_is_answered()
    return run, time.monotonic() - run.began


def class_of_thirty(folder: Path) -> None:
    """The teacher's wait, the busiest minute, and the time until every student heard back."""
    bot = Bot("bot", folder, BOT_MESSAGES_PER_SECOND="30")
    try:
        bot.ask(next(chat_ids), "/convert 1")  # the model has loaded
        alone, alone_answered = _played(bot, STUDENTS[:1])
        full, full_answered = _played(bot, STUDENTS)
    finally:
        bot.stop()
    emit(
        "class_of_30_teacher_wait",
        full.teacher_wait,
        "s",
        alone.teacher_wait,
        full.teacher_wait / max(alone.teacher_wait, 1e-3),
        "value <= 3 s (was 93 s); baseline: the same with one student",
    )
    emit(
        "class_of_30_busiest_minute",
        full.busiest_minute(),
        "messages",
        alone.busiest_minute(),
        full.busiest_minute() / max(alone.busiest_minute(), 1),
        "value <= 20 (Telegram's group limit); baseline: one student",
    )
    emit(
        "class_of_30_everyone_answered",
        full_answered,
        "s",
        alone_answered,
        full_answered / max(alone_answered, 1e-3),
        "report: until the last of 60 commands and 10 presses is answered (baseline: one student)",
    )


def main() -> None:
    """The classroom's figures."""
    with tempfile.TemporaryDirectory() as scratch:
        class_of_thirty(Path(scratch))
