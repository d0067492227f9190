"""The classroom's async face: every store call on one writer thread, in the order asked, so the
event loop never waits on SQLite and a guess and a reveal cannot overtake each other."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import math
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from model.ports import OneProcess, Workers
from model.settings import Setup

from . import presets
from .challenge import Guess, Placed, Round
from .errors import GameError
from .homework_desk import HomeworkDesk
from .ports import GameTables
from .scores import Score, ranked
from .settings import ChatSettings
from .tune import TuneGame

T = TypeVar("T")

# How long a /quiz, or an answer, waits for a quiz still on its way to Telegram; one whose
# sending failed is never recorded, and is given up on after this.
POSTING_WAIT = 10.0


class Classroom:
    """Rounds, guesses, scores, quizzes, tuning games, presets, homework and settings of every
    chat."""

    def __init__(self, store: GameTables, workers: Workers | None = None) -> None:
        self._store = store
        self._workers = workers or OneProcess()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="classroom")
        self._tunes: dict[int, TuneGame | None] = {}
        self._tune_lock = asyncio.Lock()
        self._posting: dict[int, asyncio.Event] = {}  # chat id → set once its quiz is recorded
        self._answering: dict[str, int] = {}  # poll id → answers being counted
        self._answers = asyncio.Condition()  # notified as each is counted
        self._settings = store.chats.chat_settings()  # read on every command: kept in memory
        self.homework = HomeworkDesk(store.homework, self._run)
        self._face()

    def _face(self) -> None:
        """Homework's calls as the classroom's own (each documented in homework_desk.py)."""
        desk = self.homework
        self.assign = desk.assign
        self.assignment_posted = desk.assignment_posted
        self.assignment = desk.assignment
        self.assignments = desk.assignments
        self.open_homework = desk.open_homework
        self.current_homework = desk.current_homework
        self.save_homework = desk.save_homework
        self.homework_on = desk.homework_on
        self.homework_of = desk.homework_of
        self.unfinished_homework = desk.unfinished_homework
        self.seen = desk.seen
        self.members = desk.members
        self.points = desk.points
        self.pending_followups = desk.pending_followups
        self.followup_due = desk.followup_due
        self.claim_followup = desk.claim_followup
        self.followup_posted = desk.followup_posted
        self.followups_posted = desk.followups_posted

    async def _run(self, call: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, functools.partial(call, *args))

    def close(self) -> None:
        """Finish pending writes and close the store."""
        self._writer.shutdown(wait=True)
        self._store.close()

    # --- challenges ----------------------------------------------------------------------------

    async def start_round(
        self,
        chat_id: int,
        celsius: float,
        deadline: float,
        starter_id: int,
        language: str,
        is_group: bool,
    ) -> Round:
        """Open a round (GameError('challenge_open') if one is open)."""
        store = self._store
        return await self._run(
            store.start_round, chat_id, celsius, deadline, starter_id, language, is_group
        )

    async def announced(self, round_: Round, message_id: int) -> None:
        """The round's question was posted as `message_id`."""
        await self._run(self._store.set_round_message, round_.id, message_id)

    async def open_round(self, chat_id: int) -> Round | None:
        """The chat's open round."""
        return await self._run(self._store.open_round, chat_id)

    async def open_rounds(self) -> list[Round]:
        """Every chat's open round."""
        return await self._run(self._store.open_rounds)

    async def guess(self, chat_id: int, guess: Guess, reply_to: int | None = None) -> Round:
        """A member's guess in the open round (GameError when there is none)."""
        return await self._run(self._store.add_guess, chat_id, guess, reply_to)

    async def is_challenge_message(self, chat_id: int, message_id: int) -> bool:
        """Whether `message_id` asked a round's question (a reply to it is a guess)."""
        return await self._run(self._store.is_challenge_message, chat_id, message_id)

    async def close_round(self, round_: Round, answer: float | None) -> list[Placed] | None:
        """End the round, ranked against `answer`, points awarded; None if it had ended."""
        return await self._run(self._store.close_round, round_.id, answer)

    async def result_posted(self, round_: Round) -> None:
        """The round's result reached its chat."""
        await self._run(self._store.result_posted, round_.id)

    async def unposted_results(
        self, revealed_before: float = math.inf
    ) -> list[tuple[Round, float | None, list[Placed]]]:
        """Rounds scored (before `revealed_before`) whose result never reached their chat,
        with answer and places."""
        return await self._run(self._store.unposted_results, revealed_before)

    # --- scores and quizzes ----------------------------------------------------------------------

    async def scoreboard(self, chat_id: int) -> list[Score]:
        """The chat's top ten."""
        return ranked(await self._run(self._store.scores, chat_id))

    async def reset_scores(self, chat_id: int) -> int:
        """Clear the chat's scoreboard; how many members it had."""
        return await self._run(self._store.reset_scores, chat_id)

    async def add_quiz(
        self, poll_id: str, chat_id: int, message_id: int, question: str, correct: int
    ) -> None:
        """A quiz poll the bot posted."""
        await self._run(self._store.add_quiz, poll_id, chat_id, message_id, question, [correct])

    async def begin_quiz(
        self, chat_id: int
    ) -> tuple[tuple[str, int, str, bool] | None, Callable[[], None]]:
        """Start posting a quiz: once the chat's quiz still being posted is recorded, its latest
        (poll id, message id, question id, closed), and the function to call once the new one
        is recorded with `add_quiz` (or will not be). A quiz is known only once Telegram has
        answered sendPoll: a second /quiz at once, or an answer to the new poll, would miss it."""
        while (pending := self._posting.get(chat_id)) is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(pending.wait(), POSTING_WAIT)
            if self._posting.get(chat_id) is pending:
                del self._posting[chat_id]
        recorded = self._posting[chat_id] = asyncio.Event()

        def finished() -> None:
            recorded.set()
            if self._posting.get(chat_id) is recorded:
                del self._posting[chat_id]

        try:
            return await self._run(self._store.last_quiz, chat_id), finished
        except BaseException:
            finished()
            raise

    async def quiz_chat(self, poll_id: str) -> int | None:
        """The chat a quiz poll was posted in, if the bot knows it."""
        return await self._run(self._store.quiz_chat, poll_id)

    async def close_quiz(self, poll_id: str) -> None:
        """The poll was stopped. Answers that arrived before are counted first (a membership
        check may still be on its way), so a /score after the close shows them."""
        with contextlib.suppress(TimeoutError):
            async with self._answers:
                await asyncio.wait_for(
                    self._answers.wait_for(lambda: not self._answering.get(poll_id)),
                    POSTING_WAIT,
                )
        await self._run(self._store.close_quiz, poll_id)

    async def answer_quiz(
        self,
        poll_id: str,
        user_id: int,
        name: str,
        option_ids: list[int],
        may_score: Callable[[int], Awaitable[bool]] | None = None,
        arrived: float | None = None,
    ) -> bool | None:
        """A member's answer: whether it was right (None: not counted — from outside the chat,
        repeated, late, or to a poll the bot doesn't know); a right one wins a point. The poll
        may be one still being recorded: an answer to a poll the store does not know yet waits
        for the quizzes on their way.
        `may_score(chat id)`: whether the one answering plays in the poll's chat (a forwarded
        poll can be answered by anyone, and a group's admins watch unless they play); an answer
        from outside scores nothing, and so does one that arrived (unix time `arrived`) after
        the poll was closed."""
        arrived = time.time() if arrived is None else arrived
        self._answering[poll_id] = self._answering.get(poll_id, 0) + 1
        try:
            chat_id = await self._run(self._store.quiz_chat, poll_id)
            if chat_id is None and self._posting:
                pending = [event.wait() for event in self._posting.values()]
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.gather(*pending), POSTING_WAIT)
                chat_id = await self._run(self._store.quiz_chat, poll_id)
            if chat_id is None or (may_score is not None and not await may_score(chat_id)):
                return None
            store = self._store
            return await self._run(store.answer_quiz, poll_id, user_id, name, option_ids, arrived)
        finally:
            self._answering[poll_id] -= 1
            if not self._answering[poll_id]:
                del self._answering[poll_id]
            async with self._answers:
                self._answers.notify_all()

    # --- tuning games --------------------------------------------------------------------------

    async def tune(self, chat_id: int) -> TuneGame | None:
        """The chat's tuning game (the last one, over or not)."""
        if chat_id not in self._tunes:
            state = await self._run(self._store.tune, chat_id)
            self._tunes.setdefault(chat_id, None if state is None else TuneGame.from_json(state))
        return self._tunes[chat_id]

    async def update_tune(
        self, chat_id: int, change: Callable[[TuneGame | None], TuneGame]
    ) -> TuneGame:
        """Apply `change` to the chat's game and store the result; concurrent presses queue,
        none is lost."""
        changed: list[TuneGame] = []

        def apply(state: dict | None) -> dict:
            changed.append(change(None if state is None else TuneGame.from_json(state)))
            return changed[-1].to_json()

        async with self._tune_lock:
            await self._run(self._store.change_tune, chat_id, apply)
            self._tunes[chat_id] = changed[-1]
            return changed[-1]

    # --- status messages of running trainings ------------------------------------------------

    async def add_status(self, chat_id: int, message_id: int, language: str) -> None:
        """A training's status message was posted (in `language`) by this worker."""
        worker = self._workers.worker
        await self._run(self._store.chats.add_status, chat_id, message_id, language, worker)

    async def remove_status(self, chat_id: int, message_id: int) -> None:
        """The training ended; its status message says so."""
        await self._run(self._store.chats.remove_status, chat_id, message_id)

    async def interrupted_statuses(self) -> list[tuple[int, int, str]]:
        """(chat, message, language) of status messages whose training never ended: their
        worker stopped (with several workers: its lease ran out)."""
        return await self._run(self._store.chats.statuses, await self._workers.alive())

    # --- a chat's settings ----------------------------------------------------------------------

    async def refresh(self, chat_id: int) -> None:
        """Before an update of `chat_id` is handled, with other workers sharing the database:
        the chat's settings and tuning game as stored (another worker may have changed them)."""
        if not self._store.shared:
            return
        settings = await self._run(self._store.chats.chat_setting, chat_id)
        if settings == ChatSettings():
            self._settings.pop(chat_id, None)
        else:
            self._settings[chat_id] = settings
        self._tunes.pop(chat_id, None)

    def locked(self, chat_id: int) -> bool:
        """Whether the chat's admins locked the commands that change its model."""
        return self._settings.get(chat_id, ChatSettings()).locked

    def language(self, chat_id: int) -> str | None:
        """The language the chat chose with /lang (None: each sender's own)."""
        return self._settings.get(chat_id, ChatSettings()).language

    def admins_play(self, chat_id: int) -> bool:
        """Whether the group's admins play its games for points (/score admins on)."""
        return self._settings.get(chat_id, ChatSettings()).admins_play

    async def set_admins_play(self, chat_id: int, play: bool) -> None:
        """Let the group's admins play for points, or not."""
        await self._save_settings(chat_id, admins_play=play)

    def followups(self, chat_id: int) -> bool:
        """Whether the group posts follow-up quizzes after its assignments (/followup on)."""
        return self._settings.get(chat_id, ChatSettings()).followups

    async def set_followups(self, chat_id: int, on: bool) -> None:
        """Post follow-up quizzes after the group's assignments, or not."""
        await self._save_settings(chat_id, followups=on)

    async def set_locked(self, chat_id: int, locked: bool) -> None:
        """Lock or unlock the chat."""
        await self._save_settings(chat_id, locked=locked)

    async def set_language(self, chat_id: int, language: str | None) -> None:
        """Choose the chat's language (None: each sender's own)."""
        await self._save_settings(chat_id, language=language)

    def lesson_step(self, chat_id: int) -> int:
        """The step of the first lesson the chat was shown last (0: not begun)."""
        return self._settings.get(chat_id, ChatSettings()).lesson_step

    async def set_lesson_step(self, chat_id: int, step: int) -> None:
        """The chat was shown step `step` of the first lesson."""
        await self._save_settings(chat_id, lesson_step=step)

    async def _save_settings(self, chat_id: int, **changes: Any) -> None:
        new = dataclasses.replace(self._settings.get(chat_id, ChatSettings()), **changes)
        await self._run(
            self._store.chats.save_chat_settings, chat_id, new
        )  # stored, then in effect
        if new == ChatSettings():
            self._settings.pop(chat_id, None)
        else:
            self._settings[chat_id] = new

    # --- a group that became a supergroup -------------------------------------------------------

    async def move(self, old: int, new: int) -> bool:
        """Chat `old` became chat `new`: its rows are `new`'s (see ClassroomStore.move)."""
        async with self._tune_lock:
            self._tunes.pop(old, None)
            self._tunes.pop(new, None)
            moved = await self._run(self._store.move, old, new)
        if old in self._settings:
            self._settings[new] = self._settings.pop(old)
        return moved

    # --- forgetting ----------------------------------------------------------------------------

    async def forget(self, chat_id: int) -> dict[str, int]:
        """Delete the chat's rows; how many went, by table."""
        async with self._tune_lock:
            self._tunes.pop(chat_id, None)
            gone = await self._run(self._store.forget, chat_id)
        self._settings.pop(chat_id, None)
        self.homework.forget_members(chat_id)
        return gone

    # --- presets -------------------------------------------------------------------------------

    async def share(self, setup: Setup, chat_id: int) -> str:
        """Store the setup; its code."""
        code = presets.code(setup)
        await self._run(self._store.add_preset, code, presets.to_json(setup), chat_id)
        return code

    async def preset(self, code: str, chat_id: int) -> Setup:
        """The setup stored under `code`, for `chat_id` to load (GameError('no_preset') if none)."""
        stored = await self._run(self._store.preset, presets.check_code(code), chat_id)
        if stored is None:
            raise GameError("no_preset")
        return presets.from_json(stored)
