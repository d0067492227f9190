"""What the model service needs from outside the ML core, as protocols: a store for the
sessions, the locks that keep several processes from changing or training one chat at once,
and the signal that stops a chat's training on whichever process runs it. The `storage`
package implements them (on SQLite for one process, on PostgreSQL for many); `OneProcess` is
the locks and signals of a process that is alone, and the service's default."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Protocol

from .session import Session

DEFAULT_KEY = "default"  # the shared default model's key, beside the chats' ids

Key = int | str  # a chat id, or DEFAULT_KEY
Release = Callable[[], Awaitable[None]]


class SessionStore(Protocol):
    """The sessions' rows: each change stored in one transaction before anyone sees it
    (storage.StorageError when it cannot be), each row with a version counting its writes."""

    @property
    def shared(self) -> bool:
        """Whether other processes write these rows too (then the ones kept may be stale)."""
        ...

    def save(self, key: Key, session: Session) -> int:
        """Write one session's row; the row's version written."""
        ...

    def move(self, old: int, new: int) -> bool:
        """Give chat `old`'s row to chat `new`; whether `old` had one."""
        ...

    def delete(self, key: Key) -> bool:
        """Delete one session's row; whether there was one."""
        ...

    def load_all(self) -> Iterator[tuple[Key, Session, int]]:
        """Every stored session with its key and its row's version."""
        ...

    def load(self, key: Key) -> Session | None:
        """One stored session, or None."""
        ...

    def load_versioned(self, key: Key) -> tuple[Session, int] | None:
        """One stored session and its row's version, or None."""
        ...

    def versions(self, keys: Sequence[Key]) -> dict[Key, int]:
        """The versions of the rows of `keys` that exist."""
        ...

    def counts(self) -> tuple[int, int, int]:
        """Over every row: chats' sessions, those with weights, trainings of all."""
        ...

    def close(self) -> None:
        """Finish and close."""
        ...


class ChatLocks(Protocol):
    """A chat's changes one at a time, and its trainings one at a time, across processes."""

    def chat(self, key: Key) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold the chat's change lock while the block runs."""
        ...

    async def begin_training(self, key: Key) -> Release | None:
        """Take the chat's training lock: its release, or None if another process trains it
        (ModelError('overloaded') if no lock can be had now)."""
        ...

    async def training_elsewhere(self, key: Key) -> bool:
        """Whether another process trains the chat."""
        ...

    async def trainings_running(self) -> int:
        """The trainings running on every process (the training locks held)."""
        ...


class StopSignals(Protocol):
    """/stop for a training that may run on another process."""

    def on_stop(self, stop: Callable[[int], object]) -> None:
        """`stop(chat_id)` runs when another process asks for the chat's training to stop."""
        ...

    async def ask_to_stop(self, chat_id: int) -> None:
        """Ask whichever process trains `chat_id` to stop."""
        ...


class Workers(Protocol):
    """The processes serving the bot, by name."""

    @property
    def worker(self) -> str:
        """This process's name among them."""
        ...

    async def alive(self) -> set[str]:
        """The workers alive."""
        ...


class Coordinated(Protocol):
    """What the model service needs of the processes' coordination (storage.coordination's
    bundle has more)."""

    @property
    def locks(self) -> ChatLocks:
        """The chats' change and training locks."""
        ...

    @property
    def signals(self) -> StopSignals:
        """/stop across processes."""
        ...

    @property
    def leases(self) -> Workers:
        """The workers alive."""
        ...


class OneProcess:
    """The locks, signals and workers of a process alone with its state: the service's own
    asyncio locks and busy flags already keep each chat to one change and one training."""

    def __init__(self) -> None:
        self.worker = f"pid {os.getpid()}"
        self._training = 0

    @contextlib.asynccontextmanager
    async def chat(self, key: Key) -> AsyncIterator[None]:
        """Nothing more to hold: the registry's asyncio lock runs the changes one at a time."""
        yield

    async def begin_training(self, key: Key) -> Release | None:
        """Counted, never refused: the busy flag keeps a chat to one training."""
        self._training += 1

        async def release() -> None:
            self._training -= 1

        return release

    async def training_elsewhere(self, key: Key) -> bool:
        """No other process trains."""
        return False

    async def trainings_running(self) -> int:
        """The training locks this process holds."""
        return self._training

    def on_stop(self, stop: Callable[[int], object]) -> None:
        """No other process asks this one to stop a training."""

    async def ask_to_stop(self, chat_id: int) -> None:
        """No other process trains."""

    async def alive(self) -> set[str]:
        """This process."""
        return {self.worker}


class Alone:
    """A process alone with its state (the model service's default coordination)."""

    def __init__(self) -> None:
        self.locks = self.signals = self.leases = OneProcess()
