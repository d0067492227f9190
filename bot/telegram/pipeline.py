"""One path for every request, whatever carried it: who and where (bot/telegram/asker.py) →
access → run (bot/features/pipeline.py: the command, then its after-steps) → reply.

A command, a button press and a reply to the bot's message differ only in what they ask (a
`Request`) and in how the answer goes back (a `Responder`): a command's message is replied to, a
press is answered (before or after it runs, as the command wants), a reply's guess is replied
to. A new kind of input — a plain sentence, an inline query, a document, a web app's request —
is a new Request source and, where its answer goes elsewhere, a new Responder."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from telegram import CallbackQuery

from bot.features import access, command_table, pipeline, talk
from bot.features.command_table import Command
from bot.features.lesson import Action
from bot.features.replies import Reply
from bot.ops import metrics
from bot.telegram.asker import Asker
from bot.telegram.sending import send
from bot.text import formatting, i18n

if TYPE_CHECKING:
    from model.service import ModelService

KNOWN = frozenset({*command_table.NAMES, "poll_answer"})  # the metrics' command labels

Run = Callable[[], Awaitable[Reply]]


@dataclass(frozen=True)
class Request:
    """What is asked: a command of the table with its arguments; `action`, when set, answers
    it instead of the command's own function (a reply to a round's question is a /guess);
    `shown`, for a plain sentence, the command it stood for, shown under the reply."""

    command: Command
    args: tuple[str, ...] = ()
    action: Action | None = None
    shown: str | None = None  # a plain sentence's: the command line shown under the reply

    @property
    def name(self) -> str:
        return self.command.name


class Responder(Protocol):
    """How the answer to a request goes back to whoever asked."""

    async def refuse(self, text: str, teacher: bool) -> None:
        """Say why they may not."""

    async def answer(self, run: Run, teacher: bool) -> Reply:
        """Run the request (`run`, when it suits the transport) and send its reply; the reply."""


@dataclass
class MessageReply:
    """A message (a command, a reply to the bot) answered by a reply to it."""

    asker: Asker

    async def refuse(self, text: str, teacher: bool) -> None:
        await send(self.asker, Reply(text), teacher=teacher)

    async def answer(self, run: Run, teacher: bool) -> Reply:
        reply = await run()
        await send(self.asker, reply, teacher=teacher)
        return reply


@dataclass
class PressAnswer:
    """A button press: always answered once, so the client's spinner stops. A quick button's
    command runs first, its short answer then the press's; so does a group member's press that
    only reads, which a picture already in the chat may answer. Others are answered at once and
    their reply follows. `answered`: no longer the handler's to answer if this fails."""

    asker: Asker
    query: CallbackQuery
    command: Command
    answered: bool = False

    async def refuse(self, text: str, teacher: bool) -> None:
        self.answered = True
        await self.query.answer(formatting.clip(text, formatting.MAX_ANSWER), show_alert=True)

    async def answer(self, run: Run, teacher: bool) -> Reply:
        query, asker = self.query, self.asker
        echoed = asker.in_group and not teacher and self.command.read_only
        reply = None
        if self.command.quick_button or echoed:
            reply = await run()
            if reply.quiet:
                self.answered = True
                text = formatting.clip(reply.text, formatting.MAX_ANSWER)
                await query.answer(text, show_alert=reply.error)
                return reply
            if not echoed:
                await query.answer()
        else:
            pressed = asker.t("button-pressed", command=query.data)
            await query.answer(formatting.clip(pressed, formatting.MAX_ANSWER))
        # The press is answered (or `send` answers it): what follows may fail without answering
        # it twice.
        self.answered = True
        if reply is None:
            reply = await run()
        await send(asker, reply, teacher=teacher, answer_press=echoed)
        return reply


async def handle(request: Request, asker: Asker, responder: Responder) -> None:
    """The one path: who may → (the sender recorded as one of a group's class) → run → reply."""
    name = request.name
    reason = await _refusal(asker, request.command, request.args)
    teacher = await asker.is_teacher()
    await asker.seen(teacher)
    if reason is not None:
        metrics.refused(name, KNOWN)
        await responder.refuse(asker.t(reason, command=name), teacher)
        return
    with metrics.handling(name, KNOWN) as handled:

        async def run() -> Reply:
            return await _run(request, asker, teacher)

        reply = await responder.answer(run, teacher)
        if reply.error:
            handled.outcome = metrics.BAD_INPUT


async def _refusal(asker: Asker, command: Command, args: Sequence[str]) -> str | None:
    """Why the sender may not run `/name args` in this chat (a catalogue key), or None."""
    classroom = asker.services.classroom

    async def is_locked() -> bool:
        return classroom.locked(asker.chat_id)

    return await access.refusal(
        command.needs(args),
        is_operator=asker.is_operator,
        is_group=asker.in_group,
        is_locked=is_locked,
        is_chat_admin=asker.is_chat_admin,
    )


async def _run(request: Request, asker: Asker, teacher: bool) -> Reply:
    """The reply (a plain sentence's with the command it stood for under it)."""
    reply = await _answer(request, asker, teacher)
    if request.shown is None:
        return reply
    chosen = asker.services.classroom.language(asker.chat_id)  # "说中文" has just chosen one
    t = i18n.catalogue(i18n.resolve(chosen, asker.sender_language))
    return talk.followed_by(reply, t, request.shown)


async def _answer(request: Request, asker: Asker, teacher: bool) -> Reply:
    """A greeting at once (no model needed); while TensorFlow loads, a command that only reads
    from the stored sessions; else the command in the chat with the model service."""
    greeting = command_table.greeting_asked(request.name, request.args, in_group=asker.in_group)
    if greeting is not None and request.action is None:
        return command_table.greeting(
            greeting,
            asker.t,
            is_operator=asker.is_operator,
            in_group=asker.in_group,
            bot_username=asker.context.bot.username,
        )
    early = request.action is None and request.command.answered_from_store(request.args)
    stored = await asker.services.loader.early() if early else None
    chat = asker.chat_for(stored or await model_service(asker), teacher)
    return await pipeline.run(request.name, chat, request.args, request.action)


async def model_service(asker: Asker) -> ModelService:
    """The model service; if it is still loading after BOT_STATUS_AFTER_SECONDS, the chat is
    told ("warming up…") instead of left waiting in silence."""
    services = asker.services
    loader = services.loader
    service = loader.loaded
    if service is None:
        pending = asyncio.ensure_future(loader.service())
        done, _ = await asyncio.wait({pending}, timeout=services.settings.status_after)
        if not done:
            await send(asker, Reply(asker.t("warming-up")))
        service = await pending
    await service.refresh(asker.chat_id)  # another worker may have changed it
    return service
