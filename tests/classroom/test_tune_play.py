"""/tune played through the shared actions (as console mode does) on the real model: a game
that starts from the chat's own line ends by itself within 1 % of the best loss, compares the
presses with Adam, and changes the chat's model only when the players keep their line."""

import asyncio

import numpy as np
import pytest

from bot.features import pipeline
from bot.features.chat import Chat, Member
from bot.features.replies import Sent
from bot.text import i18n
from classroom.service import Classroom
from model.dataset import Dataset
from storage.classroom import ClassroomStore

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


async def test_a_game_from_the_chats_line_ends_at_its_goal_and_keep_is_a_choice(
    service, chat_id, classroom
):
    slope, intercept = np.polyfit(Dataset().celsius, Dataset().fahrenheit, 1)
    await service.set_line(chat_id, float(slope), float(intercept) + 10)  # 10 °F too high
    screen = Screen()
    chat = Chat(service, chat_id, member=Member(5, "Ann"), classroom=classroom, outbox=screen)
    game = await pipeline.run("tune", chat, [])
    assert game.image is not None and EN("tune-start-model") in game.text
    await game.on_sent(Sent(41))

    assert (await pipeline.run("tune", chat, ["keep"])).text == EN("game-tune_playing")
    first = await pipeline.run("tune", chat, ["b-"])  # 8 °F down: still 2 °F too high
    assert first.quiet and first.text.startswith(EN("tune-bias-down"))
    assert (await pipeline.run("tune", chat, ["b/4"])).text.startswith(EN("tune-bias-finer"))
    last = await pipeline.run("tune", chat, ["b-"])  # back on the best line: the game ends
    assert last.text.startswith("🏁 3 presses")
    played = await classroom.tune(chat_id)
    epochs = await service.epochs_to_reach(Dataset(), played.start, played.loss, 10_000)
    assert f"needs {epochs} epochs" in last.text

    while not any(EN("tune-keep-hint") in reply.text for _, reply in screen.edits):
        screen.edited.clear()
        await screen.edited.wait()
    message_id, final = screen.edits[-1]
    assert message_id == 41 and [b.command for row in final.buttons for b in row] == ["/tune keep"]
    kept_bias = service.weights(chat_id).slope_and_intercept[1]
    assert kept_bias == pytest.approx(intercept + 10, abs=1e-4)
    assert (await pipeline.run("tune", chat, ["w+"])).text == EN("game-tune_over")

    kept = await pipeline.run("tune", chat, ["keep"])
    assert not kept.quiet
    assert service.weights(chat_id).slope_and_intercept[1] == pytest.approx(intercept, abs=1e-4)
    await chat.timers.close()


def careful_player(game, budget: int = 60) -> int:
    """Presses a careful player needs to win: each time the move that lowers the loss most
    (what the picture shows: the line too steep, too high…); when no move of the current steps
    helps, the finer step of the parameter whose slope pulls harder. None if over `budget`."""
    while not game.solved:
        if game.presses >= budget:
            return None
        game = game.press(careful_move(game), "p")
    return game.presses


def careful_move(game) -> str:
    """The careful player's next press."""
    moves = ("w+", "w-", "b+", "b-")
    best = min(moves, key=lambda m: game.press(m, "p").loss)
    if game.press(best, "p").loss < game.loss:
        return best
    c, f = np.asarray(game.celsius), np.asarray(game.fahrenheit)
    error = game.weight * c + game.bias - f
    pull_w = abs(np.mean(2 * error * c)) * game.weight_step
    pull_b = abs(np.mean(2 * error)) * game.bias_step
    return "w/4" if pull_w >= pull_b else "b/4"


def test_a_careful_player_wins_tune_in_about_fifteen_presses():
    """Measured over 60 games from fresh Dense(1) starts and 60 from chats' own off lines."""
    from classroom import tune as rules

    rng = np.random.default_rng(7)
    data = Dataset()
    slope, intercept = np.polyfit(data.celsius, data.fahrenheit, 1)
    fresh = [rules.new_game(data, None, __import__("random").Random(i)) for i in range(60)]
    own = [
        rules.new_game(data, (slope + rng.uniform(-0.5, 0.5), intercept + rng.uniform(-25, 5)))
        for _ in range(60)
    ]
    for games in (fresh, own):
        presses = [careful_player(game) for game in games]
        assert None not in presses
        assert np.median(presses) <= 15 and max(presses) <= 25, sorted(presses)


async def test_the_quizs_overshoot_claim_is_what_the_race_it_names_shows(service, chat_id):
    """quiz-big-lr says plain SGD overshoots above a rate and names a race that shows it: run
    that race on the chat's model and see SGD diverge, and Adam at the same rate not."""
    from bot.features.race import parse_race
    from classroom import quiz
    from model.settings import Architecture

    facts = quiz.Facts(Dataset(), Architecture(), {})
    (question,) = [q for q in quiz.questions(facts) if q.id == "big-lr"]
    rate = question.explanation.values["rate"]
    request = parse_race(["optimizer", rate])
    runs = {
        run.runner.optimizer: run
        for run in await service.race(chat_id, list(request.runners), request.epochs)
    }
    assert runs["sgd"].diverged_at is not None and runs["adam"].diverged_at is None
    assert float(question.explanation.values["limit"]) < float(rate)
