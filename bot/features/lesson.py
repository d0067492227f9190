"""What each command does, free of any transport: parse → call the model service → Reply.

Telegram handlers and console mode both call `run`, so every command behaves the same in both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from bot.features import arguments
from bot.features.arguments import UsageError
from bot.features.chat import Chat
from bot.features.replies import Button, Reply
from bot.features.round_secrets import keep_secret
from bot.text import explain, formatting, i18n
from classroom.errors import GameError
from model import Dataset, ModelError, TrainResult
from storage.errors import StorageError

Action = Callable[[Chat, Sequence[str]], Awaitable[Reply]]


async def convert(chat: Chat, args: Sequence[str]) -> Reply:
    """/convert <°C> [...]"""
    values = arguments.parse_convert(args)
    await keep_secret(chat, "convert", values)
    return Reply(formatting.conversion(chat.t, await chat.service.predict(chat.chat_id, values)))


async def train(chat: Chat, args: Sequence[str]) -> Reply:
    """/train [epochs] [lr] [key=value ...]: the loss curve with the result as caption."""
    service, chat_id = chat.service, chat.chat_id
    rate, optimizer = service.training_defaults(chat_id)
    settings = arguments.parse_train(args, rate, optimizer, service.default_epochs(chat_id))
    async with chat.progress() as report:
        result = await chat.service.train(chat.chat_id, settings, on_progress=report)
    if not result.epochs_run:
        return Reply(chat.t("stopped-before-start"))
    first = chat.service.history_start(chat.chat_id)
    return await trained_reply(chat, result, "", chat.service.dataset(chat.chat_id), first)


async def trained_reply(
    chat: Chat, result: TrainResult, head: str, data: Dataset, first_epoch: int = 1
) -> Reply:
    """The loss curve of `result` (its x axis from `first_epoch`) with the caption."""
    # The plot (the slowest step, in a plotting process) and the 100 °C prediction overlap.
    t = chat.t
    labels = formatting.plot_labels(t)
    image, (f100,) = await asyncio.gather(
        chat.service.loss_plot(result.losses, labels, chat.chat_id, first_epoch),
        chat.service.predict_with(result.weights, [100.0]),
    )
    caption = head + formatting.training_caption(
        t, result, f100, explain.training_notes(t, data, result)
    )
    return Reply(
        formatting.clip(caption, formatting.MAX_CAPTION), image, buttons=training_buttons(t)
    )


def training_buttons(t: i18n.Catalogue) -> tuple[tuple[Button, ...], ...]:
    """Under a training: TensorFlow Playground's play / step / learning-rate controls."""
    return (
        (
            Button(t("button-more", epochs=500), "/train 500"),
            Button(t("button-step"), "/step"),
            Button(t("button-lr-down"), "/lr x0.1"),
            Button(t("button-lr-up"), "/lr x10"),
        ),
        (
            Button(t("button-weights"), "/weights"),
            Button(t("button-fit"), "/fit"),
            Button(t("button-animate"), "/animate"),
        ),
    )


async def step(chat: Chat, args: Sequence[str]) -> Reply:
    """/step [n]: n epochs of gradient descent, every number explained."""
    steps = arguments.parse_step(args)
    await keep_secret(chat, "step")
    result = await chat.service.step(chat.chat_id, steps)
    # Epochs count on across the chat's trainings: after /train and 500 more, the next is 1001.
    first = chat.service.epochs_trained(chat.chat_id) - len(result.epochs) + 1
    return Reply(explain.step(chat.t, result, first), buttons=training_buttons(chat.t))


async def lr(chat: Chat, args: Sequence[str]) -> Reply:
    """/lr [value | x factor]: the learning rate the chat's next training uses."""
    request = arguments.parse_lr(args)
    old, optimizer = chat.service.training_defaults(chat.chat_id)
    if request.value is None and request.factor is None:
        return Reply(formatting.lr_current(chat.t, old, optimizer))
    wanted = request.value if request.value is not None else old * (request.factor or 1.0)
    # 0.1 × 0.1 is 0.010000000000000002 in binary: keep the rate a person would write.
    new = await chat.service.set_learning_rate(chat.chat_id, float(f"{wanted:.12g}"))
    return Reply(formatting.lr_set(chat.t, new, old))


async def animate(chat: Chat, args: Sequence[str]) -> Reply:
    """/animate: the last training as an animation (a fresh one if the chat has none)."""
    arguments.parse_no_args(args)
    t = chat.t
    data = await chat.service.animation(chat.chat_id)
    # Its counter counts on from the chat's earlier trainings ("Epoch 750 of 1000").
    before = 0 if data.fresh else chat.service.history_start(chat.chat_id) - 1
    labels = formatting.animation_labels(t, data.epochs, before)
    gif = await chat.service.animation_gif(data, labels, chat.chat_id)
    caption = t("animate-caption", frames=len(data.epochs), epochs=int(data.epochs[-1]))
    if data.fresh:
        caption += "\n" + t("animate-fresh")
    return Reply(caption, animation=gif, filename="c2f-training.gif")


async def why(chat: Chat, args: Sequence[str]) -> Reply:
    """/why: why not exactly 212, with this chat's numbers."""
    arguments.parse_no_args(args)
    await keep_secret(chat, "why")
    service, chat_id = chat.service, chat.chat_id
    data = service.dataset(chat_id)
    report = service.weights(chat_id)
    (model100,) = await service.predict_with(report, [100.0])
    rate, optimizer = service.training_defaults(chat_id)
    epochs, seen = service.default_epochs(chat_id), service.landscape_data(chat_id)
    return Reply(explain.why(chat.t, data, report, float(model100), rate, optimizer, epochs, seen))


async def stop(chat: Chat, args: Sequence[str]) -> Reply:
    """/stop: cancel this chat's running training."""
    arguments.parse_no_args(args)
    stopping = await chat.service.stop(chat.chat_id)
    return Reply(chat.t("stopping" if stopping else "nothing-to-stop"))


async def weights(chat: Chat, args: Sequence[str]) -> Reply:
    """/weights"""
    arguments.parse_no_args(args)
    await keep_secret(chat, "weights")
    report, t = chat.service.weights(chat.chat_id), chat.t
    notes = explain.weights_notes(t, chat.service.dataset(chat.chat_id), report)
    return Reply(formatting.weights(t, report, notes))


async def plot(chat: Chat, args: Sequence[str]) -> Reply:
    """/plot: the last loss curve."""
    arguments.parse_no_args(args)
    losses, shared = chat.service.answering_history(chat.chat_id)
    t = chat.t
    if not len(losses):
        return Reply(t("no-history"))
    first = chat.service.history_start(chat.chat_id)
    image = await chat.service.loss_plot(losses, formatting.plot_labels(t), chat.chat_id, first)
    now = chat.service.answering_loss(chat.chat_id)
    return Reply(formatting.loss_caption(t, losses, shared, now), image)


async def fit(chat: Chat, args: Sequence[str]) -> Reply:
    """/fit: data, model line, formula line."""
    arguments.parse_no_args(args)
    await keep_secret(chat, "fit")
    t = chat.t
    image, shared = await chat.service.fit_plot(chat.chat_id, formatting.plot_labels(t))
    return Reply(formatting.fit_caption(t, shared), image)


async def data(chat: Chat, args: Sequence[str]) -> Reply:
    """/data [add c f | remove c | reset]"""
    request = arguments.parse_data(args)
    service, chat_id, t = chat.service, chat.chat_id, chat.t
    celsius, fahrenheit = (
        formatting.celsius(request.celsius),
        formatting.celsius(request.fahrenheit),
    )
    if request.action == "add":
        points = await service.add_point(chat_id, request.celsius, request.fahrenheit)
        what = t("data-added", celsius=celsius, fahrenheit=fahrenheit)
    elif request.action == "remove":
        points = await service.remove_point(chat_id, request.celsius)
        what = t("data-removed", celsius=celsius)
    elif request.action == "reset":
        points = await service.reset_dataset(chat_id)
        what = t("data-reset", count=len(points))
    else:
        points, what = service.dataset(chat_id), ""
    return Reply(formatting.dataset(t, points, what))


async def layers(chat: Chat, args: Sequence[str]) -> Reply:
    """/layers [units ...] [activation]"""
    architecture = arguments.parse_layers(args)
    if architecture is None:
        description = chat.service.architecture(chat.chat_id).describe()
        return Reply(formatting.layers(chat.t, description, False))
    architecture = await chat.service.set_architecture(chat.chat_id, architecture)
    return Reply(formatting.layers(chat.t, architecture.describe(), True))


async def reset(chat: Chat, args: Sequence[str]) -> Reply:
    """/reset: back to the shared model."""
    arguments.parse_no_args(args)
    await chat.service.reset(chat.chat_id)
    return Reply(chat.t("reset-done"))


async def export(chat: Chat, args: Sequence[str]) -> Reply:
    """/export: the model as a .keras file."""
    arguments.parse_no_args(args)
    return Reply(chat.t("export-caption"), document=await chat.service.export(chat.chat_id))


async def answer(chat: Chat, work: Awaitable[Reply]) -> Reply:
    """The reply `work` makes; a request that can't be done gets a short explanation."""
    try:
        return await work
    except (UsageError, ModelError, GameError, StorageError) as problem:
        return Reply(formatting.error(chat.t, problem), quiet=True, error=True)
