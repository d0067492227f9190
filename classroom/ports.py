"""What the classroom needs from its storage, as protocols: the games' tables and homework's,
each a store object of its own (implemented by the `storage` package, on SQLite or
PostgreSQL). Every call is one transaction; a change that cannot be stored raises
storage.StorageError and changes nothing."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from .challenge import Guess, Placed, Round
from .homework import Assignment, Homework
from .scores import Score
from .settings import ChatSettings


class HomeworkTables(Protocol):
    """Homework's tables (storage.homework.HomeworkStore): one transaction a call."""

    def add_assignment(
        self,
        code: str,
        chat_id: int,
        task: str,
        setup: dict,
        language: str,
        set_at: float,
        due_at: float | None,
        followups: dict[int, float],
    ) -> Assignment:
        """Set a task in a chat, with its follow-ups (day → when); GameError('too_many_
        assignments') once the chat keeps MAX_ASSIGNMENTS."""
        ...

    def set_assignment_message(self, assignment_id: int, message_id: int) -> None:
        """The group's progress message of the assignment."""
        ...

    def assignment(self, assignment_id: int) -> Assignment | None:
        """The assignment, if it is still kept."""
        ...

    def assignments(self, chat_id: int) -> list[Assignment]:
        """The chat's assignments, oldest first."""
        ...

    def open_homework(
        self, code: str, user_id: int, name: str, now: float, state: dict
    ) -> Homework:
        """A student opens an assignment (again): it becomes the one their chat is set up for, its
        `state` starts afresh."""
        ...

    def current_homework(self, user_id: int) -> Homework | None:
        """The assignment the student's chat is set up for, with their work on it."""
        ...

    def save_homework(self, homework: Homework) -> bool:
        """Keep a student's work; False if the assignment (or their work) was forgotten."""
        ...

    def homework_on(self, assignment: Assignment) -> list[Homework]:
        """Every student's work on the assignment."""
        ...

    def homework_of(self, user_id: int) -> list[Homework]:
        """A student's work on every assignment they opened, the latest opened first."""
        ...

    def unfinished_homework(self) -> list[Homework]:
        """Every student's work not done yet on an assignment with a progress message."""
        ...

    def seen(self, chat_id: int, user_id: int, name: str, at: float) -> None:
        """A student of the group did something there (a command, a press, a quiz answer)."""
        ...

    def members(self, chat_id: int) -> dict[int, str]:
        """The students the bot has seen in the group: user id → name."""
        ...

    def points(self, chat_id: int) -> dict[int, tuple[str, int, int, int]]:
        """Each member's (name, challenge points, quiz points, follow-ups answered right)."""
        ...

    def pending_followups(self) -> list[tuple[Assignment, int, float]]:
        """Every follow-up not yet posted: (assignment, day, when), the earliest first."""
        ...

    def followup_due(self, assignment_id: int, day: int) -> bool:
        """Whether the follow-up is still to be posted (neither posted nor skipped)."""
        ...

    def claim_followup(self, assignment_id: int, day: int, now: float) -> bool:
        """Take the follow-up to post it: True once, False ever after (or if it is gone); the
        earlier follow-ups of the assignment still unposted are skipped (a bot that was down posts
        the latest one, not a pile)."""
        ...

    def followup_posted(self, assignment_id: int, day: int, poll_id: str) -> None:
        """The follow-up became the quiz poll `poll_id`."""
        ...

    def followups_posted(self, chat_id: int) -> list[tuple[int, int, str | None]]:
        """(assignment id, day, poll id) of the chat's follow-ups taken so far."""
        ...


class ChatTables(Protocol):
    """Each chat's settings and its trainings' status messages (storage.chats.ChatTables)."""

    def chat_setting(self, chat_id: int) -> ChatSettings:
        """One chat's settings (the defaults without a row)."""
        ...

    def chat_settings(self) -> dict[int, ChatSettings]:
        """Every chat's settings that differ from the defaults."""
        ...

    def save_chat_settings(self, chat_id: int, settings: ChatSettings) -> None:
        """Keep the chat's settings (the defaults: no row)."""
        ...

    def add_status(self, chat_id: int, message_id: int, language: str, worker: str) -> None:
        """A training's status message was posted (by `worker`)."""
        ...

    def remove_status(self, chat_id: int, message_id: int) -> None:
        """The training ended and its status message says so."""
        ...

    def statuses(self, alive: set[str]) -> list[tuple[int, int, str]]:
        """Status messages of trainings that never ended: the worker that posted them is not among
        the `alive` (it stopped under them)."""
        ...


class GameTables(Protocol):
    """The games' tables (storage.classroom.ClassroomStore): one transaction a call."""

    @property
    def homework(self) -> HomeworkTables:
        """Homework's tables, beside the games'."""
        ...

    @property
    def chats(self) -> ChatTables:
        """The chats' settings and status messages, beside the games'."""
        ...

    @property
    def shared(self) -> bool:
        """Whether other processes write these tables too (kept settings may be stale)."""
        ...

    def close(self) -> None:
        """Close the connection (the model's store checkpoints the shared WAL)."""
        ...

    def open_round(self, chat_id: int) -> Round | None:
        """The chat's open round, if any."""
        ...

    def open_rounds(self) -> list[Round]:
        """Every open round (to resume their timers at start-up)."""
        ...

    def start_round(
        self,
        chat_id: int,
        celsius: float,
        deadline: float,
        starter_id: int,
        language: str,
        is_group: bool,
    ) -> Round:
        """Open a round; GameError('challenge_open') if the chat has one open."""
        ...

    def set_round_message(self, round_id: int, message_id: int) -> None:
        """The message that asked the question (replies to it are guesses)."""
        ...

    def add_guess(self, chat_id: int, guess: Guess, reply_to: int | None = None) -> Round:
        """Record a member's guess (their latest counts) in the chat's open round."""
        ...

    def is_challenge_message(self, chat_id: int, message_id: int) -> bool:
        """Whether `message_id` asked one of the chat's rounds (open or over)."""
        ...

    def close_round(self, round_id: int, answer: float | None) -> list[Placed] | None:
        """End the round: rank its guesses against the model's `answer` (None: the model has no
        answer, nobody scores)"""
        ...

    def result_posted(self, round_id: int) -> None:
        """The round's result reached its chat."""
        ...

    def unposted_results(
        self, revealed_before: float = math.inf
    ) -> list[tuple[Round, float | None, list[Placed]]]:
        """Rounds scored (before unix time `revealed_before`)"""
        ...

    def scores(self, chat_id: int) -> list[Score]:
        """Every member's points in the chat."""
        ...

    def reset_scores(self, chat_id: int) -> int:
        """Clear the chat's scoreboard; how many members it had."""
        ...

    def add_quiz(
        self, poll_id: str, chat_id: int, message_id: int, question: str, correct: list[int]
    ) -> None:
        """A quiz poll the bot sent."""
        ...

    def last_quiz(self, chat_id: int) -> tuple[str, int, str, bool] | None:
        """The chat's latest quiz: (poll id, message id, question, closed)."""
        ...

    def quiz_chat(self, poll_id: str) -> int | None:
        """The chat a quiz poll was posted in, if the bot knows the poll."""
        ...

    def close_quiz(self, poll_id: str) -> None:
        """The poll was stopped."""
        ...

    def answer_quiz(
        self,
        poll_id: str,
        user_id: int,
        name: str,
        option_ids: list[int],
        arrived: float | None = None,
    ) -> bool | None:
        """A member's answer: a point if it is right and their first."""
        ...

    def tune(self, chat_id: int) -> dict | None:
        """The chat's tuning game, as saved."""
        ...

    def change_tune(self, chat_id: int, change: Callable[[dict | None], dict]) -> dict:
        """Read the chat's game, `change` it and save the result, in one transaction: presses on
        several workers at once all count."""
        ...

    def save_tune(self, chat_id: int, state: dict) -> None:
        """Save the chat's tuning game (one per chat)."""
        ...

    def preset(self, code: str, chat_id: int) -> dict | None:
        """The setup stored under `code`, for `chat_id` to load (counted if it is another's)."""
        ...

    def add_preset(self, code: str, setup: dict, chat_id: int) -> None:
        """Store a setup under its code (the same setup twice is one row)."""
        ...

    def move(self, old: int, new: int) -> bool:
        """Give every row of chat `old` to chat `new`, in one transaction: its rounds (an open one
        replaces `new`'s), guesses, scores (added to any `new` has), quizzes (closed: their polls
        stay in the old group), tuning game and presets."""
        ...

    def forget(self, chat_id: int) -> dict[str, int]:
        """Delete every row of the chat's — rounds and their guesses, scores, quizzes and their
        answers, its tuning game and settings, the presets it made that no other chat has opened
        (the others are someone else's setup now), its assignments and the work on them, the members
        it knew, and (a private chat)"""
        ...
