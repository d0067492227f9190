"""How the processes serving one bot keep out of each other's way, one job a module, each a
protocol with an implementation for a process alone with its SQLite file and one for workers
sharing a PostgreSQL database:

- `locks`: a chat's changes, and its trainings, one at a time (model.ports.ChatLocks);
- `signals`: a chat's /stop reaching the worker that trains it (model.ports.StopSignals);
- `leases`: work for later done once, and which workers are alive (leases.Leases);
- `updates`: each update handled once (updates.UpdatesSeen).

Telegram's flood windows shared by the workers are the bot's (bot/telegram/flood/shared.py),
on the pools this bundle opens (`pools`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.ports import ChatLocks, OneProcess, StopSignals

from .leases import Leases, LocalLeases
from .updates import LocalUpdates, UpdatesSeen

if TYPE_CHECKING:
    from .connections import Pools


@dataclass
class Coordination:
    """The four jobs, started and closed together. `pools`: the PostgreSQL connections they
    share (None for a process alone)."""

    locks: ChatLocks
    signals: StopSignals
    leases: Leases
    updates: UpdatesSeen
    pools: Pools | None = None
    _starts: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)
    _closes: list[Callable[[], Awaitable[None]]] = field(default_factory=list, repr=False)

    @property
    def shared(self) -> bool:
        """Whether other workers serve the bot too (for the composition root: which background
        jobs to run, which flood windows to count in)."""
        return self.pools is not None

    async def start(self) -> None:
        """Open the connections, start the heartbeat and the listening."""
        for start in self._starts:
            await start()

    async def close(self) -> None:
        """Stop them in the reverse order."""
        for close in reversed(self._closes):
            await close()


def alone() -> Coordination:
    """A process alone with its state: everything in memory."""
    one = OneProcess()
    return Coordination(locks=one, signals=one, leases=LocalLeases(), updates=LocalUpdates())


def shared(url: str, size: int = 8, trainings: int = 40) -> Coordination:
    """Workers on the PostgreSQL database at `url` (`size` connections for changes; room for
    `trainings` running and queued at once)."""
    from .connections import Pools
    from .leases import SharedLeases
    from .locks import SharedLocks
    from .signals import SharedSignals
    from .updates import SharedUpdates

    pools = Pools(url, size=size, trainings=trainings)
    leases, signals = SharedLeases(pools), SharedSignals(pools)
    return Coordination(
        locks=SharedLocks(pools),
        signals=signals,
        leases=leases,
        updates=SharedUpdates(pools),
        pools=pools,
        _starts=[pools.open, leases.start, signals.start],
        _closes=[pools.close, leases.close, signals.close],
    )


def coordination_for(url: str | None, trainings: int = 40) -> Coordination:
    """The workers' coordination on the PostgreSQL database at `url`, else a process alone."""
    return alone() if url is None else shared(url, trainings=trainings)
