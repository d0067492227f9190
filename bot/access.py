"""Who may do what, in one place: operators, group admins and a group's lock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from enum import Enum

from classroom.tune import MOVES


class Level(Enum):
    """What a command needs of the person who sends it."""

    OPEN = "open"  # reading: anyone, always
    CHANGES_MODEL = "changes"  # anyone, unless the group is locked: then its admins
    GROUP_ADMIN = "group_admin"  # the group's admins (and operators)
    OPERATOR = "operator"  # ADMIN_IDS only


_LEVELS = {
    "train": Level.CHANGES_MODEL,
    "challenge": Level.CHANGES_MODEL,  # starting a game, as racing: when the class is told
    "quiz": Level.CHANGES_MODEL,
    "step": Level.CHANGES_MODEL,
    "race": Level.CHANGES_MODEL,  # it changes no model, but a locked class races when told
    "stop": Level.CHANGES_MODEL,
    "reset": Level.CHANGES_MODEL,
    "lock": Level.GROUP_ADMIN,
    "forget": Level.GROUP_ADMIN,  # deleting a group's state for good
    "unlock": Level.GROUP_ADMIN,
    "retrain": Level.OPERATOR,
    "stats": Level.OPERATOR,
}
_CHANGE_WITH_ARGUMENTS = {
    "data",
    "layers",
    "lang",
    "lr",
    "start",  # /start <preset code> sets the chat up anew
}  # reading without arguments, changing with
_TUNE_PLAY = {*MOVES, "done"}  # the whole class steers


def level(command: str, args: Sequence[str]) -> Level:
    """The level `/command args` needs."""
    words = [a.strip().lower() for a in args if a.strip()]
    if command in _CHANGE_WITH_ARGUMENTS:
        return Level.CHANGES_MODEL if words else Level.OPEN
    if command == "score":  # reading it is open; /score reset is for the group's admins
        return Level.GROUP_ADMIN if words else Level.OPEN
    if command == "tune":  # starting a game, or keeping its line, changes; playing doesn't
        return Level.OPEN if len(words) == 1 and words[0] in _TUNE_PLAY else Level.CHANGES_MODEL
    return _LEVELS.get(command, Level.OPEN)


async def refusal(
    command: str,
    args: Sequence[str],
    *,
    is_operator: bool,
    is_group: bool,
    is_locked: Callable[[], Awaitable[bool]],
    is_chat_admin: Callable[[], Awaitable[bool]],
) -> str | None:
    """Why this person may not run `/command args` here (a catalogue key), or None when they may."""
    needed = level(command, args)
    if needed is Level.OPEN or is_operator:
        return None
    if needed is Level.OPERATOR:
        return "operators-only"
    if not is_group:
        return None  # in a private chat the person is the chat's only admin
    if needed is Level.GROUP_ADMIN:
        return None if await is_chat_admin() else "admins-only"
    if await is_locked() and not await is_chat_admin():
        return "locked"
    return None
