"""Homework: the tasks a teacher can assign, each with a goal the bot checks from its own numbers,
and where each student stands on an assignment (done, working, stuck, not opened).

A task changes the teacher's setup a little (plain SGD for the SGD task, one Dense layer where
the task needs a line) and names the commands after which its goal is checked. Its goal is a
number compared with a measurement of the student's chat (`Standing`); a measurement is None
while the chat is off the task (another dataset, another optimizer, the epoch budget spent).
"""

from __future__ import annotations

import dataclasses
import math
import re
import secrets
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from model.analysis import best_possible_loss
from model.dataset import Dataset
from model.settings import Architecture, Setup

from .errors import GameError

CODE_PREFIX = "hw"
_CODE = re.compile(r"hw[A-Za-z0-9_-]{12}")  # a deep link's payload: ≤ 64 of A-Z a-z 0-9 _ -
STUCK_AFTER = 300.0  # seconds (of a real day) without a command: a student who opened is stuck
FOLLOW_UP_DAYS = (1, 7)  # the follow-up quizzes, days after an assignment was set
MAX_ASSIGNMENTS = 50  # kept per group (or per person assigning themselves)
MAX_OPEN = 10  # assignments a student works on at once (opened, not done)
MAX_DUE_DAYS = 60


@dataclass(frozen=True)
class Standing:
    """A student's chat as the goal sees it, right after a command.

    `loss`: the loss now of the chat's own model (None while the shared one answers);
    `answer100`: its answer for 100 °C; `optimizer`: the one it last trained with;
    `only_task_optimizer`: every training since the assignment was opened used the task's;
    `epochs`: epochs trained since it was opened; `tune_presses`: presses of a /tune game won
    since then (None: none won); `streak`: quiz answers right in a row since then."""

    dataset: Dataset
    architecture: Architecture
    optimizer: str
    loss: float | None = None
    answer100: float | None = None
    only_task_optimizer: bool = True
    epochs: int = 0
    tune_presses: int | None = None
    streak: int = 0


@dataclass(frozen=True)
class Task:
    """One kind of homework. `measure` reads the number its goal is about from a Standing (None:
    not on the task); `goal` is that number's target on the assigned data; `lower` says which
    side of it wins. `checked_after`: the commands whose effect can meet the goal."""

    name: str
    checked_after: frozenset[str]
    measure: Callable[[Standing, Dataset], float | None]
    goal: Callable[[Dataset], float]
    lower: bool = True
    prepare: Callable[[Setup], Setup] = lambda setup: setup
    questions: frozenset[str] = frozenset()  # follow-up quiz questions (empty: any)
    optimizer: str | None = None  # the one the task is about, if any

    def met(self, value: float | None, data: Dataset) -> bool:
        """Whether `value` (a measurement) meets the goal on the assigned data."""
        if value is None or not math.isfinite(value):
            return False
        goal = self.goal(data)
        return value < goal if self.lower else value >= goal

    def better(self, value: float | None, best: float | None) -> float | None:
        """The better of a new measurement and the best so far."""
        if value is None or not math.isfinite(value):
            return best
        if best is None:
            return value
        return min(value, best) if self.lower else max(value, best)


TRAININGS = frozenset({"train", "step"})
SGD_GOAL = 1.0  # MSE; plain SGD needs a stable rate (≤ ~0.0018 here) and ~1,500 epochs
ANSWER_GOAL = 0.3  # °F from 212 at 100 °C: the best line answers 211.75, 500 epochs of Adam 211.3
FAST_EPOCHS = 300  # Adam at lr 0.1 needs ~1,050 epochs to come within 1 % of the best; lr 1 ~130
FAST_SLACK = 1.01
DEEP_MARGIN = 0.99  # below the best line's loss by at least 1 %
TUNE_PRESSES = 25  # a careful player needs ~15, 25 at most (tests/classroom/test_tune_play.py)
QUIZ_STREAK = 5


def _line_only(setup: Setup) -> Setup:
    return dataclasses.replace(setup, architecture=Architecture())


def _same_data(standing: Standing, data: Dataset) -> bool:
    return standing.dataset == data


def _sgd(standing: Standing, data: Dataset) -> float | None:
    plain = standing.optimizer == "sgd" and standing.only_task_optimizer
    return standing.loss if plain and _same_data(standing, data) else None


def _answer(standing: Standing, data: Dataset) -> float | None:
    if standing.architecture.hidden or standing.answer100 is None:
        return None
    return abs(standing.answer100 - 212.0)


def _fast(standing: Standing, data: Dataset) -> float | None:
    in_budget = standing.epochs <= FAST_EPOCHS
    return standing.loss if in_budget and _same_data(standing, data) else None


def _deep(standing: Standing, data: Dataset) -> float | None:
    hidden = bool(standing.architecture.hidden)
    return standing.loss if hidden and _same_data(standing, data) else None


def _best_loss(data: Dataset) -> float:
    best = best_possible_loss(data)
    return 0.0 if best is None else best


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task(
            "sgd",
            TRAININGS,
            _sgd,
            lambda data: SGD_GOAL,
            prepare=lambda setup: dataclasses.replace(setup, optimizer="sgd"),
            questions=frozenset({"sgd-diverges", "big-lr", "loss"}),
            optimizer="sgd",
        ),
        Task(
            "212",
            TRAININGS | {"tune"},
            _answer,
            lambda data: ANSWER_GOAL,
            prepare=_line_only,
            questions=frozenset({"not-212", "model-100", "best-weight"}),
        ),
        Task(
            "fast",
            TRAININGS,
            _fast,
            lambda data: _best_loss(data) * FAST_SLACK,
            questions=frozenset({"big-lr", "epoch", "loss", "best-weight"}),
        ),
        Task(
            "deep",
            TRAININGS | {"layers"},
            _deep,
            lambda data: _best_loss(data) * DEEP_MARGIN,
            questions=frozenset({"weights-321", "parameters", "linear-layers"}),
        ),
        Task(
            "tune",
            frozenset({"tune"}),
            lambda standing, data: None if standing.tune_presses is None else standing.tune_presses,
            lambda data: TUNE_PRESSES + 1,
            prepare=_line_only,
            questions=frozenset({"weight", "bias", "best-weight"}),
        ),
        Task(
            "quiz",
            frozenset({"quiz"}),
            lambda standing, data: float(standing.streak),
            lambda data: QUIZ_STREAK,
            lower=False,
        ),
    )
}


def task(name: str) -> Task:
    """The task called `name` (GameError('no_task') if there is none)."""
    found = TASKS.get(name.strip().lower())
    if found is None:
        raise GameError("no_task", tasks=" ".join(TASKS))
    return found


def new_code() -> str:
    """A fresh assignment code: unguessable, and told apart from a preset's by its prefix."""
    return CODE_PREFIX + secrets.token_urlsafe(9)


def is_code(word: str) -> bool:
    """Whether a /start payload looks like an assignment's code (a preset's never does)."""
    return word.startswith(CODE_PREFIX) and len(word) > len(CODE_PREFIX) + 8


def check_code(word: str) -> str:
    """An assignment code as given (GameError('no_assignment') if it cannot be one)."""
    if not _CODE.fullmatch(word):
        raise GameError("no_assignment")
    return word


@dataclass(frozen=True)
class Assignment:
    """A task set in a chat (a group, or a private chat assigning itself) at `set_at` (unix
    time), due at `due_at` (None: no due time); its setup is the teacher's at that moment,
    `message_id` the group's progress message."""

    id: int
    code: str
    chat_id: int
    task: str
    setup: Setup
    language: str
    set_at: float
    due_at: float | None = None
    message_id: int | None = None

    @property
    def rules(self) -> Task:
        """The task's rules."""
        return TASKS[self.task]

    @property
    def goal(self) -> float:
        """The goal's number on the assigned data."""
        return self.rules.goal(self.setup.dataset)


@dataclass(frozen=True)
class Homework:
    """One student's work on one assignment: counts since they first opened it, the best
    measurement so far, and `state` — since they last opened it: the epochs, whether only the
    task's optimizer trained, the quiz streak."""

    assignment: Assignment
    user_id: int
    name: str
    opened_at: float
    last_at: float
    done_at: float | None = None
    trainings: int = 0
    epochs: int = 0
    best: float | None = None
    state: dict = field(default_factory=dict)

    @property
    def late(self) -> bool:
        """Finished after the due time."""
        due = self.assignment.due_at
        return self.done_at is not None and due is not None and self.done_at > due

    def status(self, now: float, stuck_after: float) -> str:
        """'done', 'stuck' (no command for `stuck_after` seconds) or 'working'."""
        if self.done_at is not None:
            return "done"
        return "stuck" if now - self.last_at >= stuck_after else "working"


@dataclass(frozen=True)
class Progress:
    """An assignment's class at a glance: who is done, working, stuck, and who never opened it
    of the `students` the bot knows in the group."""

    done: int = 0
    late: int = 0
    working: int = 0
    stuck: int = 0
    students: int = 0
    stuck_names: tuple[str, ...] = ()
    median_trainings: float | None = None
    median_epochs: float | None = None

    @property
    def not_opened(self) -> int:
        """Students who never opened it."""
        return max(0, self.students - self.done - self.working - self.stuck)


def progress(work: Iterable[Homework], students: int, now: float, stuck_after: float) -> Progress:
    """The class's progress on one assignment from every student's homework on it; `students`:
    how many the group has (at least as many as opened it)."""
    work = list(work)
    statuses = [h.status(now, stuck_after) for h in work]
    done = [h for h, s in zip(work, statuses) if s == "done"]
    stuck = [h.name for h, s in zip(work, statuses) if s == "stuck"]
    return Progress(
        done=len(done),
        late=sum(h.late for h in done),
        working=statuses.count("working"),
        stuck=len(stuck),
        students=max(students, len(work)),
        stuck_names=tuple(sorted(stuck)),
        median_trainings=statistics.median(h.trainings for h in done) if done else None,
        median_epochs=statistics.median(h.epochs for h in done) if done else None,
    )


_UNITS = {"m": 60.0, "h": 3600.0, "d": 86400.0}
_DUE = re.compile(r"(\d{1,4})([mhd])")


def due_seconds(word: str, day_seconds: float = 86400.0) -> float:
    """A due time like 30m, 2h, 3d in seconds, scaled to a day of `day_seconds`
    (GameError('bad_due') for anything else, or beyond MAX_DUE_DAYS)."""
    match = _DUE.fullmatch(word.strip().lower())
    if match is None:
        raise GameError("bad_due", max=MAX_DUE_DAYS)
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if not 60.0 <= seconds <= MAX_DUE_DAYS * 86400.0:
        raise GameError("bad_due", max=MAX_DUE_DAYS)
    return seconds * day_seconds / 86400.0
