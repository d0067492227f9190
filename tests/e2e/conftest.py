"""The real bot process, pointed at the loopback fake Bot API with TELEGRAM_BASE_URL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes.bot_api import FakeBotApi, Request

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:TEST-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
OPERATOR_ID = 777


@dataclass
class RunningBot:
    """The bot process and the fake API it talks to."""

    api: FakeBotApi
    process: subprocess.Popen
    log_path: Path

    def send(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        timeout: float = 30.0,
    ) -> Request:
        """Push a message and return the bot's reply to that chat."""
        mark = self.api.push_command(chat_id, text, user_id, chat_type)
        return self.api.wait_reply(chat_id, mark, timeout)

    def log(self) -> str:
        """Everything the process logged so far."""
        return self.log_path.read_text(errors="replace")


def start_bot(
    api: FakeBotApi, folder: Path, ready: str = "setMyCommands", **env: str
) -> RunningBot:
    """`python -m bot` with the contract's settings; returns once it has called `ready`."""
    log_path = folder / "bot.log"
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "ADMIN_IDS": str(OPERATOR_ID),
        "BOT_DATA_DIR": str(folder / "data"),
        "LOG_LEVEL": "DEBUG",
        "PYTHONPATH": str(ROOT),
        "BOT_STATUS_AFTER_SECONDS": "0.3",
        **env,
    }
    mark = len(api.requests)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=folder,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    bot = RunningBot(api, process, log_path)
    try:
        api.wait_for(lambda r: r.method == ready, after=mark, timeout=120)
    except TimeoutError:
        process.kill()
        raise AssertionError(f"the bot did not start:\n{bot.log()[-3000:]}") from None
    return bot


def stop_bot(bot: RunningBot) -> int:
    """SIGTERM, then wait; the exit code."""
    bot.process.terminate()
    try:
        return bot.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        bot.process.kill()
        return bot.process.wait()


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Iterator[RunningBot]:
    """One running bot for a test module; it fails the module on any Bot API violation."""
    api = FakeBotApi(TOKEN).start()
    folder = tmp_path_factory.mktemp("bot")
    running = start_bot(api, folder)
    yield running
    stop_bot(running)
    api.stop()
    assert not api.violations, f"requests Telegram would reject: {api.violations}"
    assert TOKEN not in running.log(), "the token appeared in the log"
