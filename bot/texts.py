"""Every reply the bot writes: the chat's catalogue (bot/locales/*.ftl) filled with numbers
formatted here, the same way in every language."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from model import (
    Dataset,
    ModelError,
    PlotLabels,
    Prediction,
    TrainResult,
    WeightsReport,
    analysis,
    fahrenheit,
)
from model.limits import (
    MAX_ABS_VALUE,
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    MAX_POINTS,
    MAX_PREDICT_VALUES,
    MAX_UNITS,
)
from model.results import EpochStep, StepResult

from .commands import UsageError
from .i18n import DEFAULT_LANGUAGE, Catalogue, catalogue

MAX_MESSAGE = 4096
MAX_CAPTION = 1024
MAX_ANSWER = 200  # answerCallbackQuery's text

# The command menu and /help, in this order.
COMMANDS = (
    "start",
    "help",
    "convert",
    "train",
    "stop",
    "weights",
    "plot",
    "fit",
    "data",
    "layers",
    "reset",
    "export",
    "step",
    "animate",
    "why",
    "lr",
    "lang",
    "lock",
    "unlock",
)
ADMIN_COMMANDS = ("retrain", "stats")
# The limits that usage texts quote.
_USAGE_LIMITS = {
    "convert_usage": {"max": MAX_PREDICT_VALUES},
    "train_usage": {"max_epochs": MAX_EPOCHS},
    "data_usage": {"max_points": MAX_POINTS, "max_value": f"{MAX_ABS_VALUE:g}"},
    "layers_usage": {"max_layers": MAX_HIDDEN_LAYERS, "max_units": MAX_UNITS},
}


def number(value: float, digits: int = 2) -> str:
    """A number for people: fixed digits for ordinary sizes, scientific beyond."""
    if not math.isfinite(value):
        return "—"
    if value != 0 and (abs(value) >= 1e7 or abs(value) < 10**-digits):
        return f"{value:.{digits + 1}e}"
    text = f"{value:.{digits}f}"
    return "0" if text.strip("-0.") == "" else text


def loss(value: float) -> str:
    """A loss with four significant digits: 5693, 7.05, 0.06305."""
    return f"{value:.4g}" if math.isfinite(value) else "—"


def celsius(value: float) -> str:
    """A temperature as written back to the user: 36.6, 100, -40."""
    return f"{value:g}" if abs(value) < 1e6 else number(value)


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Text cut to a Telegram limit."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def menu(t: Catalogue, include_admin: bool = False) -> list[tuple[str, str]]:
    """(command, description) pairs for the command menu and /help."""
    names = COMMANDS + ADMIN_COMMANDS if include_admin else COMMANDS
    return [(name, t(f"cmd-{name}")) for name in names]


def help_text(t: Catalogue, include_admin: bool) -> str:
    """/start and /help: the lesson in three lines and every command with an example."""
    lines = [t("intro"), "", t("commands-heading")]
    lines += [
        t("command-line", name=name, description=text) for name, text in menu(t, include_admin)
    ]
    return "\n".join(lines)


def error(t: Catalogue, problem: UsageError | ModelError) -> str:
    """The short reply to a request that can't be done."""
    if isinstance(problem, UsageError):
        values = {**_USAGE_LIMITS.get(problem.key, {}), **problem.values}
        return clip(t(f"usage-{problem.key}", **values))
    return clip(t(f"error-{problem.key}", **problem.values))


def conversion(t: Catalogue, prediction: Prediction) -> str:
    """Each °C with the model's °F, the formula's and the difference."""
    lines = []
    for c, f in zip(prediction.celsius, prediction.fahrenheit):
        truth = fahrenheit(c)
        lines.append(
            t(
                "conversion-line",
                celsius=celsius(c),
                model=number(f),
                formula=number(truth),
                error=number(f - truth),
            )
        )
    if prediction.shared:
        lines.append(t("shared-note"))
    return clip("\n".join(lines))


def training_caption(t: Catalogue, result: TrainResult, f100: float, data: Dataset) -> str:
    """The caption of the loss-curve photo after a training: what ran, the loss, the weights,
    100 °C, and one line reading the curve."""
    settings = {
        "optimizer": result.optimizer,
        "lr": f"{result.learning_rate:g}",
        "seed": result.seed,
        "ms": f"{result.seconds * 1000:.0f}",
    }
    if result.stopped:
        head = t("stopped-head", done=result.epochs_run, epochs=result.epochs_requested, **settings)
    else:
        head = t("trained-head", epochs=result.epochs_run, **settings)
    lines = [
        head,
        t("loss-change", first=loss(float(result.losses[0])), last=loss(result.final_loss)),
        _weights_line(t, result.weights),
        t("f100", f100=number(f100)),
        reading(t, data, result),
    ]
    best = _best_line(data, result.weights)
    if best:
        lines.append(t("best-line", **best))
    return clip("\n".join(lines), MAX_CAPTION)


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
) -> str:
    """/why: the rounded labels, the least-squares line, where the model stands, what training
    can change, and for sgd the largest stable learning rate on this data."""
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
    lines.append(t("why-training", f100=f100))
    max_lr = analysis.sgd_max_stable_learning_rate(data)
    if max_lr is not None:
        values = {"max_lr": f"{max_lr:.2g}", "lr": f"{learning_rate:g}"}
        if learning_rate < max_lr:
            lines.append(t("why-sgd-stable", **values))
        else:
            lines.append(t("why-sgd-unstable", ratio=f"{learning_rate / max_lr:.0f}", **values))
    return clip("\n".join(lines))


def _weights_line(t: Catalogue, report: WeightsReport) -> str:
    pair = report.slope_and_intercept
    if pair is None:
        return t(
            "parameters", architecture=report.architecture.describe(), count=report.param_count
        )
    weight, bias = pair
    return t("weight-and-bias", weight=number(weight, 4), bias=number(bias, 4))


def weights(t: Catalogue, report: WeightsReport, data: Dataset | None = None) -> str:
    """/weights: every layer's kernel and bias, the parameter count and what they mean."""
    lines = [
        t("weights-heading", architecture=report.architecture.describe(), count=report.param_count)
    ]
    pair = report.slope_and_intercept
    if pair is not None:
        weight, bias = number(pair[0], 4), number(pair[1], 4)
        lines += [
            t("weights-kernel", weight=weight),
            t("weights-bias", bias=bias),
            t("weights-line", weight=weight, bias=bias),
        ]
    else:
        for index, layer in enumerate(report.layers, 1):
            kernel = "; ".join(" ".join(number(v, 3) for v in row) for row in layer.kernel)
            lines.append(
                t(
                    "weights-layer",
                    index=index,
                    rows=layer.kernel.shape[0],
                    columns=layer.kernel.shape[1],
                    kernel=kernel,
                    bias=" ".join(number(v, 3) for v in layer.bias),
                )
            )
        line = analysis.network_line(report.architecture, report.layers)
        if line is not None:
            slope, intercept = number(line[0], 4), number(line[1], 4)
            lines.append(t("weights-network-line", slope=slope, intercept=intercept))
        lines.append(t("weights-linear-note"))
    best = _best_line(data, report) if data is not None else {}
    if best:
        lines.append(t("weights-best", **best))
    if report.shared:
        lines.append(t("shared-note"))
    return clip("\n".join(lines))


def dataset(t: Catalogue, data: Dataset, what: str = "") -> str:
    """/data: every point with the formula's value beside it, or, when that is too long for one
    message (200 points fit either way: values have at most 6 significant digits), without."""
    head = [what] if what else []
    if not len(data):
        return "\n".join([*head, t("data-empty"), t("data-empty-hint")])
    pairs = data.pairs()
    with_formula = [f"{celsius(c)} → {celsius(f)} ({number(fahrenheit(c))})" for c, f in pairs]
    listing = [*head, t("data-heading-formula", count=len(data)), *with_formula]
    if len("\n".join(listing)) > MAX_MESSAGE:
        points = [f"{celsius(c)} → {celsius(f)}" for c, f in pairs]
        listing = [*head, t("data-heading", count=len(data)), *points]
    return clip("\n".join(listing))


def layers(t: Catalogue, description: str, changed: bool) -> str:
    """/layers: the architecture, and whether the weights were reset."""
    return t("layers-changed" if changed else "layers-current", architecture=description)


def loss_caption(t: Catalogue, losses: Sequence[float], shared: bool) -> str:
    """/plot: what the picture shows."""
    text = t("loss-caption", epochs=len(losses), first=loss(losses[0]), last=loss(losses[-1]))
    return clip(f"{text}\n{t('shared-note')}" if shared else text, MAX_CAPTION)


def fit_caption(t: Catalogue, shared: bool) -> str:
    """/fit: what the picture shows."""
    text = t("fit-caption")
    return f"{text}\n{t('shared-note')}" if shared else text


def plot_labels(t: Catalogue) -> PlotLabels:
    """The words inside the pictures; in another language than English they carry the English
    ones too, for a plotting process that cannot draw the language's script."""
    labels = PlotLabels(
        loss_title=t("plot-loss-title"),
        epoch=t("plot-epoch"),
        loss=t("plot-loss"),
        fit_title=t("plot-fit-title"),
        celsius=t("plot-celsius"),
        fahrenheit=t("plot-fahrenheit"),
        model=t("plot-model"),
        formula=t("plot-formula"),
        data=t("plot-data"),
    )
    if t.language == DEFAULT_LANGUAGE:
        return labels
    return dataclasses.replace(labels, fallback=plot_labels(catalogue(DEFAULT_LANGUAGE)))


def animation_labels(t: Catalogue, epochs: Sequence[int]) -> PlotLabels:
    """The words of an animation: the pictures' labels and an epoch counter for each frame."""
    total = int(epochs[-1])
    counters = tuple(t("animate-counter", epoch=int(e), total=total) for e in epochs)
    labels = dataclasses.replace(plot_labels(t), fallback=None, counters=counters)
    if t.language == DEFAULT_LANGUAGE:
        return labels
    return dataclasses.replace(
        labels, fallback=animation_labels(catalogue(DEFAULT_LANGUAGE), epochs)
    )


def progress(t: Catalogue, done: int, total: int) -> str:
    """The status message of a long training."""
    return t("progress", done=done, total=total, percent=done * 100 // max(total, 1))


def progress_done(t: Catalogue, done: int, total: int) -> str:
    """The status message once the training has ended."""
    return t("progress-done", done=done, total=total)


def stats(
    t: Catalogue,
    sessions: int,
    trained: int,
    trainings: int,
    running: int,
    uptime: float,
    memory_mb: float,
) -> str:
    """/stats for operators."""
    hours, rest = divmod(int(uptime), 3600)
    return t(
        "stats",
        sessions=sessions,
        trained=trained,
        trainings=trainings,
        running=running,
        hours=hours,
        minutes=rest // 60,
        memory=f"{memory_mb:.0f}",
    )


def signed(value: float, digits: int = 4) -> str:
    """A change with its sign: +0.1, -0.0006."""
    text = number(value, digits)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def gradient(value: float) -> str:
    """A gradient with four significant digits: -5.783, 1234, 0.0001523."""
    return f"{value:.4g}" if math.isfinite(value) else "—"


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
        if one_line:
            weight = float(middle[-1].after[0][0, 0] - middle[0].before[0][0, 0])
            bias = float(middle[-1].after[1][0] - middle[0].before[1][0])
            lines.append(t("step-between-line", weight=signed(weight), bias=signed(bias), **span))
        else:
            lines.append(t("step-between", **span))
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
    if training.optimizer == "sgd":
        lines.append(t("step-sgd", lr=f"{lr:g}", gradient=gradient(gb), update=signed(change)))
    else:
        lines.append(t(f"step-{training.optimizer}", update=signed(change), plain=signed(-lr * gb)))
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


def lr_current(t: Catalogue, learning_rate: float, optimizer: str) -> str:
    """/lr alone."""
    return t("lr-current", lr=f"{learning_rate:g}", optimizer=optimizer)


def lr_set(t: Catalogue, learning_rate: float, old: float) -> str:
    """/lr with a value or a factor, and the learning-rate buttons."""
    return t("lr-set", lr=f"{learning_rate:g}", old=f"{old:g}")
