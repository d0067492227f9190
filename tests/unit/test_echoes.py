"""Folding names into an earlier answer (bot/telegram/echoes.py) on a clock the test drives:
one edit per `fold_every` seconds per message, however the names arrive, the last ones shown."""

from __future__ import annotations

import asyncio
import itertools

from bot.features.replies import Reply
from bot.telegram.echoes import FOLD_EVERY, Echoes, Posted, digest
from bot.text import i18n

GROUP = -4001


class Clock:
    """Time that passes only when the test says so; a sleeper wakes once it has passed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        self.sleepers.append((self.now + seconds, woken))
        await woken

    async def advance(self, seconds: float) -> None:
        """Let `seconds` pass, waking whoever sleeps until then, and let them run."""
        self.now += seconds
        for wake, woken in list(self.sleepers):
            if wake <= self.now:
                self.sleepers.remove((wake, woken))
                woken.set_result(None)
        for _ in range(5):
            await asyncio.sleep(0)

    async def run_out(self, posted: Posted) -> None:
        """Let time pass until the edits of `posted` are all made."""
        while posted.editing is not None and not posted.editing.done():
            if self.sleepers:
                await self.advance(min(w for w, _ in self.sleepers) - self.now)
            else:
                await asyncio.sleep(0)


class Group:
    """The edits the bot asked Telegram for, with the clock's time of each."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.edits: list[tuple[float, str]] = []

    async def edit_message_text(self, text: str, chat_id: int, message_id: int, **_: object):
        self.edits.append((self.clock(), text.replace("\u2068", "").replace("\u2069", "")))
        return True


def posted_answer(echoes: Echoes) -> Posted:
    reply = Reply("Commands: /help …")
    key = digest(reply)
    assert key is not None
    echoes.remember(GROUP, key, 17, reply, i18n.catalogue("en"))
    return echoes._posted[GROUP][key]


async def test_names_arriving_seconds_apart_cost_one_edit_per_fold_every():
    clock = Clock()
    echoes = Echoes(clock=clock, sleep=clock.sleep)
    group = Group(clock)
    posted = posted_answer(echoes)

    echoes.fold(group, GROUP, posted, "Ann")  # the first name: at once
    await clock.run_out(posted)
    for name in ("Ben", "Cy", "Di", "Eve"):  # then one every 2.5 s, as a class types
        await clock.advance(2.5)
        echoes.fold(group, GROUP, posted, name)
    await clock.run_out(posted)

    times = [at for at, _ in group.edits]
    assert all(b - a >= FOLD_EVERY for a, b in itertools.pairwise(times)), times
    assert len(group.edits) == 2
    assert "Ann, Ben, Cy, Di, Eve." in group.edits[-1][1]  # the last names are there

    await clock.advance(1.0)  # a late name, just after an edit: waits its turn, is not lost
    echoes.fold(group, GROUP, posted, "Fay")
    await clock.run_out(posted)
    assert len(group.edits) == 3 and group.edits[2][0] - group.edits[1][0] >= FOLD_EVERY
    assert "Fay" in group.edits[-1][1]
    await echoes.close()


async def test_a_quiet_answer_folds_its_next_name_at_once():
    clock = Clock()
    echoes = Echoes(clock=clock, sleep=clock.sleep)
    group = Group(clock)
    posted = posted_answer(echoes)
    echoes.fold(group, GROUP, posted, "Ann")
    await clock.run_out(posted)
    await clock.advance(FOLD_EVERY + 1)
    echoes.fold(group, GROUP, posted, "Ben")
    await clock.run_out(posted)
    assert [at for at, _ in group.edits] == [1000.0, 1000.0 + FOLD_EVERY + 1]
    await echoes.close()
