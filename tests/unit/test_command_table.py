"""The command table is the one list of commands: every entry complete in every language, and
what reads it (menu, access, buttons) agrees with it."""

import re

import pytest

from bot.features import command_table, help, lesson
from bot.features.access import Level
from bot.telegram.outbox import button_command
from bot.text import i18n

CATALOGUES = [pytest.param(i18n.catalogue(code), id=code) for code in i18n.LANGUAGES]


@pytest.mark.parametrize("t", CATALOGUES)
def test_every_command_has_its_menu_text_in_every_language(t):
    for command in command_table.COMMANDS:
        assert f"cmd-{command.name}" in t, (t.language, command.name)
        assert t(f"cmd-{command.name}").strip()


def test_every_command_is_declared_once_and_runs_something():
    names = [command.name for command in command_table.COMMANDS]
    assert len(names) == len(set(names)) and names == list(command_table.NAMES)
    assert all(callable(command.run) for command in command_table.COMMANDS)
    assert all(name.isascii() and name.islower() and len(name) <= 32 for name in names)


@pytest.mark.parametrize("t", CATALOGUES)
def test_the_menu_shows_operators_theirs_and_everyone_else_the_rest(t):
    everyone = [name for name, _ in command_table.menu(t)]
    operators = [name for name, _ in command_table.menu(t, include_admin=True)]
    assert set(operators) - set(everyone) == {"retrain", "stats"}
    assert all(command_table.BY_NAME[name].needs([]) is not Level.OPERATOR for name in everyone)


def test_operator_commands_need_an_operator_and_buttons_stand_for_declared_commands():
    for command in command_table.COMMANDS:
        assert (command.level is Level.OPERATOR) == command.operator, command.name
        assert not command.quick_button or command.button, command.name
    t = i18n.catalogue("en")
    for row in lesson.training_buttons(t):
        for button in row:
            parsed = button_command(button.command)
            assert parsed is not None and parsed[0] in command_table.BUTTONS
    assert button_command("/export") is None  # a command no button stands for


def test_reading_with_arguments_and_answers_from_the_store_follow_each_entry():
    data, convert = command_table.BY_NAME["data"], command_table.BY_NAME["convert"]
    assert data.answered_from_store([]) and not data.answered_from_store(["reset"])
    assert convert.answered_from_store(["100"])
    assert command_table.BY_NAME["tune"].needs(["w+"]) is Level.OPEN
    assert command_table.BY_NAME["tune"].needs(["keep"]) is Level.CHANGES_MODEL


@pytest.mark.parametrize(
    ("name", "args", "in_group", "greeting"),
    [
        ("start", [], True, "start"),
        ("start", [], False, None),  # the first lesson, which needs the model
        ("start", ["inline"], False, None),  # the inline mode's button: the lesson too
        ("start", ["inline"], True, "start"),
        ("help", [], False, "help"),
        ("help", [], True, "help"),
        ("start", ["help"], False, "help"),  # the deep link of /help's button in a group
        ("start", ["HELP"], True, "help"),
        ("help", ["help"], False, "help"),
        ("help", ["learn"], False, "help learn"),  # a group's button under the overview
        ("help", ["Class"], False, "help class"),
        ("help", ["learn"], True, "help"),  # a group gets its few lines
        ("help", ["operate"], False, "help"),  # shown on the teachers' page, not alone
        ("help", ["me"], False, "help"),
        ("start", ["teach"], False, None),
        ("start", ["AbCdEfGhIj"], False, None),  # a preset's code
        ("convert", [], False, None),
        ("lesson", ["2"], False, None),
    ],
)
def test_which_greeting_a_command_asks_for_is_decided_once(name, args, in_group, greeting):
    assert command_table.greeting_asked(name, args, in_group=in_group) == greeting


@pytest.mark.parametrize("operator", [False, True])
def test_help_puts_every_command_of_the_menu_in_exactly_one_group(operator):
    t = i18n.catalogue("en")
    menu = [name for name, _ in command_table.menu(t, include_admin=operator)]
    for name in menu:
        groups = [g.key for g in help.GROUPS if name in g.commands]
        assert len(groups) == 1, (name, groups)
    shown = {name for g in help.GROUPS for name in g.commands}
    assert shown <= set(command_table.NAMES)
    assert "lesson" not in menu and "lesson" in command_table.BUTTONS  # hidden, behind buttons
    overview = command_table.greeting(
        "help", t, is_operator=operator, in_group=False, bot_username=None
    )
    pages = [button.command for row in overview.buttons for button in row]
    assert pages == [f"/help {g.key}" for g in help.SHOWN]
    listed = []
    for command in pages:
        key = command.split()[1]
        page = command_table.greeting(
            f"help {key}", t, is_operator=operator, in_group=False, bot_username=None
        )
        listed += re.findall(r"^/([a-z]+) — ", page.text, re.MULTILINE)
        assert all(button_command(b.command) for row in page.buttons for b in row)
    assert sorted(listed) == sorted(menu)  # each once, on its group's page
    assert ("retrain" in listed) == operator
