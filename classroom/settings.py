"""A chat's own settings, kept by the classroom (not the model): whether its admins locked the
commands that change it, the language it chose with /lang, whether its admins play, and how far
its first lesson (/start) got."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatSettings:
    """`locked`: only the group's admins may change its model; `language`: the catalogue the
    chat chose (None: each sender's own app language); `admins_play`: the group's admins guess
    and answer quizzes for points like everyone (/score admins on); `followups`: quiz polls a
    day and a week after each assignment (/followup on); `lesson_step`: the step of the first
    lesson (/start in a private chat) it was shown last (0: not begun)."""

    locked: bool = False
    language: str | None = None
    admins_play: bool = False
    followups: bool = False
    lesson_step: int = 0
