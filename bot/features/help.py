"""/help a person reads: in a private chat a short overview of the commands in four groups — the
lesson, seeing it learn, the classroom, teachers and operators — with a button per group that
shows that group's commands, each with an example (its menu text); in a group a few lines and a
button to the private chat. Operators' commands are shown to operators only. The commands come
from the command table's menu (bot/features/command_table.py hands it over), so a command shows
once it is in a group here (tests/unit/test_command_table.py: every menu command in one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.features.replies import Button, Reply
from bot.text import formatting
from bot.text.i18n import Catalogue
from model import Dataset

Menu = Sequence[tuple[str, str]]  # (command, its menu text), as command_table.menu gives them


@dataclass(frozen=True)
class Group:
    """Commands shown together: `key` names its texts (help-title-<key>, help-summary-<key>) and
    is the argument of its button (/help <key>); `shown`: how many the overview names."""

    key: str
    commands: tuple[str, ...]
    shown: int = 4


GROUPS: tuple[Group, ...] = (
    Group(
        "lesson",
        (
            "start",
            "convert",
            "train",
            "weights",
            "why",
            "data",
            "reset",
            "stop",
            "export",
            "lang",
            "help",
        ),
    ),
    Group(
        "learn",
        ("step", "plot", "fit", "animate", "lr", "layers", "normalize", "landscape", "race"),
    ),
    Group("class", ("challenge", "quiz", "tune", "score", "guess", "reveal", "preset")),
    Group(
        "teach",
        ("teach", "assign", "report", "lock", "unlock", "followup", "forget"),
    ),
    Group("operate", ("retrain", "stats"), shown=2),
)
BY_KEY = {group.key: group for group in GROUPS}
OPERATORS = "operate"  # shown with the teachers' group, to operators only
OVERVIEW = "menu"  # /help menu: the overview again (its pages' button back)
# The groups with a button of their own: the operators' commands join the teachers'.
SHOWN = tuple(group for group in GROUPS if group.key != OPERATORS)


def overview(t: Catalogue, menu: Menu) -> Reply:
    """The overview: what this is, each group in a line naming a few of its commands, and a
    button per group."""
    names = {name for name, _ in menu}
    lines = [t("intro", examples=len(Dataset())), "", t("help-heading")]
    for group in SHOWN:
        commands = [f"/{name}" for name in group.commands if name in names][: group.shown]
        lines.append(
            t(
                "help-line",
                title=_title(t, group, menu),
                summary=t(f"help-summary-{group.key}"),
                commands=", ".join(commands),
            )
        )
    lines.append(t("help-tap"))
    buttons = [Button(_title(t, group, menu), f"/help {group.key}") for group in SHOWN]
    rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
    return Reply(formatting.clip("\n".join(lines)), buttons=rows)


def page(t: Catalogue, key: str, menu: Menu) -> Reply:
    """One group's commands, each on its line with its menu text (an example in it), and the
    buttons to the other groups and back."""
    group = BY_KEY[key]
    described = dict(menu)
    members = [*group.commands, *(BY_KEY[OPERATORS].commands if key == "teach" else ())]
    lines = [t("help-page-heading", title=_title(t, group, menu))]
    lines += [
        t("command-line", name=name, description=described[name])
        for name in members
        if name in described
    ]
    others = [
        Button(_title(t, other, menu), f"/help {other.key}") for other in SHOWN if other.key != key
    ]
    rows = (tuple(others), (Button(t("button-help-menu"), f"/help {OVERVIEW}"),))
    return Reply(formatting.clip("\n".join(lines)), buttons=rows)


def in_group(t: Catalogue, link: str | None) -> Reply:
    """/help in a group: a few lines and, where the bot's name is known, the button to the
    overview in a private chat (a class of thirty would otherwise get it thirty times)."""
    if link is None:
        return Reply(t("help-group"))
    return Reply(t("help-group"), buttons=((Button(t("button-full-help"), url=link),),))


def asked(args: Sequence[str]) -> str | None:
    """The group `/help <key>` asks for; None for the overview."""
    words = [word.strip().lower() for word in args if word.strip()]
    if len(words) == 1 and words[0] in BY_KEY and words[0] != OPERATORS:
        return words[0]
    return None


def _title(t: Catalogue, group: Group, menu: Menu) -> str:
    operator = group.key == "teach" and any(n in dict(menu) for n in BY_KEY[OPERATORS].commands)
    return t("help-title-teach-operators" if operator else f"help-title-{group.key}")
