"""How each homework task is worded: its short name, what it asks (with its numbers), where to
start, and what a student did once it is done — in the catalogues as `hw-…-<task>`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import formatting
from bot.text.i18n import Catalogue
from classroom import homework as rules
from model.dataset import Dataset


def task_goal(task: rules.Task) -> float:
    """The task's goal on the lesson's data (the menu's example)."""
    return task.goal(Dataset())


def title(t: Catalogue, task: str) -> str:
    """The task's short name."""
    return t(TASK_TEXTS[task].title)


@dataclass(frozen=True)
class TaskTexts:
    """The catalogue keys of a task's texts."""

    title: str  # its short name
    goal: str  # what it asks
    hint: str  # where to start
    what: str  # what the student did, once done


TASK_TEXTS = {
    "sgd": TaskTexts("hw-title-sgd", "hw-goal-sgd", "hw-hint-sgd", "hw-what-sgd"),
    "212": TaskTexts("hw-title-212", "hw-goal-212", "hw-hint-212", "hw-what-212"),
    "fast": TaskTexts("hw-title-fast", "hw-goal-fast", "hw-hint-fast", "hw-what-fast"),
    "deep": TaskTexts("hw-title-deep", "hw-goal-deep", "hw-hint-deep", "hw-what-deep"),
    "tune": TaskTexts("hw-title-tune", "hw-goal-tune", "hw-hint-tune", "hw-what-tune"),
    "quiz": TaskTexts("hw-title-quiz", "hw-goal-quiz", "hw-hint-quiz", "hw-what-quiz"),
}


def goal_text(t: Catalogue, task: rules.Task, goal: float) -> str:
    """What the task asks, with its numbers."""
    return t(
        TASK_TEXTS[task.name].goal,
        goal=goal_number(task, goal),
        epochs=rules.FAST_EPOCHS,
        presses=rules.TUNE_PRESSES,
        streak=rules.QUIZ_STREAK,
    )


def goal_number(task: rules.Task, goal: float) -> str:
    """The goal's number as the texts show it."""
    if task.name in ("sgd", "fast", "deep"):
        return formatting.loss(goal)
    if task.name == "tune":
        return f"{rules.TUNE_PRESSES}"
    return f"{goal:g}"
