"""Who may do what, in one place: operators, group admins, a group's lock, a round's starter,
who scores."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum


class Level(Enum):
    """What a command needs of the person who sends it."""

    OPEN = "open"  # reading: anyone, always
    CHANGES_MODEL = "changes"  # anyone, unless the group is locked: then its admins
    GROUP_ADMIN = "group_admin"  # the group's admins (and operators)
    OPERATOR = "operator"  # ADMIN_IDS only


async def refusal(
    needed: Level,
    *,
    is_operator: bool,
    is_group: bool,
    is_locked: Callable[[], Awaitable[bool]],
    is_chat_admin: Callable[[], Awaitable[bool]],
) -> str | None:
    """Why this person may not run a command that needs `needed` here (a catalogue key), or
    None when they may. (Which level each command needs: bot/features/command_table.py.)"""
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


async def may_reveal(
    *,
    is_operator: bool,
    is_group: bool,
    is_starter: bool,
    is_chat_admin: Callable[[], Awaitable[bool]],
) -> bool:
    """Whether this person may end a challenge's round early (/reveal): in a group its starter,
    the group's admins and operators; in a private chat the person is the whole class."""
    return not is_group or is_operator or is_starter or await is_chat_admin()


def admins_watch(*, is_group: bool, admins_play: bool) -> bool:
    """Whether a chat's admins score no points: in a group unless it chose otherwise
    (/score admins on): the teacher runs the class, the points are the students'."""
    return is_group and not admins_play


async def may_score(
    *,
    is_group: bool,
    admins_play: bool,
    is_chat_admin: Callable[[], Awaitable[bool]],
) -> bool:
    """Whether this person's answers (a challenge's guess, a quiz's option) may score here:
    anyone, except a group's admins while they watch. (Who is in the game at all — a round's
    starter, a group's members — each game checks.)"""
    if not admins_watch(is_group=is_group, admins_play=admins_play):
        return True
    return not await is_chat_admin()
