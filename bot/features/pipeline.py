"""The transport-free end of every request: run the command in its Chat, then the after-steps.

Every transport (Telegram's commands, button presses and replies — bot/telegram/pipeline.py —
and console mode) comes here once it knows who asks, where, and that they may. An after-step
notes something before the command runs and looks again after it, adding to the reply (today:
homework's goal, checked after each command a student runs in their private chat)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.features import command_table, homework
from bot.features.chat import Chat
from bot.features.lesson import Action, answer
from bot.features.replies import Reply

log = logging.getLogger(__name__)


class AfterStep(Protocol):
    """A check around each command: `before` notes what it needs (None: nothing to check),
    `after` gets the command's reply and returns it, perhaps with news of its own."""

    @property
    def name(self) -> str:
        """The step's name (in logs)."""
        ...

    async def before(self, chat: Chat, command: str) -> Any | None: ...

    async def after(self, chat: Chat, command: str, noted: Any, reply: Reply) -> Reply: ...


@dataclass(frozen=True)
class HomeworkGoal:
    """The student's work on their homework counted, and its goal checked (bot/features/
    homework.py): the news that it is met is posted right after the command's reply."""

    name: str = "homework"

    async def before(self, chat: Chat, command: str) -> homework.Watch | None:
        return await homework.watch(chat, command)

    async def after(self, chat: Chat, command: str, noted: homework.Watch, reply: Reply) -> Reply:
        return await homework.checked(chat, command, noted, reply)


AFTER_STEPS: tuple[AfterStep, ...] = (HomeworkGoal(),)  # the steps, in order


async def run(name: str, chat: Chat, args: Sequence[str], action: Action | None = None) -> Reply:
    """The reply to `/name args` (or to `action`, another way of asking the same command, e.g.
    a reply that is a guess), after-steps included; requests that can't be done get a short
    explanation."""
    command = command_table.BY_NAME.get(name)
    if command is None:
        return Reply(chat.t("unknown-command"))
    noted = [(step, await step.before(chat, name)) for step in AFTER_STEPS]
    reply = await answer(chat, (action or command.run)(chat, args))
    for step, before in noted:
        if before is None:
            continue
        try:
            reply = await step.after(chat, name, before, reply)
        except Exception:  # the command's own answer is never lost to an after-step
            log.exception("The %s step after /%s in %d failed", step.name, name, chat.chat_id)
    return reply
