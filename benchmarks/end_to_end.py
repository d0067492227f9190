"""The whole path, update in → reply out, through the loopback fake Bot API, against two baselines
run in the same session: a bare bot (the HTTP + framework ceiling) and a lesson-style bot."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path

import numpy as np

from benchmarks.report import emit, median_seconds
from tests import processes
from tests.fakes.bot_api import FakeBotApi, Request

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456789:BENCH-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
chat_ids = itertools.count(10_000)


def sent(method: str, chats: Collection[int]) -> Callable[[Request], bool]:
    """Whether a request is a `method` to one of `chats`."""
    return lambda r: r.method == method and r.chat_id in chats


class Bot:
    """A bot process (c2f-bot or a baseline module) with its own fake Bot API."""

    def __init__(self, module: str, folder: Path, ready: str = "getUpdates", **env: str):
        self.api = FakeBotApi(TOKEN).start()
        environment = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": self.api.base_url,
            "BOT_DATA_DIR": str(folder),
            "BOT_MESSAGES_PER_SECOND": "0",  # loopback: measure the path, not Telegram's cap
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", module],
            env=environment,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=processes.exit_with_parent,  # a killed benchmark leaves no bot behind
        )
        self.api.wait_for(lambda r: r.method == ready, timeout=120)

    def ask(self, chat: int, text: str, method: str = "sendMessage", timeout: float = 120) -> float:
        """Seconds from the update's arrival at the API to the bot's reply."""
        mark = self.api.push_command(chat, text)
        pushed = time.monotonic()
        reply = self.api.wait_for(lambda r: r.method == method and r.chat_id == chat, mark, timeout)
        return reply.at - pushed

    def rss_mb(self, children: bool = False) -> float:
        """Resident memory of the process (and its children, e.g. plotting processes)."""
        pids = [self.process.pid]
        if children:
            pids += _children(self.process.pid)
        return sum(_rss_kb(pid) for pid in pids) / 1024

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the process and its children (plotting) have used."""
        return sum(_cpu_seconds(pid) for pid in [self.process.pid, *_children(self.process.pid)])

    def stop(self) -> None:
        """Stop the process (`stop_process`), then its fake Bot API."""
        self.stop_process()
        self.api.stop()

    def stop_process(self) -> None:
        """SIGTERM (SIGKILL after 30 s); then its plotting processes and resource tracker must
        end too — none is left running without its parent."""
        children = processes.children(self.process.pid)
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for pid in processes.wait_until_gone(children, timeout=30):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()  # after the command's name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found + [g for c in found for g in _children(c)]


def convert_burst(bot: Bot, commands: int = 1000, chats: int = 50) -> float:
    """Seconds to answer `commands` /convert arriving at once from `chats` chats."""
    ids = [next(chat_ids) for _ in range(chats)]
    mark = len(bot.api.requests)
    started = time.monotonic()
    for i in range(commands):
        bot.api.push_command(ids[i % chats], "/convert 100")
    wanted = set(ids)
    replies = bot.api.wait_count(
        lambda r: r.method == "sendMessage" and r.chat_id in wanted, commands, mark, 300
    )
    return max(r.at for r in replies) - started


def throughput(ours: Bot, bare: Bot, bare_queued: Bot) -> None:
    """/convert throughput, 1,000 commands from 50 chats (median of 3 bursts each): against
    the bare bot, and against the bare bot on c2f-bot's connections (the handlers' cost)."""
    bots = {"ours": ours, "bare": bare, "bare_queued": bare_queued}
    for bot in bots.values():
        convert_burst(bot, 100, 10)  # warm-up
    runs: dict[str, list[float]] = {name: [] for name in bots}
    for _ in range(3):
        for name, bot in bots.items():
            runs[name].append(convert_burst(bot))
    rates = {name: 1000 / statistics.median(times) for name, times in runs.items()}
    emit(
        "convert_throughput_1000_from_50_chats",
        rates["ours"],
        "commands/s",
        rates["bare"],
        rates["ours"] / rates["bare"],
        "ratio >= 0.95 (c2f-bot / bare bot)",
    )
    emit(
        "convert_throughput_same_connections",
        rates["ours"],
        "commands/s",
        rates["bare_queued"],
        rates["ours"] / rates["bare_queued"],
        "report (c2f-bot / the bare bot on c2f-bot's connections: the handlers' own cost)",
    )


def train_latency(ours: Bot, lesson: Bot) -> float:
    """/train (lesson defaults): update → photo, median of warm runs."""
    chat = next(chat_ids)
    ours.ask(chat, "/train", "sendPhoto")
    ours_times = [ours.ask(chat, "/train seed=1", "sendPhoto") for _ in range(15)]
    lesson.ask(next(chat_ids), "/train", "sendPhoto", timeout=300)
    lesson_times = [
        lesson.ask(next(chat_ids), "/train", "sendPhoto", timeout=300) for _ in range(2)
    ]
    ours_median, lesson_median = statistics.median(ours_times), statistics.median(lesson_times)
    emit(
        "train_update_to_photo_median",
        ours_median * 1000,
        "ms",
        lesson_median * 1000,
        lesson_median / ours_median,
        "ratio >= 100 (lesson-style bot / c2f-bot)",
    )
    return ours_median


def plot_render() -> None:
    """Loss-curve PNG: ours (reused figure) against a fresh pyplot figure per plot; and ours in
    Chinese (the CJK font's glyphs) against ours in English."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bot.text import formatting, i18n
    from model.plots import loss_curve_figure, loss_curve_png, render_png

    losses = np.geomspace(5000, 7, 500)
    english = formatting.plot_labels(i18n.catalogue("en"))
    chinese = formatting.plot_labels(i18n.catalogue("zh"))

    def pyplot_fresh() -> bytes:
        plt.figure()
        plt.xlabel("Epoch Number")
        plt.ylabel("Loss Magnitude")
        plt.plot(losses)
        buffer = io.BytesIO()
        plt.savefig(buffer, format="png")
        plt.close()
        return buffer.getvalue()

    loss_curve_png(losses, english)
    loss_curve_png(losses, chinese)
    pyplot_fresh()
    ours = median_seconds(lambda: loss_curve_png(losses, english), 30)
    theirs = median_seconds(pyplot_fresh, 30)
    emit(
        "loss_plot_png_render",
        ours * 1000,
        "ms",
        theirs * 1000,
        theirs / ours,
        "ratio >= 2 (fresh pyplot figure / c2f-bot)",
    )
    figure = loss_curve_figure(losses, english)
    with_savefig = median_seconds(lambda: figure.savefig(io.BytesIO(), format="png"), 30)
    encoded = median_seconds(lambda: render_png(figure), 30)
    emit(
        "loss_plot_png_encoding",
        encoded * 1000,
        "ms",
        with_savefig * 1000,
        encoded / with_savefig,
        "report (the same figure: render_png's RGB with zlib's RLE / savefig's RGBA)",
    )
    ours_zh = median_seconds(lambda: loss_curve_png(losses, chinese), 30)
    emit(
        "loss_plot_png_render_chinese",
        ours_zh * 1000,
        "ms",
        ours * 1000,
        ours_zh / ours,
        "report (baseline: the same plot in English)",
    )


def cold_start(folder: Path) -> None:
    """Process start → /start answered (state already on disk, as after a restart); and → the
    first /convert answered, which waits for TensorFlow."""
    starts, converts, bares = [], [], []
    for _ in range(3):
        bot = Bot("bot", folder, ready="getMe")
        chat = next(chat_ids)
        bot.api.push_command(chat, "/start")
        reply = bot.api.wait_for(sent("sendMessage", {chat}))
        starts.append(reply.at - bot.started)
        convert = bot.api.push_command(chat, "/convert 100")
        answer = bot.api.wait_for(sent("sendMessage", {chat}), convert)
        converts.append(answer.at - bot.started)
        bot.stop()
        bare = Bot("benchmarks.bare_bot", folder, ready="getMe")
        chat = next(chat_ids)
        bare.api.push_command(chat, "/start")
        reply = bare.api.wait_for(sent("sendMessage", {chat}))
        bares.append(reply.at - bare.started)
        bare.stop()
    start, bare_start = statistics.median(starts), statistics.median(bares)
    emit(
        "cold_start_to_start_answered",
        start,
        "s",
        bare_start,
        start / bare_start,
        "value <= 3 s (baseline: the bare bot's)",
    )
    first_convert = statistics.median(converts)
    emit(
        "cold_start_to_first_convert_answered",
        first_convert,
        "s",
        bare_start,
        first_convert / bare_start,
        "ratio <= 1.5 (baseline: the bare bot's start → first reply); answered from the stored "
        "state with numpy while TensorFlow loads",
    )


def memory_and_concurrency(ours: Bot, bare: Bot, single_train: float) -> None:
    """RSS idle and after 1,000 chats trained once; 20 chats training at once."""
    idle = ours.rss_mb()
    bare_idle = bare.rss_mb()
    emit(
        "rss_idle",
        idle,
        "MB",
        bare_idle,
        idle / bare_idle,
        "report (baseline: bare bot idle); plotting processes not included",
    )

    mark = len(ours.api.requests)
    pushed = time.monotonic()
    ids = [next(chat_ids) for _ in range(20)]
    for chat in ids:
        ours.api.push_command(chat, "/train")
    times = []
    for chat in ids:
        photo = ours.api.wait_for(sent("sendPhoto", {chat}), mark, timeout=300)
        times.append(photo.at - pushed)
    emit(
        "train_20_chats_at_once_median",
        statistics.median(times) * 1000,
        "ms",
        single_train * 1000,
        statistics.median(times) / single_train,
        "report (baseline: one /train alone)",
    )
    emit(
        "train_20_chats_at_once_worst",
        max(times) * 1000,
        "ms",
        single_train * 1000,
        max(times) / single_train,
        "report (baseline: one /train alone)",
    )

    ids = [next(chat_ids) for _ in range(1000)]
    for start in range(0, 1000, 25):  # within the training queue: nobody is told to retry
        mark = len(ours.api.requests)
        for chat in ids[start : start + 25]:
            ours.api.push_command(chat, "/train")
        batch = set(ids[start : start + 25])
        ours.api.wait_count(sent("sendPhoto", batch), 25, mark, 300)
    trained = ours.rss_mb()
    emit(
        "rss_after_1000_chats_trained",
        trained,
        "MB",
        idle,
        trained / idle,
        f"report (baseline: idle); with plotting processes: {ours.rss_mb(children=True):.0f} MB",
    )


def main() -> None:
    """Every end-to-end figure."""
    plot_render()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        folders = {name: scratch_path / name for name in ("ours", "bare", "lesson")}
        for folder in folders.values():
            folder.mkdir()
        ours = Bot("bot", folders["ours"])
        ours.ask(next(chat_ids), "/convert 1")  # the model has loaded
        bare = Bot("benchmarks.bare_bot", folders["bare"])
        bare_queued = Bot("benchmarks.bare_bot", folders["bare"], BARE_QUEUED_REQUESTS="1")
        try:
            throughput(ours, bare, bare_queued)
            lesson = Bot("benchmarks.lesson_bot", folders["lesson"])
            try:
                single = train_latency(ours, lesson)
            finally:
                lesson.stop()
            memory_and_concurrency(ours, bare, single)
        finally:
            ours.stop()
            bare.stop()
            bare_queued.stop()
        cold_start(folders["ours"])


if __name__ == "__main__":
    main()
