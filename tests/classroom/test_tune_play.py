"""/tune played through the shared actions (as console mode does) on the real model: a game
that starts from the chat's own line ends by itself within 1 % of the best loss, compares the
presses with Adam, and changes the chat's model only when the players keep their line."""

import asyncio

import numpy as np
import pytest

from bot.features import command_table
from bot.features.chat import Chat, Member
from bot.features.replies import Sent
from bot.text import i18n
from classroom.service import Classroom
from classroom.store import ClassroomStore
from model.dataset import Dataset

EN = i18n.catalogue("en")


class Screen:
    """An Outbox that keeps what it shows."""

    def __init__(self) -> None:
        self.edits: list = []
        self.edited = asyncio.Event()

    async def post(self, reply):
        return Sent(1)

    async def edit(self, message_id, reply):
        self.edits.append((message_id, reply))
        self.edited.set()

    async def stop_poll(self, message_id):
        pass


@pytest.fixture
async def classroom(tmp_path):
    room = Classroom(ClassroomStore(tmp_path / "c.sqlite3"))
    yield room
    room.close()


async def test_a_game_from_the_chats_line_ends_within_one_percent_and_keep_is_a_choice(
    service, chat_id, classroom
):
    slope, intercept = np.polyfit(Dataset().celsius, Dataset().fahrenheit, 1)
    await service.set_line(chat_id, float(slope), float(intercept) + 2)  # off by 2 °F throughout
    screen = Screen()
    chat = Chat(service, chat_id, member=Member(5, "Ann"), classroom=classroom, outbox=screen)
    game = await command_table.run("tune", chat, [])
    assert game.image is not None and EN("tune-start-model") in game.text
    await game.on_sent(Sent(41))

    assert (await command_table.run("tune", chat, ["keep"])).text == EN("game-tune_playing")
    first = await command_table.run("tune", chat, ["b-"])
    assert first.quiet and first.text.startswith(EN("tune-bias-down"))
    last = await command_table.run("tune", chat, ["b-"])  # back on the best line: the game ends
    assert last.text.startswith("🏁 2 presses")
    played = await classroom.tune(chat_id)
    epochs = await service.epochs_to_reach(Dataset(), played.start, played.loss, 10_000)
    assert f"needs {epochs} epochs" in last.text

    while not any(EN("tune-keep-hint") in reply.text for _, reply in screen.edits):
        screen.edited.clear()
        await screen.edited.wait()
    message_id, final = screen.edits[-1]
    assert message_id == 41 and [b.command for row in final.buttons for b in row] == ["/tune keep"]
    assert service.weights(chat_id).slope_and_intercept[1] == pytest.approx(intercept + 2, abs=1e-4)
    assert (await command_table.run("tune", chat, ["w+"])).text == EN("game-tune_over")

    kept = await command_table.run("tune", chat, ["keep"])
    assert not kept.quiet
    assert service.weights(chat_id).slope_and_intercept[1] == pytest.approx(intercept, abs=1e-4)
    await chat.timers.close()
