"""A chat's own settings, kept by the classroom (not the model): whether its admins locked the
commands that change it, the language it chose with /lang, and whether its admins play."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatSettings:
    """`locked`: only the group's admins may change its model; `language`: the catalogue the
    chat chose (None: each sender's own app language); `admins_play`: the group's admins guess
    and answer quizzes for points like everyone (/score admins on); `followups`: quiz polls a
    day and a week after each assignment (/followup on)."""

    locked: bool = False
    language: str | None = None
    admins_play: bool = False
    followups: bool = False
