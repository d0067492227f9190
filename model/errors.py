"""The one exception the model layer raises for requests it cannot carry out."""

from __future__ import annotations

from typing import Any

# Every reason the model can give. The bot words each in the chat's language
# (bot/text/locales/*.ftl: `error-<key>`); the model layer holds no user-facing text.
KEYS = frozenset(
    {
        "epochs_range",
        "step_range",
        "race_size",
        "lr_range",
        "unknown_optimizer",
        "momentum_range",
        "momentum_sgd_only",
        "nesterov_needs_momentum",
        "batch_range",
        "unknown_activation",
        "too_many_layers",
        "units_range",
        "seed_range",
        "value_range",
        "dataset_full",
        "dataset_too_small",
        "duplicate_point",
        "no_such_point",
        "too_many_values",
        "no_values",
        "not_finite",
        "not_ready",
        "overloaded",
        "shutting_down",
        "busy",
        "diverged",
        "drawing_busy",
    }
)


class ModelError(Exception):
    """A request the model cannot carry out; `key` (one of KEYS) names the reason and `values`
    are the numbers and words that explain it."""

    def __init__(self, key: str, **values: Any) -> None:
        if key not in KEYS:
            raise ValueError(f"unknown ModelError key {key!r}")
        self.key = key
        self.values = values
        details = ", ".join(f"{name}={value!r}" for name, value in values.items())
        super().__init__(f"{key} ({details})" if details else key)
