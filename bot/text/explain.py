"""The words that explain training: one epoch up close (/step), why not exactly 212 (/why), the
loss curve read aloud and the line behind a network's weights. Numbers come from the model layer
(`model.analysis` and the service's results); `bot.text.formatting` formats them."""

from __future__ import annotations

import numpy as np

from bot.text.formatting import celsius, clip, loss, number
from bot.text.i18n import Catalogue
from model import Dataset, TrainResult, WeightsReport, analysis
from model.optimizers import Optimizer
from model.results import EpochStep, StepResult


def signed(value: float, digits: int = 4) -> str:
    """A change with its sign: +0.1, -0.0006."""
    text = number(value, digits)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def gradient(value: float) -> str:
    """A gradient with four significant digits: -5.783, 1234, 0.0001523."""
    return loss(value)


def training_notes(t: Catalogue, data: Dataset, result: TrainResult) -> list[str]:
    """Under a training's numbers: what its loss curve means and, for a network that is one
    line, how far it is from the best line through the chat's points."""
    notes = [reading(t, data, result)]
    best = _best_line(data, result.weights)
    if best:
        notes.append(t("best-line", **best))
    return notes


def weights_notes(t: Catalogue, data: Dataset, report: WeightsReport) -> list[str]:
    """Under /weights: the one line linear layers multiply out to, and the best line."""
    notes = []
    line = analysis.network_line(report.architecture, report.layers)
    if line is not None and report.architecture.hidden:
        slope, intercept = number(line[0], 4), number(line[1], 4)
        notes.append(t("weights-network-line", slope=slope, intercept=intercept))
    best = _best_line(data, report)
    if best:
        notes.append(t("weights-best", **best))
    return notes


def reading(t: Catalogue, data: Dataset, result: TrainResult) -> str:
    """One line on what the loss curve means (diverged trainings never get here)."""
    report = result.weights
    x = np.asarray(data.celsius, np.float64)
    dead = analysis.dead_layer(report.architecture, report.layers, x) is not None
    one_line = analysis.network_line(report.architecture, report.layers) is not None
    best = analysis.best_possible_loss(data) if one_line else None
    curve = analysis.read_curve(np.asarray(result.losses, np.float64), best, dead)
    kind = curve.diagnosis
    if kind is analysis.Diagnosis.STUCK:
        return t("reading-stuck")
    if kind is analysis.Diagnosis.UNSTABLE:
        return t("reading-unstable", lr=f"{result.learning_rate / 10:g}")
    if curve.near_best and best is not None:  # still creeping down, but nothing left to gain
        return t("reading-levelled-best", best=loss(best))
    if kind is analysis.Diagnosis.FALLING:
        return t("reading-falling")
    if best is None:
        return t("reading-levelled-curve", loss=loss(result.final_loss))
    return t("reading-levelled", loss=loss(result.final_loss), best=loss(best))


def _best_line(data: Dataset, report: WeightsReport) -> dict[str, str]:
    """The least-squares line of the chat's points and how far the model's own line is from it;
    empty for a bent network or too few points."""
    best = analysis.least_squares_line(data)
    line = analysis.network_line(report.architecture, report.layers)
    if best is None or line is None:
        return {}
    return {
        "slope": number(best[0], 4),
        "intercept": number(best[1], 4),
        "dw": signed(line[0] - best[0]),
        "db": signed(line[1] - best[1]),
    }


def why(
    t: Catalogue,
    data: Dataset,
    report: WeightsReport,
    model100: float,
    learning_rate: float,
    optimizer: str = "adam",
    epochs: int = 500,
    seen: Dataset | None = None,
) -> str:
    """/why: the rounded labels, the least-squares line, where the model stands, what training
    can change, the largest stable learning rate of sgd (and of this chat's momentum) on this
    data (as the Dense layers `seen` it: normalized behind a Normalization layer), and how many
    updates `epochs` epochs are."""
    best = analysis.least_squares_line(data)
    if best is None:
        return t("why-too-few")
    slope, intercept = best
    line = {"slope": number(slope, 4), "intercept": number(intercept, 4)}
    f100 = number(slope * 100 + intercept)
    rounded = analysis.rounded_labels(data)
    if rounded:
        examples = ", ".join(
            f"{number(exact, 1)} → {celsius(given)}" for _, given, exact in rounded[:4]
        )
        lines = [t("why-rounded", examples=examples, f100=f100, **line)]
    else:
        lines = [t("why-data", f100=f100, **line)]
    model_line = analysis.network_line(report.architecture, report.layers)
    if model_line is None:
        lines.append(t("why-model-curve", model100=number(model100)))
    else:
        lines.append(
            t(
                "why-model",
                weight=number(model_line[0], 4),
                bias=number(model_line[1], 4),
                dw=signed(model_line[0] - slope),
                db=signed(model_line[1] - intercept),
                model100=number(model100),
            )
        )
    if model_line is None:  # a bent network is not held to the best line
        best_loss = analysis.best_possible_loss(data)
        lines.append(t("why-training-curve", best=loss(best_loss or 0.0)))
    else:
        lines.append(t("why-training", f100=f100))
    seen = data if seen is None else seen
    max_lr = analysis.sgd_max_stable_learning_rate(seen)
    if max_lr is not None:
        values = {"max_lr": f"{max_lr:.2g}", "lr": f"{learning_rate:g}"}
        if learning_rate < max_lr:
            lines.append(t("why-sgd-stable", **values))
        else:
            lines.append(t("why-sgd-unstable", ratio=f"{learning_rate / max_lr:.0f}", **values))
    chosen = Optimizer.parse(optimizer)
    limit = analysis.stable_learning_rate(seen, optimizer)
    if chosen.momentum and limit is not None:
        stable = learning_rate < limit
        lines.append(
            t(
                (
                    ("why-nesterov-stable" if stable else "why-nesterov-unstable")
                    if chosen.nesterov
                    else ("why-momentum-stable" if stable else "why-momentum-unstable")
                ),
                momentum=f"{chosen.momentum:g}",
                limit=f"{limit:.2g}",
                lr=f"{learning_rate:g}",
            )
        )
    lines.append(updates(t, len(data), epochs))
    return clip("\n".join(lines))


KERAS_BATCH_SIZE = 32  # model.fit's default batch_size


def updates(t: Catalogue, examples: int, epochs: int) -> str:
    """The lesson's "500 epochs × 7 examples" myth, with this chat's numbers: an epoch of one
    batch is one update; batch=1 would make it one per example."""
    values = {"examples": examples, "epochs": f"{epochs:,}", "product": f"{epochs * examples:,}"}
    if examples <= KERAS_BATCH_SIZE:
        return t("why-updates", **values)
    keras_batches = -(-examples // KERAS_BATCH_SIZE)
    return t("why-updates-large", keras=f"{epochs * keras_batches:,}", **values)


def step(t: Catalogue, result: StepResult, first_epoch: int) -> str:
    """/step: the loss before and after, each epoch's numbers up close (the first and the last
    when there are several, the totals between), in plain words for Dense(1)."""
    training, epochs = result.training, result.epochs
    if not epochs:
        return t("stopped-before-start")
    lines = [
        t(
            "step-head",
            epochs=len(epochs),
            optimizer=training.optimizer,
            lr=f"{training.learning_rate:g}",
            before=loss(epochs[0].loss_before),
            after=loss(epochs[-1].loss_after),
        )
    ]
    if result.fresh:
        lines.append(t("step-fresh"))
    one_line = not training.weights.architecture.hidden
    detail = _dense1_epoch if one_line else _layers_epoch
    lines += detail(t, epochs[0], first_epoch, training, explain=True)
    if len(epochs) > 2:
        middle = epochs[1:-1]
        span = {
            "first": first_epoch + 1,
            "last": first_epoch + len(epochs) - 2,
            "before": loss(middle[0].loss_before),
            "after": loss(middle[-1].loss_after),
        }
        single = len(middle) == 1  # "Epoch 5002", not "Epochs 5002–5002"
        if one_line:
            weight = float(middle[-1].after[0][0, 0] - middle[0].before[0][0, 0])
            bias = float(middle[-1].after[1][0] - middle[0].before[1][0])
            changes = {"weight": signed(weight), "bias": signed(bias)}
            lines.append(
                t("step-between-line-one" if single else "step-between-line", **changes, **span)
            )
        else:
            lines.append(t("step-between-one" if single else "step-between", **span))
    if len(epochs) > 1:
        last = first_epoch + len(epochs) - 1
        lines += detail(t, epochs[-1], last, training, explain=False)
    lines.append(t("step-more"))
    return clip("\n".join(lines))


def _dense1_epoch(
    t: Catalogue, epoch: EpochStep, number_: int, training: TrainResult, explain: bool
) -> list[str]:
    (w0, b0), (gw, gb), (w1, b1) = (
        (float(arrays[0][0, 0]), float(arrays[1][0]))
        for arrays in (epoch.before, epoch.gradients, epoch.after)
    )
    lines = [
        t(
            "step-epoch",
            epoch=number_,
            before=loss(epoch.loss_before),
            after=loss(epoch.loss_after),
        ),
        t(
            "step-weight",
            before=number(w0, 4),
            after=number(w1, 4),
            gradient=gradient(gw),
            update=signed(w1 - w0),
        ),
        t(
            "step-bias",
            before=number(b0, 4),
            after=number(b1, 4),
            gradient=gradient(gb),
            update=signed(b1 - b0),
        ),
    ]
    if not explain:
        return lines
    # For mean squared error, d loss / d bias = 2 · mean(prediction - label).
    error, change = gb / 2, b1 - b0
    if abs(error) >= 0.005 and abs(change) >= 5e-5:
        low, up = error < 0, change > 0
        moved = {"error": number(abs(error)), "change": number(abs(change), 4)}
        if up == low:  # the bias moved against the mean error, as the gradient says
            lines.append(t("step-too-low" if low else "step-too-high", **moved))
        else:
            lines.append(t("step-against-low" if low else "step-against-high", **moved))
    lr = training.learning_rate
    optimizer = Optimizer.parse(training.optimizer)
    if optimizer.plain_sgd:
        lines.append(t("step-sgd", lr=f"{lr:g}", gradient=gradient(gb), update=signed(change)))
    elif optimizer.momentum and epoch.velocity_after:
        velocities = (epoch.velocity_before, epoch.velocity_after)
        previous, velocity = (float(v[-1][0]) for v in velocities)
        lines.append(
            t(
                "step-nesterov" if optimizer.nesterov else "step-momentum",
                momentum=f"{optimizer.momentum:g}",
                previous=signed(previous),
                lr=f"{lr:g}",
                gradient=gradient(gb),
                velocity=signed(velocity),
                update=signed(change),
                plain=signed(-lr * gb),
            )
        )
    else:
        lines.append(t(f"step-{optimizer.name}", update=signed(change), plain=signed(-lr * gb)))
    return lines


def _layers_epoch(
    t: Catalogue, epoch: EpochStep, number_: int, training: TrainResult, explain: bool
) -> list[str]:
    lines = [
        t("step-epoch", epoch=number_, before=loss(epoch.loss_before), after=loss(epoch.loss_after))
    ]
    updates = epoch.updates
    for index in range(0, len(epoch.before), 2):
        kernel = epoch.before[index]
        grads = np.concatenate([g.ravel() for g in epoch.gradients[index : index + 2]])
        changes = np.concatenate([u.ravel() for u in updates[index : index + 2]])
        lines.append(
            t(
                "step-layer",
                index=index // 2 + 1,
                rows=kernel.shape[0],
                columns=kernel.shape[1],
                gradient=gradient(float(np.linalg.norm(grads))),
                update=gradient(float(np.linalg.norm(changes))),
                largest=signed(float(changes[np.argmax(np.abs(changes))])),
            )
        )
    return lines
