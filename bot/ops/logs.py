"""Logging for the bot: one format, one level, and never the token or the webhook secret."""

from __future__ import annotations

import logging

from bot.config import Settings


class RedactToken(logging.Filter):
    """Replaces the token (and other secrets, `hide`) in every log record, whatever logger or
    level it comes from."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__()
        self._secrets: dict[str, str] = {}
        if token:
            self.hide(token, "<token>")

    def hide(self, secret: str, shown: str = "<secret>") -> None:
        """Show `secret` as `shown` from now on."""
        self._secrets[secret] = shown

    def _scrub(self, text: str) -> str:
        for secret, shown in self._secrets.items():
            text = text.replace(secret, shown)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = self._scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and record.exc_text is None and record.exc_info[1] is not None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self._scrub(record.stack_info)
        return True


def hide_in_logs(secret: str) -> None:
    """Keep `secret` (e.g. the webhook's) out of every log line from now on."""
    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RedactToken):
                found.hide(secret)


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
    token = settings.token.value if settings.token is not None else None
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))
