"""Talking to the bot: a plain sentence's conversion end to end (update in → reply out, through
the loopback fake Bot API) against /convert of the same value in the same run and bot."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.end_to_end import Bot, chat_ids
from benchmarks.report import emit, medians_in_turns

ROUNDS = 200


def sentence_latency(bot: Bot) -> None:
    """Median seconds to the reply: "what is 37 celsius in fahrenheit?" against /convert 37,
    asked in turn from the same chats, so both see the same machine."""
    chats = iter([next(chat_ids) for _ in range(20)] * (ROUNDS + 5))
    sentence, command = medians_in_turns(
        lambda: bot.ask(next(chats), "what is 37 celsius in fahrenheit?"),
        lambda: bot.ask(next(chats), "/convert 37"),
        ROUNDS,
    )
    emit(
        "sentence_conversion_median",
        sentence * 1000,
        "ms",
        command * 1000,
        sentence / command,
        "ratio <= 1.1 (a sentence / /convert of the same value)",
    )


def main() -> None:
    """Every figure of talking to the bot."""
    with tempfile.TemporaryDirectory() as scratch:
        bot = Bot("bot", Path(scratch))
        try:
            bot.ask(next(chat_ids), "/convert 1")  # the model has loaded
            sentence_latency(bot)
        finally:
            bot.stop()


if __name__ == "__main__":
    main()
