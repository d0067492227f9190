"""The two ways the state can fail the bot: a change that could not be stored
(`StorageError`, while it runs) and a state that cannot be opened at all (`StoreError`, at
start-up or in the operator's commands)."""

from __future__ import annotations

KEYS = frozenset({"full", "gone", "failed"})


class StorageError(Exception):
    """A change that could not be stored, so it was not made. `key`: 'full' (no space left),
    'gone' (the state file was deleted or replaced while the bot ran: changes are refused until
    a restart) or 'failed' (any other write error)."""

    def __init__(self, key: str, detail: str = "") -> None:
        assert key in KEYS, key
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key


class StoreError(RuntimeError):
    """A state file that cannot be opened: empty, without a schema, written by a newer release,
    or one whose schema could not be brought up to date."""
