"""/teach — the 20-minute lesson plan for a teacher, one step a message, each command on a line
of its own to copy or tap, with buttons to the step before and after. In a group it points to a
private chat, where the plan does not fill the class's screen."""

from __future__ import annotations

from collections.abc import Sequence

from telegram.helpers import create_deep_linked_url

from bot.features.arguments import parse_page
from bot.features.chat import Chat
from bot.features.replies import Button, Reply
from classroom.tune import SLACK

TEACH_LINK = "teach"  # /start teach, the group /teach's link
# The plan's steps in order, by their catalogue keys.
STEP_TEXTS = (
    "teach-before",
    "teach-question",
    "teach-training",
    "teach-optimizer",
    "teach-rates",
    "teach-quiz",
)


async def teach(chat: Chat, args: Sequence[str]) -> Reply:
    """/teach [step]: one step of the plan (the first unless told)."""
    step = parse_teach(args)
    t = chat.t
    if chat.is_group and chat.bot_username:
        link = create_deep_linked_url(chat.bot_username, TEACH_LINK)
        return Reply(t("teach-group"), buttons=((Button(t("button-teach-open"), url=link),),))
    return show(chat, step)


def show(chat: Chat, step: int) -> Reply:
    """Step `step` (1-based) of the plan, with buttons to its neighbours."""
    t = chat.t
    head = t("teach-heading", step=step, steps=len(STEP_TEXTS))
    body = t(
        STEP_TEXTS[step - 1],
        slack=f"{SLACK:g}",
        done=t("tune-done"),
        keep=t("tune-keep"),
    )
    row = []
    if step > 1:
        row.append(Button(t("button-teach-back", step=step - 1), f"/teach {step - 1}"))
    if step < len(STEP_TEXTS):
        row.append(Button(t("button-teach-next", step=step + 1), f"/teach {step + 1}"))
    return Reply(f"{head}\n\n{body}", buttons=(tuple(row),))


def parse_teach(args: Sequence[str]) -> int:
    """/teach [1-6]."""
    return parse_page(args, len(STEP_TEXTS), "teach_usage")
