"""/tune — you are the optimizer: one picture of the chat's line with buttons that move its
weight and bias; the class presses, the bot edits the picture in place (at most once a second,
every five in a group; every press counted), and at the end compares the presses with the
epochs Adam needs."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from bot.features import arguments
from bot.features.arguments import UsageError
from bot.features.chat import Chat
from bot.features.replies import Button, Reply, Sent
from bot.text import formatting, i18n
from bot.text.i18n import Catalogue
from classroom import tune as rules
from classroom.errors import GameError
from classroom.tune import TuneGame

EDIT_EVERY = 1.0  # seconds between edits of the game's picture in a private chat
GROUP_EDIT_EVERY = 5.0  # in a group: 12 of its ~20 messages and edits a minute at most
ADAM_LEARNING_RATE = 0.1
MOVE_TEXTS = {  # a move → its button's text
    "w-": "tune-weight-down",
    "w+": "tune-weight-up",
    "w/4": "tune-weight-finer",
    "b-": "tune-bias-down",
    "b+": "tune-bias-up",
    "b/4": "tune-bias-finer",
    "x4": "tune-steps-up",
}


async def tune(chat: Chat, args: Sequence[str]) -> Reply:
    """/tune starts a game; /tune w+|w-|w/4|b+|b-|b/4|x4|done|keep are its buttons."""
    words = [arguments.normalize(word) for word in args if word.strip()]
    if not words:
        return await _start(chat)
    if len(words) == 1 and words[0] in rules.RETIRED_MOVES:
        raise GameError("tune_over")
    if len(words) == 1 and words[0] in rules.MOVES:
        return await _press(chat, words[0])
    if words == ["done"]:
        return await _done(chat)
    if words == ["keep"]:
        return await _keep(chat)
    raise UsageError("tune_usage")


async def _start(chat: Chat) -> Reply:
    service, chat_id = chat.service, chat.chat_id
    if service.architecture(chat_id).hidden:
        raise GameError("tune_dense1")
    report = service.weights(chat_id)
    line = None if report.shared else report.slope_and_intercept
    fresh = rules.new_game(service.dataset(chat_id), line)
    fresh = dataclasses.replace(fresh, started_at=time.time(), language=chat.language)
    await chat.games.update_tune(chat_id, lambda old: fresh)

    async def shown(sent: Sent) -> None:
        def remember(game: TuneGame | None) -> TuneGame:
            if game is None or game.started_at != fresh.started_at:
                raise GameError("tune_over")  # a newer game started meanwhile
            return dataclasses.replace(game, message_id=sent.message_id)

        await chat.games.update_tune(chat_id, remember)

    view = await _view(chat, fresh)
    return dataclasses.replace(view, on_sent=shown)


def _playing(chat: Chat, game: TuneGame | None) -> TuneGame:
    """The game a press is for: the chat's, running, and (for a button) on this message."""
    if game is None:
        raise GameError("no_tune")
    pressed_elsewhere = chat.message_id is not None and chat.message_id != game.message_id
    if game.over or pressed_elsewhere:
        raise GameError("tune_over")
    return game


async def _press(chat: Chat, move: str) -> Reply:
    def press(game: TuneGame | None) -> TuneGame:
        moved = _playing(chat, game).press(move, chat.member.name)
        return dataclasses.replace(moved, over=True) if moved.solved else moved

    game = await chat.games.update_tune(chat.chat_id, press)
    t = chat.t  # the presser's own: the alert is theirs, the picture the game's
    if game.over:  # this press reached the goal
        game = await _compare(chat)
        _refresh(chat, game)
        return Reply(_result(t, game), quiet=True)
    _refresh(chat, game)
    return Reply(
        t("tune-pressed", move=t(MOVE_TEXTS[move]), loss=formatting.loss(game.loss)), quiet=True
    )


async def _done(chat: Chat) -> Reply:
    def finish(game: TuneGame | None) -> TuneGame:
        return dataclasses.replace(_playing(chat, game), over=True)

    await chat.games.update_tune(chat.chat_id, finish)
    game = await _compare(chat)
    _refresh(chat, game)
    return Reply(_result(chat.t, game), quiet=True)


async def _compare(chat: Chat) -> TuneGame:
    """Count the epochs Adam needs from the game's start to get as close as the players."""
    game = await chat.games.tune(chat.chat_id)
    assert game is not None
    epochs = await chat.service.epochs_to_reach(
        game.dataset, game.start, game.loss, rules.MAX_ADAM_EPOCHS, ADAM_LEARNING_RATE
    )
    counted = rules.MAX_ADAM_EPOCHS + 1 if epochs is None else epochs

    def record(current: TuneGame | None) -> TuneGame:
        assert current is not None
        return dataclasses.replace(current, adam_epochs=counted)

    return await chat.games.update_tune(chat.chat_id, record)


async def _keep(chat: Chat) -> Reply:
    game = await chat.games.tune(chat.chat_id)
    if game is None:
        raise GameError("no_tune")
    if not game.over:
        raise GameError("tune_playing")
    if game.kept or chat.service.architecture(chat.chat_id).hidden:
        raise GameError("tune_over")
    await chat.service.set_line(chat.chat_id, game.weight, game.bias)
    game = await chat.games.update_tune(
        chat.chat_id, lambda current: dataclasses.replace(current or game, kept=True)
    )
    _refresh(chat, game)
    weight, bias = formatting.number(game.weight, 4), formatting.number(game.bias, 4)
    return Reply(chat.t("tune-kept", weight=weight, bias=bias))


def _refresh(chat: Chat, game: TuneGame) -> None:
    """Edit the game's picture to its latest state — now, or once a second (five in a group)
    has passed since the last edit (the presses in between all show in that one)."""
    if game.message_id is None:
        return
    message_id, started = game.message_id, game.started_at

    async def edit() -> None:
        latest = await chat.games.tune(chat.chat_id)
        if latest is None or latest.started_at != started:
            return
        await chat.out.edit(message_id, await _view(chat, latest))

    every = GROUP_EDIT_EVERY if chat.is_group else EDIT_EVERY
    chat.timers.soon(("tune", chat.chat_id), every, edit)


async def _view(chat: Chat, game: TuneGame) -> Reply:
    """The game's picture, caption and buttons, in the game's language."""
    t = i18n.catalogue(game.language or chat.language)
    labels = formatting.tune_labels(t)
    image = await chat.service.line_plot(
        game.dataset, game.weight, game.bias, labels, chat.chat_id, game.y_limits
    )
    return Reply(
        formatting.clip(_caption(t, game), formatting.MAX_CAPTION), image, buttons=_buttons(t, game)
    )


def _caption(t: Catalogue, game: TuneGame) -> str:
    values = {
        "weight": formatting.number(game.weight, 4),
        "bias": formatting.number(game.bias, 4),
        "weight_step": f"{game.weight_step:g}",
        "bias_step": f"{game.bias_step:g}",
        "loss": formatting.loss(game.loss),
        "goal": formatting.loss(game.goal),
        "presses": game.presses,
    }
    lines = [t("tune-head"), t("tune-start-model" if game.from_model else "tune-start-fresh")]
    lines.append(t("tune-state", **values))
    if game.recent:
        moves = ", ".join(
            t("tune-by", name=formatting.person(name), move=t(MOVE_TEXTS[m]))
            for name, m in game.recent
        )
        lines.append(t("tune-recent", moves=moves))
    if game.over:
        lines.append(_result(t, game))
        if game.kept:
            lines.append(t("tune-kept", weight=values["weight"], bias=values["bias"]))
        else:
            lines.append(t("tune-keep-hint"))
    return "\n".join(lines)


def _result(t: Catalogue, game: TuneGame) -> str:
    """How the people did against Adam."""
    values = {
        "presses": game.presses,
        "loss": formatting.loss(game.loss),
        "best": formatting.loss(game.best),
    }
    if game.presses == 0:
        return t("tune-result-untouched", loss=values["loss"])
    if game.adam_epochs is None:  # not counted (yet)
        return t("tune-result-plain", **values)
    if game.adam_epochs > rules.MAX_ADAM_EPOCHS:
        return t("tune-result-adam-never", max=rules.MAX_ADAM_EPOCHS, **values)
    return t("tune-result", epochs=game.adam_epochs, **values)


def _buttons(t: Catalogue, game: TuneGame) -> tuple[tuple[Button, ...], ...]:
    if game.kept:
        return ()
    if game.over:
        return ((Button(t("tune-keep"), "/tune keep"),),)
    rows = tuple(
        tuple(Button(t(MOVE_TEXTS[m]), f"/tune {m}") for m in row)
        for row in (("w-", "w+", "w/4"), ("b-", "b+", "b/4"))
    )
    last = (Button(t(MOVE_TEXTS["x4"]), "/tune x4"), Button(t("tune-done"), "/tune done"))
    return (*rows, last)
