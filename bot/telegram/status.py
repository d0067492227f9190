"""The status of a training that takes a while: a chat action once it is noticeable, then one
message that counts the epochs, gone once the training's answer is there."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.features.chat import is_group
from bot.telegram.flood.limiter import Priority
from bot.telegram.outbox import bot_of, unless_unchanged
from bot.text import formatting, i18n
from storage.errors import StorageError

if TYPE_CHECKING:
    from classroom.service import Classroom

STATUS_EVERY = 1.0  # at most one edit a second in a private chat
GROUP_STATUS_EVERY = 10.0  # a group's budget is ~20 messages and edits a minute
ACTION_EVERY = 4.0  # a chat action shows for ~5 s
# Telegram recommends a chat action only for an answer that takes a noticeable time: most
# trainings answer within this, and then send the Bot API one request instead of two.
ACTION_AFTER = 0.5


async def edit_text(message: Message, text: str, priority: Priority = Priority.TEACHER) -> None:
    """Edit a message the bot sent (an unchanged text is success)."""
    edit = bot_of(message).edit_message_text(
        text, message.chat_id, message.message_id, rate_limit_args=priority
    )
    await unless_unchanged(edit)


def progress_text(t: i18n.Catalogue, done: int, total: int) -> str:
    """The status message: the epochs once the first chunk is done, "Training…" before."""
    return formatting.progress(t, done, total) if total else t("progress-starting")


class TrainingStatus:
    """A chat action once ACTION_AFTER (or `after`) seconds passed without the answer; past
    `after` seconds one status message, edited at most once a second (every ten in a group), and
    deleted once the training has ended: its answer (the picture, or what stopped it) says how it
    went. The message is noted in the classroom's store until then, so that a bot killed
    meanwhile says at its next start that it stopped."""

    def __init__(
        self,
        update: Update,
        after: float,
        t: i18n.Catalogue,
        classroom: Classroom,
        priority: Priority = Priority.TEACHER,
    ) -> None:
        chat = update.effective_chat
        assert chat is not None, "a training runs in a chat"
        self._chat = chat
        self._after = after
        self._t = t
        self._classroom = classroom
        self._priority = priority
        self._every = GROUP_STATUS_EVERY if is_group(self._chat.id) else STATUS_EVERY
        self._latest = (0, 0)
        self._message: Message | None = None
        self._task: asyncio.Task | None = None

    def report(self, done: int, total: int) -> None:
        """Called by the model service after each chunk of epochs."""
        self._latest = (done, total)

    @contextlib.asynccontextmanager
    async def __call__(self) -> AsyncIterator[Callable[[int, int], None]]:
        self._task = asyncio.create_task(self._show())
        try:
            yield self.report
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await self._task
            if self._message is not None:
                await self._remove()
                with contextlib.suppress(StorageError):  # a restart then says it stopped
                    await self._classroom.remove_status(self._chat.id, self._message.message_id)

    async def _remove(self) -> None:
        """Delete the status; one that cannot be deleted (too old, no right) says it ended."""
        assert self._message is not None
        try:
            await self._message.delete()
        except TelegramError:
            with contextlib.suppress(TelegramError):
                ended = formatting.progress_done(self._t, *self._latest)
                await edit_text(self._message, ended, self._priority)

    async def _show(self) -> None:
        loop = asyncio.get_running_loop()
        action_after = min(ACTION_AFTER, self._after)
        await asyncio.sleep(action_after)
        await self._chat.send_action(ChatAction.UPLOAD_PHOTO)
        await asyncio.sleep(self._after - action_after)
        shown = self._latest
        self._message = await bot_of(self._chat).send_message(
            self._chat.id, progress_text(self._t, *shown), rate_limit_args=self._priority
        )
        with contextlib.suppress(StorageError):  # only a restart's notice is at stake
            await self._classroom.add_status(
                self._chat.id, self._message.message_id, self._t.language
            )
        last_action = loop.time()
        while True:
            await asyncio.sleep(self._every)
            if self._latest != shown:
                shown = self._latest
                await edit_text(self._message, progress_text(self._t, *shown), self._priority)
            if loop.time() - last_action > ACTION_EVERY:
                last_action = loop.time()
                await self._chat.send_action(ChatAction.UPLOAD_PHOTO)
