"""Processes as Linux's /proc shows them: children of a process, and every process a test run
started (marked by an environment variable that every descendant inherits)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from pathlib import Path

RUN_MARKER = "C2F_TEST_RUN"
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _read(pid: int, name: str) -> bytes:
    try:
        return (Path("/proc") / str(pid) / name).read_bytes()
    except OSError:  # gone, or not ours to read
        return b""


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def parent_of(pid: int) -> int | None:
    """The parent's pid, or None when the process is gone."""
    stat = _read(pid, "stat")
    if not stat:
        return None
    return int(stat.rsplit(b")", 1)[1].split()[1])  # the command name may hold spaces


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    stat = _read(pid, "stat")
    return bool(stat) and stat.rsplit(b")", 1)[1].split()[0] != b"Z"


def children(pid: int) -> list[int]:
    """The live direct children of `pid`."""
    return [p for p in _pids() if parent_of(p) == pid and alive(p)]


def command_line(pid: int) -> str:
    """What the process runs, for messages."""
    return _read(pid, "cmdline").replace(b"\0", b" ").decode(errors="replace").strip()


def marked(marker: str) -> list[int]:
    """Live processes, other than this one, whose environment holds RUN_MARKER=marker."""
    needle = f"{RUN_MARKER}={marker}".encode()
    own = os.getpid()
    found = []
    for pid in _pids():
        if pid != own and needle in _read(pid, "environ").split(b"\0") and alive(pid):
            found.append(pid)
    return found


def wait_until_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait for the processes to exit (they are told to, or their parent died); those left."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)  # /proc has no event to wait on; polling an exit is not a timing bet
        left = [p for p in left if alive(p)]
    return left


def wait_for_path(
    folder: Path, pattern: str, process: subprocess.Popen, timeout: float = 60
) -> Path:
    """The first file in `folder` matching `pattern`, once `process` has made it (a file has no
    event to wait on); AssertionError if the process ends first or the time runs out."""
    deadline = time.monotonic() + timeout
    while not (found := sorted(folder.glob(pattern))):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {pattern} in {folder}: the process ended or hung")
        time.sleep(0.01)
    return found[0]


def exit_with_parent() -> None:
    """`preexec_fn` for processes a test starts: Linux sends them SIGTERM when the test process
    dies, so a killed or timed-out pytest leaves no bot polling on behind it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
