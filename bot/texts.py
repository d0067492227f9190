"""Every user-facing string and number format of the bot, in one catalogue."""

from __future__ import annotations

import math
from collections.abc import Sequence

from model import Dataset, ModelError, Prediction, TrainResult, WeightsReport, fahrenheit
from model.limits import (
    MAX_ABS_VALUE,
    MAX_EPOCHS,
    MAX_HIDDEN_LAYERS,
    MAX_POINTS,
    MAX_PREDICT_VALUES,
    MAX_UNITS,
)

from .commands import UsageError

MAX_MESSAGE = 4096
MAX_CAPTION = 1024

INTRO = (
    "🌡 I am a neural network learning Celsius → Fahrenheit, the classic first deep-learning"
    " lesson.\n"
    "A Keras Dense layer (one weight, one bias) sees 7 examples and must discover"
    " f = 1.8·c + 32 by itself.\n"
    "Train it, ask it for conversions, and watch its weights and loss curve."
)

COMMANDS: dict[str, str] = {
    "start": "welcome and the list of commands",
    "help": "the lesson and every command",
    "convert": "the model's °F for a temperature: /convert 100 or /convert -40 36.6",
    "train": "train this chat's model: /train, /train 1000 0.05, /train optimizer=sgd lr=0.001",
    "stop": "stop this chat's running training",
    "weights": "the weights the model learned",
    "plot": "the loss curve of the last training",
    "fit": "the data, the model's line and the formula's line",
    "data": "the examples: /data, /data add 100 212, /data remove 100, /data reset",
    "layers": "hidden layers: /layers 4 4, /layers 8 relu, /layers none",
    "reset": "this chat back to the shared model and the lesson's data",
    "export": "this chat's model as a .keras file",
    "lock": "group admins: only admins may change the model",
    "unlock": "group admins: everyone may change the model again",
}
ADMIN_COMMANDS: dict[str, str] = {
    "retrain": "operators: retrain the shared default model: /retrain 500 0.1",
    "stats": "operators: sessions, trainings, uptime, memory",
}

USAGE: dict[str, str] = {
    "not_a_number": "'{word}' is not a number. Use digits like 100, -40, 36.6 or 1e2.",
    "not_whole": "{name} must be a whole number, not '{word}'.",
    "convert_usage": (
        f"Give one or more temperatures in °C, up to {MAX_PREDICT_VALUES}: /convert 100 -40 36.6"
    ),
    "too_many_values": "At most {max} values at a time.",
    "train_usage": (
        "Usage: /train [epochs] [learning rate], e.g. /train 500 0.1, or options"
        f" epochs=1..{MAX_EPOCHS} lr=0..1 optimizer=adam|sgd|rmsprop seed=N"
    ),
    "unknown_option": (
        "Unknown option '{word}'. Options: {options} (e.g. /train epochs=300 lr=0.05)."
    ),
    "repeated_option": "{name} is given twice.",
    "missing_value": "{name}= needs a value, e.g. {name}=100.",
    "data_usage": (
        f"Usage: /data, /data add <°C> <°F>, /data remove <°C>, /data reset (at most {MAX_POINTS}"
        f" points, values within ±{MAX_ABS_VALUE:g})."
    ),
    "layers_usage": (
        f"Usage: /layers [units ...] [linear|relu|tanh]: up to {MAX_HIDDEN_LAYERS} hidden layers"
        f" of 1..{MAX_UNITS} units, e.g. /layers 4 4 or /layers none."
    ),
    "unknown_activation": "Unknown activation '{word}'. Choose one of: {choices}.",
    "too_many_layers": f"At most {MAX_HIDDEN_LAYERS} hidden layers are allowed.",
    "no_arguments": "This command takes no arguments.",
}

UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
PRIVATE_HINT = "Send me a command, e.g. /convert 100 or /train. /help lists them all."
INTERNAL_ERROR = "Sorry, something went wrong on my side. Please try again."
LOCKED = "This chat is locked by its admins: only they can change the model. Reading commands work."
ADMINS_ONLY = "Only this group's admins can lock or unlock it."
OPERATORS_ONLY = "Sorry, only the bot's operators can do that."
LOCK_PRIVATE = "Locking is for group chats; in a private chat only you change your model."
LOCKED_NOW = "🔒 Locked: only admins can now train or change this chat's model."
UNLOCKED_NOW = "🔓 Unlocked: everyone can train and change this chat's model."
STOPPING = "Stopping the training…"
NOTHING_TO_STOP = "No training is running in this chat."
RESET_DONE = "This chat is back to the lesson's data and the shared model."
SHARED_NOTE = "(Answered by the shared model: /train to train this chat's own.)"
EXPORT_CAPTION = (
    "Open it in Keras: model = keras.models.load_model('c2f.keras');"
    " model.predict(np.array([[100.0]]))"
)
NO_HISTORY = "This chat has not trained yet: /train to see its loss curve."


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


def help_text(include_admin: bool) -> str:
    """/start and /help: the lesson in three lines and every command with an example."""
    lines = [INTRO, "", "Commands:"]
    lines += [f"/{name} — {text}" for name, text in COMMANDS.items()]
    if include_admin:
        lines += [f"/{name} — {text}" for name, text in ADMIN_COMMANDS.items()]
    return "\n".join(lines)


def error(problem: UsageError | ModelError) -> str:
    """The short reply to a request that can't be done."""
    if isinstance(problem, UsageError):
        return clip(USAGE[problem.key].format(**problem.values))
    return clip(problem.message)


def conversion(prediction: Prediction) -> str:
    """Each °C with the model's °F, the formula's and the difference."""
    lines = []
    for c, f in zip(prediction.celsius, prediction.fahrenheit):
        truth = fahrenheit(c)
        lines.append(
            f"{celsius(c)} °C → {number(f)} °F (formula {number(truth)}, error {number(f - truth)})"
        )
    if prediction.shared:
        lines.append(SHARED_NOTE)
    return clip("\n".join(lines))


def training_caption(result: TrainResult, f100: float) -> str:
    """The caption of the loss-curve photo after a training."""
    head = f"Trained {result.epochs_run} epochs"
    if result.stopped:
        head = f"Stopped after {result.epochs_run} of {result.epochs_requested} epochs"
    lines = [
        f"{head} ({result.optimizer}, lr {result.learning_rate:g}, seed {result.seed}) in"
        f" {result.seconds * 1000:.0f} ms.",
        f"Loss: {loss(float(result.losses[0]))} → {loss(result.final_loss)}",
    ]
    lines += _weights_lines(result.weights)
    lines.append(f"100 °C → {number(f100)} °F (formula 212)")
    return clip("\n".join(lines), MAX_CAPTION)


def stopped_before_start() -> str:
    """/train stopped before any epoch ran."""
    return "The training was stopped before any epoch ran; the model is unchanged."


def _weights_lines(report: WeightsReport) -> list[str]:
    pair = report.slope_and_intercept
    if pair is None:
        return [f"{report.architecture.describe()}: {report.param_count} parameters (/weights)"]
    weight, bias = pair
    return [f"Weight {number(weight, 4)} (formula 1.8), bias {number(bias, 4)} (formula 32)"]


def weights(report: WeightsReport) -> str:
    """/weights: every layer's kernel and bias, the parameter count and what they mean."""
    lines = [f"{report.architecture.describe()} — {report.param_count} parameters"]
    pair = report.slope_and_intercept
    if pair is not None:
        weight, bias = pair
        lines += [
            f"Weight (kernel): {number(weight, 4)} — the formula's 1.8: °F rises this much per °C.",
            f"Bias: {number(bias, 4)} — the formula's 32: the °F at 0 °C.",
            f"The model computes f = {number(weight, 4)}·c + {number(bias, 4)}.",
        ]
    else:
        for index, layer in enumerate(report.layers, 1):
            kernel = "; ".join(" ".join(number(v, 3) for v in row) for row in layer.kernel)
            bias = " ".join(number(v, 3) for v in layer.bias)
            lines.append(
                f"Layer {index} {layer.kernel.shape[0]}×{layer.kernel.shape[1]}:"
                f" kernel [{kernel}] bias [{bias}]"
            )
        lines.append(
            "With linear activations the layers still multiply out to one line;"
            " relu or tanh let them bend it."
        )
    if report.shared:
        lines.append(SHARED_NOTE)
    return clip("\n".join(lines))


def dataset(data: Dataset, what: str = "") -> str:
    """/data: every point with the formula's value beside it, or, when that is too long for one
    message (200 points fit either way: values have at most 6 significant digits), without."""
    head = [what] if what else []
    if not len(data):
        return "\n".join([*head, "0 training points.", "(none: /data add 100 212 or /data reset)"])
    pairs = data.pairs()
    with_formula = [f"{celsius(c)} → {celsius(f)} ({number(fahrenheit(c))})" for c, f in pairs]
    listing = [*head, f"{len(data)} training points (°C → °F, formula in brackets):", *with_formula]
    if len("\n".join(listing)) > MAX_MESSAGE:
        points = [f"{celsius(c)} → {celsius(f)}" for c, f in pairs]
        listing = [*head, f"{len(data)} training points (°C → °F):", *points]
    return clip("\n".join(listing))


def layers(description: str, changed: bool) -> str:
    """/layers: the architecture, and whether the weights were reset."""
    if changed:
        return (
            f"Layers now: {description}. This chat's weights were reset; /train to train the"
            " new network."
        )
    return f"Layers: {description}.\nChange with /layers 4 4, /layers 8 relu or /layers none."


def loss_caption(losses: Sequence[float], shared: bool) -> str:
    """/plot: what the picture shows."""
    text = f"Loss over {len(losses)} epochs: {loss(losses[0])} → {loss(losses[-1])}"
    return clip(f"{text}\n{SHARED_NOTE}" if shared else text, MAX_CAPTION)


def fit_caption(shared: bool) -> str:
    """/fit: what the picture shows."""
    text = "Blue: the training data. Orange: the model. Green dashes: f = 1.8·c + 32."
    return f"{text}\n{SHARED_NOTE}" if shared else text


def progress(done: int, total: int) -> str:
    """The status message of a long training."""
    return f"Training… {done} of {total} epochs ({done * 100 // max(total, 1)} %). /stop to stop."


def progress_done(done: int, total: int) -> str:
    """The status message once the training has ended."""
    return f"Training ended after {done} of {total} epochs."


def stats(
    sessions: int, trained: int, trainings: int, running: int, uptime: float, memory_mb: float
) -> str:
    """/stats for operators."""
    hours, rest = divmod(int(uptime), 3600)
    return (
        f"Sessions: {sessions} ({trained} trained)\n"
        f"Trainings: {trainings} ({running} running now)\n"
        f"Uptime: {hours} h {rest // 60} min\nMemory (RSS): {memory_mb:.0f} MB"
    )
