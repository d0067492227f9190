"""/landscape: where gradient descent walks — this chat's loss over (weight, bias), a valley on
the lesson's data, with the path of its last training; the caption gives the valley in numbers
(the Hessian's eigenvalues and their ratio) and reads the path. (The numbers: model/valley.py.)
/landscape compare: four optimizers' paths from one start on the same valley, ranked."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text import formatting
from bot.text.i18n import Catalogue
from bot.text.numbers import fixed, significant
from model import Dataset
from model.labels import PlotLabels
from model.optimizers import Optimizer
from model.results import RaceRun, Runner
from model.valley import Valley, loss_grid, read_path, valley


async def landscape(chat: Chat, args: Sequence[str]) -> Reply:
    """/landscape, /landscape compare"""
    words = [arguments.normalize(w) for w in arguments.words_of(args)]
    if words not in ([], ["compare"]):
        raise arguments.UsageError("landscape_usage")
    service, chat_id, t = chat.service, chat.chat_id, chat.t
    architecture = service.architecture(chat_id)
    if architecture.hidden:
        return Reply(t("landscape-dense1", count=architecture.param_count))
    data = service.landscape_data(chat_id)  # over the normalized °C behind a Normalization layer
    shape = valley(data)
    if shape is None:
        return Reply(t("landscape-no-valley"))
    path, shared = service.answering_path(chat_id)
    labels = formatting.plot_labels(t)
    if architecture.normalized:  # the axes are the Dense(1)'s behind the layer
        labels = dataclasses.replace(
            labels, weight=t("plot-weight-normalized"), bias=t("plot-bias-normalized")
        )
    if words:
        return await compare(chat, data, shape, path, labels)
    image = await service.landscape_plot(chat_id, path, labels)
    return Reply(formatting.clip(caption(t, shape, path, shared), formatting.MAX_CAPTION), image)


ADAM_RATE = 0.1  # the lesson's
UNDER_LIMIT = 0.9  # SGD's rates: this share of their stable limit, two figures


def contestants(shape: Valley) -> list[Runner]:
    """Plain SGD just under its stable limit, SGD with momentum 0.9 at that same rate (stable:
    momentum raises the limit), RMSprop and Adam at the lesson's 0.1."""
    limit = Optimizer("sgd").stable_limit(shape.steep)
    assert limit is not None
    rate = float(f"{UNDER_LIMIT * limit:.2g}")
    return [
        Runner("sgd", rate),
        Runner("sgd momentum=0.9", rate),
        Runner("rmsprop", ADAM_RATE),
        Runner("adam", ADAM_RATE),
    ]


async def compare(
    chat: Chat, data: Dataset, shape: Valley, path: np.ndarray | None, labels: PlotLabels
) -> Reply:
    """/landscape compare: the four contestants from the start of the chat's last training (a
    fresh start if it has none) for its epochs, on one landscape; the caption ranks them."""
    service, chat_id, t = chat.service, chat.chat_id, chat.t
    start = None
    if path is not None and len(path):
        w, b = (float(v) for v in path[0])
        start = [np.array([[w]], np.float32), np.array([b], np.float32)]
    epochs = service.default_epochs(chat_id)
    runs = await service.race(chat_id, contestants(shape), epochs, start=start)
    names = [race_name(t, run) for run in runs]
    drawn = [(run.path, name) for run, name in zip(runs, names) if run.path is not None]
    paths, legend = [path for path, _ in drawn], [name for _, name in drawn]
    image = await service.compare_plot(chat_id, paths, legend, labels)
    text = compare_caption(t, data, shape, runs, names, epochs)
    return Reply(formatting.clip(text, formatting.MAX_CAPTION), image)


def race_name(t: Catalogue, run: RaceRun) -> str:
    """A contestant's name in the legend and the caption: its optimizer and rate."""
    runner = run.runner
    return t("race-name-optimizer", optimizer=runner.optimizer, lr=f"{runner.learning_rate:g}")


def compare_caption(
    t: Catalogue,
    data: Dataset,
    shape: Valley,
    runs: Sequence[RaceRun],
    names: Sequence[str],
    epochs: int,
) -> str:
    """The start, the contestants ranked by how close to the lowest point they ended (the loss
    after their last update, and the share of the way along the valley still to go), and the
    stable limits that set SGD's rates."""
    # Every contestant starts at the same point: the first recorded path shows where.
    start = next((run.path[0] for run in runs if run.path is not None and len(run.path)), (0, 0))

    def end(run: RaceRun) -> float:
        if run.diverged_at is not None or run.path is None:
            return math.inf
        w, b = run.path[-1]
        return float(loss_grid(data, np.array([w]), np.array([b]))[0, 0])

    lines = [
        t(
            "landscape-compare-head",
            epochs=epochs,
            w0=fixed(float(start[0]), 3),
            b0=fixed(float(start[1]), 2),
        )
    ]
    order = sorted(range(len(runs)), key=lambda i: end(runs[i]))
    for rank, index in enumerate(order, 1):
        run = runs[index]
        reading = None if run.path is None else read_path(shape, run.path)
        if run.diverged_at is not None or reading is None:
            lines.append(t("landscape-compare-diverged", rank=rank, name=names[index]))
            continue
        lines.append(
            t(
                "landscape-compare-run",
                rank=rank,
                name=names[index],
                loss=formatting.loss(end(run)),
                along=_percent(reading.along_left),
            )
        )
    sgd_limit = Optimizer("sgd").stable_limit(shape.steep) or 0.0
    momentum_limit = Optimizer("sgd", 0.9).stable_limit(shape.steep) or 0.0
    limits = {
        "sgd": f"{runs[0].runner.learning_rate:g}",
        "limit": significant(sgd_limit, 2),
        "momentum_limit": significant(momentum_limit, 2),
    }
    if shape.ratio < ROUND:  # Adam's steps are about its rate each: the weight's way in steps
        steps = abs(shape.minimum[0] - float(start[0])) / ADAM_RATE
        lines.append(t("landscape-compare-why-round", steps=f"{steps:,.0f}", **limits))
    else:
        lines.append(t("landscape-compare-why", **limits))
    return "\n".join(lines)


ROUND = 2.0  # a bowl less than twice as steep one way as the other is read as round


def ratio_text(ratio: float) -> str:
    """583, 1, 2.5: how many times steeper across the valley than along it."""
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}"


def caption(t: Catalogue, shape: Valley, path: np.ndarray | None, shared: bool) -> str:
    """The valley in numbers and words (a round bowl where it is one), and what the path did."""
    numbers = {
        "ratio": ratio_text(shape.ratio),
        "steep": significant(shape.steep, 5),
        "flat": significant(shape.flat, 3),
    }
    meaning = {
        "limit": significant(2 / shape.steep, 2),
        "weight": fixed(shape.minimum[0], 4),
        "bias": fixed(shape.minimum[1], 2),
    }
    if shape.ratio < ROUND:
        lines = [t("landscape-round-head", **numbers), t("landscape-round-meaning", **meaning)]
    else:
        lines = [t("landscape-head", **numbers), t("landscape-meaning", **meaning)]
    reading = None if path is None else read_path(shape, path)
    if path is None or reading is None:
        lines.append(t("landscape-no-path"))
        return "\n".join(lines)
    start, end = path[0], path[-1]
    lines.append(
        t(
            "landscape-path",
            epochs=reading.epochs,
            w0=fixed(float(start[0]), 3),
            b0=fixed(float(start[1]), 2),
            w1=fixed(float(end[0]), 3),
            b1=fixed(float(end[1]), 2),
            across=_percent(reading.across_left),
            along=_percent(reading.along_left),
        )
    )
    lines.append(
        t("landscape-crossings", crossings=reading.crossings)
        if reading.crossings
        else t("landscape-no-crossings")
    )
    if shared:
        lines.append(t("landscape-shared"))
    return "\n".join(lines)


def _percent(fraction: float) -> str:
    percent = 100 * fraction
    return significant(percent, 2) if percent >= 0.01 else "<0.01"
