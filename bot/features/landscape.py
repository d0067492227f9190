"""/landscape: where gradient descent walks — this chat's loss over (weight, bias), a valley on
the lesson's data, with the path of its last training; the caption gives the valley in numbers
(the Hessian's eigenvalues and their ratio) and reads the path. (The numbers: model/valley.py.)"""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text import formatting
from bot.text.i18n import Catalogue
from bot.text.numbers import fixed, significant
from model.valley import Valley, read_path, valley


async def landscape(chat: Chat, args: Sequence[str]) -> Reply:
    """/landscape"""
    arguments.parse_no_args(args)
    service, chat_id, t = chat.service, chat.chat_id, chat.t
    architecture = service.architecture(chat_id)
    if architecture.hidden:
        return Reply(t("landscape-dense1", count=architecture.param_count))
    shape = valley(service.dataset(chat_id))
    if shape is None:
        return Reply(t("landscape-no-valley"))
    path, shared = service.answering_path(chat_id)
    image = await service.landscape_plot(chat_id, path, formatting.plot_labels(t))
    return Reply(formatting.clip(caption(t, shape, path, shared), formatting.MAX_CAPTION), image)


def ratio_text(ratio: float) -> str:
    """583, 1, 2.5: how many times steeper across the valley than along it."""
    return f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}"


def caption(t: Catalogue, shape: Valley, path, shared: bool) -> str:
    """The valley in numbers and words, and what the path did in it."""
    lines = [
        t(
            "landscape-head",
            ratio=ratio_text(shape.ratio),
            steep=significant(shape.steep, 5),
            flat=significant(shape.flat, 3),
        ),
        t(
            "landscape-meaning",
            limit=significant(2 / shape.steep, 2),
            weight=fixed(shape.minimum[0], 4),
            bias=fixed(shape.minimum[1], 2),
        ),
    ]
    reading = None if path is None else read_path(shape, path)
    if reading is None:
        lines.append(t("landscape-no-path"))
        return "\n".join(lines)
    start, end = path[0], path[-1]
    lines.append(
        t(
            "landscape-path",
            epochs=reading.epochs,
            w0=fixed(float(start[0]), 3),
            b0=fixed(float(start[1]), 2),
            w1=fixed(float(end[0]), 3),
            b1=fixed(float(end[1]), 2),
            across=_percent(reading.across_left),
            along=_percent(reading.along_left),
        )
    )
    lines.append(
        t("landscape-crossings", crossings=reading.crossings)
        if reading.crossings
        else t("landscape-no-crossings")
    )
    if shared:
        lines.append(t("landscape-shared"))
    return "\n".join(lines)


def _percent(fraction: float) -> str:
    return significant(100 * fraction, 2)
