"""The session registry: every chat's session, in memory and in the store. A chat's changes
run one at a time, and each is stored before anyone sees it (one that cannot be stored is not
made); only the changes that change something create a chat's session."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from . import answers
from .dataset import Dataset, check_values
from .errors import ModelError
from .limits import MAX_SEED, MIN_POINTS
from .network import initial_weights
from .normalization import adapted
from .ports import DEFAULT_KEY, Coordinated, SessionStore
from .results import ServiceStats, WeightsReport
from .session import Session
from .settings import (
    DEFAULT_EPOCHS,
    DEFAULT_LEARNING_RATE,
    DEFAULT_OPTIMIZER,
    Architecture,
    Setup,
    TrainSettings,
)

T = TypeVar("T")


class SessionRegistry:
    """Sessions keyed by chat id and the shared default model's, in memory and in `store`
    (written on `write_pool`, in order); `coordination` keeps other workers' changes of a chat
    out of the way. The reading half over them is model.answers.SessionReader."""

    def __init__(
        self,
        store: SessionStore | None,
        coordination: Coordinated,
        work_pool: ThreadPoolExecutor,
        write_pool: ThreadPoolExecutor,
    ) -> None:
        self._store = store
        self._coordination = coordination
        self._work_pool = work_pool
        self._write_pool = write_pool
        self._sessions: dict[int, Session] = {}
        self._default = Session()
        self._changing: dict[int | str, asyncio.Lock] = {}  # one chat's changes, one at a time
        self._unstored: set[int | str] = set()  # chats kept only while their first training runs
        self._moved: dict[int | str, int] = {}  # a group's id -> the supergroup's it became
        self._versions: dict[int | str, int] = {}  # each kept row's version, as last read/written

    @property
    def default(self) -> Session:
        """The shared default model's session."""
        return self._default

    def kept(self, chat_id: int) -> Session | None:
        """The chat's session if this process keeps one."""
        return self._sessions.get(chat_id)

    def chats_kept(self) -> int:
        """How many chats' sessions this process keeps."""
        return len(self._sessions)

    def every_session(self) -> list[Session]:
        """The shared model's session and every chat's kept."""
        return [self._default, *self._sessions.values()]

    async def load(self) -> None:
        """Read the stored sessions (with other workers on the database: only the shared
        model's; each chat's is read when the chat is next heard from)."""
        if self.shared:
            await self.reload(DEFAULT_KEY)
            return
        store = self._store
        if store is None:
            return
        for key, session, version in await self.in_store(lambda: list(store.load_all())):
            self._versions[key] = version
            if isinstance(key, int):
                self._sessions[key] = session
            else:  # DEFAULT_KEY
                self._default = session

    def hold_while_training(self, key: int | str, session: Session) -> None:
        """Keep a chat's session that is not stored yet while its first training runs, where
        /stop and the busy checks find it (`release_unstored` lets it go again)."""
        if isinstance(key, int) and key not in self._sessions:
            self._sessions[key] = session
            self._unstored.add(key)  # until something of it is stored

    def release_unstored(self, key: int | str) -> None:
        """Let go of a session `hold_while_training` kept if nothing of it was stored."""
        if isinstance(key, int) and key in self._unstored:
            self._unstored.discard(key)
            del self._sessions[key]

    def current_key(self, key: int | str) -> int | str:
        """The key a chat has now (a group that became a supergroup meanwhile has a new one)."""
        return self._moved.get(key, key)

    async def _store_session(self, key: int | str, session: Session) -> None:
        """Write `session` on the writer thread and wait for it (StorageError if it fails)."""
        if self._store is not None:
            self._versions[key] = await self.in_store(self._store.save, key, session)

    async def in_store(self, call: Callable[..., T], *args: object) -> T:
        """A store call on the writer thread (in order with the writes)."""
        return await asyncio.get_running_loop().run_in_executor(self._write_pool, call, *args)

    @property
    def shared(self) -> bool:
        """Whether other workers write the store too (PostgreSQL): kept sessions may be stale."""
        return self._store is not None and self._store.shared

    async def refresh(self, chat_id: int) -> None:
        """Before a command of `chat_id` is answered: with other workers sharing the database,
        the chat's session and the shared model are reloaded if another worker changed them
        (their rows' versions differ from the ones kept). Nothing to do for an SQLite file."""
        store = self._store
        if store is None or not store.shared:
            return
        keys: list[int | str] = [chat_id, DEFAULT_KEY]
        stored = await self.in_store(store.versions, keys)
        for key in keys:
            if stored.get(key) != self._versions.get(key):
                async with self._changing.setdefault(key, asyncio.Lock()):
                    await self.reload(key)

    async def reload(self, key: int | str) -> None:
        """The session of `key` as stored if its row's version is not the one kept, unless it
        trains here (then this worker holds the chat, and the row is the one it will write)."""
        kept = self._default if key == DEFAULT_KEY else self._sessions.get(key)  # type: ignore[arg-type]  # a chat id: DEFAULT_KEY is the other branch
        if kept is not None and kept.training:
            return
        store = self._store
        assert store is not None, "only a shared store's sessions are reloaded"
        stored = (await self.in_store(store.versions, [key])).get(key)
        if stored is not None and stored == self._versions.get(key):
            return
        found = None if stored is None else await self.in_store(store.load_versioned, key)
        if found is None:  # forgotten on another worker (or never stored)
            self._versions.pop(key, None)
            if key != DEFAULT_KEY:
                self._sessions.pop(key, None)  # type: ignore[arg-type]  # a chat id, as above
            return
        session, self._versions[key] = found
        if key == DEFAULT_KEY:
            self._default = session
        else:
            self._sessions[key] = session  # type: ignore[index]

    def session(self, chat_id: int) -> Session:
        """This chat's session (a fresh one, not kept, for a chat that never changed anything)."""
        return self._sessions.get(chat_id) or Session()

    @contextlib.asynccontextmanager
    async def change(
        self, key: int | str, idle: bool = True, takes_training_lock: bool = False
    ) -> AsyncIterator[Session]:
        """The session of `key` (a chat id or DEFAULT_KEY) to change, with the chat's other
        changes waiting meanwhile; ModelError('busy') if `idle` and it trains (on another worker:
        found by the caller that `takes_training_lock`, which fails then)."""
        lock = self._changing.setdefault(key, asyncio.Lock())
        async with lock, self._coordination.locks.chat(key):
            if self.shared:
                await self.reload(key)
            session = self._default if key == DEFAULT_KEY else self.session(key)  # type: ignore[arg-type]
            if idle and session.training:
                raise ModelError("busy")
            elsewhere = idle and self.shared and not takes_training_lock
            if elsewhere and await self._coordination.locks.training_elsewhere(key):
                raise ModelError("busy")
            yield session

    async def commit(self, key: int | str, session: Session, **changes: Any) -> None:
        """Store `session` with `changes`, then make them: a change the store refused is never
        seen. (Inside `change`; fields are replaced, never mutated, so the copy is cheap.)"""
        await self._store_session(key, dataclasses.replace(session, cancel_event=None, **changes))
        for name, value in changes.items():
            setattr(session, name, value)
        self._keep(key, session)
        self._unstored.discard(key)

    async def _commit_new(self, key: int, session: Session) -> None:
        """Store `session` as the chat's, then make it so (inside `change`)."""
        await self._store_session(key, session)
        self._sessions[key] = session

    def _keep(self, key: int | str, session: Session) -> None:
        if key == DEFAULT_KEY:
            self._default = session
        else:
            self._sessions.setdefault(key, session)  # type: ignore[arg-type]

    def training_defaults(self, chat_id: int) -> tuple[float, str]:
        """The learning rate and optimizer this chat's next training uses unless told otherwise."""
        session = self._sessions.get(chat_id)
        if session is None:
            return DEFAULT_LEARNING_RATE, DEFAULT_OPTIMIZER
        return session.learning_rate, session.optimizer

    def default_epochs(self, chat_id: int) -> int:
        """The epochs this chat's /train runs when not told (500 unless a preset said)."""
        session = self._sessions.get(chat_id)
        return DEFAULT_EPOCHS if session is None else session.epochs

    def setup(self, chat_id: int) -> Setup:
        """How this chat is set up: its data, network, optimizer, rate, epochs, and the seed its
        weights started from (None before it trained)."""
        session = self.session(chat_id)
        return Setup(
            session.dataset,
            session.architecture,
            session.optimizer,
            session.learning_rate,
            session.epochs,
            session.seed if session.trained else None,
        )

    async def apply_setup(self, chat_id: int, setup: Setup) -> None:
        """Set this chat up afresh : an untrained network of the
        setup's architecture, starting from the weights of its seed (a random one if None)."""
        seed = random.randint(0, MAX_SEED) if setup.seed is None else setup.seed
        weights = await asyncio.get_running_loop().run_in_executor(
            self._work_pool, initial_weights, setup.architecture, seed
        )
        async with self.change(chat_id):
            fresh = Session(
                dataset=setup.dataset,
                architecture=setup.architecture,
                weights=weights,
                optimizer=setup.optimizer,
                learning_rate=setup.learning_rate,
                epochs=setup.epochs,
                seed=seed,
            )
            await self._commit_new(chat_id, fresh)

    async def set_learning_rate(self, chat_id: int, learning_rate: float) -> float:
        """The learning rate this chat's next trainings use (checked like any setting)."""
        checked = TrainSettings(learning_rate=learning_rate).learning_rate
        async with self.change(chat_id) as session:
            await self.commit(chat_id, session, learning_rate=checked)
        return checked

    async def predict_with(self, report: WeightsReport, celsius: Sequence[float]) -> np.ndarray:
        """Fahrenheit from the weights of a report (e.g. a training's result)."""
        weights = [a for layer in report.layers for a in (layer.kernel, layer.bias)]
        return answers.predict(report.architecture, weights, check_values(celsius))

    async def add_point(self, chat_id: int, celsius: float, fahrenheit: float) -> Dataset:
        """Add a (°C, °F) point to this chat's data."""
        async with self.change(chat_id) as session:
            await self._commit_data(chat_id, session, session.dataset.add(celsius, fahrenheit))
        return session.dataset

    async def remove_point(self, chat_id: int, celsius: float) -> Dataset:
        """Remove the point at `celsius` from this chat's data."""
        async with self.change(chat_id) as session:
            await self._commit_data(chat_id, session, session.dataset.remove(celsius))
        return session.dataset

    async def reset_dataset(self, chat_id: int) -> Dataset:
        """This chat's data back to the lesson's seven points."""
        async with self.change(chat_id) as session:
            await self._commit_data(chat_id, session, Dataset())
        return session.dataset

    async def _commit_data(self, chat_id: int, session: Session, dataset: Dataset) -> None:
        """Give the session `dataset`; a `Normalization` layer in front is adapted to it again
        (the weights stay, as after a second `adapt`). With no point left it keeps the
        statistics it had: there is nothing to adapt to."""
        architecture = session.architecture
        if architecture.normalized and len(dataset):
            architecture = dataclasses.replace(architecture, normalization=adapted(dataset))
        await self.commit(chat_id, session, dataset=dataset, architecture=architecture)

    async def set_normalization(self, chat_id: int, on: bool) -> Architecture:
        """Put Keras's `Normalization` layer, adapted to this chat's °C, in front of its network
        (`on`), or take it away; either resets its weights, as a change of layers does. Asking
        for what the chat already has changes nothing. ModelError('dataset_too_small') to adapt
        to no data."""
        async with self.change(chat_id) as session:
            architecture = session.architecture
            if architecture.normalized == on:
                return architecture
            if on and len(session.dataset) < MIN_POINTS:
                raise ModelError("dataset_too_small", min=MIN_POINTS, count=len(session.dataset))
            stats = adapted(session.dataset) if on else None
            architecture = dataclasses.replace(architecture, normalization=stats)
            await self.commit(
                chat_id, session, architecture=architecture, **Session.without_weights()
            )
        return architecture

    def architecture(self, chat_id: int) -> Architecture:
        """This chat's architecture."""
        return self.session(chat_id).architecture

    async def set_architecture(self, chat_id: int, architecture: Architecture) -> Architecture:
        """Change this chat's hidden layers and their activation; resets its weights (the next
        training starts anew). A `Normalization` in front stays as `set_normalization` left it."""
        async with self.change(chat_id) as session:
            architecture = dataclasses.replace(
                architecture, normalization=session.architecture.normalization
            )
            await self.commit(
                chat_id, session, architecture=architecture, **Session.without_weights()
            )
        return architecture

    async def reset(self, chat_id: int) -> None:
        """This chat back to lesson data, no hidden layers and the shared model."""
        async with self.change(chat_id):
            await self._commit_new(chat_id, Session())

    async def forget(self, chat_id: int) -> bool:
        """Delete this chat's session for good (its data, network, weights and
        history): the chat starts over as one the bot never saw; whether it had one."""
        async with self.change(chat_id):  # not while it trains
            stored = False
            if self._store is not None:
                stored = await self.in_store(self._store.delete, chat_id)
            self._versions.pop(chat_id, None)
            return self._sessions.pop(chat_id, None) is not None or stored

    async def move(self, old: int, new: int) -> bool:
        """Chat `old` became chat `new` (a group upgraded to a supergroup): its session — data,
        network, weights — is `new`'s from now on, replacing any `new` had; a
        training running for `old` finishes as `new`'s. Whether there was anything to move
        (False the second time: moving twice is moving once)."""
        async with self.change(old, idle=False), self.change(new, idle=False):
            moved = False
            if self._store is not None:
                moved = await self.in_store(self._store.move, old, new)
            self._versions.pop(new, None)  # read again at its next change
            self._versions.pop(old, None)
            session = self._sessions.pop(old, None)
            if session is not None:
                self._sessions[new] = session
                self._moved[old] = new
            if old in self._unstored:
                self._unstored.discard(old)
                self._unstored.add(new)
            return moved or session is not None

    async def bot_stats(self) -> ServiceStats:
        """The bot's counts for the operator: this process's (`stats`), or with other workers on
        the database, the database's over every worker."""
        if not self.shared or self._store is None:
            return self.stats()
        store = self._store
        sessions, trained, trainings = await self.in_store(store.counts)
        return ServiceStats(
            sessions=sessions,
            trained_sessions=trained,
            trainings=trainings,
            running_trainings=await self._coordination.locks.trainings_running(),
            workers=len(await self._coordination.leases.alive()),
        )

    def stats(self) -> ServiceStats:
        """This process's counts (the sessions it holds) for the operator."""
        sessions = self._sessions.values()
        return ServiceStats(
            sessions=len(self._sessions),
            trained_sessions=sum(s.trained for s in sessions),
            trainings=sum(s.trainings for s in [self._default, *sessions]),
            running_trainings=sum(s.training for s in [self._default, *sessions]),
        )
