"""The operator's subcommands as an operator runs them: `python -m bot check` and `backup FILE`
as real processes against the fake Bot API and real state files, a restore round trip, and the
start's hardening (a stop signal during setWebhook, the token in an uncaught error)."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.dataset import Dataset
from storage.classroom_schema import SCHEMA_VERSION as CLASSROOM_VERSION
from storage.sessions import SCHEMA_VERSION, SessionStore, decode
from tests import processes
from tests.e2e.conftest import TOKEN, bot_environment, run_cli, start_bot, stop_bot
from tests.fakes.bot_api import SEND_METHODS, FakeBotApi, Fault, Request, is_status

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

WRONG_TOKEN = "123456789:WRONG-token-ZyXwVuTsRqPoNmLkJiHgFeDcBa"
REJECTED = "c2f-bot: Telegram rejected the token (401): check TELEGRAM_BOT_TOKEN"
LESSON_CELSIUS = set(Dataset().celsius)


@pytest.fixture(scope="module")
def no_tensorflow(tmp_path_factory) -> Path:
    """A folder to put first on PYTHONPATH where importing TensorFlow or Keras fails: `check`
    and `backup` must work without them (they take seconds and ~600 MB to load)."""
    folder = tmp_path_factory.mktemp("no-tensorflow")
    for name in ("tensorflow", "keras"):
        (folder / name).mkdir()
        (folder / name / "__init__.py").write_text(f"raise ImportError('{name} imported')\n")
    return folder


def operator(
    api: FakeBotApi, folder: Path, no_tensorflow: Path, *arguments: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot <arguments>` with the bot's settings for `folder`, without TensorFlow."""
    path = f"{no_tensorflow}:{bot_environment(api, folder)['PYTHONPATH']}"
    return run_cli(api, folder, *arguments, **{"PYTHONPATH": path, **env})


def facts(stdout: str) -> dict[str, str]:
    """`check`'s "name: value" lines."""
    pairs = (line.split(": ", 1) for line in stdout.splitlines() if ": " in line)
    return {name: value.strip() for name, value in pairs}


def state_file(folder: Path) -> Path:
    return folder / "data" / SessionStore.FILENAME


def one_value(path: Path, sql: str) -> object:
    """The first column of the first row `sql` gives on the SQLite file at `path`."""
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def rows_in(path: Path) -> int:
    return one_value(path, "SELECT count(*) FROM sessions")


def integrity(path: Path) -> str:
    return one_value(path, "PRAGMA integrity_check")


def methods_since(api: FakeBotApi, mark: int) -> list[str]:
    return [r.method for r in api.requests[mark:] if r.method != "getUpdates"]


def test_the_console_script_lists_its_subcommands(tmp_path):
    script = Path(sys.executable).with_name("c2f-bot")  # pyproject's [project.scripts]
    done = subprocess.run(
        [str(script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=processes.exit_with_parent,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: c2f-bot" in done.stdout
    for command in ("run", "check", "backup"):
        assert f"\n    {command} " in done.stdout


# --- check ---------------------------------------------------------------------------------------


def test_check_reports_the_bot_and_the_state_of_a_running_bot(api, bot, no_tensorflow):
    folder = bot.log_path.parent
    bot.send(5101, "/train 20 seed=1")
    bot.send(5102, "/data add 100 212")
    mark = len(api.requests)
    done = operator(api, folder, no_tensorflow, "check")
    assert done.returncode == 0, done.stderr[-3000:]
    found = facts(done.stdout)
    assert found["bot"].startswith("@c2f_test_bot")
    assert found["mode"] == "long polling"
    assert found["schema version"] == str(SCHEMA_VERSION)
    assert found["classroom schema"] == str(CLASSROOM_VERSION)
    assert found["rows"] == str(rows_in(state_file(folder)))
    assert int(found["rows"]) >= 2
    assert found["integrity"] == "ok"
    assert done.stdout.splitlines()[-1] == "All checks passed."
    assert TOKEN not in done.stdout + done.stderr  # LOG_LEVEL=DEBUG: httpx's URLs are logged
    assert "getMe" in methods_since(api, mark)  # the token was tried
    assert not {"setWebhook", "deleteWebhook", "logOut", "close"} & set(methods_since(api, mark))


@pytest.mark.parametrize("inline_mode", [True, False], ids=["inline-on", "inline-off"])
def test_check_says_whether_inline_mode_is_on_and_how_to_switch_it_on(
    own_api, tmp_path, no_tensorflow, inline_mode
):
    own_api.inline_mode = inline_mode  # what @BotFather's /setinline switches
    done = operator(own_api, tmp_path, no_tensorflow, "check")
    assert done.returncode == 0, done.stderr[-3000:]  # off is no problem: the bot runs
    said = facts(done.stdout)["inline mode"]
    if inline_mode:
        assert said.startswith("on")
    else:
        assert said.startswith("off") and "/setinline" in said and "@BotFather" in said
        assert "@c2f_test_bot" in said


def test_check_with_a_token_telegram_rejects_says_so_in_one_line(tmp_path, no_tensorflow):
    other = FakeBotApi(TOKEN).start()  # its own: the wrong token is a violation it records
    try:
        done = operator(other, tmp_path, no_tensorflow, "check", TELEGRAM_BOT_TOKEN=WRONG_TOKEN)
    finally:
        other.stop()
    assert other.violations == ["getMe: wrong bot token"]  # a real 401, once
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if line.startswith("c2f-bot:")] == [REJECTED]
    assert WRONG_TOKEN not in done.stdout + done.stderr  # LOG_LEVEL=DEBUG logs every URL
    assert "Traceback" not in done.stderr
    assert "none yet" in facts(done.stdout)["state"]  # a fresh install is not a problem…
    assert not (tmp_path / "data").exists()  # …and the check created nothing


def test_check_says_when_telegram_is_unreachable(api, tmp_path, no_tensorflow):
    with socket.socket() as closed:  # a port nothing listens on: connection refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    done = operator(
        api, tmp_path, no_tensorflow, "check", TELEGRAM_BASE_URL=f"http://127.0.0.1:{port}/bot"
    )
    assert done.returncode == 1
    problems = [line for line in done.stderr.splitlines() if line.startswith("c2f-bot:")]
    assert len(problems) == 1 and "Telegram is unreachable" in problems[0]
    assert f"127.0.0.1:{port}" in problems[0]
    assert "Traceback" not in done.stderr and TOKEN not in done.stdout + done.stderr


@pytest.mark.parametrize("command", ["check", "run"])
def test_an_http_webhook_url_is_refused_by_check_and_run(api, tmp_path, no_tensorflow, command):
    done = operator(api, tmp_path, no_tensorflow, command, WEBHOOK_URL="http://bot.example.com/h")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "c2f-bot: WEBHOOK_URL must be an https:// URL (Telegram posts only there)"
    )
    assert not [r for r in api.requests if r.method == "setWebhook"]


def test_check_without_a_token_would_start_console_mode(api, tmp_path, no_tensorflow):
    done = operator(api, tmp_path, no_tensorflow, "check", TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 0, done.stderr
    assert facts(done.stdout)["mode"].startswith("console")
    assert "bot" not in facts(done.stdout)


def test_check_in_webhook_mode_shows_telegrams_webhook_and_changes_nothing(
    own_api, tmp_path, no_tensorflow
):
    api, url = own_api, "https://bot.example.com/c2f-hook"
    webhook = {"WEBHOOK_URL": url, "WEBHOOK_PORT": "0"}
    bot = start_bot(api, tmp_path, ready="setWebhook", **webhook)
    assert stop_bot(bot) == 0  # the webhook stays set on Telegram, as it does after a stop
    api.push_command(5201, "/convert 1")  # waits on Telegram's side for the next start
    api.push_command(5202, "/convert 2")
    data = state_file(tmp_path)
    before = (hashlib.sha256(data.read_bytes()).digest(), sorted(data.parent.iterdir()))
    mark = len(api.requests)

    done = operator(api, tmp_path, no_tensorflow, "check", **webhook)
    assert done.returncode == 0, done.stderr[-3000:]
    found = facts(done.stdout)
    assert found["mode"] == f"webhook ({url})"
    assert found["webhook on Telegram"] == url
    assert found["pending updates"] == "2"
    assert found["last error"] == "none"
    assert found["integrity"] == "ok"
    assert methods_since(api, mark) == ["getMe", "getWebhookInfo"]  # nothing set or deleted
    assert api.webhook is not None and api.webhook["url"] == url
    after = (hashlib.sha256(data.read_bytes()).digest(), sorted(data.parent.iterdir()))
    assert after == before  # not a byte of the state changed, no -wal or -shm left behind


# --- backup --------------------------------------------------------------------------------------


def added(path: Path, chat: int) -> set[float]:
    """The °C values the chat added to the lesson's points, as stored in `path`."""
    db = sqlite3.connect(path)
    try:
        row = db.execute("SELECT meta FROM sessions WHERE key = ?", (str(chat),)).fetchone()
    finally:
        db.close()
    return set() if row is None else set(json.loads(row[0])["celsius"]) - LESSON_CELSIUS


def acknowledged(api: FakeBotApi, chat: int, mark: int) -> set[float]:
    """The °C values whose "Added" reply reached the chat (each is written before its reply)."""
    found = set()
    for request in api.delivered(chat, mark, "sendMessage"):
        text = str(request.params.get("text", ""))
        if text.startswith("Added "):
            found.add(float(text.split()[1]))
    return found


def replies(api: FakeBotApi, chat: int, count: int, mark: int) -> list[Request]:
    """The first `count` replies to `chat` from `mark` on (training status messages aside)."""
    return api.wait_count(
        lambda r: r.ok and r.method in SEND_METHODS and r.chat_id == chat and not is_status(r),
        count,
        mark,
    )


def test_backup_while_the_bot_writes_is_a_consistent_checked_copy(
    api, bot, tmp_path, no_tensorflow
):
    folder, copy = bot.log_path.parent, tmp_path / "c2f-backup.sqlite3"
    adding, training, values = (5301, 5302, 5303, 5304), (5305, 5306), range(101, 126)
    mark = len(api.requests)
    for chat in training:
        api.push_command(chat, "/train 50 seed=3")
    for c in values:
        for chat in adding:
            api.push_command(chat, f"/data add {c} {c * 1.8 + 32:.1f}")
    replies(api, adding[0], 1, mark)  # the bot is answering, and writing, now
    before = {chat: acknowledged(api, chat, mark) for chat in adding}

    done = operator(api, folder, no_tensorflow, "backup", str(copy))
    for chat in adding:
        replies(api, chat, len(values), mark)
    for chat in training:
        assert replies(api, chat, 1, mark)[0].method == "sendPhoto"

    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("Backed up ") and f" to {copy}: " in done.stdout
    assert integrity(copy) == "ok"
    rows = rows_in(copy)
    assert rows > 1 and f": {copy.stat().st_size:,} bytes, {rows} rows, integrity ok" in done.stdout
    db = sqlite3.connect(copy)
    try:  # every row whole: its JSON and its arrays decode
        sessions = [decode(m, a) for m, a in db.execute("SELECT meta, arrays FROM sessions")]
        assert len(sessions) == rows
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file to keep
    finally:
        db.close()
    for chat in adding:  # what was acknowledged before the backup is in it; nothing unsent
        assert before[chat] <= added(copy, chat) <= set(values)
        assert added(state_file(folder), chat) == set(values)  # the bot lost nothing
    assert integrity(state_file(folder)) == "ok"


def what_chats_see(bot, chats) -> dict[int, dict[str, str]]:
    """Each chat's state as its users see it."""
    return {
        chat: {
            command: bot.send(chat, command).params["text"]
            for command in ("/data", "/layers", "/weights", "/convert 100")
        }
        for chat in chats
    }


def test_a_backup_restored_over_the_state_brings_every_chat_back(own_api, tmp_path, no_tensorflow):
    api = own_api  # the module's has a bot polling it already
    bot = start_bot(api, tmp_path)
    chats = (5401, 5402, 5403)
    try:
        bot.send(5401, "/data add 100 212")
        bot.send(5401, "/train 60 seed=1")
        bot.send(5402, "/layers 3 relu")
        bot.send(5402, "/train 40 0.05 seed=2")
        bot.send(5403, "/data remove -40")
        bot.send(5403, "/layers 2 2")
        at_backup = what_chats_see(bot, chats)
        copy = tmp_path / "backup.sqlite3"
        done = operator(api, tmp_path, no_tensorflow, "backup", str(copy))
        assert done.returncode == 0, done.stderr[-3000:]
        for chat in chats:  # changes after the backup, which the restore undoes
            bot.send(chat, "/data add 300 572")
            bot.send(chat, "/train 30")
        assert what_chats_see(bot, chats) != at_backup
    finally:
        assert stop_bot(bot) == 0

    # The restore, as docs/operating.md says: stop, copy the backup over the state file, start.
    data = state_file(tmp_path)
    for leftover in (data.with_name(data.name + "-wal"), data.with_name(data.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(copy, data)
    again = start_bot(api, tmp_path)
    try:
        assert what_chats_see(again, chats) == at_backup
    finally:
        assert stop_bot(again) == 0
    assert integrity(data) == "ok"


def test_backup_refuses_an_existing_file_a_missing_folder_and_a_missing_state(
    api, tmp_path, no_tensorflow
):
    assert operator(api, tmp_path, no_tensorflow, "backup", "x.sqlite3").stderr.splitlines() == [
        f"c2f-bot: backup failed: no state file at {state_file(tmp_path)}"
    ]
    SessionStore(tmp_path / "data").close()  # a state file, as the bot's first start writes it
    existing = tmp_path / "kept.sqlite3"
    existing.write_bytes(b"yesterday's backup")
    done = operator(api, tmp_path, no_tensorflow, "backup", str(existing))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"c2f-bot: backup failed: {existing} exists already: not overwriting it"
    ]
    assert existing.read_bytes() == b"yesterday's backup"
    done = operator(api, tmp_path, no_tensorflow, "backup", str(tmp_path / "nowhere" / "b"))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"c2f-bot: backup failed: the folder {tmp_path / 'nowhere'} does not exist"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "kept.sqlite3"]  # no debris
    done = operator(api, tmp_path, no_tensorflow, "backup", "fresh.sqlite3")
    assert done.returncode == 0 and rows_in(tmp_path / "fresh.sqlite3") == 0


def test_a_damaged_state_fails_the_check_and_is_not_backed_up(api, tmp_path, no_tensorflow):
    data = state_file(tmp_path)
    SessionStore(data.parent).close()
    db = sqlite3.connect(data, isolation_level=None)
    db.executemany(
        "INSERT INTO sessions (key, meta, arrays, updated_at) VALUES (?, '{}', x'00', 0)",
        [("0",), ("1",), ("2",)],
    )
    index = "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_sessions_1'"
    page, size = db.execute(index).fetchone()[0], db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA journal_mode=DELETE")  # everything in the one file
    db.close()
    # Damage the primary key's index as a bad disk would: its entry for key "0" now says "Z".
    content = bytearray(data.read_bytes())
    entry = content.index(b"\x03\x0f\x090", (page - 1) * size, page * size)  # header, "0"
    content[entry + 3] = ord("Z")
    data.write_bytes(bytes(content))

    done = operator(api, tmp_path, no_tensorflow, "check", TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 1
    assert f"c2f-bot: {data} fails PRAGMA integrity_check: row " in done.stderr
    copy = tmp_path / "copy.sqlite3"
    done = operator(api, tmp_path, no_tensorflow, "backup", str(copy))
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("c2f-bot: backup failed: the copy fails PRAGMA integrity_check (row ")
    assert line.endswith("): not kept")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no copy, no debris


def test_a_backup_killed_midway_leaves_no_file_and_the_next_one_cleans_up(
    api, tmp_path, no_tensorflow
):
    data = state_file(tmp_path)
    SessionStore(data.parent).close()
    copy = tmp_path / "copy.sqlite3"
    # The state is held by another writer, so the backup waits inside its copy: killed there.
    holder = sqlite3.connect(data, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM sessions")
    environment = bot_environment(api, tmp_path)
    environment["PYTHONPATH"] = f"{no_tensorflow}:{environment['PYTHONPATH']}"
    backup = subprocess.Popen(
        [sys.executable, "-m", "bot", "backup", str(copy)],
        cwd=tmp_path,
        env=environment,
        stderr=subprocess.PIPE,
        preexec_fn=processes.exit_with_parent,
    )
    try:
        processes.wait_for_path(tmp_path, f".{copy.name}.*", backup)  # the copy has begun
    finally:
        backup.kill()
        backup.wait()
        holder.execute("ROLLBACK")
        holder.close()
    assert not copy.exists(), "a killed backup left a file under the backup's name"
    done = operator(api, tmp_path, no_tensorflow, "backup", str(copy))
    assert done.returncode == 0, done.stderr
    assert integrity(copy) == "ok" and rows_in(copy) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.sqlite3", "data"]  # no debris


@pytest.mark.parametrize("kind", ["0 bytes", "no schema"])
def test_an_empty_state_file_fails_the_check_and_the_start(api, tmp_path, no_tensorflow, kind):
    data = state_file(tmp_path)
    data.parent.mkdir()
    if kind == "0 bytes":
        data.write_bytes(b"")  # e.g. a backup killed by an older release, restored
        reason = f"{data} is empty (0 bytes), not a c2f-bot state"
    else:
        sqlite3.connect(data).execute("PRAGMA journal_mode=WAL").close()
        reason = f"{data} has no c2f-bot schema (version 0)"
    done = operator(api, tmp_path, no_tensorflow, "check", TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 1 and f"c2f-bot: {reason}" in done.stderr
    started = run_cli(api, tmp_path)
    assert started.returncode == 1
    assert (
        started.stderr.strip()
        .splitlines()[-1]
        .startswith(f"c2f-bot: cannot open the state in {data.parent}: {reason}")
    )
    assert data.stat().st_size == 0 or one_value(data, "PRAGMA user_version") == 0  # untouched


# --- the start's hardening -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "method"), [("webhook", "setWebhook"), ("long polling", "deleteWebhook")]
)
def test_sigterm_while_the_start_registers_with_telegram_exits_0(own_api, tmp_path, mode, method):
    api = own_api
    webhook = {"WEBHOOK_URL": "https://bot.example.com/hook", "WEBHOOK_PORT": "0"}
    api.inject(Fault(method, times=1, hang=120))  # Telegram takes its time to answer
    settings = webhook if mode == "webhook" else {}
    bot = start_bot(api, tmp_path, ready=method, loaded=False, **settings)  # signal at once
    mark = len(api.requests)
    assert stop_bot(bot) == 0  # SIGTERM while the call hangs
    assert method not in methods_since(api, mark)  # not retried: the start was called off
    assert "Stop signal while starting" in bot.log()
    assert "Traceback" not in bot.log() and TOKEN not in bot.log()


def test_an_uncaught_error_never_shows_the_token(api, tmp_path):
    """`main` hides the token in what Python prints for an error nothing caught, in the main
    thread or another: PTB's InvalidToken and httpx's URLs carry it."""
    script = (
        "import os, threading\n"
        "from bot.__main__ import main\n"
        "try:\n"
        "    main(['check'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "url = 'https://api.telegram.org/bot' + os.environ['TELEGRAM_BOT_TOKEN'] + '/getMe'\n"
        "def fail():\n"
        "    raise ConnectionError(url)\n"
        "thread = threading.Thread(target=fail, name='worker')\n"
        "thread.start()\n"
        "thread.join()\n"
        "fail()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=bot_environment(api, tmp_path, LOG_LEVEL="WARNING"),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=processes.exit_with_parent,
    )
    assert done.returncode == 1
    assert TOKEN not in done.stdout + done.stderr
    assert "Exception in thread worker:" in done.stderr
    shown = "ConnectionError: https://api.telegram.org/bot***/getMe"
    assert done.stderr.count(shown) == 2 and done.stderr.count("Traceback") == 2
