"""The async face of homework (held by Classroom): every call on the classroom's writer
thread, in order, like the games'."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from model.settings import Setup

from . import presets
from .homework import FOLLOW_UP_DAYS, Assignment, Homework, new_code
from .ports import HomeworkTables

T = TypeVar("T")


class Run(Protocol):
    """A store call on the classroom's writer thread, awaited."""

    async def __call__(self, call: Callable[..., T], *args: Any) -> T: ...


class HomeworkDesk:
    """Assignments, students' work on them, follow-ups and each group's members, in `store`;
    `run` puts each call on the classroom's writer thread."""

    def __init__(self, store: HomeworkTables, run: Run) -> None:
        self._homework = store
        self._run = run
        self._seen_members: dict[tuple[int, int], str] = {}  # (group, user) → name written

    def forget_members(self, chat_id: int) -> None:
        """The chat was forgotten: its members are written again when next seen."""
        for key in [key for key in self._seen_members if chat_id in key]:
            del self._seen_members[key]

    async def assign(
        self,
        chat_id: int,
        task: str,
        setup: Setup,
        language: str,
        due_in: float | None,
        day_seconds: float,
    ) -> Assignment:
        """Set `task` in the chat from `setup` (due `due_in` seconds from now, if given), its
        follow-ups a day and a week (of `day_seconds`) later."""
        now = time.time()
        due_at = None if due_in is None else now + due_in
        followups = {day: now + day * day_seconds for day in FOLLOW_UP_DAYS}
        store = self._homework
        stored = presets.to_json(setup)
        return await self._run(
            store.add_assignment, new_code(), chat_id, task, stored, language, now, due_at,
            followups,
        )  # fmt: skip

    async def assignment_posted(self, assignment: Assignment, message_id: int) -> None:
        """The assignment's progress message was posted as `message_id`."""
        await self._run(self._homework.set_assignment_message, assignment.id, message_id)

    async def assignment(self, assignment_id: int) -> Assignment | None:
        """The assignment, if still kept."""
        return await self._run(self._homework.assignment, assignment_id)

    async def assignments(self, chat_id: int) -> list[Assignment]:
        """The chat's assignments, oldest first."""
        return await self._run(self._homework.assignments, chat_id)

    async def open_homework(self, code: str, user_id: int, name: str, state: dict) -> Homework:
        """A student opens the assignment `code` (see HomeworkTables.open_homework)."""
        store = self._homework
        return await self._run(store.open_homework, code, user_id, name, time.time(), state)

    async def current_homework(self, user_id: int) -> Homework | None:
        """The assignment the student's private chat is set up for, and their work on it."""
        return await self._run(self._homework.current_homework, user_id)

    async def save_homework(self, homework: Homework) -> bool:
        """Keep a student's work (False: it was forgotten meanwhile)."""
        return await self._run(self._homework.save_homework, homework)

    async def homework_on(self, assignment: Assignment) -> list[Homework]:
        """Every student's work on the assignment."""
        return await self._run(self._homework.homework_on, assignment)

    async def homework_of(self, user_id: int) -> list[Homework]:
        """A student's work on every assignment they opened."""
        return await self._run(self._homework.homework_of, user_id)

    async def unfinished_homework(self) -> list[Homework]:
        """Every student's unfinished work on an assignment with a progress message."""
        return await self._run(self._homework.unfinished_homework)

    async def seen(self, chat_id: int, user_id: int, name: str) -> None:
        """A student of the group did something there (written once per name and run)."""
        if self._seen_members.get((chat_id, user_id)) == name:
            return
        await self._run(self._homework.seen, chat_id, user_id, name, time.time())
        self._seen_members[chat_id, user_id] = name

    async def members(self, chat_id: int) -> dict[int, str]:
        """The students the bot has seen in the group."""
        return await self._run(self._homework.members, chat_id)

    async def points(self, chat_id: int) -> dict[int, tuple[str, int, int, int]]:
        """Each member's (name, challenge points, quiz points, follow-ups answered right)."""
        return await self._run(self._homework.points, chat_id)

    async def pending_followups(self) -> list[tuple[Assignment, int, float]]:
        """Every follow-up not yet posted: (assignment, day, when)."""
        return await self._run(self._homework.pending_followups)

    async def followup_due(self, assignment: Assignment, day: int) -> bool:
        """Whether the follow-up is still to be posted."""
        return await self._run(self._homework.followup_due, assignment.id, day)

    async def claim_followup(self, assignment: Assignment, day: int) -> bool:
        """Take the follow-up to post it: True once, across restarts."""
        return await self._run(self._homework.claim_followup, assignment.id, day, time.time())

    async def followup_posted(self, assignment: Assignment, day: int, poll_id: str) -> None:
        """The follow-up became the quiz poll `poll_id`."""
        await self._run(self._homework.followup_posted, assignment.id, day, poll_id)

    async def followups_posted(self, chat_id: int) -> list[tuple[int, int, str | None]]:
        """(assignment id, day, poll id) of the chat's follow-ups taken so far."""
        return await self._run(self._homework.followups_posted, chat_id)
