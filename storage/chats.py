"""Each chat's own settings (its lock, language, whether admins play, follow-ups, its first
lesson's step) and the status messages of the trainings running in it
(storage/classroom_schema.py): beside the
classroom's games (ClassroomStore.chats), on their connection and under their lock, one
transaction a call."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

from classroom.settings import ChatSettings

from .files import StateFile, Transaction

_COLUMNS = "locked, language, admins_play, followups, lesson_step"  # ChatSettings' fields


def _settings(row: Sequence[Any]) -> ChatSettings:
    """A chat_settings row (its _COLUMNS) as ChatSettings."""
    locked, language, admins_play, followups, lesson_step = row
    return ChatSettings(
        bool(locked), language, bool(admins_play), bool(followups), int(lesson_step)
    )


class ChatTables:
    """The chats' settings and their trainings' status messages."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock, file: StateFile) -> None:
        self._db = db
        self._lock = lock
        self._file = file

    def _transaction(self) -> Transaction:
        return Transaction(self._db, self._file, "a chat's settings")

    def chat_setting(self, chat_id: int) -> ChatSettings:
        """One chat's settings (the defaults without a row)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM chat_settings WHERE chat_id = ?",
                (chat_id,),
            ).fetchone()
        return ChatSettings() if row is None else _settings(row)

    # --- status messages of running trainings ------------------------------------------------

    def add_status(self, chat_id: int, message_id: int, language: str, worker: str) -> None:
        """A training's status message was posted (by `worker`)."""
        with self._lock, self._transaction():
            self._db.execute(
                "INSERT INTO training_statuses (chat_id, message_id, language, worker) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (chat_id, message_id, language, worker),
            )

    def remove_status(self, chat_id: int, message_id: int) -> None:
        """The training ended and its status message says so."""
        with self._lock, self._transaction():
            self._db.execute(
                "DELETE FROM training_statuses WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            )

    def statuses(self, alive: set[str]) -> list[tuple[int, int, str]]:
        """Status messages of trainings that never ended: the worker that posted them is not
        among the `alive` (it stopped under them)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT chat_id, message_id, language, worker FROM training_statuses"
            ).fetchall()
        return [(chat, message, language) for chat, message, language, worker in rows
                if worker not in alive]  # fmt: skip

    def chat_settings(self) -> dict[int, ChatSettings]:
        """Every chat's settings that differ from the defaults."""
        with self._lock:
            rows = self._db.execute(f"SELECT chat_id, {_COLUMNS} FROM chat_settings")
            return {chat_id: _settings(row) for chat_id, *row in rows}

    def save_chat_settings(self, chat_id: int, settings: ChatSettings) -> None:
        """Keep the chat's settings (the defaults: no row)."""
        with self._lock, self._transaction():
            if settings == ChatSettings():
                self._db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (chat_id,))
                return
            self._db.execute(
                f"INSERT INTO chat_settings (chat_id, {_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
                "locked = excluded.locked, language = excluded.language, "
                "admins_play = excluded.admins_play, followups = excluded.followups, "
                "lesson_step = excluded.lesson_step",
                (
                    chat_id,
                    int(settings.locked),
                    settings.language,
                    int(settings.admins_play),
                    int(settings.followups),
                    settings.lesson_step,
                ),
            )
