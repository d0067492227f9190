"""`python -m bot` / `c2f-bot`: long polling with a token, console mode without."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import sqlite3
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram.error import InvalidToken

from .config import Settings, SettingsError
from .logs import setup_logging

if TYPE_CHECKING:
    from telegram.ext import Application

ALLOWED_UPDATES = ["message", "callback_query", "poll_answer"]


def main() -> None:
    """Entry point."""
    try:
        settings = Settings.load()
    except SettingsError as error:
        sys.exit(f"c2f-bot: {error}")
    setup_logging(settings)
    from classroom.service import Classroom
    from classroom.store import ClassroomStore
    from model.store import Store, StoreError  # no TensorFlow: a bad database fails at once

    try:
        store = Store(settings.data_dir)
        classroom = Classroom(ClassroomStore(store.path))
    except (StoreError, RuntimeError, OSError, sqlite3.Error) as error:
        sys.exit(f"c2f-bot: cannot open the state in {settings.data_dir}: {error}")
    if settings.token is None:
        from model.service import ModelService

        from .console import run_console

        asyncio.run(run_console(ModelService(store), classroom, settings.data_dir / "console"))
        return
    from .app import build_application
    from .loader import ModelLoader

    loader = ModelLoader(store, settings.model_gate, training_pause=settings.training_pause)
    application = build_application(settings, loader, classroom)
    try:
        _serve(application, settings)
    except InvalidToken:  # its message quotes the token: never print it
        sys.exit("c2f-bot: Telegram rejected the token (401): check TELEGRAM_BOT_TOKEN")
    except Exception:
        logging.getLogger(__name__).exception("The bot stopped on an error")  # token scrubbed
        sys.exit(1)


def _serve(application: Application, settings: Settings) -> None:
    """Long polling, or webhook mode when WEBHOOK_URL is set; returns when the bot stops."""
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
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
    logging.getLogger(__name__).info("Webhook listener on %s:%d", host, port)
    application.run_webhook(
        unix=listener,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
    )


if __name__ == "__main__":
    main()
