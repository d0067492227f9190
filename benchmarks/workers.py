"""Several webhook workers on one PostgreSQL database (docs/scaling.md): `/train` throughput with
one worker and with two, on the same database and the same fake Bot API, in the same run; and a
`/convert`'s latency on PostgreSQL against SQLite. Needs a PostgreSQL server: `make bench` starts
a throwaway one (tools/test_postgres.py); without one these figures are skipped.

Throughput is measured twice. As the workers start by default, one worker already spreads over
every core (a training thread and a plotting process a core), so a second on the same machine
has little left to add. With a core each (`taskset`, systemd's `CPUAffinity=`: the deployment of
a worker per core, or a worker per machine), it shows what the design is to show: a worker added
with its core adds its core's trainings, the shared database and its locks holding no one back."""

from __future__ import annotations

import functools
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.end_to_end import ROOT, TOKEN, Bot, sent
from benchmarks.report import emit
from tests import databases, processes
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.webhooks import WebhookDelivery

HOOK = "https://bot.example.com/c2f-hook"
chat_ids = itertools.count(700_000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Worker(Bot):
    """A c2f-bot webhook worker on the database at `url`, answering the shared fake `api`."""

    def __init__(self, api: FakeBotApi, folder: Path, url: str, core: int | None = None) -> None:
        self.api, self.port = api, _free_port()
        environment = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": api.base_url,
            "BOT_DATA_DIR": str(folder),
            "BOT_MESSAGES_PER_SECOND": "0",  # loopback: measure the path, not Telegram's cap
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": url,
            "WEBHOOK_URL": HOOK,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(self.port),
            "WEBHOOK_SECRET": "bench-secret",
        }
        mark = len(api.requests)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"],
            env=environment,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=functools.partial(_prepare, core),
        )
        api.wait_for(lambda r: r.method == "setWebhook", mark, timeout=180)


def _prepare(core: int | None) -> None:
    """In the worker's process before it starts: a killed benchmark leaves no bot behind, and
    the worker runs on `core` alone (None: on every core)."""
    processes.exit_with_parent()
    if core is not None:
        os.sched_setaffinity(0, {core})


def train_burst(api: FakeBotApi, trainings: int) -> float:
    """Seconds to answer `trainings` /train 100 arriving at once, each from a new chat (within
    the queue's limit: each reply is a photo of the loss curve)."""
    ids = [next(chat_ids) for _ in range(trainings)]
    mark = len(api.requests)
    started = time.monotonic()
    for chat in ids:
        api.push_command(chat, "/train 100")
    wanted = set(ids)
    replies = api.wait_count(
        lambda r: r.method == "sendPhoto" and r.chat_id in wanted, trainings, mark, 300
    )
    return max(r.at for r in replies) - started


def _warm(api: FakeBotApi, delivery: WebhookDelivery, workers: int) -> None:
    """Each worker's model loaded and its first training and plot done."""
    for worker in range(workers):
        chat = next(chat_ids)
        delivery.via(chat, worker)
        mark = api.push_command(chat, "/train 100")
        api.wait_for(sent("sendPhoto", {chat}), mark, 300)
        delivery.via(chat, None)


def throughput(url: str, folder: Path, core_each: bool, trainings: int = 30) -> None:
    """/train throughput, one worker then two (median of 3 bursts each), each worker on every
    core or (`core_each`) on a core of its own."""
    api = FakeBotApi(TOKEN).start()
    delivery = WebhookDelivery(api, [], connections=16).start()
    cores = sorted(os.sched_getaffinity(0))
    first = Worker(api, folder / "w1", url, cores[0] if core_each else None)
    delivery.ports.append(first.port)
    _warm(api, delivery, 1)
    one, cpu_one = _bursts(api, [first], trainings)
    second = Worker(api, folder / "w2", url, cores[1] if core_each else None)
    delivery.ports.append(second.port)
    _warm(api, delivery, 2)
    two, cpu_two = _bursts(api, [first, second], trainings)
    if core_each:
        name, target = "train_throughput_worker_per_core", "ratio >= 1.6 (two workers, a core each"
    else:
        name, target = "train_throughput_two_workers", "report (two workers, each on every core"
    emit(
        name,
        trainings / two,
        "trainings/s",
        trainings / one,
        one / two,
        f"{target}, / one; {len(cores)} cores, one PostgreSQL, the same fake Bot API)",
    )
    if core_each:
        emit(
            "train_cpu_per_training_two_workers",
            cpu_two * 1000,
            "ms",
            cpu_one * 1000,
            cpu_two / cpu_one,
            "<= 1.1 (the workers' CPU a training, two / one: nothing spent waiting on each other)",
        )
    second.stop_process()
    first.stop_process()
    delivery.stop()
    api.stop()


def _bursts(api: FakeBotApi, workers: list[Worker], trainings: int) -> tuple[float, float]:
    """Three bursts: the median's seconds, and the workers' CPU seconds a training."""
    used = sum(worker.cpu_seconds() for worker in workers)
    seconds = statistics.median(train_burst(api, trainings) for _ in range(3))
    used = sum(worker.cpu_seconds() for worker in workers) - used
    return seconds, used / (3 * trainings)


def convert_latency(url: str, folder: Path, repeat: int = 60) -> None:
    """/convert update → reply, median: a worker on PostgreSQL against the bot on SQLite."""
    api = FakeBotApi(TOKEN).start()
    delivery = WebhookDelivery(api, []).start()
    worker = Worker(api, folder / "pg", url)
    delivery.ports.append(worker.port)
    _warm(api, delivery, 1)
    sqlite = Bot("bot", folder / "sqlite")
    chat = next(chat_ids)
    sqlite.ask(chat, "/convert 100", timeout=300)  # the model loaded
    worker.ask(chat, "/convert 100", timeout=300)
    on_postgres = statistics.median(worker.ask(chat, "/convert 100") for _ in range(repeat))
    on_sqlite = statistics.median(sqlite.ask(chat, "/convert 100") for _ in range(repeat))
    emit(
        "convert_latency_postgresql",
        on_postgres * 1000,
        "ms",
        on_sqlite * 1000,
        on_postgres / on_sqlite,
        "report (a worker on PostgreSQL / the bot on SQLite: reads the chat's versions first)",
    )
    sqlite.stop()
    worker.stop_process()
    delivery.stop()
    api.stop()


def main() -> None:
    """The figures, if a PostgreSQL server is at hand."""
    if databases.SERVER_URL is None:
        print(
            f"(the workers' figures need PostgreSQL: {databases.URL_VARIABLE} is not set)",
            file=sys.stderr,
        )
        return
    with tempfile.TemporaryDirectory(prefix="c2f-bench-workers-") as scratch:
        folder = Path(scratch)
        for name in ("w1", "w2", "pg", "sqlite"):
            (folder / name).mkdir()
        for core_each in (False, True):
            if core_each and len(os.sched_getaffinity(0)) < 2:
                print("(a worker per core needs two cores)", file=sys.stderr)
                continue
            url = databases.fresh_database()
            try:
                throughput(url, folder, core_each)
            finally:
                databases.drop_database(url)
        url = databases.fresh_database()
        try:
            convert_latency(url, folder)
        finally:
            databases.drop_database(url)


if __name__ == "__main__":
    main()
