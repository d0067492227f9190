"""What a command hands back, free of any transport: a Reply (text, picture, animation, file or
quiz poll, with buttons), and the Outbox that posts and edits messages outside a reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Button:
    """A one-tap shortcut for `command` (e.g. "/train 500"), labelled in the chat's language;
    or, with a `url`, a link (e.g. to the bot's private chat)."""

    label: str
    command: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Poll:
    """A quiz poll: `options[correct]` is right; `explanation` shows after answering."""

    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str


@dataclass(frozen=True)
class Sent:
    """A message the bot posted (and the poll in it)."""

    message_id: int
    poll_id: str | None = None


@dataclass(frozen=True)
class Reply:
    """A text message, or an image / animation / document with `text` as its caption, or a
    quiz `poll`; `buttons` (rows of them) under it.

    `on_sent` hears which message it became. `reaction`: answer a message with this emoji
    instead of a text (where the transport can; `text` elsewhere, or in a group `fold`, the
    text everyone's reaction would have said, so that the bot can say it once for all).
    `quiet`: to a button press, `text` is the press's short answer, not a message — an alert if
    it is an `error`.
    """

    text: str
    image: bytes | None = None
    document: bytes | None = None
    animation: bytes | None = None
    poll: Poll | None = None
    filename: str = "c2f.keras"
    buttons: tuple[tuple[Button, ...], ...] = ()
    on_sent: Callable[[Sent], Awaitable[None]] | None = None
    reaction: str | None = None
    fold: str | None = None
    quiet: bool = False
    error: bool = False


class Outbox(Protocol):
    """Messages to one chat outside a reply: a timer's, an edit in place, a poll to stop."""

    async def post(self, reply: Reply) -> Sent:
        """Send `reply` to the chat."""

    async def edit(self, message_id: int, reply: Reply) -> None:
        """Show `reply` (picture, caption, buttons) in the message `message_id` instead."""

    async def stop_poll(self, message_id: int) -> None:
        """Close the poll in `message_id` (one already closed or gone is fine)."""
