"""The real bot process, pointed at the loopback fake Bot API with TELEGRAM_BASE_URL.

Every fake Bot API a test uses is checked after each test: a request Telegram would reject fails
the test that made it. Faults a test injected are cleared after it.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from model.session import Session
from tests import processes
from tests.chats import new_chat, new_group
from tests.conftest import ROOT
from tests.fakes.bot_api import FakeBotApi, Request
from tests.states import store_sessions

TOKEN = "123456789:TEST-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
OPERATOR_ID = 777
# Long trainings wait this long between chunks of 1,000 epochs (a stop ends the wait at once), so
# a test can act *during* a training however fast the machine: see BOT_TRAINING_PAUSE_SECONDS.
TRAINING_PAUSE = "60"


@pytest.fixture
def chat() -> int:
    """A private chat of the test's own."""
    return new_chat()


@pytest.fixture
def group() -> int:
    """A group chat of the test's own."""
    return new_group()


@dataclass
class RunningBot:
    """The bot process and the fake API it talks to."""

    api: FakeBotApi
    process: subprocess.Popen
    log_path: Path
    log_from: int = 0  # where this process's lines begin in the log file (restarts append)

    def send(
        self,
        chat_id: int,
        text: str,
        user_id: int | None = None,
        chat_type: str = "private",
        timeout: float = 30.0,
        language_code: str | None = None,
        first_name: str = "Ada",
    ) -> Request:
        """Push a message (from a user whose app speaks `language_code`) and return the bot's
        reply to that chat."""
        mark = self.api.push_command(
            chat_id, text, user_id, chat_type, language_code, first_name=first_name
        )
        return self.api.wait_reply(chat_id, mark, timeout)

    def log(self) -> str:
        """Everything the process logged so far."""
        with self.log_path.open("rb") as log:
            log.seek(self.log_from)
            return log.read().decode(errors="replace")

    def wait_log(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first match of `pattern` in the log, once the bot has written it."""
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.log())) is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} in the log:\n{self.log()[-3000:]}")
            time.sleep(0.05)  # a file has no event to wait on
        return found

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would; then its plotting processes must go."""
        children = processes.children(self.process.pid)
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL
        left = processes.wait_until_gone(children, timeout=30)
        assert not left, f"processes outlived the killed bot: {left}"


def bot_environment(api: FakeBotApi, folder: Path, **env: str) -> dict[str, str]:
    """The contract's settings for a bot on `api` keeping its state in `folder`."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "ADMIN_IDS": str(OPERATOR_ID),
        "BOT_DATA_DIR": str(folder / "data"),
        "LOG_LEVEL": "DEBUG",  # the fullest log, httpx's request lines included: no token in it
        "PYTHONPATH": str(ROOT),
        "BOT_STATUS_AFTER_SECONDS": "0.3",
        "BOT_RETRY_BACKOFF_SECONDS": "0.05",
        "BOT_TRAINING_PAUSE_SECONDS": TRAINING_PAUSE,
        # One plotting process a bot: each costs 0.7 s of CPU to start, and a run starts ~40 bots.
        "BOT_PLOT_PROCESSES": "1",
        **env,
    }


def run_cli(
    api: FakeBotApi, folder: Path, *arguments: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot <arguments>` to its end, with the contract's settings for `folder`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        cwd=folder,
        env=bot_environment(api, folder, **env),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=processes.exit_with_parent,
    )


def launch_bot(api: FakeBotApi, folder: Path, environment: dict[str, str]) -> RunningBot:
    """`python -m bot` in `folder` with `environment`, its output appended to `bot.log`."""
    log_path = folder / "bot.log"
    logged = log_path.stat().st_size if log_path.exists() else 0
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            cwd=folder,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=processes.exit_with_parent,
        )
    return RunningBot(api, process, log_path, logged)


def start_bot(
    api: FakeBotApi,
    folder: Path,
    ready: str = "getUpdates",
    loaded: bool = True,
    **env: str,
) -> RunningBot:
    """`python -m bot` with the contract's settings; returns once it has called `ready` and —
    unless not `loaded` — its model has loaded (before that, commands that need TensorFlow get
    a "warming up…" notice first; the tests of that ask for it)."""
    mark = len(api.requests)
    bot = launch_bot(api, folder, bot_environment(api, folder, **env))
    process = bot.process
    try:
        api.wait_for(lambda r: r.method == ready, after=mark, timeout=120)
        if loaded:
            bot.wait_log("Model service ready", timeout=120)
    except (TimeoutError, AssertionError):
        process.kill()
        process.wait()
        raise AssertionError(f"the bot did not start:\n{bot.log()[-3000:]}") from None
    return bot


@contextlib.contextmanager
def gated(folder):
    """A FIFO the bot's model loading opens for reading before it imports TensorFlow, and
    `open()` to let it through: the FIFO is opened for reading and writing (which never
    blocks), so the bot's open returns whether it is waiting already or comes later."""
    gate = folder / "gate"
    os.mkfifo(gate)
    held = []
    try:
        yield gate, lambda: held or held.append(os.open(gate, os.O_RDWR))
    finally:
        if not held:
            held.append(os.open(gate, os.O_RDWR))
        os.close(held[0])


def stop_bot(bot: RunningBot) -> int:
    """SIGTERM, then wait; the exit code. Fails if its processes outlive it."""
    children = processes.children(bot.process.pid)
    bot.process.terminate()
    try:
        code = bot.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        bot.process.kill()
        bot.process.wait()
        raise AssertionError("the bot did not stop within 60 s of SIGTERM") from None
    assert not processes.wait_until_gone(children, timeout=30), "processes outlived the bot"
    return code


def wait_for_status(api: FakeBotApi, chat: int, after: int, done: int | None = None) -> Request:
    """The training status message in `chat` (once `done` epochs are shown, if given)."""
    shown = f"Training… {done} of" if done is not None else "Training…"
    return api.wait_for(
        lambda r: (
            r.ok
            and r.method in ("sendMessage", "editMessageText")
            and r.chat_id == chat
            and str(r.params.get("text", "")).startswith(shown)
        ),
        after,
    )


@pytest.fixture(autouse=True)
def _each_test_answers_for_its_requests() -> Iterator[None]:
    """A request Telegram would reject fails the test that sent it; injected faults end with
    the test that injected them."""
    marks = {api: api.mark() for api in list(FakeBotApi.live)}
    yield
    problems = []
    for api in list(FakeBotApi.live):
        problems += api.violations_since(marks.get(api, 0))
        api.clear_faults()
    assert not problems, f"requests Telegram would reject: {problems}"


def _shares_the_worker_bot(request: pytest.FixtureRequest) -> bool:
    """Whether the requesting module is marked `shared_bot`."""
    return request.node.get_closest_marker("shared_bot") is not None


def _own_api() -> Iterator[FakeBotApi]:
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()
    assert not server.violations, f"requests Telegram would reject: {server.violations}"


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest) -> Iterator[FakeBotApi]:
    """A fake Bot API for a module's tests: the worker's shared one in a `shared_bot` module."""
    if _shares_the_worker_bot(request):
        yield request.getfixturevalue("worker_api")
        return
    yield from _own_api()


@pytest.fixture(scope="session")
def worker_api() -> Iterator[FakeBotApi]:
    """The fake Bot API of the bot that the `shared_bot` modules of one test process share."""
    yield from _own_api()


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    """A fake Bot API of the test's own, for bots it starts and restarts itself: the module's
    bot must not poll their updates, and a webhook set on it would cut that bot off (409)."""
    yield from _own_api()


@pytest.fixture(scope="module")
def bot_folder(tmp_path_factory) -> Path:
    """Where the module's bot keeps its state: a module overrides this to start it from a state
    it built (tests.states)."""
    return tmp_path_factory.mktemp("bot")


def _stopped_cleanly(running: RunningBot) -> None:
    assert stop_bot(running) == 0
    assert TOKEN not in running.log(), "the token appeared in the log"
    assert "HTTP Request: POST" in running.log(), "httpx's DEBUG lines were not in the log"


@pytest.fixture(scope="module")
def bot(request: pytest.FixtureRequest, api: FakeBotApi) -> Iterator[RunningBot]:
    """One running bot for a test module; stopped cleanly, the token nowhere in its log.

    A module marked `shared_bot` (`pytestmark = pytest.mark.shared_bot`) gets the one bot its
    test process shares between such modules (`worker_bot`): its tests keep apart by their own
    chats (tests/chats.py) and leave the shared default model as they found it. A module that
    needs a state of its own (its `bot_folder`) or other settings keeps a bot of its own."""
    if _shares_the_worker_bot(request):
        yield request.getfixturevalue("worker_bot")
        return
    running = start_bot(api, request.getfixturevalue("bot_folder"))
    yield running
    _stopped_cleanly(running)


@pytest.fixture(scope="session")
def worker_bot(
    request: pytest.FixtureRequest, worker_api: FakeBotApi, tmp_path_factory
) -> Iterator[RunningBot]:
    """The bot the `shared_bot` modules of one test process share (with pytest-xdist, one per
    worker), started by the first of them and stopped cleanly at the end of the run. It starts
    with the sessions such modules store before it (their `STORED_SESSIONS`, {chat: Session})."""
    modules = {
        item.module for item in request.session.items if item.get_closest_marker("shared_bot")
    }
    stored: dict[int, Session] = {}
    for module in sorted(modules, key=lambda module: module.__name__):
        sessions = getattr(module, "STORED_SESSIONS", {})
        assert not stored.keys() & sessions.keys(), f"{module.__name__} stores a chat again"
        stored.update(sessions)
    folder = tmp_path_factory.mktemp("worker-bot")
    if stored:
        store_sessions(folder / "data", stored)
    running = start_bot(worker_api, folder)
    yield running
    _stopped_cleanly(running)
