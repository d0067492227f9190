"""The classroom's tables and how each release's file is brought up to date (storage.migrations'
`Schema`, the same mechanism as the sessions' store; the classroom keeps its version in the
`classroom_schema` table, so the stores migrate independently)."""

from __future__ import annotations

import sqlite3

from .database import dialect
from .migrations import Schema, has_table, version_table


def _create_v1(db: sqlite3.Connection) -> None:
    _execute_all(
        db,
        """
        CREATE TABLE challenges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id INTEGER NOT NULL,
            celsius REAL NOT NULL,
            deadline REAL NOT NULL,          -- unix time the round reveals by itself
            starter_id INTEGER NOT NULL,
            language TEXT NOT NULL,          -- the starter's, for a reveal nobody asked for
            is_group INTEGER NOT NULL,
            message_id INTEGER,              -- the challenge message: replies to it are guesses
            revealed_at REAL                 -- NULL while the round is open
        );
        CREATE UNIQUE INDEX one_open_round ON challenges (chat_id) WHERE revealed_at IS NULL;
        CREATE TABLE guesses (
            challenge_id INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            fahrenheit REAL NOT NULL,
            at REAL NOT NULL,
            PRIMARY KEY (challenge_id, user_id)
        );
        CREATE TABLE scores (
            chat_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            points INTEGER NOT NULL,
            PRIMARY KEY (chat_id, user_id)
        );
        CREATE TABLE quizzes (
            poll_id TEXT PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            question TEXT NOT NULL,          -- which question of the bank
            correct TEXT NOT NULL,           -- JSON: the correct option ids
            closed INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE INDEX quizzes_by_chat ON quizzes (chat_id, created_at);
        CREATE TABLE quiz_answers (
            poll_id TEXT NOT NULL REFERENCES quizzes (poll_id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            PRIMARY KEY (poll_id, user_id)
        );
        CREATE TABLE tunes (
            chat_id INTEGER PRIMARY KEY,
            state TEXT NOT NULL              -- JSON: the game (classroom.tune.TuneGame)
        );
        CREATE TABLE presets (
            code TEXT PRIMARY KEY,           -- the /start payload: a hash of the setup
            setup TEXT NOT NULL,             -- JSON: classroom.presets.Setup
            chat_id INTEGER NOT NULL,        -- the chat that first shared it
            created_at REAL NOT NULL,
            opened INTEGER NOT NULL DEFAULT 0  -- times other chats loaded it
        );
        """,
    )


def _execute_all(db: sqlite3.Connection, script: str) -> None:
    """Each statement of `script` inside the caller's transaction (executescript would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _add_announcements_v2(db: sqlite3.Connection) -> None:
    """A round's result is kept until it is posted: the model's answer it was ranked against,
    and whether the result reached the chat (the rounds before this version all did); and when
    a quiz was closed, so that answers arriving later score nothing; and the status messages of
    running trainings, so that a restart can say which were interrupted."""
    db.execute("ALTER TABLE challenges ADD COLUMN answer REAL")  # NULL: the model had none
    db.execute("ALTER TABLE challenges ADD COLUMN announced INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE quizzes ADD COLUMN closed_at REAL")  # when the bot stopped the poll
    db.execute(
        """CREATE TABLE training_statuses (  -- "Training… 30 %" messages of running trainings
               chat_id INTEGER NOT NULL,
               message_id INTEGER NOT NULL,
               language TEXT NOT NULL,
               PRIMARY KEY (chat_id, message_id)
           )"""
    )


def _add_chat_settings_v3(db: sqlite3.Connection) -> None:
    """A chat's own settings (a group's lock, the language chosen with /lang) are the
    classroom's, no longer kept in the model's sessions: they are copied from there."""
    db.execute(
        """CREATE TABLE chat_settings (
               chat_id INTEGER PRIMARY KEY,
               locked INTEGER NOT NULL DEFAULT 0,  -- its admins locked the commands that change it
               language TEXT                       -- chosen with /lang; NULL: each sender's own
           )"""
    )
    # Only an SQLite file can hold sessions from before version 3 (PostgreSQL came later).
    if dialect(db) == "sqlite" and has_table(db, "sessions"):
        db.execute(
            """INSERT INTO chat_settings (chat_id, locked, language)
               SELECT CAST(key AS INTEGER), coalesce(json_extract(meta, '$.locked'), 0),
                      json_extract(meta, '$.language')
               FROM sessions
               WHERE key != 'default' AND (json_extract(meta, '$.locked')
                                           OR json_extract(meta, '$.language') IS NOT NULL)"""
        )


def _add_admins_play_v4(db: sqlite3.Connection) -> None:
    """Whether a group's admins play its games for points (by default they don't: the teacher
    runs the class, the scoreboard is the students')."""
    db.execute("ALTER TABLE chat_settings ADD COLUMN admins_play INTEGER NOT NULL DEFAULT 0")


def _add_homework_v5(db: sqlite3.Connection) -> None:
    """Homework: assignments a chat set, each student's work on them, the follow-up quizzes; the
    members a group's report lists; whether each quiz answer was right (answers before this
    version: unknown) and the points a member won with quizzes (before: counted as challenges')."""
    _execute_all(
        db,
        """
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            code TEXT NOT NULL UNIQUE,       -- the /start payload of its deep link
            chat_id INTEGER NOT NULL,        -- the group that set it (or a private chat itself)
            task TEXT NOT NULL,              -- classroom.homework.TASKS
            setup TEXT NOT NULL,             -- JSON: the teacher's setup, as presets keep it
            language TEXT NOT NULL,          -- the group's, for its progress message
            set_at REAL NOT NULL,
            due_at REAL,                     -- NULL: no due time
            message_id INTEGER               -- the group's progress message
        );
        CREATE INDEX assignments_by_chat ON assignments (chat_id, set_at);
        CREATE TABLE homework (              -- one student's work on one assignment
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            opened_at REAL NOT NULL,
            last_at REAL NOT NULL,           -- their last command: "stuck" 5 minutes after
            done_at REAL,
            trainings INTEGER NOT NULL DEFAULT 0,
            epochs INTEGER NOT NULL DEFAULT 0,
            best REAL,                       -- the best measurement against the goal
            state TEXT NOT NULL DEFAULT '{}',  -- JSON: since last opened (epochs, streak, ...)
            current INTEGER NOT NULL DEFAULT 0,  -- the one their private chat is set up for
            PRIMARY KEY (assignment_id, user_id)
        );
        CREATE INDEX homework_by_user ON homework (user_id);
        CREATE TABLE followups (
            assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
            day INTEGER NOT NULL,
            due_at REAL NOT NULL,
            posted_at REAL,                  -- claimed: posted (or skipped) once, never again
            poll_id TEXT,                    -- the quiz poll it became (NULL: skipped)
            PRIMARY KEY (assignment_id, day)
        );
        CREATE TABLE class_members (         -- who the bot has seen in a group: its report's rows
            chat_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            seen_at REAL NOT NULL,
            PRIMARY KEY (chat_id, user_id)
        );
        ALTER TABLE quiz_answers ADD COLUMN was_right INTEGER;
        ALTER TABLE scores ADD COLUMN quiz_points INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE chat_settings ADD COLUMN followups INTEGER NOT NULL DEFAULT 0
        """,
    )


def _add_workers_v6(db: sqlite3.Connection) -> None:
    """Which worker posted each training's status message (a worker that starts marks only the
    dead ones' as interrupted). This step made the coordination's tables too, before they had a
    history of their own (storage/coordination/schema.py)."""
    db.execute("ALTER TABLE training_statuses ADD COLUMN worker TEXT")


def _flood_places_moved_v7(db: sqlite3.Connection) -> None:
    """This step made the shared flood windows' table, now the coordination schema's."""


def _add_lesson_step_v8(db: sqlite3.Connection) -> None:
    """How far each private chat got in its first lesson (/start): the step shown last."""
    db.execute("ALTER TABLE chat_settings ADD COLUMN lesson_step INTEGER NOT NULL DEFAULT 0")


SCHEMA = Schema(
    "classroom",
    [
        _create_v1,
        _add_announcements_v2,
        _add_chat_settings_v3,
        _add_admins_play_v4,
        _add_homework_v5,
        _add_workers_v6,
        _flood_places_moved_v7,
        _add_lesson_step_v8,
    ],
    *version_table("classroom_schema"),
)
SCHEMA_VERSION = SCHEMA.version
