"""Who asks, where: the Chat every command runs in, the same for Telegram and the console."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.features.replies import Outbox, Reply
from bot.features.timers import Timers
from bot.text import i18n

if TYPE_CHECKING:
    from classroom.service import Classroom
    from model.service import ModelService

# Opens around a training and yields `report(done, total)`, called on the event loop.
Progress = Callable[[], AbstractAsyncContextManager[Callable[[int, int], None]]]


@contextlib.asynccontextmanager
async def no_progress() -> AsyncIterator[Callable[[int, int], None]]:
    """A Progress that shows nothing."""
    yield lambda done, total: None


async def _always() -> bool:
    return True


async def _never(replies: Sequence[Reply]) -> bool:
    return False


def is_group(chat_id: int) -> bool:
    """Whether the chat is a group (or a supergroup): Telegram gives groups negative ids and a
    private chat its user's id; console mode is chat 0. The one place this is decided."""
    return chat_id < 0


@dataclass(frozen=True)
class Member:
    """The person who sent the command (or pressed the button), as the class sees them."""

    id: int
    name: str


@dataclass
class Chat:
    """Who asks, where: enough for any command to do its work.

    `sender_language` is the asker's own (their Telegram app's, the console's locale); the chat
    speaks it unless it chose one with /lang; `language` is worked out from both once, when the
    Chat is made (the asker's command runs in it to the end). `classroom`, `outbox` and `timers`
    serve the classroom's games and keep the chat's settings; `message_id` is the message whose
    button was pressed, if one was. `outbox_to(chat id)` posts to another chat (a group's
    homework progress, edited from a student's private chat); `send_privately(replies)` sends
    the asker replies in their private chat, False if they never started one with the bot.
    `day_seconds`: how long homework's day is (BOT_DAY_SECONDS). Transports make theirs in one
    place each (bot/telegram/chats.py, bot/console.py).
    """

    service: ModelService
    chat_id: int
    is_group: bool = False
    is_operator: bool = False
    progress: Progress = field(default=no_progress)
    started_at: float = field(default_factory=time.monotonic)
    sender_language: str = i18n.DEFAULT_LANGUAGE
    member: Member = field(default_factory=lambda: Member(0, "?"))
    is_chat_admin: Callable[[], Awaitable[bool]] = field(default=_always)
    outbox: Outbox | None = None
    timers: Timers = field(default_factory=Timers)
    bot_username: str | None = None
    message_id: int | None = None
    language: str = ""
    title: str = ""
    outbox_to: Callable[[int], Outbox] | None = None
    send_privately: Callable[[Sequence[Reply]], Awaitable[bool]] = field(default=_never)
    day_seconds: float = 86400.0
    classroom: Classroom = field(kw_only=True)

    def __post_init__(self) -> None:
        if not self.language:
            chosen = self.classroom.language(self.chat_id)
            self.language = i18n.resolve(chosen, self.sender_language)

    @property
    def t(self) -> i18n.Catalogue:
        """The catalogue of the chat's language."""
        return i18n.catalogue(self.language)

    @property
    def games(self) -> Classroom:
        """The classroom: the chat's games, homework and settings."""
        return self.classroom

    @property
    def out(self) -> Outbox:
        """The outbox (every transport that runs games provides one)."""
        assert self.outbox is not None, "this transport has no outbox"
        return self.outbox
