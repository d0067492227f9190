"""The state's disk fails under the running bot: a full disk, the data folder deleted. Users are
told, nothing they are told of is lost, nothing unstored is shown, the operator hears of it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.text import i18n
from tests.e2e.conftest import run_cli, start_bot, stop_bot

EN = i18n.catalogue("en")


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    """A 4 MiB file system (tmpfs) for the bot's data folder; root only (CI runs as root)."""
    mount_point = tmp_path / "data"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(folder: Path) -> Path:
    """Write a file in `folder` until its disk is full; the file."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(descriptor, b"\0" * size):
                    pass
    finally:
        os.close(descriptor)
    assert shutil.disk_usage(folder).free < 4096
    return filler


def seen(bot, chat: int) -> dict[str, str]:
    return {
        "weights": bot.send(chat, "/weights").params["text"],
        "data": bot.send(chat, "/data").params["text"],
        "lr": bot.send(chat, "/lr").params["text"],
    }


def test_a_full_disk_tells_users_changes_nothing_and_loses_nothing(own_api, tmp_path, small_disk):
    api, chat = own_api, 1901
    bot = start_bot(api, tmp_path)
    try:
        bot.send(chat, "/train 50 seed=3")
        before = seen(bot, chat)
        filler = fill(small_disk)
        for command in ("/train 100", "/data add 100 212", "/lr 0.01", "/layers 3"):
            assert bot.send(chat, command).params.get("text", "") == EN("storage-full"), command
            assert seen(bot, chat) == before, command
        bot.wait_log(r"ERROR storage\.files: Could not store session 1901: the disk of .* is full")
        # A class's worth of chats at once, some new, some known: each told, none changed.
        chats = [1910 + i for i in range(30)]
        mark = len(api.requests)
        for other in chats:
            api.push_command(other, "/data add 90 194")
        told = api.wait_count(lambda r: r.chat_id in chats and r.method == "sendMessage", 30, mark)
        assert {r.params["text"] for r in told} == {EN("storage-full")}
        assert all("90 → 194" not in bot.send(c, "/data").params["text"] for c in chats[:3])
        done = run_cli(api, tmp_path, "check", TELEGRAM_BOT_TOKEN="")
        assert done.returncode == 1 and "is (nearly) full" in done.stderr
        filler.unlink()  # the operator frees space: the same change now goes through
        assert "Added 100 °C" in bot.send(chat, "/data add 100 212").params["text"]
        after = seen(bot, chat)
    finally:
        assert stop_bot(bot) == 0
    again = start_bot(api, tmp_path)
    try:
        assert seen(again, chat) == after
    finally:
        assert stop_bot(again) == 0


def test_a_deleted_data_folder_refuses_changes_and_says_so_loudly(own_api, tmp_path):
    api, chat = own_api, 1902
    bot = start_bot(api, tmp_path)
    try:
        bot.send(chat, "/data add 50 122")
        before = seen(bot, chat)
        shutil.rmtree(tmp_path / "data")
        for command in ("/data add 60 140", "/train 100", "/lr 0.01"):
            assert bot.send(chat, command).params.get("text", "") == EN("storage-gone"), command
        assert seen(bot, chat) == before  # what was stored still answers, nothing new shows
        bot.wait_log(r"CRITICAL storage\.files: The state file .* was deleted or replaced")
        done = run_cli(api, tmp_path, "check", TELEGRAM_BOT_TOKEN="")
        assert done.returncode == 1
        assert f"process {bot.process.pid} still writes to a deleted" in done.stderr
    finally:
        assert stop_bot(bot) == 0


def a_new_member_asks(bot, group: int, member: int, refusal: str) -> None:
    """A member the bot has not recorded this run: reading commands answer, a change is refused
    with the words the model's changes use."""
    kind = "group"
    convert = bot.send(group, "/convert 100", user_id=member, chat_type=kind).params["text"]
    assert "100 °C" in convert and convert != EN("internal-error")
    shown = bot.send(group, "/help", user_id=member + 1, chat_type=kind).params["text"]
    assert shown == EN("help-group")
    weights = bot.send(group, "/weights", user_id=member + 2, chat_type=kind).params["text"]
    assert weights not in (EN("internal-error"), refusal)
    changed = bot.send(group, "/data add 60 140", user_id=member + 3, chat_type=kind)
    assert changed.params.get("text", "") == refusal


def test_a_deleted_data_folder_still_answers_a_group_members_reading_commands(
    own_api, tmp_path, group
):
    api = own_api
    bot = start_bot(api, tmp_path)
    try:
        bot.send(group, "/train 50 seed=3", chat_type="group")
        shutil.rmtree(tmp_path / "data")
        a_new_member_asks(bot, group, 7701, EN("storage-gone"))
    finally:
        assert stop_bot(bot) == 0


def test_a_full_disk_still_answers_a_group_members_reading_commands(
    own_api, tmp_path, small_disk, group
):
    api = own_api
    bot = start_bot(api, tmp_path)
    try:
        bot.send(group, "/train 50 seed=3", chat_type="group")
        filler = fill(small_disk)
        a_new_member_asks(bot, group, 7801, EN("storage-full"))
        filler.unlink()
    finally:
        assert stop_bot(bot) == 0
