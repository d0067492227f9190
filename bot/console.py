"""Console mode: the bot's commands typed in a terminal, through the same actions and service."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import os
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.features import homework, pipeline, talk
from bot.features.chat import Chat, Member
from bot.features.replies import Poll, Reply, Sent
from bot.text import formatting, i18n
from storage.coordination import Coordination, alone

if TYPE_CHECKING:
    from classroom.service import Classroom
    from model.service import ModelService

CONSOLE_CHAT_ID = 0


def locale_language(environ: Mapping[str, str]) -> str:
    """The terminal's language, as POSIX reads it: LC_ALL, else LC_MESSAGES, else LANG."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return i18n.language_of(environ[name])
    return i18n.DEFAULT_LANGUAGE


class Console:
    """Reads commands from a stream, prints replies, writes images and files under `out_dir`."""

    def __init__(
        self,
        service: ModelService,
        out_dir: Path,
        stdin: TextIO,
        stdout: TextIO,
        classroom: Classroom,
        language: str = i18n.DEFAULT_LANGUAGE,
    ) -> None:
        self.chat = Chat(
            service,
            CONSOLE_CHAT_ID,
            is_operator=True,
            progress=self._progress,
            sender_language=language,
            member=Member(CONSOLE_CHAT_ID, _user_name()),
            classroom=classroom,
            outbox=self,
        )
        self.out_dir = out_dir
        self.stdin, self.stdout = stdin, stdout
        self._files = 0
        self._messages = 0
        self._quiz: tuple[str, Poll] | None = None  # the open quiz: a typed number answers it

    @contextlib.asynccontextmanager
    async def _progress(self) -> AsyncIterator[Callable[[int, int], None]]:
        t = self.chat.t

        def report(done: int, total: int) -> None:
            if total > 1000:
                self._print(formatting.progress(t, done, total))

        yield report

    async def run(self) -> None:
        """Until end of input or /quit."""
        self._print(self.chat.t("console-banner"))
        interactive = self.stdin.isatty()
        while True:
            if interactive:
                print("> ", end="", file=self.stdout, flush=True)
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                return
            if line.strip() in ("/quit", "/exit", "quit", "exit"):
                return
            if line.strip():
                await self.handle(line.strip())

    async def handle(self, line: str) -> None:
        """One typed line, in the chat's language as it is now (a /lang before it counts)."""
        self.chat = dataclasses.replace(self.chat, language="")
        if not line.startswith("/"):
            if self._quiz is not None and line.isdigit():
                await self._answer(int(line))
                return
            await self.post(await talk.answer(self.chat, line), "reply")
            await self.chat.timers.settle()
            return
        head, *args = line.split()
        name = head[1:].partition("@")[0].lower()
        await self.post(await pipeline.run(name, self.chat, args), name)
        await self.chat.timers.settle()  # a game's new picture, in the order of the commands

    # --- the console as the chat's Outbox -----------------------------------------------------

    async def post(self, reply: Reply, name: str = "reply") -> Sent:
        """Print a reply; pictures and files go under `out_dir`."""
        self._print(reply.text)
        t = self.chat.t
        if reply.poll is not None:
            for number, option in enumerate(reply.poll.options, 1):
                self._print(f"  {number}. {option}")
        if reply.image is not None:
            self._print(t("console-image", path=self._write(f"{name}.png", reply.image)))
        if reply.animation is not None:
            self._print(t("console-image", path=self._write(reply.filename, reply.animation)))
        if reply.document is not None:
            self._print(t("console-file", path=self._write(reply.filename, reply.document)))
        if reply.buttons:
            shortcuts = " · ".join(b.command or b.url or "" for row in reply.buttons for b in row)
            self._print(t("console-buttons", commands=shortcuts))
        self._messages += 1
        sent = Sent(self._messages, f"console-{self._messages}" if reply.poll else None)
        if reply.on_sent is not None:
            await reply.on_sent(sent)
        if reply.poll is not None and sent.poll_id is not None:
            self._quiz = (sent.poll_id, reply.poll)
            self._print(t("console-quiz-how", count=len(reply.poll.options)))
        return sent

    async def _answer(self, number: int) -> None:
        """A typed number answers the open quiz, as a tap on a poll's option does."""
        assert self._quiz is not None
        poll_id, poll = self._quiz
        t = self.chat.t
        if not 1 <= number <= len(poll.options):
            self._print(t("console-quiz-how", count=len(poll.options)))
            return
        self._quiz = None
        right = number - 1 == poll.correct
        verdict = t(
            "console-quiz-right" if right else "console-quiz-wrong", answer=poll.correct + 1
        )
        self._print(f"{verdict} {poll.explanation}")
        member, games = self.chat.member, self.chat.games
        counted = await games.answer_quiz(poll_id, member.id, member.name, [number - 1])
        await homework.quiz_answered(self.chat, await games.quiz_chat(poll_id), counted)

    async def edit(self, message_id: int, reply: Reply) -> None:
        """A console cannot change what it printed: print the new state."""
        await self.post(reply, "tune")

    async def stop_poll(self, message_id: int) -> None:
        """Nothing to close in a terminal."""

    def _write(self, name: str, data: bytes) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._files += 1
        path = self.out_dir / f"{self._files:03d}-{name}"
        path.write_bytes(data)
        return path

    def _print(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)


async def run_console(
    service: ModelService,
    classroom: Classroom,
    out_dir: Path,
    day_seconds: float = 86400.0,
    coordination: Coordination | None = None,
) -> None:
    """Start the service, then read commands from stdin."""
    language = locale_language(os.environ)
    console = None
    coordination = coordination or alone()
    try:
        print(i18n.catalogue(language)("console-loading"), flush=True)
        await coordination.start()
        await service.start()
        console = Console(service, out_dir, sys.stdin, sys.stdout, classroom, language)
        console.chat.day_seconds = day_seconds
        await console.run()
    finally:
        if console is not None:
            await console.chat.timers.close()
        classroom.close()
        service.close()
        await coordination.close()


def _user_name() -> str:
    """The person at the terminal, for the scoreboard."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"
