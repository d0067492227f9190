"""The classroom's tables, in the bot's SQLite file beside the model's sessions.

Rounds and their guesses, scores, quiz polls and who answered them, tuning games, presets and
each chat's settings (lock, language) have a table (storage/classroom_schema.py); every change
is one transaction, guarded like the sessions' (a full disk or a deleted file raises
storage.StorageError and changes nothing).
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from classroom.challenge import Guess, Placed, Round, rank
from classroom.errors import GameError
from classroom.scores import Score

from . import chat_rows
from .chats import ChatTables
from .classroom_schema import SCHEMA
from .coordination.schema import SCHEMA as COORDINATION_SCHEMA
from .database import describe, is_postgres
from .files import StateFile, Transaction, connect, connect_postgres
from .homework import HomeworkStore


class ClassroomStore:
    """The classroom's tables in the SQLite file at `location`, or in the PostgreSQL database
    it names (a DATABASE_URL). Thread-safe; one transaction a call."""

    def __init__(self, location: Path | str) -> None:
        self._lock = threading.Lock()
        self.location = location
        if isinstance(location, str) and is_postgres(location):
            self.path: Path | None = None
            self.where = describe(location)
            self._db = connect_postgres(location, "c2f-bot classroom")
            self._file = StateFile(None, self.where)
        else:
            self.path = Path(location)
            self.where = str(self.path)
            # A second connection to the model's file: WAL lets both read while one writes,
            # and the timeout waits out the other's write instead of failing.
            self._db = connect(self.path)
            self._db.execute("PRAGMA foreign_keys=ON")
            self._file = StateFile(self.path)
        self._migrate()
        self.homework = HomeworkStore(self._db, self._lock, self._file)
        self.chats = ChatTables(self._db, self._lock, self._file)

    def _migrate(self) -> None:
        """The classroom's tables, and the coordination's in the same database."""
        with self._lock:
            SCHEMA.migrate(self._db, self.where)
            COORDINATION_SCHEMA.migrate(self._db, self.where)

    def _transaction(self) -> Transaction:
        return Transaction(self._db, self._file, "a classroom change")

    @property
    def shared(self) -> bool:
        """Whether other workers may write these tables too (PostgreSQL)."""
        return self.path is None

    @property
    def version(self) -> int:
        """The classroom's schema version."""
        with self._lock:
            return SCHEMA.read_version(self._db)

    def close(self) -> None:
        """Close the connection (the model's store checkpoints the shared WAL)."""
        with self._lock:
            self._db.close()

    # --- challenges --------------------------------------------------------------------------

    def open_round(self, chat_id: int) -> Round | None:
        """The chat's open round, if any."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_ROUND} FROM challenges WHERE chat_id = ? AND revealed_at IS NULL",
                (chat_id,),
            ).fetchone()
        return None if row is None else _round(row)

    def open_rounds(self) -> list[Round]:
        """Every open round (to resume their timers at start-up)."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_ROUND} FROM challenges WHERE revealed_at IS NULL"
            ).fetchall()
        return [_round(row) for row in rows]

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
        with self._lock, self._transaction():
            try:
                round_id = self._db.execute(
                    "INSERT INTO challenges (chat_id, celsius, deadline, starter_id, language, "
                    "is_group) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (chat_id, celsius, deadline, starter_id, language, int(is_group)),
                ).fetchone()[0]
            except sqlite3.IntegrityError:
                raise GameError("challenge_open") from None
        return Round(round_id, chat_id, celsius, deadline, starter_id, language, is_group)

    def set_round_message(self, round_id: int, message_id: int) -> None:
        """The message that asked the question (replies to it are guesses)."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE challenges SET message_id = ? WHERE id = ?", (message_id, round_id)
            )

    def add_guess(self, chat_id: int, guess: Guess, reply_to: int | None = None) -> Round:
        """Record a member's guess (their latest counts) in the chat's open round.

        `reply_to`: the message the guess replied to; a reply to an earlier round's message is
        too late. GameError('round_over') when the round is over, ('no_challenge') without one.
        """
        with self._lock, self._transaction():
            row = self._db.execute(
                f"SELECT {_ROUND} FROM challenges WHERE chat_id = ? AND revealed_at IS NULL",
                (chat_id,),
            ).fetchone()
            current = None if row is None else _round(row)
            if current is None or (reply_to is not None and reply_to != current.message_id):
                self._raise_no_round(chat_id)
            self._db.execute(
                "INSERT INTO guesses (challenge_id, user_id, name, fahrenheit, at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (challenge_id, user_id) DO UPDATE SET "
                "name = excluded.name, fahrenheit = excluded.fahrenheit, at = excluded.at",
                (current.id, guess.user_id, guess.name, guess.fahrenheit, time.time()),
            )
        return current

    def _raise_no_round(self, chat_id: int) -> NoReturn:
        played = self._db.execute(
            "SELECT 1 FROM challenges WHERE chat_id = ? LIMIT 1", (chat_id,)
        ).fetchone()
        raise GameError("round_over" if played else "no_challenge")

    def is_challenge_message(self, chat_id: int, message_id: int) -> bool:
        """Whether `message_id` asked one of the chat's rounds (open or over)."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM challenges WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            ).fetchone()
        return row is not None

    def close_round(self, round_id: int, answer: float | None) -> list[Placed] | None:
        """End the round: rank its guesses against the model's `answer` (None: the model has
        no answer, nobody scores) and award the points, in one transaction; None if the round
        had already ended (a /reveal and the timer racing)."""
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "UPDATE challenges SET revealed_at = ?, answer = ?, announced = 0 "
                "WHERE id = ? AND revealed_at IS NULL",
                (time.time(), answer, round_id),
            )
            if cursor.rowcount == 0:
                return None
            chat_id = self._db.execute(
                "SELECT chat_id FROM challenges WHERE id = ?", (round_id,)
            ).fetchone()[0]
            placed = self._placed(round_id, answer)
            for entry in placed:
                if entry.points:
                    self._add_points(chat_id, entry.guess.user_id, entry.guess.name, entry.points)
        return placed

    def _placed(self, round_id: int, answer: float | None) -> list[Placed]:
        rows = self._db.execute(
            "SELECT user_id, name, fahrenheit FROM guesses WHERE challenge_id = ?", (round_id,)
        ).fetchall()
        guesses = [Guess(*row) for row in rows]
        if answer is None:
            return [Placed(g, math.inf, 0, 0) for g in guesses]
        return rank(guesses, answer)

    def result_posted(self, round_id: int) -> None:
        """The round's result reached its chat."""
        with self._lock, self._transaction():
            self._db.execute("UPDATE challenges SET announced = 1 WHERE id = ?", (round_id,))

    def unposted_results(
        self, revealed_before: float = math.inf
    ) -> list[tuple[Round, float | None, list[Placed]]]:
        """Rounds scored (before unix time `revealed_before`) whose result never reached their
        chat (the bot stopped, or Telegram failed, in between): each with the answer it was
        ranked against and its places."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_ROUND}, answer FROM challenges "
                "WHERE revealed_at IS NOT NULL AND announced = 0 AND revealed_at < ? ORDER BY id",
                (min(revealed_before, 1e300),),
            ).fetchall()
            return [(_round(row[:-1]), row[-1], self._placed(row[0], row[-1])) for row in rows]

    # --- scores --------------------------------------------------------------------------------

    def _add_points(
        self, chat_id: int, user_id: int, name: str, points: int, quiz: bool = False
    ) -> None:
        self._db.execute(
            "INSERT INTO scores (chat_id, user_id, name, points, quiz_points) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, user_id) DO UPDATE SET "
            "name = excluded.name, points = scores.points + excluded.points, "
            "quiz_points = scores.quiz_points + excluded.quiz_points",
            (chat_id, user_id, name, points, points if quiz else 0),
        )

    def scores(self, chat_id: int) -> list[Score]:
        """Every member's points in the chat."""
        with self._lock:
            rows = self._db.execute(
                "SELECT user_id, name, points FROM scores WHERE chat_id = ?", (chat_id,)
            ).fetchall()
        return [Score(*row) for row in rows]

    def reset_scores(self, chat_id: int) -> int:
        """Clear the chat's scoreboard; how many members it had."""
        with self._lock, self._transaction():
            return self._db.execute("DELETE FROM scores WHERE chat_id = ?", (chat_id,)).rowcount

    # --- quizzes -------------------------------------------------------------------------------

    def add_quiz(
        self, poll_id: str, chat_id: int, message_id: int, question: str, correct: list[int]
    ) -> None:
        """A quiz poll the bot sent."""
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO quizzes (poll_id, chat_id, message_id, question, correct, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (poll_id, chat_id, message_id, question, json.dumps(correct), time.time()),
            )

    def last_quiz(self, chat_id: int) -> tuple[str, int, str, bool] | None:
        """The chat's latest quiz: (poll id, message id, question, closed)."""
        with self._lock:
            row = self._db.execute(
                "SELECT poll_id, message_id, question, closed FROM quizzes WHERE chat_id = ? "
                "ORDER BY created_at DESC LIMIT 1",
                (chat_id,),
            ).fetchone()
        return None if row is None else (row[0], row[1], row[2], bool(row[3]))

    def quiz_chat(self, poll_id: str) -> int | None:
        """The chat a quiz poll was posted in, if the bot knows the poll."""
        with self._lock:
            row = self._db.execute(
                "SELECT chat_id FROM quizzes WHERE poll_id = ?", (poll_id,)
            ).fetchone()
        return None if row is None else row[0]

    def close_quiz(self, poll_id: str) -> None:
        """The poll was stopped."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE quizzes SET closed = 1, closed_at = ? WHERE poll_id = ?",
                (time.time(), poll_id),
            )

    def answer_quiz(
        self,
        poll_id: str,
        user_id: int,
        name: str,
        option_ids: list[int],
        arrived: float | None = None,
    ) -> bool | None:
        """A member's answer: a point if it is right and their first. Whether it scored; None
        when it was not counted at all. Answers to polls the bot doesn't know (another bot's, or
        forgotten), repeated ones, and answers that arrived (unix time `arrived`, default now)
        after the bot closed the poll, score nothing and are not counted."""
        arrived = time.time() if arrived is None else arrived
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT chat_id, correct, closed, closed_at FROM quizzes WHERE poll_id = ?",
                (poll_id,),
            ).fetchone()
            late = row is not None and row[2] and (row[3] is None or arrived >= row[3])
            if row is None or late or not option_ids:
                return None
            chat_id, correct = row[0], json.loads(row[1])
            right = sorted(option_ids) == sorted(correct)
            first = self._db.execute(
                "INSERT INTO quiz_answers (poll_id, user_id, was_right) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (poll_id, user_id, int(right)),
            ).rowcount
            if not first:
                return None
            if right:
                self._add_points(chat_id, user_id, name, 1, quiz=True)
        return right

    # --- tuning games and presets --------------------------------------------------------------

    def tune(self, chat_id: int) -> dict | None:
        """The chat's tuning game, as saved."""
        with self._lock:
            row = self._db.execute(
                "SELECT state FROM tunes WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return None if row is None else json.loads(row[0])

    def change_tune(self, chat_id: int, change: Callable[[dict | None], dict]) -> dict:
        """Read the chat's game, `change` it and save the result, in one transaction: presses
        on several workers at once all count."""
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT state FROM tunes WHERE chat_id = ?", (chat_id,)
            ).fetchone()
            state = change(None if row is None else json.loads(row[0]))
            self._db.execute(
                "INSERT INTO tunes (chat_id, state) VALUES (?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state",
                (chat_id, json.dumps(state)),
            )
        return state

    def save_tune(self, chat_id: int, state: dict) -> None:
        """Save the chat's tuning game (one per chat)."""
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO tunes (chat_id, state) VALUES (?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state",
                (chat_id, json.dumps(state)),
            )

    def preset(self, code: str, chat_id: int) -> dict | None:
        """The setup stored under `code`, for `chat_id` to load (counted if it is another's)."""
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT setup, chat_id FROM presets WHERE code = ?", (code,)
            ).fetchone()
            if row is not None and row[1] != chat_id:
                self._db.execute("UPDATE presets SET opened = opened + 1 WHERE code = ?", (code,))
        return None if row is None else json.loads(row[0])

    def add_preset(self, code: str, setup: dict, chat_id: int) -> None:
        """Store a setup under its code (the same setup twice is one row)."""
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO presets (code, setup, chat_id, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (code, json.dumps(setup, sort_keys=True), chat_id, time.time()),
            )

    # --- a chat's rows as a whole (storage/chat_rows.py) ---------------------------------------

    def move(self, old: int, new: int) -> bool:
        """Give every row of chat `old` to chat `new` (a group that became a supergroup), in one
        transaction; whether `old` had any (chat_rows.move_chat)."""
        with self._lock, self._transaction():
            return chat_rows.move_chat(self._db, old, new)

    def forget(self, chat_id: int) -> dict[str, int]:
        """Delete every row of the chat's, in one transaction; how many went, by table
        (chat_rows.forget_chat)."""
        with self._lock, self._transaction():
            return chat_rows.forget_chat(self._db, chat_id)


_ROUND = "id, chat_id, celsius, deadline, starter_id, language, is_group, message_id"


def _round(row: tuple) -> Round:
    id_, chat_id, celsius, deadline, starter_id, language, is_group, message_id = row
    return Round(id_, chat_id, celsius, deadline, starter_id, language, bool(is_group), message_id)
