"""A class in a locked group, played through the fake Bot API: a teacher trains and locks, the
students all press at once (30 /train refused, 10 [Fit] under the teacher's photo, 30 /help),
then the teacher starts a challenge. The end-to-end test asserts on it; `make bench` times it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot.text import i18n
from tests.catalogue import shaped
from tests.fakes.bot_api import EDIT_METHODS, SEND_METHODS, FakeBotApi, Request

EN = i18n.catalogue("en")
TEACHER = 3000
WINDOW = 60.0  # Telegram's ~20 messages a minute in a group are counted over this


def name(student: int) -> str:
    """The first name a student's app shows."""
    return f"Pupil{student}"


@dataclass
class ClassRun:
    """What happened: from `start` (the request index before the class pressed) on."""

    api: FakeBotApi
    group: int
    start: int
    typed: list[tuple[int, int]] = field(default_factory=list)  # (message id, student)
    queries: list[str] = field(default_factory=list)
    pressed: list[Request] = field(default_factory=list)  # the answers to the presses
    challenge: int = 0  # the request index when the teacher sent /challenge
    question: Request | None = None
    teacher_wait: float = 0.0  # seconds from the teacher's /challenge to its question
    began: float = field(default_factory=time.monotonic)  # when the class began pressing

    def answered(self, message_id: int, student: int) -> bool:
        """Whether a student's command got an answer: a reply quoting it, a reaction on it, or
        their name in an answer the bot folded them into."""
        for r in self.api.sent_to(self.group, self.start):
            if not r.ok:
                continue
            quoted = (r.params.get("reply_parameters") or {}).get("message_id")
            if r.method in SEND_METHODS and quoted == message_id:
                return True
            if r.method == "setMessageReaction" and r.params["message_id"] == message_id:
                return True
            shown = str(r.params.get("text") or r.params.get("caption") or "")
            if r.method in EDIT_METHODS and name(student) in shown:
                return True
        return False

    def wait_until_everyone_is_answered(self, timeout: float = 90.0) -> None:
        """Returns once every student's command has its answer."""
        for message_id, student in self.typed:
            self.api.wait_for(
                lambda r, m=message_id, s=student: self.answered(m, s), self.start, timeout
            )

    def busiest_minute(self) -> int:
        """The most messages and edits the group got in any 60 seconds."""
        return busiest_minute(self.api.delivered(self.group))


def busiest_minute(requests: list[Request]) -> int:
    """The most of `requests` that fell in any 60 seconds."""
    times = sorted(r.at for r in requests)
    return max((sum(1 for t in times if s <= t < s + WINDOW) for s in times), default=0)


def play_locked_class(
    api: FakeBotApi, group: int, students: tuple[int, ...], pressers: tuple[int, ...]
) -> ClassRun:
    """The teacher trains and locks; every student sends /train and /help, `pressers` press
    [Fit]; once the presses are answered, the teacher's /challenge 100. Returns once its
    question is in the group."""
    api.chat_admins[group] = {TEACHER}
    teacher = {"user_id": TEACHER, "chat_type": "supergroup", "first_name": "Teacher"}
    mark = api.push_command(group, "/train 50 seed=1", **teacher)
    photo = api.wait_for(lambda r: r.ok and r.method == "sendPhoto" and r.chat_id == group, mark)
    api.wait_reply(group, api.push_command(group, "/lock", **teacher))
    run = ClassRun(api, group, len(api.requests))
    for student in students:
        api.push_command(group, "/train", student, "supergroup", first_name=name(student))
        run.typed.append((api.last_pushed, student))
    for student in pressers:
        _, query = api.push_callback_query(group, photo.result["message_id"], "/fit", student)
        run.queries.append(query)
    for student in students:
        api.push_command(group, "/help", student, "supergroup", first_name=name(student))
        run.typed.append((api.last_pushed, student))
    run.pressed = api.wait_count(  # every press is answered at once, whatever waits
        lambda r: (
            r.method == "answerCallbackQuery" and r.params["callback_query_id"] in run.queries
        ),
        len(run.queries),
        run.start,
    )
    run.challenge = api.push_command(group, "/challenge 100", **teacher)
    pushed = time.monotonic()
    asked = shaped(EN, "challenge-ask", celsius="100")
    run.question = api.wait_for(
        lambda r: r.ok and r.chat_id == group and asked.fullmatch(str(r.params.get("text", ""))),
        run.challenge,
        90,
    )
    run.teacher_wait = run.question.at - pushed
    return run
