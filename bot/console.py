"""Console mode: the bot's commands typed in a terminal, through the same actions and service."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TextIO

from . import actions, texts

CONSOLE_CHAT_ID = 0
BANNER = (
    "Console mode (no TELEGRAM_BOT_TOKEN set): type commands like /convert 100, /quit to leave."
)


@contextlib.asynccontextmanager
async def _progress() -> AsyncIterator[Callable[[int, int], None]]:
    def report(done: int, total: int) -> None:
        if total > 1000:
            print(texts.progress(done, total), flush=True)

    yield report


class Console:
    """Reads commands from a stream, prints replies, writes images and files under `out_dir`."""

    def __init__(self, service: object, out_dir: Path, stdin: TextIO, stdout: TextIO) -> None:
        self.chat = actions.Chat(service, CONSOLE_CHAT_ID, is_operator=True, progress=_progress)
        self.out_dir = out_dir
        self.stdin, self.stdout = stdin, stdout
        self._files = 0

    async def run(self) -> None:
        """Until end of input or /quit."""
        print(BANNER, file=self.stdout, flush=True)
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
        """One typed line."""
        if not line.startswith("/"):
            self._print(texts.PRIVATE_HINT)
            return
        head, *args = line.split()
        name = head[1:].partition("@")[0].lower()
        reply = await actions.run(name, self.chat, args)
        self._print(reply.text)
        if reply.image is not None:
            self._print(f"[image: {self._write(f'{name}.png', reply.image)}]")
        if reply.document is not None:
            self._print(f"[file: {self._write(reply.filename, reply.document)}]")

    def _write(self, name: str, data: bytes) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._files += 1
        path = self.out_dir / f"{self._files:03d}-{name}"
        path.write_bytes(data)
        return path

    def _print(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)


async def run_console(service: object, out_dir: Path) -> None:
    """Start the service, then read commands from stdin."""
    try:
        print("Loading the model (TensorFlow)…", flush=True)
        await service.start()
        await Console(service, out_dir, sys.stdin, sys.stdout).run()
    finally:
        service.close()
