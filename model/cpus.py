"""How many cores this process has to work with."""

from __future__ import annotations

import os


def usable() -> int:
    """The cores this process may run on: its affinity (`taskset`, systemd's `CPUAffinity=`, a
    container's cpuset), not the machine's count — a worker given one core of many sizes its
    training threads and plotting processes for one."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
