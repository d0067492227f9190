"""`c2f-bot` / `python -m bot`: `run` the bot (the default), `check` the set-up, `backup FILE`,
`migrate` the database, `migrate-to URL` (SQLite → PostgreSQL)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import secrets
import socket
import sqlite3
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.config import Settings, SettingsError
from bot.ops.logs import hide_in_logs, setup_logging

if TYPE_CHECKING:
    from telegram.ext import Application

ALLOWED_UPDATES = ["message", "callback_query", "poll_answer", "inline_query"]

log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: parse the subcommand (none means `run`), load the settings, do it."""
    arguments = _parser().parse_args(argv)
    try:
        settings = Settings.load()
    except SettingsError as error:
        sys.exit(f"c2f-bot: {error}")
    except OSError as error:  # e.g. a .env the user running this may not read
        sys.exit(f"c2f-bot: cannot read the settings: {error}")
    if settings.token is not None:
        hide_token_in_uncaught_errors(settings.token.value)
    setup_logging(settings)
    for url in (settings.database_url and settings.database_url.value, arguments.url):
        if url:
            _hide_password(url)
    if arguments.command == "check":
        from bot.ops.preflight import run_check

        sys.exit(run_check(settings))
    if arguments.command == "backup":
        from bot.ops.backup import run_backup

        sys.exit(run_backup(settings, arguments.file))
    if arguments.command in ("migrate", "migrate-to"):
        from bot.ops.migrate import run_migrate, run_migrate_to

        sys.exit(
            run_migrate(settings)
            if arguments.url is None
            else run_migrate_to(settings, arguments.url)
        )
    run(settings)


def _hide_password(url: str) -> None:
    """A DATABASE_URL's password, kept out of the log."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        password = conninfo_to_dict(url).get("password")
    except Exception:  # malformed: psycopg's own error says so, without the URL
        return
    if password:
        hide_in_logs(str(password))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="c2f-bot",
        description="A Telegram bot that teaches a Keras model Celsius to Fahrenheit. "
        "Settings come from the environment and ./.env (see docs/settings.md).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(command="run", url=None)
    commands.add_parser(
        "run",
        help="start the bot (the default): console mode without TELEGRAM_BOT_TOKEN, "
        "long polling with it, webhook mode with WEBHOOK_URL",
    )
    commands.add_parser(
        "check",
        help="check the settings, the state file and the token without starting the bot; "
        "exit 1 on any problem",
    )
    backup = commands.add_parser(
        "backup",
        help="copy the state file consistently, also while the bot runs",
    )
    backup.add_argument(
        "file", type=Path, metavar="FILE", help="the copy to write (not overwritten)"
    )
    commands.add_parser(
        "migrate",
        help="bring the database's tables up to this release and exit (the bot also does it "
        "at start); run it once before starting several workers",
    )
    migrate_to = commands.add_parser(
        "migrate-to",
        help="copy the SQLite state under BOT_DATA_DIR into an empty PostgreSQL database and "
        "check the copy (stop the bot first)",
    )
    migrate_to.add_argument("url", metavar="URL", help="postgresql://user:password@host/db")
    return parser


def run(settings: Settings) -> None:
    """Console mode without a token, else serve Telegram until a stop signal."""
    # Start-up makes a few hundred thousand objects that live as long as the process (the
    # framework's classes, numpy, the catalogues); the cyclic collector, scanning them again and
    # again, took a fifth of it. It is off until the bot is up (app.py), which then freezes them.
    gc.disable()
    from telegram.error import InvalidToken

    from classroom.service import Classroom
    from model.cpus import usable as usable_cpus
    from storage.classroom import ClassroomStore
    from storage.coordination import coordination_for
    from storage.sessions import (  # no TensorFlow: a bad database fails at once
        SessionStore,
        StoreError,
    )

    url = settings.database_url.value if settings.database_url else None
    # A training lock for each training running (one a core) or queued (ModelService's 32).
    coordination = coordination_for(url, trainings=usable_cpus() + 32 + 2)
    try:
        store = SessionStore(settings.data_dir) if url is None else SessionStore(url=url)
        classroom = Classroom(ClassroomStore(store.location), coordination.leases)
    except (StoreError, RuntimeError, OSError, sqlite3.Error) as error:
        where = settings.data_dir if url is None else "the database"
        sys.exit(f"c2f-bot: cannot open the state in {where}: {error}")
    if settings.token is None:
        from bot.console import run_console
        from model.drawing import PlotPool
        from model.service import ModelService

        gc.enable()

        out_dir, day = settings.data_dir / "console", settings.day_seconds
        plots = PlotPool(settings.plot_processes)
        service = ModelService(store, coordination=coordination, plot_pool=plots)
        asyncio.run(run_console(service, classroom, out_dir, day, coordination))
        return
    from bot.app import build_application
    from bot.loader import ModelLoader

    loader = ModelLoader(
        store,
        settings.model_gate,
        training_pause=settings.training_pause,
        plot_processes=settings.plot_processes,
        coordination=coordination,
    )
    application = build_application(settings, loader, classroom, coordination)
    revoked = (
        "c2f-bot: Telegram rejected the token (401) while the bot ran: it was revoked or "
        "replaced, check TELEGRAM_BOT_TOKEN"
    )
    try:
        _serve(application, settings)
        if application.bot_data.token_rejected:
            sys.exit(revoked)
    except asyncio.CancelledError:  # a stop signal called the start off (app.py): a clean stop
        if not application.bot_data.start_called_off.is_set():
            raise
    except InvalidToken:  # its message quotes the token: never print it
        if application.bot_data.token_rejected and application.bot_data.up:
            sys.exit(revoked)
        sys.exit("c2f-bot: Telegram rejected the token (401): check TELEGRAM_BOT_TOKEN")
    except Exception:
        log.exception("The bot stopped on an error")  # token scrubbed
        sys.exit(1)


def _serve(application: Application, settings: Settings) -> None:
    """Long polling, or webhook mode when WEBHOOK_URL is set; returns when the bot stops."""
    # A start with Telegram unreachable (a network outage, a proxy not up yet) keeps trying with
    # python-telegram-bot's backoff (1 s, 1.5 s, … 30 s), one log line a try
    # (bot/telegram/flood/limiter.py).
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
        return
    from bot.telegram.webhook import GuardedWebhookUpdater

    # Telegram signs each webhook call with this secret; without one set, a fresh one per start.
    secret = settings.webhook_secret.value if settings.webhook_secret else secrets.token_urlsafe(32)
    try:
        # Bound here rather than by python-telegram-bot, so that port 0 (any free port) can be
        # logged, and a port in use stops the bot at once. PTB's `unix` accepts any bound socket.
        listener = socket.create_server((settings.webhook_listen, settings.webhook_port))
    except OSError as error:
        sys.exit(
            f"c2f-bot: cannot listen on {settings.webhook_listen}:{settings.webhook_port}: {error}"
        )
    listener.setblocking(False)
    host, port = listener.getsockname()[:2]
    log.info("Webhook listener on %s:%d", host, port)
    hide_in_logs(secret)  # python-telegram-bot logs setWebhook's parameters at DEBUG
    application.updater = GuardedWebhookUpdater(application.bot, application.update_queue)
    application.run_webhook(
        unix=listener,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
        bootstrap_retries=-1,
    )


def hide_token_in_uncaught_errors(token: str) -> None:
    """Print uncaught exceptions (main thread, other threads, "Exception ignored") with the
    token replaced by ***: PTB's InvalidToken and httpx's URLs quote it. Logging has its own
    filter (logs.RedactToken)."""

    def write(text: str) -> None:
        if sys.stderr is not None:
            sys.stderr.write(text.replace(token, "***"))
            sys.stderr.flush()

    def formatted(
        kind: type[BaseException], value: BaseException | None, trace: TracebackType | None
    ) -> str:
        return "".join(traceback.format_exception(kind, value, trace))

    def excepthook(
        kind: type[BaseException], value: BaseException, trace: TracebackType | None
    ) -> None:
        write(formatted(kind, value, trace))

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # as threading's own hook: a thread's quiet exit
            return
        name = args.thread.name if args.thread is not None else threading.get_ident()
        write(f"Exception in thread {name}:\n" + formatted(*args[:3]))

    def unraisablehook(args: sys.UnraisableHookArgs) -> None:
        where = f"{args.err_msg or 'Exception ignored in'}: {args.object!r}\n"
        write(where + formatted(args.exc_type, args.exc_value, args.exc_traceback))

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
    sys.unraisablehook = unraisablehook


if __name__ == "__main__":
    main()
