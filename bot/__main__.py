"""`python -m bot` / `c2f-bot`: long polling with a token, console mode without."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
import sys
from urllib.parse import urlsplit

from .config import Settings, SettingsError

ALLOWED_UPDATES = ["message"]


class RedactToken(logging.Filter):
    """Replaces the token in every log record, whatever logger or level it comes from."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, "<token>")
        return True


def setup_logging(settings: Settings) -> None:
    """Log once, at the chosen level; httpx's request lines (they carry the token) are muted."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if settings.token is not None:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(settings.token.value))


def main() -> None:
    """Entry point."""
    try:
        settings = Settings.load()
    except SettingsError as error:
        sys.exit(f"c2f-bot: {error}")
    setup_logging(settings)
    from model.store import Store, StoreError  # no TensorFlow: a bad database fails at once

    try:
        store = Store(settings.data_dir)
    except (StoreError, OSError, sqlite3.Error) as error:
        sys.exit(f"c2f-bot: cannot open the state in {settings.data_dir}: {error}")
    if settings.token is None:
        from model.service import ModelService

        from .console import run_console

        asyncio.run(run_console(ModelService(store), settings.data_dir / "console"))
        return
    from .app import build_application
    from .loader import ModelLoader

    application = build_application(settings, ModelLoader(store))
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    # Telegram signs each webhook call with this secret; without one set, a fresh one per start.
    secret = settings.webhook_secret.value if settings.webhook_secret else secrets.token_urlsafe(32)
    application.run_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
        webhook_url=settings.webhook_url,
        secret_token=secret,
        allowed_updates=ALLOWED_UPDATES,
    )


if __name__ == "__main__":
    main()
