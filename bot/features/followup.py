"""/followup on|off: a short quiz poll in the group a day and a week after each assignment, on
what it practised, computed from the group's model as /quiz is; its answers score like a quiz's.
Each follow-up is claimed in the store before it is posted, so a restart never repeats one; one
whose time passed while the bot was down is posted at start-up (the latest of an assignment's)."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Sequence

from bot.features import arguments, quiz
from bot.features.arguments import UsageError
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.features.tasks import title
from bot.features.timers import Timers
from bot.text import formatting, i18n
from classroom import quiz as bank
from classroom.homework import FOLLOW_UP_DAYS, Assignment
from model import ModelError

log = logging.getLogger(__name__)

ChatFor = Callable[[Assignment], Awaitable[Chat]]  # the Chat of an assignment's group


async def followup(chat: Chat, args: Sequence[str]) -> Reply:
    """/followup shows the setting; /followup on|off changes it (the chat's admins)."""
    words = [arguments.normalize(word) for word in args if word.strip()]
    t = chat.t
    if not words:
        return Reply(t("followup-on" if chat.games.followups(chat.chat_id) else "followup-off"))
    if words not in (["on"], ["off"]):
        raise UsageError("followup_usage")
    on = words == ["on"]
    await chat.games.set_followups(chat.chat_id, on)
    return Reply(t("followup-set-on" if on else "followup-set-off"))


def _key(assignment: Assignment, day: int) -> tuple[str, int, int]:
    return ("followup", assignment.id, day)


def schedule(chat: Chat, assignment: Assignment) -> None:
    """Give a new assignment's follow-ups their timers."""

    async def same(_: Assignment) -> Chat:
        return chat

    for day in FOLLOW_UP_DAYS:
        when = assignment.set_at + day * chat.day_seconds
        _at(chat.timers, assignment, day, when, same)


def _at(timers: Timers, assignment: Assignment, day: int, when: float, chat_for: ChatFor) -> None:
    async def due() -> None:
        await post(await chat_for(assignment), assignment, day)

    timers.at(_key(assignment, day), when, due, lease=f"followup:{assignment.id}:{day}")


def resume(
    timers: Timers, pending: list[tuple[Assignment, int, float]], now: float, chat_for: ChatFor
) -> None:
    """At start-up: every follow-up not yet posted gets its timer; of those whose time passed
    while the bot was down, only each assignment's latest is posted (now)."""
    overdue: dict[int, tuple[Assignment, int, float]] = {}
    for assignment, day, when in pending:
        if when <= now:
            overdue[assignment.id] = (assignment, day, when)  # pending is earliest first
        else:
            _at(timers, assignment, day, when, chat_for)
    for assignment, day, when in overdue.values():
        _at(timers, assignment, day, when, chat_for)


async def post(chat: Chat, assignment: Assignment, day: int) -> None:
    """Post the follow-up once (its timer holds its lease meanwhile: with several workers, one
    posts it), then mark it taken; skipped, and marked, while the group has follow-ups off. A
    worker that dies before marking it leaves it to the next (after the lease)."""
    games = chat.games
    if not await games.followup_due(assignment, day):
        return
    if not games.followups(assignment.chat_id):
        await games.claim_followup(assignment, day)
        return
    service, chat_id = chat.service, assignment.chat_id
    try:
        prediction = await service.predict(chat_id, list(bank.ASKED_CELSIUS))
        answers = dict(zip(prediction.celsius, prediction.fahrenheit))
    except ModelError:
        answers = {}
    facts = bank.Facts(service.dataset(chat_id), service.architecture(chat_id), answers)
    question = bank.choose(facts, among=assignment.rules.questions, rng=random.Random())
    t = i18n.catalogue(games.language(chat_id) or assignment.language)
    poll = quiz.poll_of(t, question)
    head = t("followup-head", day=day, title=title(t, assignment.task))
    poll = quiz.Poll(
        formatting.clip(f"{head} {poll.question}", quiz.MAX_QUESTION),
        poll.options,
        poll.correct,
        poll.explanation,
    )
    # Known to answers only once recorded: an answer that comes first waits for it, as for /quiz.
    _, recorded = await games.begin_quiz(chat_id)
    try:
        sent = await chat.out.post(Reply(poll.question, poll=poll))
        if sent.poll_id is not None:
            await games.add_quiz(sent.poll_id, chat_id, sent.message_id, question.id, poll.correct)
    finally:
        recorded()
        # Taken, with the earlier ones still due, also when Telegram refused it (the bot was
        # removed from the group…): only a worker that died before this line hands it on.
        await games.claim_followup(assignment, day)
    if sent.poll_id is None:
        return
    await games.followup_posted(assignment, day, sent.poll_id)
    log.info("Follow-up %d of assignment %d posted in %d", day, assignment.id, chat_id)
