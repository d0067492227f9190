"""Presets: a chat's setup stored under a short code, to be shared as a deep link
(`https://t.me/<bot>?start=<code>`) or as `/start <code>` pasted in a group.

A code is a hash of the setup — the same setup always gets the same code, a made-up code finds
nothing, and a code reveals nothing about whoever made it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from model.dataset import Dataset
from model.errors import ModelError
from model.settings import Architecture, Setup

from .errors import GameError

CODE_LENGTH = 10  # 60 bits: collisions are out of reach for any number of presets
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram allows in a start payload


def to_json(setup: Setup) -> dict:
    """A setup as stored (with "normalization" only when the network has that layer: the code
    of every other setup stays the one it had before /normalize)."""
    stored = {
        "celsius": list(setup.dataset.celsius),
        "fahrenheit": list(setup.dataset.fahrenheit),
        "hidden": list(setup.architecture.hidden),
        "activation": setup.architecture.activation,
        "optimizer": setup.optimizer,
        "learning_rate": setup.learning_rate,
        "epochs": setup.epochs,
        "seed": setup.seed,
    }
    stats = setup.architecture.normalization
    if stats is not None:
        stored["normalization"] = list(stats)
    return stored


def from_json(stored: dict) -> Setup:
    """The setup `to_json` stored, checked again like any setting (GameError('bad_preset'))."""
    try:
        return Setup(
            Dataset(tuple(stored["celsius"]), tuple(stored["fahrenheit"])),
            Architecture(
                tuple(stored["hidden"]), stored["activation"], _stats(stored.get("normalization"))
            ),
            stored["optimizer"],
            stored["learning_rate"],
            stored["epochs"],
            stored["seed"],
        )
    except (KeyError, TypeError, ValueError, ModelError):
        raise GameError("bad_preset") from None


def _stats(stored: object) -> tuple[float, float] | None:
    """A stored (mean, variance), checked by Architecture (ValueError, TypeError if not one)."""
    if stored is None:
        return None
    if not isinstance(stored, list | tuple):
        raise TypeError(f"not a (mean, variance): {stored!r}")
    mean, variance = stored
    return float(mean), float(variance)


def code(setup: Setup) -> str:
    """The setup's code: URL-safe base64 of its hash, CODE_LENGTH characters of A-Z a-z 0-9 _ -."""
    canonical = json.dumps(to_json(setup), sort_keys=True).encode()
    digest = hashlib.sha256(canonical).digest()
    return base64.urlsafe_b64encode(digest).decode()[:CODE_LENGTH]


def check_code(word: str) -> str:
    """A start payload that could be a code (GameError('bad_preset') otherwise)."""
    if not _PAYLOAD.fullmatch(word) or len(word) != CODE_LENGTH:
        raise GameError("bad_preset")
    return word
