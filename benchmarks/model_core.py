"""The model core against the lesson's own code path (`model.fit`, `model.predict`)."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
import time

import numpy as np

from benchmarks.report import emit, median_seconds
from model import Architecture, Dataset
from model.network import (
    CompiledPredictor,
    CompiledTrainer,
    build_model,
    build_optimizer,
    initial_weights,
)


def lesson_fit_seconds(epochs: int = 500) -> float:
    """The tutorial's `model.fit(epochs=500)`, timed after a one-epoch warm-up fit."""
    x, y = Dataset().arrays()
    model = build_model(Architecture())
    model.compile(loss="mean_squared_error", optimizer=build_optimizer("adam", 0.1))
    model.fit(x, y, epochs=1, verbose=0)
    started = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=len(x), shuffle=False, verbose=0)
    return time.perf_counter() - started


def training(fit_seconds: float) -> None:
    """Warm 500-epoch training; a first call with new epochs and data size costs a warm one."""
    trainer = CompiledTrainer(Architecture(), "adam")
    weights = initial_weights(Architecture(), 1)
    state = trainer.initial_optimizer_state()
    x, y = Dataset().arrays()

    def run(epochs: int = 500, data: tuple[np.ndarray, np.ndarray] = (x, y)) -> None:
        trainer.train(weights, state, 0.1, *data, epochs)

    run()
    warm = median_seconds(run, 50)
    emit(
        "train_500_epochs_warm",
        warm * 1000,
        "ms",
        fit_seconds * 1000,
        fit_seconds / warm,
        "ratio >= 1000 (model.fit / compiled)",
    )

    bigger = Dataset().add(100, 212).add(-20, -4).add(50, 122).arrays()
    started = time.perf_counter()
    run(epochs=499, data=bigger)
    first_new = time.perf_counter() - started
    emit(
        "train_new_epochs_and_size_first_call",
        first_new * 1000,
        "ms",
        warm * 1000,
        first_new / warm,
        f"ratio ~1 (no recompile); traces={trainer.traces}",
    )


def prediction() -> None:
    """Predict 20 values: compiled call against `model.predict`."""
    weights = initial_weights(Architecture(), 1)
    celsius = np.linspace(-40, 100, 20)
    predictor = CompiledPredictor(Architecture())
    model = build_model(Architecture())
    model.set_weights(weights)
    column = celsius.reshape(-1, 1).astype(np.float32)
    model.predict(column, verbose=0)
    predictor.predict(weights, celsius)
    ours = median_seconds(lambda: predictor.predict(weights, celsius), 200)
    theirs = median_seconds(lambda: model.predict(column, verbose=0), 30)
    emit(
        "predict_20_values",
        ours * 1000,
        "ms",
        theirs * 1000,
        theirs / ours,
        "ratio >= 50 (model.predict / compiled)",
    )


FRESH_PROCESS = """
import time, json
from model import Architecture, Dataset, TrainSettings
from model.network import CompiledTrainer, initial_weights, build_model, build_optimizer
x, y = Dataset().arrays()
a = Architecture((4, 4), "relu")
started = time.perf_counter()
t = CompiledTrainer(a, "adam")
t.train(initial_weights(a, 1), t.initial_optimizer_state(), 0.1, x, y, 500)
ours = time.perf_counter() - started
started = time.perf_counter()
m = build_model(a); m.compile(loss="mean_squared_error", optimizer=build_optimizer("adam", 0.1))
m.fit(x, y, epochs=1, batch_size=7, verbose=0)
theirs = time.perf_counter() - started
print(json.dumps([ours, theirs]))
"""


def first_training_in_fresh_process() -> None:
    """Compile included; baseline: the first (tracing) epoch of `model.fit` in that process."""
    out = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    ours, theirs = (float(v) for v in out.stdout.strip().splitlines()[-1].strip("[]").split(","))
    emit(
        "first_training_fresh_process",
        ours,
        "s",
        theirs,
        ours / theirs,
        "value <= 2 s (4-4-1, 500 epochs, compile included); baseline: first fit epoch",
    )


SESSIONS = """
import asyncio, json, resource
from model.service import ModelService
from model import TrainSettings

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

async def main():
    service = ModelService()
    await service.start()
    await service.train(-1)
    empty = rss_mb()
    for chat in range(1000):
        await service.train(chat, TrainSettings(seed=chat))
    await service.predict(999, [100])
    print(json.dumps([empty, rss_mb()]))
    service.close()

asyncio.run(main())
"""


def memory_of_1000_sessions() -> None:
    """RSS growth of one service after 1,000 chats each trained once (default settings)."""
    out = subprocess.run(
        [sys.executable, "-c", SESSIONS],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    empty, full = (float(v) for v in out.stdout.strip().splitlines()[-1].strip("[]").split(","))
    emit(
        "rss_growth_1000_trained_sessions",
        full - empty,
        "MB",
        empty,
        (full - empty) / empty,
        "value <= 50 MB over the empty service (baseline: its RSS)",
    )


async def _worst_loop_lag(busy: bool) -> float:
    """The worst overshoot of a 10 ms sleep on the event loop, while 20 chats train 2,000 epochs
    and get their loss curves drawn, 5 of them animated too (busy), or while nothing happens (the
    baseline)."""
    from bot.text import formatting, i18n
    from model import TrainSettings
    from model.service import ModelService

    labels = formatting.plot_labels(i18n.catalogue("en"))
    service = ModelService()
    try:
        await service.start()
        lags: list[float] = []
        done = asyncio.Event()

        async def monitor() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - started - 0.01)

        async def train_and_plot(chat: int) -> None:
            result = await service.train(chat, TrainSettings(epochs=2000, seed=chat))
            await service.loss_plot(result.losses, labels)
            if chat % 4 == 0:  # every fourth chat also gets its training animated
                data = await service.animation(chat)
                counters = tuple(str(e) for e in data.epochs)
                await service.animation_gif(data, dataclasses.replace(labels, counters=counters))

        watcher = asyncio.create_task(monitor())
        if busy:
            await asyncio.gather(*(train_and_plot(chat) for chat in range(20)))
        else:
            await asyncio.sleep(1.0)
        done.set()
        await watcher
        return max(lags)
    finally:
        service.close()


def event_loop_lag() -> None:
    """The bot's event loop while trainings and plots run beside it (tests only bound it at 1 s)."""
    idle = asyncio.run(_worst_loop_lag(busy=False))
    busy = asyncio.run(_worst_loop_lag(busy=True))
    emit(
        "event_loop_worst_lag_20_trainings_with_plots",
        busy * 1000,
        "ms",
        idle * 1000,
        busy / max(idle, 1e-4),
        "value < 100 ms (baseline: the same loop idle)",
    )


def main() -> None:
    """Every model-core figure."""
    fit_seconds = lesson_fit_seconds()
    training(fit_seconds)
    prediction()
    first_training_in_fresh_process()
    memory_of_1000_sessions()
    event_loop_lag()


if __name__ == "__main__":
    main()
