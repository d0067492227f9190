"""Homework's tables (storage/classroom_schema.py, version 5): assignments, each student's work
on them, their follow-up quizzes and the members the bot has seen in each group. Beside the
classroom's games (ClassroomStore.homework): one lock, one connection, one transaction a
call."""

from __future__ import annotations

import json
import sqlite3
import threading

from classroom import presets
from classroom.errors import GameError
from classroom.homework import MAX_ASSIGNMENTS, MAX_OPEN, Assignment, Homework

from .files import StateFile, Transaction

_ASSIGNMENT = "id, code, chat_id, task, setup, language, set_at, due_at, message_id"
_HOMEWORK = "user_id, name, opened_at, last_at, done_at, trainings, epochs, best, state"


def _assignment(row: tuple) -> Assignment:
    id_, code, chat_id, task, setup, language, set_at, due_at, message_id = row
    stored = presets.from_json(json.loads(setup))
    return Assignment(id_, code, chat_id, task, stored, language, set_at, due_at, message_id)


def _homework(assignment: Assignment, row: tuple) -> Homework:
    user_id, name, opened_at, last_at, done_at, trainings, epochs, best, state = row
    return Homework(
        assignment, user_id, name, opened_at, last_at, done_at, trainings, epochs, best,
        json.loads(state),
    )  # fmt: skip


class HomeworkStore:
    """Homework's tables, on the classroom store's connection and under its lock (one
    transaction a call), as an object of its own."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock, file: StateFile) -> None:
        self._db = db
        self._lock = lock
        self._file = file

    def _transaction(self) -> Transaction:
        return Transaction(self._db, self._file, "a homework change")

    # --- assignments --------------------------------------------------------------------------

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
        with self._lock, self._transaction():
            db = self._db
            count = db.execute(
                "SELECT count(*) FROM assignments WHERE chat_id = ?", (chat_id,)
            ).fetchone()[0]
            if count >= MAX_ASSIGNMENTS:
                raise GameError("too_many_assignments", max=MAX_ASSIGNMENTS)
            row = db.execute(
                "INSERT INTO assignments (code, chat_id, task, setup, language, set_at, due_at) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING {_ASSIGNMENT}",
                (code, chat_id, task, json.dumps(setup), language, set_at, due_at),
            ).fetchone()
            for day, when in followups.items():
                db.execute(
                    "INSERT INTO followups (assignment_id, day, due_at) VALUES (?, ?, ?)",
                    (row[0], day, when),
                )
        return _assignment(row)

    def set_assignment_message(self, assignment_id: int, message_id: int) -> None:
        """The group's progress message of the assignment."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE assignments SET message_id = ? WHERE id = ?", (message_id, assignment_id)
            )

    def assignment(self, assignment_id: int) -> Assignment | None:
        """The assignment, if it is still kept."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_ASSIGNMENT} FROM assignments WHERE id = ?", (assignment_id,)
            ).fetchone()
        return None if row is None else _assignment(row)

    def assignments(self, chat_id: int) -> list[Assignment]:
        """The chat's assignments, oldest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_ASSIGNMENT} FROM assignments WHERE chat_id = ? ORDER BY set_at, id",
                (chat_id,),
            ).fetchall()
        return [_assignment(row) for row in rows]

    # --- a student's homework -----------------------------------------------------------------

    def open_homework(
        self, code: str, user_id: int, name: str, now: float, state: dict
    ) -> Homework:
        """A student opens an assignment (again): it becomes the one their chat is set up for,
        its `state` starts afresh. GameError('no_assignment') for a code nobody set (or whose
        group forgot it), ('too_much_homework') beyond MAX_OPEN unfinished ones."""
        with self._lock, self._transaction():
            db = self._db
            row = db.execute(
                f"SELECT {_ASSIGNMENT} FROM assignments WHERE code = ?", (code,)
            ).fetchone()
            if row is None:
                raise GameError("no_assignment")
            assignment = _assignment(row)
            unfinished = db.execute(
                "SELECT count(*) FROM homework WHERE user_id = ? AND done_at IS NULL "
                "AND assignment_id != ?",
                (user_id, assignment.id),
            ).fetchone()[0]
            known = db.execute(
                "SELECT done_at FROM homework WHERE assignment_id = ? AND user_id = ?",
                (assignment.id, user_id),
            ).fetchone()
            if known is None and unfinished >= MAX_OPEN:
                raise GameError("too_much_homework", max=MAX_OPEN)
            db.execute("UPDATE homework SET current = 0 WHERE user_id = ?", (user_id,))
            db.execute(
                "INSERT INTO homework (assignment_id, user_id, name, opened_at, last_at, state, "
                "current) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (assignment_id, user_id) DO "
                "UPDATE SET name = excluded.name, last_at = excluded.last_at, "
                "state = excluded.state, current = 1",
                (assignment.id, user_id, name, now, now, json.dumps(state)),
            )
            if assignment.chat_id < 0:  # a student of the group, whatever else they did there
                self._seen(assignment.chat_id, user_id, name, now)
            return self._homework_row(assignment, user_id)

    def _homework_row(self, assignment: Assignment, user_id: int) -> Homework:
        row = self._db.execute(
            f"SELECT {_HOMEWORK} FROM homework WHERE assignment_id = ? AND user_id = ?",
            (assignment.id, user_id),
        ).fetchone()
        return _homework(assignment, row)

    def current_homework(self, user_id: int) -> Homework | None:
        """The assignment the student's chat is set up for, with their work on it."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join('a.' + c for c in _ASSIGNMENT.split(', '))}, "
                f"{', '.join('h.' + c for c in _HOMEWORK.split(', '))} "
                "FROM homework h JOIN assignments a ON a.id = h.assignment_id "
                "WHERE h.user_id = ? AND h.current = 1",
                (user_id,),
            ).fetchone()
        if row is None:
            return None
        width = len(_ASSIGNMENT.split(", "))
        return _homework(_assignment(row[:width]), row[width:])

    def save_homework(self, homework: Homework) -> bool:
        """Keep a student's work; False if the assignment (or their work) was forgotten."""
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "UPDATE homework SET name = ?, last_at = ?, done_at = ?, trainings = ?, "
                "epochs = ?, best = ?, state = ? WHERE assignment_id = ? AND user_id = ?",
                (
                    homework.name,
                    homework.last_at,
                    homework.done_at,
                    homework.trainings,
                    homework.epochs,
                    homework.best,
                    json.dumps(homework.state),
                    homework.assignment.id,
                    homework.user_id,
                ),
            )
        return cursor.rowcount == 1

    def homework_on(self, assignment: Assignment) -> list[Homework]:
        """Every student's work on the assignment."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_HOMEWORK} FROM homework WHERE assignment_id = ? ORDER BY opened_at",
                (assignment.id,),
            ).fetchall()
        return [_homework(assignment, row) for row in rows]

    def homework_of(self, user_id: int) -> list[Homework]:
        """A student's work on every assignment they opened, the latest opened first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT assignment_id FROM homework WHERE user_id = ? ORDER BY opened_at DESC",
                (user_id,),
            ).fetchall()
            found = []
            for (assignment_id,) in rows:
                row = self._db.execute(
                    f"SELECT {_ASSIGNMENT} FROM assignments WHERE id = ?", (assignment_id,)
                ).fetchone()
                found.append(self._homework_row(_assignment(row), user_id))
        return found

    def unfinished_homework(self) -> list[Homework]:
        """Every student's work not done yet on an assignment with a progress message."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join('a.' + c for c in _ASSIGNMENT.split(', '))}, "
                f"{', '.join('h.' + c for c in _HOMEWORK.split(', '))} "
                "FROM homework h JOIN assignments a ON a.id = h.assignment_id "
                "WHERE h.done_at IS NULL AND a.message_id IS NOT NULL"
            ).fetchall()
        width = len(_ASSIGNMENT.split(", "))
        return [_homework(_assignment(row[:width]), row[width:]) for row in rows]

    # --- the class -----------------------------------------------------------------------------

    def _seen(self, chat_id: int, user_id: int, name: str, at: float) -> None:
        self._db.execute(
            "INSERT INTO class_members (chat_id, user_id, name, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name, "
            "seen_at = excluded.seen_at",
            (chat_id, user_id, name, at),
        )

    def seen(self, chat_id: int, user_id: int, name: str, at: float) -> None:
        """A student of the group did something there (a command, a press, a quiz answer)."""
        with self._lock, self._transaction():
            self._seen(chat_id, user_id, name, at)

    def members(self, chat_id: int) -> dict[int, str]:
        """The students the bot has seen in the group: user id → name."""
        with self._lock:
            rows = self._db.execute(
                "SELECT user_id, name FROM class_members WHERE chat_id = ?", (chat_id,)
            ).fetchall()
        return dict(rows)

    def points(self, chat_id: int) -> dict[int, tuple[str, int, int, int]]:
        """Each member's (name, challenge points, quiz points, follow-ups answered right)."""
        with self._lock:
            scores = self._db.execute(
                "SELECT user_id, name, points - quiz_points, quiz_points FROM scores "
                "WHERE chat_id = ?",
                (chat_id,),
            ).fetchall()
            followed = self._db.execute(
                "SELECT qa.user_id, count(*) FROM quiz_answers qa "
                "JOIN followups f ON f.poll_id = qa.poll_id "
                "JOIN assignments a ON a.id = f.assignment_id "
                "WHERE a.chat_id = ? AND qa.was_right = 1 GROUP BY qa.user_id",
                (chat_id,),
            ).fetchall()
        right = dict(followed)
        found = {user: (name, c, q, right.pop(user, 0)) for user, name, c, q in scores}
        for user, count in right.items():  # right, but the points were reset since
            found[user] = ("", 0, 0, count)
        return found

    # --- follow-ups ---------------------------------------------------------------------------

    def pending_followups(self) -> list[tuple[Assignment, int, float]]:
        """Every follow-up not yet posted: (assignment, day, when), the earliest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join('a.' + c for c in _ASSIGNMENT.split(', '))}, f.day, f.due_at "
                "FROM followups f JOIN assignments a ON a.id = f.assignment_id "
                "WHERE f.posted_at IS NULL ORDER BY f.due_at"
            ).fetchall()
        return [(_assignment(row[:-2]), row[-2], row[-1]) for row in rows]

    def followup_due(self, assignment_id: int, day: int) -> bool:
        """Whether the follow-up is still to be posted (neither posted nor skipped)."""
        with self._lock:
            return (
                self._db.execute(
                    "SELECT 1 FROM followups WHERE assignment_id = ? AND day = ? "
                    "AND posted_at IS NULL",
                    (assignment_id, day),
                ).fetchone()
                is not None
            )

    def claim_followup(self, assignment_id: int, day: int, now: float) -> bool:
        """Take the follow-up to post it: True once, False ever after (or if it is gone); the
        earlier follow-ups of the assignment still unposted are skipped (a bot that was down
        posts the latest one, not a pile)."""
        with self._lock, self._transaction():
            claimed = self._db.execute(
                "UPDATE followups SET posted_at = ? WHERE assignment_id = ? AND day = ? "
                "AND posted_at IS NULL",
                (now, assignment_id, day),
            ).rowcount
            if claimed:
                self._db.execute(
                    "UPDATE followups SET posted_at = ? WHERE assignment_id = ? AND day < ? "
                    "AND posted_at IS NULL",
                    (now, assignment_id, day),
                )
        return bool(claimed)

    def followup_posted(self, assignment_id: int, day: int, poll_id: str) -> None:
        """The follow-up became the quiz poll `poll_id`."""
        with self._lock, self._transaction():
            self._db.execute(
                "UPDATE followups SET poll_id = ? WHERE assignment_id = ? AND day = ?",
                (poll_id, assignment_id, day),
            )

    def followups_posted(self, chat_id: int) -> list[tuple[int, int, str | None]]:
        """(assignment id, day, poll id) of the chat's follow-ups taken so far."""
        with self._lock:
            return self._db.execute(
                "SELECT f.assignment_id, f.day, f.poll_id FROM followups f "
                "JOIN assignments a ON a.id = f.assignment_id "
                "WHERE a.chat_id = ? AND f.posted_at IS NOT NULL ORDER BY f.posted_at",
                (chat_id,),
            ).fetchall()


def forget_rows(db: sqlite3.Connection, chat_id: int) -> dict[str, int]:
    """A group's assignments (their work and follow-ups with them) and members; a private
    chat's own work on any assignment and the ones it set itself. Inside the caller's
    transaction (chat_rows.forget_chat)."""
    work = db.execute(
        "SELECT count(*) FROM homework WHERE user_id = ? OR assignment_id IN "
        "(SELECT id FROM assignments WHERE chat_id = ?)",
        (chat_id, chat_id),
    ).fetchone()[0]
    db.execute("DELETE FROM homework WHERE user_id = ?", (chat_id,))
    assignments = db.execute("DELETE FROM assignments WHERE chat_id = ?", (chat_id,)).rowcount
    members = db.execute("DELETE FROM class_members WHERE chat_id = ?", (chat_id,)).rowcount
    return {"assignments": assignments, "homework": work, "class_members": members}


def move_rows(db: sqlite3.Connection, old: int, new: int) -> None:
    """Give chat `old`'s assignments and members to chat `new`. Inside move()'s
    transaction."""
    db.execute("UPDATE assignments SET chat_id = ? WHERE chat_id = ?", (new, old))
    db.execute(
        "INSERT INTO class_members (chat_id, user_id, name, seen_at) "
        "SELECT ?, user_id, name, seen_at FROM class_members WHERE chat_id = ? "
        "ON CONFLICT (chat_id, user_id) DO UPDATE SET name = excluded.name, "
        "seen_at = excluded.seen_at",
        (new, old),
    )
    db.execute("DELETE FROM class_members WHERE chat_id = ?", (old,))
