"""/race [lr ...] | /race optimizer [lr] | /race batch [sizes ...]: fresh copies of the chat's
model trained side by side from the same start, one picture (the training: model/race.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.features.arguments import UsageError, normalize, parse_number, whole, words_of
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text.formatting import MAX_CAPTION, clip, loss, plot_labels
from bot.text.i18n import Catalogue
from model import OPTIMIZERS
from model.results import RaceRun, Runner, race_winner
from model.settings import DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_OPTIMIZER


async def race(chat: Chat, args: Sequence[str]) -> Reply:
    """/race [lr ...] | /race optimizer [lr] | /race batch [sizes ...]: fresh copies trained
    side by side, one picture."""
    request = parse_race(args, *chat.service.training_defaults(chat.chat_id))
    runs = await chat.service.race(chat.chat_id, list(request.runners), request.epochs)
    t = chat.t
    names = race_names(t, runs, request.kind)
    image = await chat.service.race_plot(
        runs, plot_labels(t), race_legend(t, runs, names), chat.chat_id
    )
    best = race_winner(runs)
    index = None if best is None else runs.index(best)
    return Reply(race_caption(t, runs, names, request.epochs, index), image)


RACE_RATES = (0.001, 0.01, 0.1, 1.0)
RACE_BATCHES = (1, 2, None)  # None: every example in one batch
RaceKind = Literal["lr", "optimizer", "batch"]


@dataclass(frozen=True)
class RaceRequest:
    """/race: the runners' settings and the epochs each trains."""

    runners: tuple[Runner, ...]
    epochs: int
    kind: RaceKind = "lr"


def parse_race(
    args: Sequence[str],
    learning_rate: float = DEFAULT_LEARNING_RATE,
    optimizer: str = DEFAULT_OPTIMIZER,
) -> RaceRequest:
    """/race [lr ...] [epochs=N] with `optimizer` (default rates RACE_RATES), or
    /race optimizer [lr] [epochs=N]: adam, sgd and rmsprop at one rate (default `learning_rate`),
    or /race batch [size ...] [epochs=N]: mini-batch sizes with the chat's optimizer and rate
    (default RACE_BATCHES; a size the data cannot fill is the model's to refuse)."""
    epochs, words = DEFAULT_EPOCHS, []
    for word in words_of(args):
        key, equals, value = normalize(word).partition("=")
        if not equals:
            words.append(word)
        elif key.strip() == "epochs" and value.strip():
            epochs = whole(value.strip(), "epochs")
        else:
            raise UsageError("race_usage")
    if words and normalize(words[0]) in ("optimizer", "optimizers", "optimiser"):
        if len(words) > 2:
            raise UsageError("race_usage")
        rate = parse_number(words[1], bounded=False) if len(words) == 2 else learning_rate
        runners = tuple(Runner(name, rate) for name in OPTIMIZERS)
        return RaceRequest(runners, epochs, "optimizer")
    if words and normalize(words[0]) in ("batch", "batches", "batch_size"):
        sizes: list[int | None] = [whole(w, "batch") for w in words[1:]] or list(RACE_BATCHES)
        runners = tuple(Runner(optimizer, learning_rate, size) for size in sizes)
        return RaceRequest(runners, epochs, "batch")
    rates = [parse_number(w, bounded=False) for w in words] or list(RACE_RATES)
    return RaceRequest(tuple(Runner(optimizer, r) for r in rates), epochs, "lr")


def race_names(t: Catalogue, runs: Sequence[RaceRun], kind: RaceKind) -> list[str]:
    """Each runner's name: its learning rate, its optimizer (and the shared rate), or its
    mini-batches (and how many updates an epoch they make)."""
    names = []
    for run in runs:
        runner = run.runner
        if kind == "optimizer":
            names.append(
                t("race-name-optimizer", optimizer=runner.optimizer, lr=f"{runner.learning_rate:g}")
            )
        elif kind == "batch" and runner.batch_size is not None:
            names.append(
                t("race-name-batch", size=runner.batch_size, updates=run.updates_per_epoch)
            )
        elif kind == "batch":
            names.append(t("race-name-full-batch"))
        else:
            names.append(t("race-name-lr", lr=f"{runner.learning_rate:g}"))
    return names


def race_legend(t: Catalogue, runs: Sequence[RaceRun], names: Sequence[str]) -> list[str]:
    """The picture's legend: each runner with its final loss, or where it diverged."""
    return [
        t("race-legend", name=name, loss=loss(run.final_loss))
        if run.diverged_at is None
        else t("race-legend-diverged", name=name, epoch=run.diverged_at)
        for run, name in zip(runs, names)
    ]


def race_caption(
    t: Catalogue, runs: Sequence[RaceRun], names: Sequence[str], epochs: int, best: int | None
) -> str:
    """Each runner's outcome and the winner (`best`: its index, None when all diverged)."""
    lines = [t("race-head", epochs=epochs)]
    for run, name in zip(runs, names):
        if run.diverged_at is None:
            first = loss(float(run.losses[0]))
            lines.append(t("race-run", name=name, first=first, last=loss(run.final_loss)))
        else:
            lines.append(t("race-run-diverged", name=name, epoch=run.diverged_at))
    if best is None:
        lines.append(t("race-no-winner"))
    else:
        lines.append(t("race-winner", name=names[best], loss=loss(runs[best].final_loss)))
    return clip("\n".join(lines), MAX_CAPTION)
