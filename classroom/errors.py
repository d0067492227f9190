"""The one exception the classroom raises for requests it cannot carry out."""

from __future__ import annotations

from typing import Any

# Every reason a game can give; the bot words each as `game-<key>` in the chat's language.
KEYS = frozenset(
    {
        "challenge_open",
        "no_challenge",
        "round_over",
        "seconds_range",
        "not_starter",
        "starter_plays",
        "admins_watch",
        "answer_hidden",
        "no_tune",
        "tune_over",
        "tune_playing",
        "tune_dense1",
        "no_preset",
        "bad_preset",
        "no_task",
        "bad_due",
        "no_assignment",
        "too_many_assignments",
        "too_much_homework",
        "report_group",
    }
)


class GameError(Exception):
    """A game request that can't be done now; `key` names the reason, `values` fill it in."""

    def __init__(self, key: str, **values: Any) -> None:
        assert key in KEYS, key
        super().__init__(key)
        self.key = key
        self.values = values
