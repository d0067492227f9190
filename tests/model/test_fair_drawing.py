"""The plotting processes are shared fairly: one chat asking for many pictures takes turns
with the others and has at most a few on their way."""

import asyncio

import pytest

from model import ModelError
from model.drawing import FairSlots
from model.labels import PlotLabels
from model.limits import MAX_PICTURES_PER_CHAT


async def test_a_chat_with_many_waiting_takes_turns_with_a_chat_that_asks_later():
    slots = FairSlots(1, per_owner=10)
    served: list[str] = []
    gates = {name: asyncio.Event() for name in ("a1", "a2", "a3", "a4", "b1", "c1")}

    async def picture(owner: str, name: str) -> None:
        async with slots.slot(owner):
            served.append(name)
            await gates[name].wait()

    tasks = [asyncio.create_task(picture("A", f"a{i}")) for i in range(1, 5)]
    await asyncio.sleep(0)  # a1 draws; a2…a4 wait
    tasks += [asyncio.create_task(picture("B", "b1")), asyncio.create_task(picture("C", "c1"))]
    await asyncio.sleep(0)
    for name in ("a1", "a2", "b1", "c1", "a3", "a4"):
        while name not in served:  # each is served once the one before it is done
            await asyncio.sleep(0)
        gates[name].set()
    await asyncio.gather(*tasks)
    assert served == ["a1", "a2", "b1", "c1", "a3", "a4"]


async def test_one_chat_has_at_most_a_few_pictures_on_their_way():
    slots = FairSlots(2, per_owner=3)
    release = asyncio.Event()

    async def picture(owner: int) -> None:
        async with slots.slot(owner):
            await release.wait()

    held = [asyncio.create_task(picture(1)) for _ in range(3)]
    await asyncio.sleep(0)
    with pytest.raises(ModelError) as busy:
        async with slots.slot(1):
            pass
    assert busy.value.key == "drawing_busy" and busy.value.values == {"max": 3}
    other = asyncio.create_task(picture(2))  # another chat is not refused
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*held, other)
    async with slots.slot(1):  # and once they are sent, the chat may ask again
        pass


async def test_a_cancelled_wait_gives_its_place_on():
    slots = FairSlots(1)
    first = asyncio.Event()

    async def picture(owner: int, gate: asyncio.Event) -> None:
        async with slots.slot(owner):
            await gate.wait()

    running = asyncio.create_task(picture(1, first))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(picture(2, asyncio.Event()))
    await asyncio.sleep(0)
    waiting.cancel()
    first.set()
    await running
    with pytest.raises(asyncio.CancelledError):
        await waiting
    async with slots.slot(3):  # the place came back
        pass


async def test_the_service_refuses_a_chats_extra_pictures_and_draws_the_others(make_service):
    service = await make_service()
    losses = [3.0, 2.0, 1.0]
    asked = [service.loss_plot(losses, PlotLabels(), chat_id=7) for _ in range(10)]
    results = await asyncio.gather(*asked, return_exceptions=True)
    drawn = [r for r in results if isinstance(r, bytes)]
    refused = [r for r in results if isinstance(r, ModelError)]
    assert len(drawn) == MAX_PICTURES_PER_CHAT and len(refused) == 10 - MAX_PICTURES_PER_CHAT
    assert all(r.key == "drawing_busy" for r in refused)
    assert (await service.loss_plot(losses, PlotLabels(), chat_id=7)).startswith(b"\x89PNG")
