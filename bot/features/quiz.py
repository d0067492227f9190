"""/quiz: a native quiz poll from the bank — several questions computed from this chat's own
model and data; the chat's previous quiz is closed first, and right answers score a point."""

from __future__ import annotations

from collections.abc import Sequence

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.replies import Poll, Reply, Sent
from bot.text import formatting
from bot.text.i18n import Catalogue
from classroom import quiz as bank
from model import ModelError

MAX_QUESTION, MAX_OPTION, MAX_EXPLANATION = 300, 100, 200  # Telegram's limits for a poll


async def quiz(chat: Chat, args: Sequence[str]) -> Reply:
    """/quiz"""
    arguments.parse_no_args(args)
    service, games, chat_id = chat.service, chat.games, chat.chat_id
    try:
        prediction = await service.predict(chat_id, list(bank.ASKED_CELSIUS))
        answers = dict(zip(prediction.celsius, prediction.fahrenheit))
    except ModelError:  # no finite answers: the bank leaves those questions out
        answers = {}
    facts = bank.Facts(service.dataset(chat_id), service.architecture(chat_id), answers)
    last, finished = await games.begin_quiz(chat_id)
    try:
        if last is not None and not last[3]:
            await chat.out.stop_poll(last[1])
            await games.close_quiz(last[0])
        question = bank.choose(facts, last[2] if last else None)
        poll = poll_of(chat.t, question)
    except BaseException:
        finished()
        raise

    async def posted(sent: Sent) -> None:
        assert sent.poll_id is not None
        try:
            await games.add_quiz(sent.poll_id, chat_id, sent.message_id, question.id, poll.correct)
        finally:
            finished()

    return Reply(poll.question, poll=poll, on_sent=posted)


def _text(t: Catalogue, text: bank.Text | str) -> str:
    if isinstance(text, str):
        return text
    return t(f"quiz-{text.key}", **text.values)


def poll_of(t: Catalogue, question: bank.Question) -> Poll:
    """The quiz poll of a question of the bank, in the catalogue's language."""
    return Poll(
        formatting.clip(_text(t, question.question), MAX_QUESTION),
        tuple(formatting.clip(_text(t, option), MAX_OPTION) for option in question.options),
        question.correct,
        formatting.clip(_text(t, question.explanation), MAX_EXPLANATION),
    )
