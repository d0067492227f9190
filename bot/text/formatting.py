"""Every reply the bot writes: the chat's catalogue (bot/text/locales/*.ftl) filled with numbers
formatted here, the same way in every language."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

import numpy as np

from bot.features.arguments import UsageError
from bot.text import numbers
from bot.text.i18n import DEFAULT_LANGUAGE, Catalogue, catalogue
from classroom.errors import GameError
from model import (
    Dataset,
    ModelError,
    PlotLabels,
    Prediction,
    TrainResult,
    WeightsReport,
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
from model.normalization import spread
from storage.errors import StorageError

MAX_MESSAGE = 4096
MAX_CAPTION = 1024
MAX_ANSWER = 200  # answerCallbackQuery's text

# The limits that usage texts quote.
_USAGE_LIMITS: dict[str, dict[str, object]] = {
    "convert_usage": {"max": MAX_PREDICT_VALUES},
    "train_usage": {"max_epochs": MAX_EPOCHS},
    "data_usage": {"max_points": MAX_POINTS, "max_value": f"{MAX_ABS_VALUE:g}"},
    "layers_usage": {"max_layers": MAX_HIDDEN_LAYERS, "max_units": MAX_UNITS},
}


def number(value: float, digits: int = 2) -> str:
    """A number for people: `digits` decimals for ordinary sizes (bot.text.numbers)."""
    return numbers.fixed(value, digits)


def loss(value: float) -> str:
    """A loss with four significant digits: 5693, 7.05, 0.06305, 1.6e+16."""
    return numbers.significant(value)


def celsius(value: float) -> str:
    """A temperature as written back to the user: 36.6, 100, -40."""
    return f"{value:g}" if abs(value) < 1e6 else number(value)


def utf16_length(text: str) -> int:
    """The length Telegram's limits count: UTF-16 code units (an emoji is often two)."""
    return len(text.encode("utf-16-le")) // 2


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Text cut to a Telegram limit (in UTF-16 units, never inside a character)."""
    if utf16_length(text) <= limit:
        return text
    kept = text.encode("utf-16-le")[: 2 * (limit - 1)]
    return kept.decode("utf-16-le", errors="ignore") + "…"  # a halved pair is dropped


def fit_lines(
    head: Sequence[str],
    items: Sequence[str],
    tail: Sequence[str],
    more: Callable[[int], str],
    limit: int = MAX_MESSAGE,
) -> str:
    """`head`, as many of `items` as fit, a `more(left out)` line if some do not, and `tail`,
    one a line, within `limit` UTF-16 units (clipped only if even no item fits)."""
    shown = list(items)
    while True:
        left_out = len(items) - len(shown)
        lines = [*head, *shown, *([more(left_out)] if left_out else []), *tail]
        text = "\n".join(lines)
        if utf16_length(text) <= limit or not shown:
            return clip(text, limit)
        shown.pop()


def person(name: str) -> str:
    """A member's name, isolated (FSI … PDI) so that right-to-left or control characters in it
    cannot reorder the line around it."""
    return f"\u2068{name}\u2069"


def error(t: Catalogue, problem: UsageError | ModelError | GameError | StorageError) -> str:
    """The short reply to a request that can't be done."""
    if isinstance(problem, StorageError):
        return t(f"storage-{problem.key}")
    if isinstance(problem, UsageError):
        values = {**_USAGE_LIMITS.get(problem.key, {}), **problem.values}
        return clip(t(f"usage-{problem.key}", **values))
    if isinstance(problem, GameError):
        return clip(t(f"game-{problem.key}", **problem.values))
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


def training_caption(
    t: Catalogue, result: TrainResult, f100: float, notes: Sequence[str] = ()
) -> str:
    """The caption of the loss-curve photo after a training: what ran, the loss, the weights,
    100 °C, then `notes` (bot.text.explain's reading of the curve), and last its seed and time."""
    settings = {"optimizer": result.optimizer, "lr": f"{result.learning_rate:g}"}
    if result.stopped:
        head = t("stopped-head", done=result.epochs_run, epochs=result.epochs_requested, **settings)
    else:
        head = t("trained-head", epochs=result.epochs_run, **settings)
    lines = [
        head,
        t("loss-change", first=loss(float(result.losses[0])), last=loss(result.final_loss)),
        _weights_line(t, result.weights),
        t("f100", f100=number(f100)),
        *notes,
    ]
    if result.updates_per_epoch > 1 and result.batch_size is not None:
        lines.insert(
            1,
            t(
                "updates-line",
                epochs=result.epochs_run,
                batches=result.updates_per_epoch,
                size=result.batch_size,
                updates=f"{result.updates:,}",
            ),
        )
    # How to repeat it and how long it took matter least to a learner: last, and never clipped.
    details = t("run-details", seed=result.seed, ms=f"{result.seconds * 1000:.0f}")
    return clip("\n".join(lines), MAX_CAPTION - len(details) - 1) + "\n" + details


def _weights_line(t: Catalogue, report: WeightsReport) -> str:
    pair = report.slope_and_intercept
    if pair is None:
        return t(
            "parameters", architecture=report.architecture.describe(), count=report.param_count
        )
    weight, bias = pair
    return t("weight-and-bias", weight=number(weight, 4), bias=number(bias, 4))


_KERNEL, _BIAS = "\ue000", "\ue001"  # private-use characters no catalogue has: where they go


def weights(t: Catalogue, report: WeightsReport, notes: Sequence[str] = ()) -> str:
    """/weights: every layer's kernel and bias, the parameter count and what they mean, then
    `notes` (bot.text.explain's line behind the numbers)."""
    lines = [
        t("weights-heading", architecture=report.architecture.describe(), count=report.param_count)
    ]
    pair, inner = report.slope_and_intercept, report.normalized_pair
    stats = report.architecture.normalization
    if pair is not None and inner is not None and stats is not None:
        mean, sigma = number(stats[0], 4), number(spread(stats), 4)
        weight, bias = number(inner[0], 4), number(inner[1], 4)
        lines += [
            t("weights-normalized-kernel", weight=weight, sigma=sigma),
            t("weights-normalized-bias", bias=bias, mean=mean),
            t(
                "weights-normalized-line",
                weight=weight,
                bias=bias,
                mean=mean,
                sigma=sigma,
                slope=number(pair[0], 4),
                intercept=number(pair[1], 4),
            ),
        ]
    elif pair is not None:
        weight, bias = number(pair[0], 4), number(pair[1], 4)
        lines += [
            t("weights-kernel", weight=weight),
            t("weights-bias", bias=bias),
            t("weights-line", weight=weight, bias=bias),
        ]
    else:
        for index, layer in enumerate(report.layers, 1):
            kernel = "; ".join(" ".join(number(v, 3) for v in row) for row in layer.kernel)
            bias = " ".join(number(v, 3) for v in layer.bias)
            # A wide layer's numbers run past Fluent's 2,500 characters a placeable: the text
            # around them comes from the catalogue, the numbers are put in after.
            line = t(
                "weights-layer",
                index=index,
                rows=layer.kernel.shape[0],
                columns=layer.kernel.shape[1],
                kernel=_KERNEL,
                bias=_BIAS,
            )
            lines.append(line.replace(_KERNEL, kernel).replace(_BIAS, bias))
        lines.append(t("weights-linear-note"))
    lines += notes
    if report.shared:
        lines.append(t("shared-note"))
    return clip("\n".join(lines))


def dataset(t: Catalogue, data: Dataset, what: str = "") -> str:
    """/data: every point with the formula's value beside it, or, when that is too long for one
    message, without — and cut to one message if even that is too long (200 points of six
    significant digits, "-0.123456 → -0.654321", are)."""
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


def loss_caption(
    t: Catalogue, losses: Sequence[float] | np.ndarray, shared: bool, now: float
) -> str:
    """/plot: what the picture shows, ending at the loss now (`now`: of the weights it ended
    with, as every reply gives it)."""
    text = t("loss-caption", epochs=len(losses), first=loss(losses[0]), last=loss(now))
    return clip(f"{text}\n{t('shared-note')}" if shared else text, MAX_CAPTION)


def fit_caption(t: Catalogue, shared: bool) -> str:
    """/fit: what the picture shows."""
    text = t("fit-caption")
    return f"{text}\n{t('shared-note')}" if shared else text


@functools.cache  # a chat's labels are the same for every picture
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
        race_title=t("plot-race-title"),
        landscape_title=t("plot-landscape-title"),
        weight=t("plot-weight"),
        bias=t("plot-bias"),
        minimum=t("plot-minimum"),
        start=t("plot-start"),
        end=t("plot-end"),
    )
    if t.language == DEFAULT_LANGUAGE:
        return labels
    return dataclasses.replace(labels, fallback=plot_labels(catalogue(DEFAULT_LANGUAGE)))


def tune_labels(t: Catalogue) -> PlotLabels:
    """/tune's picture: the class's own line, not what the model learned."""
    labels = dataclasses.replace(
        plot_labels(t), fit_title=t("plot-tune-title"), model=t("plot-tune-line")
    )
    if t.language == DEFAULT_LANGUAGE:
        return dataclasses.replace(labels, fallback=None)
    return dataclasses.replace(labels, fallback=tune_labels(catalogue(DEFAULT_LANGUAGE)))


def animation_labels(
    t: Catalogue, epochs: Sequence[int] | np.ndarray, before: int = 0
) -> PlotLabels:
    """The words of an animation: the pictures' labels and an epoch counter for each frame,
    counting on from the `before` epochs the model trained earlier."""
    total = before + int(epochs[-1])
    counters = tuple(t("animate-counter", epoch=before + int(e), total=total) for e in epochs)
    labels = dataclasses.replace(plot_labels(t), fallback=None, counters=counters)
    if t.language == DEFAULT_LANGUAGE:
        return labels
    return dataclasses.replace(
        labels, fallback=animation_labels(catalogue(DEFAULT_LANGUAGE), epochs, before)
    )


def progress(t: Catalogue, done: int, total: int) -> str:
    """The status message of a long training."""
    return t("progress", done=done, total=total, percent=done * 100 // max(total, 1))


def progress_done(t: Catalogue, done: int, total: int) -> str:
    """The status message once the training has ended."""
    return t("progress-done", done=done, total=total)


def lr_current(t: Catalogue, learning_rate: float, optimizer: str) -> str:
    """/lr alone."""
    return t("lr-current", lr=f"{learning_rate:g}", optimizer=optimizer)


def lr_set(t: Catalogue, learning_rate: float, old: float) -> str:
    """/lr with a value or a factor, and the learning-rate buttons."""
    return t("lr-set", lr=f"{learning_rate:g}", old=f"{old:g}")
