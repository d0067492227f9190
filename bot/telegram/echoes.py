"""A group hears each answer once: when a member's command gets the very answer the bot posted
there moments ago (30 students' /help, the same refusal, [Fit] pressed ten times), the earlier
message answers them all.

The member gets a 👀 on their command (a press: its callback answer). Where the group allows no
reactions, their name is folded into the earlier message instead — edited at most once per
`fold_every` seconds, so a class pressing at once costs the group a few edits, not a message
each."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram.error import BadRequest, TelegramError

from bot.features.replies import Reply
from bot.telegram.flood.limiter import NotSent, Priority
from bot.telegram.outbox import TelegramBot, keyboard, unless_unchanged
from bot.text import formatting
from bot.text.i18n import Catalogue

log = logging.getLogger(__name__)

SEEN = "👀"  # "the answer is just above", on the member's own command
WINDOW = 60.0  # seconds an answer stands for the same one again
FOLD_EVERY = 20.0  # seconds between edits that fold names into an answer
NO_REACTIONS_FOR = 3600.0  # seconds a group that refused a reaction is not asked again
SHOWN_NAMES = 40  # a class; more are counted ("and 12 more")


@dataclass
class Posted:
    """An answer the bot posted in a group, and whom it also answers."""

    message_id: int
    reply: Reply
    t: Catalogue
    at: float
    caption: bool  # a picture's caption (else a text message)
    also: list[str] = field(default_factory=list)
    shown: int = 0  # how many of `also` the message shows
    edited: float | None = None  # when names were last folded into it (the clock's time)
    editing: asyncio.Task[None] | None = None


def digest(reply: Reply) -> str | None:
    """What makes two answers the same; None for one that starts something (a poll, a game's
    message) and so is never answered by an earlier one."""
    if reply.on_sent is not None or reply.poll is not None or reply.reaction is not None:
        return None
    h = hashlib.blake2b(digest_size=16)
    for part in (reply.text.encode(), reply.image, reply.animation, reply.document):
        h.update(b"\0" if part is None else len(part).to_bytes(8, "big") + part)
    h.update(repr(reply.buttons).encode())
    return h.hexdigest()


class Echoes:
    """The answers posted recently in each group, and the groups that allow no reactions."""

    def __init__(
        self,
        window: float = WINDOW,
        fold_every: float = FOLD_EVERY,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._window = window
        self._fold_every = fold_every
        self._clock = clock
        self._sleep = sleep
        self._posted: dict[int, dict[str, Posted]] = {}
        self._no_reactions: dict[int, float] = {}
        self._sending: dict[tuple[int, str], asyncio.Future[None]] = {}

    async def claim(self, chat_id: int, key: str) -> Posted | None:
        """The answer `key` (its `digest`), posted in this group within the window (or on its
        way there: then once it is posted); None if there is none, and then the caller is the one
        to post it and must say so with `remember` or `abandon`."""
        while True:
            posted = self._recent(chat_id).get(key)
            if posted is not None:
                return posted
            on_its_way = self._sending.get((chat_id, key))
            if on_its_way is None:
                self._sending[(chat_id, key)] = asyncio.get_running_loop().create_future()
                return None
            await asyncio.shield(on_its_way)

    def abandon(self, chat_id: int, key: str) -> None:
        """The claimed answer could not be posted: whoever waits for it tries themselves."""
        waiting = self._sending.pop((chat_id, key), None)
        if waiting is not None and not waiting.done():
            waiting.set_result(None)

    def remember(self, chat_id: int, key: str, message_id: int, reply: Reply, t: Catalogue) -> None:
        """The bot posted `reply` (whose `digest` is `key`) in this group as `message_id`."""
        if len(self._posted) > 1000:  # groups that went quiet
            for group in list(self._posted):
                self._recent(group)
        caption = any(p is not None for p in (reply.image, reply.animation, reply.document))
        posted = Posted(message_id, reply, t, self._clock(), caption)
        self._posted.setdefault(chat_id, {})[key] = posted
        self.abandon(chat_id, key)  # no longer on its way: whoever waits finds it posted

    def reactions_allowed(self, chat_id: int) -> bool:
        """False for a while after the group refused one of the bot's reactions."""
        return self._no_reactions.get(chat_id, 0.0) <= self._clock()

    def reactions_refused(self, chat_id: int) -> None:
        """The group allows no reactions (its admins turned them off)."""
        log.info("Chat %s allows no reactions: answers are folded instead", chat_id)
        self._no_reactions[chat_id] = self._clock() + NO_REACTIONS_FOR

    def fold(self, bot: TelegramBot, chat_id: int, posted: Posted, name: str) -> None:
        """Name `name` in the earlier answer too (the edit waits its turn)."""
        posted.also.append(name)
        if posted.editing is None or posted.editing.done():
            posted.editing = asyncio.create_task(self._edit(bot, chat_id, posted))

    async def close(self) -> None:
        """Cancel the edits still waiting."""
        tasks = [p.editing for posts in self._posted.values() for p in posts.values()]
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in tasks:
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _recent(self, chat_id: int) -> dict[str, Posted]:
        now = self._clock()
        posts = self._posted.get(chat_id, {})
        for key, post in list(posts.items()):
            if post.at <= now - self._window and (post.editing is None or post.editing.done()):
                del posts[key]
        if not posts:
            self._posted.pop(chat_id, None)
        return {key: post for key, post in posts.items() if post.at > now - self._window}

    async def _edit(self, bot: TelegramBot, chat_id: int, posted: Posted) -> None:
        """Edit in the names not yet shown, one edit per `fold_every` seconds at most: the wait
        is counted from the message's last edit, whichever task made it, and the names that
        arrive meanwhile all go into the next one."""
        while posted.shown < len(posted.also):
            if posted.edited is not None:
                wait = posted.edited + self._fold_every - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            posted.shown = len(posted.also)
            text = _with_names(posted)
            try:
                if posted.caption:
                    edit = bot.edit_message_caption(
                        chat_id,
                        posted.message_id,
                        caption=formatting.clip(text, formatting.MAX_CAPTION),
                        reply_markup=keyboard(posted.reply),
                        rate_limit_args=Priority.MEMBER,
                    )
                else:
                    edit = bot.edit_message_text(
                        formatting.clip(text, formatting.MAX_MESSAGE),
                        chat_id,
                        posted.message_id,
                        reply_markup=keyboard(posted.reply),
                        rate_limit_args=Priority.MEMBER,
                    )
                await unless_unchanged(edit)
            except BadRequest as error:  # deleted meanwhile: nothing left to fold into
                log.info("Folding names into %s in %s: %s", posted.message_id, chat_id, error)
                return
            except NotSent as error:  # the bot is stopping
                log.warning("Folding names into %s in %s: %s", posted.message_id, chat_id, error)
                return
            except TelegramError:
                log.exception("Folding names into %s in %s", posted.message_id, chat_id)
                return
            finally:
                posted.edited = self._clock()


def _with_names(posted: Posted) -> str:
    names = [formatting.person(n) for n in posted.also[:SHOWN_NAMES]]
    more = len(posted.also) - len(names)
    line = posted.t("echo-also", names=posted.t("name-separator").join(names), more=more)
    return f"{posted.reply.text}\n\n{line}"
