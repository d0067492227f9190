"""The first lesson: /start in a private chat leads through the notebook the reader just ran, in
its order — ask it (100 °C?), train it, look inside (weight and bias against the formula's), the
loss falling, why not exactly the formula's answer. One message a step, with a button to the next;
every number in it is this chat's (its prediction, weights and loss history, read when the step
is shown). The step shown last is kept with the chat's settings, so /start picks the lesson up
where it was left (and offers to start over). The hidden /lesson [step] command is behind the
buttons; in a group it points to a private chat."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Awaitable, Callable, Sequence

from telegram.helpers import create_deep_linked_url

from bot.features.arguments import parse_page
from bot.features.chat import Chat
from bot.features.lesson import train as train_command
from bot.features.replies import Button, Reply
from bot.text import explain, formatting
from bot.text.i18n import Catalogue
from model import Dataset, WeightsReport, analysis, fahrenheit
from model.dataset import INTERCEPT, SLOPE
from model.session import Session
from model.settings import DEFAULT_EPOCHS, Architecture

LESSON_LINK = "lesson"  # /start lesson: the group /lesson's link
INLINE_LINK = "inline"  # /start inline: the inline mode's button ("train your own")
LINKS = frozenset({LESSON_LINK, INLINE_LINK})
# The steps in order, by the catalogue's `lesson-title-<name>`.
STEPS = ("ask", "train", "inside", "loss", "why")
QUESTION = 100.0  # the lesson's question: what is 100 °C?
EPOCHS = DEFAULT_EPOCHS  # the lesson's training: model.fit(..., epochs=500)
SHOWN_POINTS = 8  # the examples listed in step 1 (a chat may have 200)
LOSS_MARKS = (1, 10, 100, 1000)  # epochs whose loss step 4 shows (those trained), then the loss now

Step = Callable[[Chat], Awaitable[Reply]]


async def lesson(chat: Chat, args: Sequence[str]) -> Reply:
    """/lesson [step]: one step of the first lesson (the buttons' command)."""
    step = parse_step(args)
    if chat.is_group:
        t = chat.t
        if not chat.bot_username:
            return Reply(t("lesson-group"))
        link = create_deep_linked_url(chat.bot_username, LESSON_LINK)
        return Reply(t("lesson-group"), buttons=((Button(t("button-lesson-open"), url=link),),))
    return await show(chat, step)


async def begin(chat: Chat) -> Reply:
    """/start in a private chat: the lesson's first step, or where the chat left it."""
    reached = chat.games.lesson_step(chat.chat_id)
    if not 1 <= reached <= len(STEPS):
        return await show(chat, 1)
    return welcome_back(chat.t, reached)


def welcome_back(t: Catalogue, reached: int) -> Reply:
    """The lesson picked up again: how far it got, the next step, and starting over."""
    text = t("lesson-back", step=reached, steps=len(STEPS), title=title(t, reached))
    row = []
    if reached < len(STEPS):
        row.append(next_button(t, reached + 1))
    else:
        text += "\n" + t("lesson-back-done")
        row.append(Button(t("button-lesson-help"), "/help"))
    row.append(Button(t("button-lesson-again"), "/lesson 1"))
    return Reply(text, buttons=(tuple(row),))


async def show(chat: Chat, step: int) -> Reply:
    """Step `step` (1-based) in this chat, remembered as the step it reached."""
    reply = await _STEPS[step - 1](chat)
    await chat.games.set_lesson_step(chat.chat_id, step)
    return reply


def parse_step(args: Sequence[str]) -> int:
    """/lesson [1-5]."""
    return parse_page(args, len(STEPS), "lesson_usage")


def title(t: Catalogue, step: int) -> str:
    """The step's name: "train it", "why not exactly 212?"."""
    formula = formatting.celsius(_formula())
    return t(f"lesson-title-{STEPS[step - 1]}", epochs=EPOCHS, formula=formula)


def heading(t: Catalogue, step: int) -> str:
    """The first line of a step's message."""
    return t("lesson-heading", step=step, steps=len(STEPS), title=title(t, step))


def next_button(t: Catalogue, step: int) -> Button:
    """The button to step `step`."""
    return Button(t("button-lesson-next", step=step, title=title(t, step)), f"/lesson {step}")


def _formula(celsius: float = QUESTION) -> float:
    return float(fahrenheit(celsius))


def _number(value: float) -> str:
    return formatting.number(value)


# --- the steps ----------------------------------------------------------------------------------


async def ask(chat: Chat) -> Reply:
    """1. What is 100 °C? The model answering for the chat (the shared one until it trains).
    Read from the sessions alone: /start answers from the stored state while TensorFlow loads."""
    t, service, chat_id = chat.t, chat.service, chat.chat_id
    data = service.dataset(chat_id)
    (model,) = (await service.predict(chat_id, [QUESTION])).fahrenheit
    shown = data.pairs()[:SHOWN_POINTS]
    points = ", ".join(f"{formatting.celsius(c)} → {formatting.celsius(f)}" for c, f in shown)
    if len(data) > SHOWN_POINTS:
        points += ", …"
    session = service.session(chat_id)
    architecture = session.architecture
    if architecture == Architecture():
        network = t("lesson-network-dense")
    else:
        network = t(
            "lesson-network", architecture=architecture.describe(), count=architecture.param_count
        )
    lines = [
        heading(t, 1),
        t("lesson-ask-intro", network=network, count=len(data), points=points or "—"),
        t(
            "lesson-ask-answer",
            celsius=formatting.celsius(QUESTION),
            model=_number(model),
            formula=_number(_formula()),
            error=_number(model - _formula()),
        ),
    ]
    if not session.trained:
        lines.append(t("lesson-ask-shared"))
    elif session.epochs_trained:
        lines.append(t("lesson-ask-own", epochs=session.epochs_trained, more=EPOCHS))
    else:
        lines.append(t("lesson-ask-untrained"))
    differences = _not_the_lessons(t, session)
    if differences:
        lines.append(t("lesson-ask-differs", what="; ".join(differences)))
    lines.append(t("lesson-ask-try"))
    return Reply(formatting.clip("\n".join(lines)), buttons=((next_button(t, 2),),))


def _not_the_lessons(t: Catalogue, setup: Session) -> list[str]:
    """How the chat's session is set up otherwise than the lesson's (its data, network, how it
    trains)."""
    lessons = Session()
    found = []
    if setup.dataset != lessons.dataset:
        found.append(t("lesson-differs-data", count=len(setup.dataset)))
    if setup.architecture != lessons.architecture:
        found.append(t("lesson-differs-layers", architecture=setup.architecture.describe()))
    trains = (setup.optimizer, setup.learning_rate)
    if trains != (lessons.optimizer, lessons.learning_rate):
        found.append(
            t("lesson-differs-training", optimizer=setup.optimizer, lr=f"{setup.learning_rate:g}")
        )
    return found


async def train(chat: Chat) -> Reply:
    """2. The real training of the chat's model, the lesson's 500 epochs: the training's own
    reply (its loss picture and caption), under the step's heading, with the next step's button."""
    t = chat.t
    trained = await train_command(chat, [str(EPOCHS)])
    head = f"{heading(t, 2)}\n{t('lesson-train-intro', epochs=EPOCHS)}\n\n"
    limit = formatting.MAX_CAPTION if trained.image is not None else formatting.MAX_MESSAGE
    if formatting.utf16_length(head + trained.text) > limit:
        head = f"{heading(t, 2)}\n"
    return dataclasses.replace(
        trained,
        text=formatting.clip(head + trained.text, limit),
        buttons=((next_button(t, 3),), *trained.buttons),
    )


async def inside(chat: Chat) -> Reply:
    """3. Look inside: the weight and the bias against the formula's 1.8 and 32."""
    t, service, chat_id = chat.t, chat.service, chat.chat_id
    report = service.weights(chat_id)
    learned = report.shared or service.epochs_trained(chat_id) > 0
    lines = [heading(t, 3), *_inside_lines(t, report, learned)]
    if report.shared:
        lines.append(t("shared-note"))
    lines.append(t("lesson-inside-try"))
    buttons = ((next_button(t, 4),), (Button(t("button-fit"), "/fit"),))
    return Reply(formatting.clip("\n".join(lines)), buttons=buttons)


def _inside_lines(t: Catalogue, report: WeightsReport, learned: bool) -> list[str]:
    """The model's line against the formula's (`learned`: by training, not set by hand)."""
    architecture = report.architecture
    line = analysis.network_line(architecture, report.layers)
    if line is None:
        return [
            t(
                "lesson-inside-curve",
                architecture=architecture.describe(),
                count=report.param_count,
            )
        ]
    weight, bias = (formatting.number(v, 4) for v in line)
    if architecture.hidden or architecture.normalized:
        first = t(
            "lesson-inside-line",
            architecture=architecture.describe(),
            count=report.param_count,
            weight=weight,
            bias=bias,
        )
    else:
        first = t("lesson-inside-dense", weight=weight, bias=bias)
    return [
        first,
        t(
            "lesson-inside-formula",
            slope=f"{SLOPE:g}",
            intercept=f"{INTERCEPT:g}",
            dw=explain.signed(line[0] - SLOPE),
            db=explain.signed(line[1] - INTERCEPT),
        ),
        *([t("lesson-inside-learned")] if learned else []),
    ]


async def loss(chat: Chat) -> Reply:
    """4. The loss falling: the last training's loss history, its first and last values and a
    few epochs between, and what the loss now means in °F."""
    t, service, chat_id = chat.t, chat.service, chat.chat_id
    losses, shared = service.answering_history(chat_id)
    if not len(losses):
        return Reply(f"{heading(t, 4)}\n{t('lesson-loss-none')}", buttons=((next_button(t, 2),),))
    start = service.history_start(chat_id)
    first, now = float(losses[0]), service.answering_loss(chat_id)
    # A few epochs' loss (each measured before that epoch's update), then the loss now.
    marks = [m for m in LOSS_MARKS if m < len(losses)]
    steps = " · ".join(
        [
            *(
                t("lesson-loss-at", epoch=start + m - 1, loss=formatting.loss(float(losses[m - 1])))
                for m in marks
            ),
            t("lesson-loss-end", epoch=start + len(losses) - 1, loss=formatting.loss(now)),
        ]
    )
    data = service.dataset(chat_id) if not shared else Dataset()
    lines = [
        heading(t, 4),
        t("lesson-loss-what", count=len(data)),
        t(
            "lesson-loss-went",
            epochs=len(losses),
            first=formatting.loss(first),
            last=formatting.loss(now),
        ),
        steps,
    ]
    if 0 < now < first:
        lines.append(t("lesson-loss-factor", factor=f"{first / now:,.0f}"))
    if math.isfinite(now):
        lines.append(t("lesson-loss-typical", loss=formatting.loss(now), error=_number(now**0.5)))
    if shared:
        lines.append(t("shared-note"))
    lines.append(t("lesson-loss-try"))
    buttons = ((next_button(t, 5),), (Button(t("button-animate"), "/animate"),))
    return Reply(formatting.clip("\n".join(lines)), buttons=buttons)


async def why(chat: Chat) -> Reply:
    """5. Why not exactly 212: /why's reasoning with this chat's numbers, and what next."""
    t, service, chat_id = chat.t, chat.service, chat.chat_id
    data, report = service.dataset(chat_id), service.weights(chat_id)
    (model,) = await service.predict_with(report, [QUESTION])
    rate, optimizer = service.training_defaults(chat_id)
    reasons = explain.why(
        t,
        data,
        report,
        float(model),
        rate,
        optimizer,
        service.default_epochs(chat_id),
        service.landscape_data(chat_id),
    )
    intro = t(
        "lesson-why-intro",
        celsius=formatting.celsius(QUESTION),
        model=_number(float(model)),
        formula=_number(_formula()),
    )
    text = "\n".join([heading(t, 5), intro, reasons, "", t("lesson-end")])
    buttons = (
        (Button(t("button-lesson-help"), "/help"), Button(t("button-lesson-again"), "/lesson 1")),
    )
    return Reply(formatting.clip(text), buttons=buttons)


_STEPS: tuple[Step, ...] = (ask, train, inside, loss, why)
assert len(_STEPS) == len(STEPS)
