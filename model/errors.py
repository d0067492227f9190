"""The one exception the model layer raises for requests it cannot carry out."""

from __future__ import annotations

from typing import Any

# English wording of every error, keyed for the bot layer, which may word them its own way.
MESSAGES: dict[str, str] = {
    "epochs_range": "Epochs must be a whole number from 1 to {max}.",
    "lr_range": "The learning rate must be a number above 0 and at most {max}.",
    "unknown_optimizer": "Unknown optimizer '{name}'. Choose one of: {choices}.",
    "unknown_activation": "Unknown activation '{name}'. Choose one of: {choices}.",
    "too_many_layers": "At most {max} hidden layers are allowed.",
    "units_range": "A hidden layer has from 1 to {max} units.",
    "seed_range": "The seed must be a whole number from 0 to {max}.",
    "value_range": "Values must be finite numbers between -{max:g} and {max:g}.",
    "dataset_full": "The dataset already holds the maximum of {max} points.",
    "dataset_too_small": "Training needs at least {min} data points; the dataset has {count}.",
    "duplicate_point": "The dataset already has a point at {celsius:g} °C.",
    "no_such_point": "The dataset has no point at {celsius:g} °C.",
    "too_many_values": "At most {max} values at a time.",
    "no_values": "Give at least one value.",
    "not_finite": "The model's answer is not a finite number. Retrain it with /train or /reset it.",
    "not_ready": "The shared model is not trained yet. Try again in a moment.",
    "overloaded": "The bot is busy training for many chats right now. Please retry in a minute.",
    "shutting_down": (
        "The bot is restarting, so this training was interrupted and nothing changed. Send the"
        " command again in a minute."
    ),
    "busy": "A training is already running in this chat. Wait for it or stop it first.",
    "diverged": (
        "Training diverged at epoch {epoch}: the loss became {loss}. The model keeps its previous"
        " weights. Try a smaller learning rate (for example lr={suggested_lr:g}) or optimizer=adam."
    ),
}


class ModelError(Exception):
    """A request the model cannot carry out; `key` names the message and `values` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(MESSAGES[key].format(**values))

    @property
    def message(self) -> str:
        """The readable English message."""
        return str(self)
