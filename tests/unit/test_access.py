"""Access rules: operators, group admins and the group lock, decided in one function."""

import pytest

from bot.features.access import Level, admins_watch, may_reveal, may_score, refusal
from bot.features.chat import is_group
from bot.features.command_table import BY_NAME

CHANGING = [
    ("train", []),
    ("stop", []),
    ("reset", []),
    ("data", ["add", "1", "2"]),
    ("data", ["reset"]),
    ("layers", ["4"]),
    ("lang", ["zh"]),
    ("challenge", []),
    ("challenge", ["100", "30s"]),
    ("quiz", []),
    ("tune", []),
    ("tune", ["keep"]),
    ("tune", ["done"]),  # ending the class's game is the teacher's, in a locked group
    ("start", ["AbCdEfGhIj"]),
]
READING = [
    ("convert", ["1"]),
    ("weights", []),
    ("plot", []),
    ("fit", []),
    ("data", []),
    ("layers", []),
    ("lang", []),
    ("export", []),
    ("help", []),
    ("start", []),
    ("guess", ["212"]),
    ("reveal", []),  # its own rule: access.may_reveal
    ("score", []),
    ("preset", []),
    ("tune", ["w+"]),  # a game the teacher started: the whole class steers
    ("tune", ["w/4"]),
    ("tune", ["s/10"]),  # an old game's button: told the game is over
    ("start", ["help"]),  # the group /help's link
]


def level(command, args):
    return BY_NAME[command].needs(args)


async def decide(command, args, *, operator=False, group=True, locked=False, admin=False):
    async def is_admin():
        return admin

    async def is_locked():
        return locked

    return await refusal(
        level(command, args),
        is_operator=operator,
        is_group=group,
        is_locked=is_locked,
        is_chat_admin=is_admin,
    )


@pytest.mark.parametrize(("command", "args"), CHANGING)
async def test_locked_group_refuses_changes_from_students(command, args):
    assert level(command, args) is Level.CHANGES_MODEL
    assert await decide(command, args, locked=True) == "locked"
    assert await decide(command, args, locked=True, admin=True) is None
    assert await decide(command, args, locked=True, operator=True) is None
    assert await decide(command, args, locked=False) is None


@pytest.mark.parametrize(("command", "args"), READING)
async def test_reading_commands_stay_open_when_locked(command, args):
    assert await decide(command, args, locked=True) is None


@pytest.mark.parametrize(("command", "args"), [("lock", []), ("unlock", []), ("score", ["reset"])])
async def test_only_group_admins_lock_unlock_and_reset_the_score(command, args):
    assert await decide(command, args) == "admins-only"
    assert await decide(command, args, admin=True) is None
    assert await decide(command, args, operator=True) is None


@pytest.mark.parametrize("command", ["retrain", "stats"])
async def test_operator_commands_refuse_everyone_else(command):
    for group in (True, False):
        assert await decide(command, [], group=group, admin=True) == "operators-only"
    assert await decide(command, [], operator=True) is None


async def test_private_chat_owner_changes_freely():
    assert await decide("train", [], group=False, locked=True) is None


@pytest.mark.parametrize(
    ("group", "operator", "starter", "admin", "may"),
    [
        (False, False, False, False, True),  # a private chat is its own class
        (True, False, True, False, True),
        (True, False, False, True, True),
        (True, True, False, False, True),
        (True, False, False, False, False),  # a student ends nobody else's round
    ],
)
async def test_who_may_end_a_round_early(group, operator, starter, admin, may):
    async def is_chat_admin():
        return admin

    decided = await may_reveal(
        is_operator=operator, is_group=group, is_starter=starter, is_chat_admin=is_chat_admin
    )
    assert decided is may


@pytest.mark.parametrize(
    ("is_group", "admins_play", "is_admin", "scores"),
    [
        (False, False, True, True),  # a private chat's quiz: its one user plays
        (True, False, False, True),  # a group's student
        (True, False, True, False),  # its teacher watches, by default
        (True, True, True, True),  # /score admins on: the teacher plays too
    ],
)
async def test_who_may_score_is_decided_in_one_place(is_group, admins_play, is_admin, scores):
    async def is_chat_admin() -> bool:
        return is_admin

    assert (
        await may_score(is_group=is_group, admins_play=admins_play, is_chat_admin=is_chat_admin)
        is scores
    )
    assert admins_watch(is_group=is_group, admins_play=admins_play) is (
        is_group and not admins_play
    )


def test_a_chat_is_a_group_by_its_id():
    assert is_group(-1001234) and is_group(-5)
    assert not is_group(5) and not is_group(0)  # a private chat (its user's id); the console
