"""A chat's rows as a whole, over every table of the classroom's and homework's: given to
another chat (a group that became a supergroup) or forgotten (/forget). Each runs inside the
caller's transaction (ClassroomStore.move, ClassroomStore.forget)."""

from __future__ import annotations

import sqlite3
import time

from . import homework


def move_chat(db: sqlite3.Connection, old: int, new: int) -> bool:
    """Give every row of chat `old` to chat `new` (inside the caller's transaction): its
    rounds (an open one replaces `new`'s), guesses, scores (added to any `new` has), quizzes
    (closed: their polls stay in the old group), tuning game and presets. Whether `old` had
    any (False the second time: moving twice is moving once)."""
    had = any(
        db.execute(f"SELECT 1 FROM {table} WHERE chat_id = ? LIMIT 1", (old,)).fetchone()
        for table in (
            "challenges",
            "scores",
            "quizzes",
            "tunes",
            "presets",
            "chat_settings",
            "assignments",
            "class_members",
        )
    )
    if not had:
        return False
    if db.execute(
        "SELECT 1 FROM challenges WHERE chat_id = ? AND revealed_at IS NULL", (old,)
    ).fetchone():
        db.execute(
            "UPDATE challenges SET revealed_at = ? WHERE chat_id = ? AND revealed_at IS NULL",
            (time.time(), new),
        )
    db.execute("UPDATE challenges SET chat_id = ? WHERE chat_id = ?", (new, old))
    db.execute(
        "INSERT INTO scores (chat_id, user_id, name, points, quiz_points) "
        "SELECT ?, user_id, name, points, quiz_points FROM scores WHERE chat_id = ? "
        "ON CONFLICT (chat_id, user_id) DO UPDATE SET "
        "points = scores.points + excluded.points, "
        "quiz_points = scores.quiz_points + excluded.quiz_points",
        (new, old),
    )
    db.execute("DELETE FROM scores WHERE chat_id = ?", (old,))
    db.execute("UPDATE quizzes SET chat_id = ?, closed = 1 WHERE chat_id = ?", (new, old))
    if db.execute("SELECT 1 FROM tunes WHERE chat_id = ?", (old,)).fetchone():
        db.execute("DELETE FROM tunes WHERE chat_id = ?", (new,))
        db.execute("UPDATE tunes SET chat_id = ? WHERE chat_id = ?", (new, old))
    db.execute("UPDATE presets SET chat_id = ? WHERE chat_id = ?", (new, old))
    if db.execute("SELECT 1 FROM chat_settings WHERE chat_id = ?", (old,)).fetchone():
        db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (new,))
        db.execute("UPDATE chat_settings SET chat_id = ? WHERE chat_id = ?", (new, old))
    homework.move_rows(db, old, new)
    return True


def forget_chat(db: sqlite3.Connection, chat_id: int) -> dict[str, int]:
    """Delete every row of the chat's — rounds and their guesses, scores, quizzes and their
    answers, its tuning game and settings, the presets it made that no other chat has
    opened (the others are someone else's setup now), its assignments and the work on them,
    the members it knew, and (a private chat) its own homework; how many went, by table."""
    gone = {
        "guesses": db.execute(
            "SELECT count(*) FROM guesses WHERE challenge_id IN "
            "(SELECT id FROM challenges WHERE chat_id = ?)",
            (chat_id,),
        ).fetchone()[0]
    }
    for table, condition in (
        ("challenges", "chat_id = ?"),
        ("scores", "chat_id = ?"),
        ("quizzes", "chat_id = ?"),
        ("tunes", "chat_id = ?"),
        ("presets", "chat_id = ? AND opened = 0"),
        ("training_statuses", "chat_id = ?"),
        ("chat_settings", "chat_id = ?"),
    ):
        gone[table] = db.execute(f"DELETE FROM {table} WHERE {condition}", (chat_id,)).rowcount
    gone.update(homework.forget_rows(db, chat_id))
    return gone
