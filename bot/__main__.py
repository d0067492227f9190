"""`python -m bot` / `c2f-bot`: long polling with a token, console mode without."""

from __future__ import annotations

import asyncio
import logging
import sys

from .config import Settings, SettingsError


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
    from model.service import ModelService

    service = ModelService()
    if settings.token is None:
        from .console import run_console

        asyncio.run(run_console(service, settings.data_dir / "console"))
        return
    from .app import build_application

    build_application(settings, service).run_polling(allowed_updates=["message"])


if __name__ == "__main__":
    main()
