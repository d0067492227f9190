"""Logging for the bot: one format, one level, and never the token."""

from __future__ import annotations

import logging

from .config import Settings


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
        if record.stack_info and self._token in record.stack_info:
            record.stack_info = record.stack_info.replace(self._token, "<token>")
        return True


def setup_logging(settings: Settings) -> None:
    """Log once, at the chosen level, every line scrubbed of the token. httpx's request lines
    (each carries the token in its URL) are muted except at DEBUG, where they are wanted."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if settings.log_level != "DEBUG":
        for noisy in ("httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if settings.token is not None:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(settings.token.value))
