"""Settings from the environment and a `.env` file in the working directory, checked at start."""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values


@dataclass(frozen=True)
class Secret:
    """A value that shows as *** in str, repr and f-strings; `.value` is the one way to read it."""

    value: str = field(repr=False)

    def __str__(self) -> str:
        return "***"

    def __repr__(self) -> str:
        return "Secret('***')"


class SettingsError(ValueError):
    """A setting has a value the bot cannot use."""


@dataclass(frozen=True)
class Settings:
    """The contract's settings (DESIGN.md)."""

    token: Secret | None = None
    base_url: str | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    status_after: float = 2.0
    messages_per_second: float = 30.0
    retry_backoff: float = 0.5
    training_pause: float = 0.0
    day_seconds: float = 86400.0
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_secret: Secret | None = None
    model_gate: Path | None = None  # tests: a FIFO that holds TensorFlow's loading back
    metrics_port: int | None = None  # None: no metrics endpoint
    metrics_listen: str = "127.0.0.1"
    database_url: Secret | None = None  # None: SQLite under data_dir (it may hold a password)
    plot_processes: int | None = None  # None: one per CPU the process may use

    @property
    def state_location(self) -> Path | str:
        """Where the state is: the DATABASE_URL, else the SQLite file's folder."""
        return self.database_url.value if self.database_url else self.data_dir

    @classmethod
    def load(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = None
    ) -> Settings:
        """Environment variables win over `.env` (default: `./.env`, if present)."""
        values: dict[str, str | None] = dict(dotenv_values(env_file or Path(".env")))
        values.update(os.environ if environ is None else environ)
        return cls.parse(values)

    @classmethod
    def parse(cls, values: Mapping[str, str | None]) -> Settings:
        """Checked settings from raw strings."""

        def get(name: str) -> str | None:
            value = (values.get(name) or "").strip()
            return value or None

        token = get("TELEGRAM_BOT_TOKEN")
        if token is not None and (":" not in token or any(c.isspace() for c in token)):
            raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a @BotFather token")
        admin_ids = set()
        for part in (get("ADMIN_IDS") or "").replace(";", ",").split(","):
            if part.strip():
                try:
                    admin_ids.add(int(part))
                except ValueError:
                    raise SettingsError(f"ADMIN_IDS: {part.strip()!r} is not a user id") from None
        level = (get("LOG_LEVEL") or "INFO").upper()
        if not isinstance(logging.getLevelName(level), int):
            raise SettingsError(f"LOG_LEVEL: {level!r} is not a logging level")
        status_after = _number(get, "BOT_STATUS_AFTER_SECONDS", float, 2.0, 0, 60)
        messages_per_second = _number(get, "BOT_MESSAGES_PER_SECOND", float, 30.0, 0, 1000)
        retry_backoff = _number(get, "BOT_RETRY_BACKOFF_SECONDS", float, 0.5, 0, 60)
        training_pause = _number(get, "BOT_TRAINING_PAUSE_SECONDS", float, 0.0, 0, 600)
        day_seconds = _number(get, "BOT_DAY_SECONDS", float, 86400.0, 1, 86400 * 7)
        webhook_url = get("WEBHOOK_URL")
        if webhook_url is not None and not webhook_url.startswith("https://"):
            # Telegram's setWebhook refuses anything else: say so before starting, not after.
            raise SettingsError("WEBHOOK_URL must be an https:// URL (Telegram posts only there)")
        webhook_port = _number(get, "WEBHOOK_PORT", int, 8080, 0, 65535)  # 0: any free port
        secret = get("WEBHOOK_SECRET")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise SettingsError("WEBHOOK_SECRET: 1-256 characters of A-Z, a-z, 0-9, _ and -")
        database_url = get("DATABASE_URL")
        if database_url is not None and not database_url.startswith(
            ("postgresql://", "postgres://")
        ):
            raise SettingsError(
                "DATABASE_URL must be a postgresql:// URL (unset: SQLite under BOT_DATA_DIR)"
            )
        plot_processes = None
        if get("BOT_PLOT_PROCESSES") is not None:
            plot_processes = int(_number(get, "BOT_PLOT_PROCESSES", int, 1, 1, 64))
        metrics_port = None
        if get("METRICS_PORT") is not None:  # 0: any free port (logged)
            metrics_port = int(_number(get, "METRICS_PORT", int, 0, 0, 65535))
        return cls(
            token=Secret(token) if token else None,
            base_url=get("TELEGRAM_BASE_URL"),
            admin_ids=frozenset(admin_ids),
            data_dir=Path(get("BOT_DATA_DIR") or "data"),
            log_level=level,
            status_after=status_after,
            messages_per_second=messages_per_second,
            retry_backoff=retry_backoff,
            training_pause=training_pause,
            day_seconds=day_seconds,
            webhook_url=webhook_url,
            webhook_listen=get("WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(webhook_port),
            webhook_secret=Secret(secret) if secret else None,
            model_gate=Path(gate) if (gate := get("BOT_MODEL_GATE")) else None,
            metrics_port=metrics_port,
            metrics_listen=get("METRICS_LISTEN") or "127.0.0.1",
            database_url=Secret(database_url) if database_url else None,
            plot_processes=plot_processes,
        )


def _number(
    get: Callable[[str], str | None],
    name: str,
    kind: type[int] | type[float],
    default: float,
    low: float,
    high: float,
) -> float:
    """A numeric setting within [low, high], or SettingsError saying what is allowed."""
    text = get(name)
    try:
        value = kind(text) if text is not None else default
    except ValueError:
        value = math.nan
    if not low <= value <= high:
        raise SettingsError(f"{name} must be a number from {low:g} to {high:g}")
    return value
