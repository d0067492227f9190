"""`c2f-bot check`: the operator's preflight — settings, state file, token, webhook — without
starting the bot, importing TensorFlow or writing to the state."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.config import Settings

if TYPE_CHECKING:
    import psycopg


@dataclass
class Report:
    """What the check found: facts to show, and problems (each one line)."""

    facts: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def fact(self, name: str, value: object) -> None:
        self.facts.append((name, str(value)))


def run_check(settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Check everything, print the facts to `out` and one line per problem to `err`; the exit
    code (0: ready to run, 1: a problem)."""
    out, err = out or sys.stdout, err or sys.stderr
    report = check(settings)
    token = settings.token.value if settings.token else None

    def shown(text: str) -> str:
        return text.replace(token, "***") if token else text

    width = max(len(name) for name, _ in report.facts) + 1
    for name, value in report.facts:
        print(shown(f"{name + ':':<{width}} {value}"), file=out)
    for problem in report.problems:
        print(shown(f"c2f-bot: {problem}"), file=err)
    if report.problems:
        count = len(report.problems)
        print(f"{count} problem{'s' if count > 1 else ''} found.", file=out)
        return 1
    print("All checks passed.", file=out)
    return 0


def check(settings: Settings) -> Report:
    """The preflight's findings for these settings."""
    report = Report()
    report.fact("mode", _mode(settings))
    if settings.database_url is not None:
        check_database(settings.database_url.value, report)
    else:
        check_state(settings.data_dir, report)
    if settings.token is not None:
        asyncio.run(check_telegram(settings, report))
    return report


def _mode(settings: Settings) -> str:
    if settings.token is None:
        return "console (no TELEGRAM_BOT_TOKEN: `c2f-bot run` would start in console mode)"
    if settings.webhook_url is not None:
        return f"webhook ({settings.webhook_url})"
    return "long polling"


def check_state(data_dir: Path, report: Report) -> None:
    """The state file's schema versions, rows and integrity, read through a connection that
    writes nothing (so a check never creates, migrates or changes it)."""
    from bot.ops.backup import open_for_reading
    from storage.classroom_schema import SCHEMA_VERSION as CLASSROOM_VERSION
    from storage.sessions import SCHEMA_VERSION, SessionStore

    path = data_dir / SessionStore.FILENAME
    report.fact("state file", path)
    existing = next(p for p in (data_dir, *data_dir.parents) if p.exists())
    _check_space(existing, report)
    for pid in _bots_with_deleted(path):
        report.problems.append(
            f"process {pid} still writes to a deleted {path}: its changes are lost. "
            "Restore the state from a backup, then restart it"
        )
    if not path.exists():
        report.fact("state", "none yet: the bot creates it at its first start")
        if not os.access(existing, os.W_OK | os.X_OK):
            report.problems.append(f"cannot create {path}: {existing} is not writable")
        return
    if path.stat().st_size == 0:
        report.problems.append(
            f"{path} is empty (0 bytes), not a c2f-bot state: restore it from a backup, or "
            "remove it to start with no state"
        )
        return
    if not os.access(path, os.R_OK | os.W_OK) or not os.access(data_dir, os.W_OK | os.X_OK):
        report.problems.append(f"the bot could not write {path} (or its folder): check the owner")
    try:
        db = open_for_reading(path)
    except sqlite3.Error as error:
        report.problems.append(f"cannot open {path}: {error}")
        return
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        report.fact("schema version", _versus(version, SCHEMA_VERSION))
        if version == 0:
            report.problems.append(
                f"{path} has no c2f-bot schema (version 0): restore it from a backup, or "
                "remove it to start with no state"
            )
        elif version > SCHEMA_VERSION:
            report.problems.append(
                f"{path} has schema version {version}, newer than this release's "
                f"{SCHEMA_VERSION}: upgrade c2f-bot"
            )
        if _has_table(db, "sessions"):
            report.fact("rows", db.execute("SELECT count(*) FROM sessions").fetchone()[0])
        elif version > 0:
            report.problems.append(f"{path} has no sessions table: not a c2f-bot state file?")
        classroom = None
        if _has_table(db, "classroom_schema"):
            row = db.execute("SELECT version FROM classroom_schema").fetchone()
            classroom = None if row is None else row[0]
        report.fact("classroom schema", _versus(classroom or 0, CLASSROOM_VERSION))
        if classroom is not None and classroom > CLASSROOM_VERSION:
            report.problems.append(
                f"{path} has classroom schema {classroom}, newer than this release's "
                f"{CLASSROOM_VERSION}: upgrade c2f-bot"
            )
        verdict = [row[0] for row in db.execute("PRAGMA integrity_check")]
        report.fact("integrity", "; ".join(verdict[:5]))
        if verdict != ["ok"]:
            report.problems.append(f"{path} fails PRAGMA integrity_check: {verdict[0]}")
    except sqlite3.Error as error:
        report.problems.append(f"cannot read {path}: {error}")
    finally:
        db.close()


def check_database(url: str, report: Report) -> None:
    """A PostgreSQL DATABASE_URL: reachable, its schema versions, and whether the bot may write
    there — all read-only (a check never creates, migrates or changes anything)."""
    import psycopg

    from storage.classroom_schema import SCHEMA_VERSION as CLASSROOM_VERSION
    from storage.database import describe
    from storage.sessions import SCHEMA_VERSION

    where = describe(url)
    report.fact("database", where)
    try:
        with psycopg.connect(url, connect_timeout=10, autocommit=True) as db:
            server = _value(db, "SHOW server_version")
            report.fact("server", f"PostgreSQL {server}")
            found = {}
            for slot, known in (("model_schema", SCHEMA_VERSION),
                                ("classroom_schema", CLASSROOM_VERSION)):  # fmt: skip
                version = 0
                if _value(db, "SELECT to_regclass(%s)", (slot,)) is not None:
                    row = db.execute(f"SELECT version FROM {slot}").fetchone()
                    version = 0 if row is None else row[0]
                found[slot] = version
                name = "schema version" if slot == "model_schema" else "classroom schema"
                report.fact(name, _versus(version, known))
                if version > known:
                    report.problems.append(
                        f"{where} has {name} {version}, newer than this release's {known}: "
                        "upgrade c2f-bot"
                    )
            if found["model_schema"] == 0:
                report.fact("state", "none yet: the bot (or `c2f-bot migrate`) creates it")
            else:
                rows = _value(db, "SELECT count(*) FROM sessions")
                report.fact("rows", rows)
            if _value(db, "SHOW transaction_read_only") == "on":
                report.problems.append(f"{where} is read-only (a standby?): the bot must write")
            elif found["model_schema"]:
                may = _value(db, "SELECT has_table_privilege('sessions', 'INSERT, UPDATE, DELETE')")
                if not may:
                    report.problems.append(f"the bot's user may not write the sessions of {where}")
            elif not _value(db, "SELECT has_schema_privilege(current_schema(), 'CREATE')"):
                report.problems.append(f"the bot's user may not create its tables in {where}")
            report.fact("writable", "no" if report.problems else "yes")
    except psycopg.Error as error:
        report.problems.append(f"cannot reach {where}: {str(error).strip().splitlines()[0]}")


LOW_SPACE = 16 * 2**20  # bytes: a few thousand chats' changes, and room for the WAL


def _check_space(folder: Path, report: Report) -> None:
    """The free space where the state lives: a full disk refuses every change."""
    free = shutil.disk_usage(folder).free
    report.fact("free space", f"{free / 2**20:,.1f} MiB in {folder}")
    if free < LOW_SPACE:
        report.problems.append(
            f"the disk of {folder} is (nearly) full: {free / 2**20:.1f} MiB free, the bot "
            f"refuses changes it cannot store (free at least {LOW_SPACE // 2**20} MiB)"
        )


def _bots_with_deleted(path: Path) -> list[int]:
    """Processes (Linux: /proc) holding `path` open though it was deleted, e.g. a bot whose
    data folder was removed under it."""
    gone = f"{path.absolute()} (deleted)"
    holders = []
    for fds in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == gone for fd in fds.iterdir()):
                holders.append(int(fds.parent.name))
        except OSError:  # another user's process, or one that just ended
            continue
    return sorted(holders)


def _versus(version: int, known: int) -> str:
    if version == known:
        return str(version)
    if version < known:
        return f"{version} (the bot migrates it to {known} at start)"
    return f"{version} (this release knows up to {known})"


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return db.execute(query, (name,)).fetchone() is not None


def _value(db: psycopg.Connection, query: str, params: tuple[object, ...] = ()) -> Any:
    """The one value of a query that answers one row (as psycopg reads it: any type)."""
    import psycopg

    row = db.execute(query, params).fetchone()
    if row is None:
        raise psycopg.DataError(f"{query!r} answered no row")
    return row[0]


def _inline_mode(username: str, supported: bool | None) -> str:
    """Whether getMe says inline mode is on, and how to switch it on if not: not a problem (the
    bot runs without it), but `@bot 100` in other chats answers nothing until then."""
    if supported:
        return "on (`@bot 100` works in any chat)"
    return (
        f"off: send /setinline to @BotFather, choose @{username} and give a placeholder "
        "(e.g. 100 °C) so that `@bot 100` works in any chat"
    )


async def check_telegram(settings: Settings, report: Report) -> None:
    """getMe with the token (and getWebhookInfo in webhook mode); changes nothing on Telegram."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

    assert settings.token is not None
    where = settings.base_url or "api.telegram.org"
    report.fact("Bot API", settings.base_url or "https://api.telegram.org/bot (the default)")
    try:
        token = settings.token.value
        bot = Bot(token, base_url=settings.base_url) if settings.base_url else Bot(token)
        async with bot:  # initialize() calls getMe
            report.fact("bot", f"@{bot.username} (id {bot.id})")
            report.fact("inline mode", _inline_mode(bot.username, bot.supports_inline_queries))
            if settings.webhook_url is None:
                return
            info = await bot.get_webhook_info()
    except InvalidToken:  # its message quotes the token
        report.problems.append("Telegram rejected the token (401): check TELEGRAM_BOT_TOKEN")
        return
    except TimedOut:
        report.problems.append(f"Telegram did not answer in time ({where})")
        return
    except NetworkError as error:
        report.problems.append(f"Telegram is unreachable ({where}): {error}")
        return
    except TelegramError as error:
        report.problems.append(f"the Bot API refused a call ({where}): {error}")
        return
    except Exception as error:  # e.g. a TELEGRAM_BASE_URL PTB cannot use: one line, no trace
        report.problems.append(f"cannot call the Bot API ({where}): {error!r}")
        return
    report.fact("webhook on Telegram", info.url or "none (the bot sets WEBHOOK_URL at start)")
    if info.url and info.url != settings.webhook_url:
        report.fact("note", "it differs from WEBHOOK_URL, which the bot sets at start")
    report.fact("pending updates", info.pending_update_count)
    if info.last_error_date is not None:
        when = info.last_error_date.strftime("%Y-%m-%d %H:%M:%S %Z")
        report.fact("last error", f"{when}: {info.last_error_message}")
    else:
        report.fact("last error", "none")
