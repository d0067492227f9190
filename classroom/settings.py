"""A chat's own settings, kept by the classroom (not the model): whether its admins locked the
commands that change it, and the language it chose with /lang."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatSettings:
    """`locked`: only the group's admins may change its model; `language`: the catalogue the
    chat chose (None: each sender's own app language)."""

    locked: bool = False
    language: str | None = None
