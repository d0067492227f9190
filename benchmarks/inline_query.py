"""Inline mode end to end: `@bot 100` (an inline_query update in → answerInlineQuery out) against
`/convert 100` (a message in → the reply out) of the same value, in the same bot and run,
interleaved so that both meet the same machine."""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from benchmarks.end_to_end import Bot
from benchmarks.report import emit, medians_in_turns

ROUNDS = 60
users = itertools.count(20_000)


def inline_seconds(bot: Bot, user: int, query: str = "100") -> float:
    """Seconds from the inline query's arrival at the API to the bot's answer."""
    bot.api.push_inline_query(user, query)
    query_id = bot.api.last_inline_query_id
    assert query_id is not None
    pushed = time.monotonic()
    answer = bot.api.wait_inline_answer(query_id, timeout=120)
    assert answer.ok and answer.params["results"], answer.description
    return answer.at - pushed


def inline_against_convert(bot: Bot, rounds: int = ROUNDS) -> None:
    """Median update → answer of an inline query and of /convert, `rounds` of each, in turns."""
    ours, baseline = medians_in_turns(
        lambda: inline_seconds(bot, next(users)),
        lambda: bot.ask(next(users), "/convert 100"),
        rounds,
    )
    emit(
        "inline_query_update_to_answer_median",
        ours * 1000,
        "ms",
        baseline * 1000,
        ours / baseline,
        "ratio <= 1.2 (@bot 100 / /convert 100, the same run)",
    )


def main() -> None:
    """The figure, with a bot of its own."""
    with tempfile.TemporaryDirectory() as scratch:
        bot = Bot("bot", Path(scratch))
        try:
            bot.ask(next(users), "/convert 1")  # the model has loaded
            inline_against_convert(bot)
        finally:
            bot.stop()


if __name__ == "__main__":
    main()
