"""Every command, declared once: what runs it, who may use it, where it shows, how it is served.

The Telegram handlers, the command menu and /help, the access rules, the buttons, console mode
and the metrics all read this table; adding a command is adding one entry (and its `cmd-<name>`
text in every catalogue) and one function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram.helpers import create_deep_linked_url

from bot.features import (
    arguments,
    challenge,
    chat_settings,
    first_lesson,
    followup,
    forget,
    help,
    homework,
    landscape,
    lesson,
    normalize,
    operator,
    presets,
    quiz,
    race,
    report,
    scores,
    teach,
    tune,
)
from bot.features.access import Level
from bot.features.chat import Chat
from bot.features.lesson import Action
from bot.features.replies import Reply
from bot.text import i18n
from classroom import homework as homework_rules
from classroom.tune import MOVES, RETIRED_MOVES
from model import Dataset


@dataclass(frozen=True)
class Command:
    """One command.

    `level`: what it needs of the sender; `with_arguments`: what it needs when given arguments
    (None: the same), except `plays`, single words that stay open (e.g. /tune's moves).
    `operator`: in the menu and /help for operators only; `menu`: listed at all.
    `before_model`: answered without arguments before TensorFlow has loaded (/start, /help);
    `read_only`: answered from the stored state while it loads (without arguments, if arguments
    change something). `button`: may stand behind an inline button; `quick_button`: a press
    runs before it is answered, whose answer is then the reply."""

    name: str
    run: Action
    level: Level = Level.OPEN
    with_arguments: Level | None = None
    plays: frozenset[str] = frozenset()
    operator: bool = False
    menu: bool = True
    before_model: bool = False
    read_only: bool = False
    button: bool = False
    quick_button: bool = False

    def needs(self, args: Sequence[str]) -> Level:
        """The level `/name args` needs."""
        words = [a.strip().lower() for a in args if a.strip()]
        if len(words) == 1 and words[0] in self.plays:
            return Level.OPEN
        if words and self.with_arguments is not None:
            return self.with_arguments
        return self.level

    def answered_from_store(self, args: Sequence[str]) -> bool:
        """Whether the stored state answers `/name args` while TensorFlow loads."""
        return self.read_only and not (args and self.with_arguments is not None)


HELP_LINK = "help"  # /start help, the deep link of /help's button in a group


def greeting(
    name: str,
    t: i18n.Catalogue,
    *,
    is_operator: bool,
    in_group: bool,
    bot_username: str | None,
) -> Reply:
    """A greeting, answered without the model (greeting_asked names it). "start" (in a group):
    what this is and three commands to try. "help": in a private chat the overview of the
    commands in groups (bot/features/help.py), "help <group>" one group's commands — in a group a
    few lines and a button to the private chat; operators also see theirs."""
    if name == "start":
        return Reply(f"{t('intro', examples=len(Dataset()))}\n\n{t('start-try')}")
    if in_group:
        link = create_deep_linked_url(bot_username, HELP_LINK) if bot_username else None
        return help.in_group(t, link)
    shown = menu(t, include_admin=is_operator)
    _, _, key = name.partition(" ")
    return help.page(t, key, shown) if key else help.overview(t, shown)


def greeting_asked(name: str, args: Sequence[str], *, in_group: bool) -> str | None:
    """The greeting `/name args` asks for, or None: "help" for /help and for /start help (the
    deep link of /help's button in a group), "help <group>" for /help <group>; "start" for
    /start in a group (in a private chat /start opens the first lesson, which needs the
    model). Greetings need no model: the transports answer them before TensorFlow has loaded."""
    command = BY_NAME.get(name)
    if command is None or not command.before_model:
        return None
    words = [arguments.normalize(word) for word in args]
    if name == "help":
        group = help.asked(words)
        return f"help {group}" if group and not in_group else "help"
    if words == [HELP_LINK]:
        return "help"
    return "start" if in_group and (not words or words[0] in first_lesson.LINKS) else None


async def start(chat: Chat, args: Sequence[str]) -> Reply:
    """/start; in a private chat the first lesson (also /start inline, the inline mode's button,
    and /start lesson, the group /lesson's link); /start <code> loads a preset or opens an
    assignment; /start help and /start teach (the links of /help and /teach in a group) show the
    help and the lesson plan."""
    asked = greeting_asked("start", args, in_group=chat.is_group)
    if asked is not None:
        return greet(asked, chat)
    words = [arguments.normalize(word) for word in args]
    if not words or (len(words) == 1 and words[0] in first_lesson.LINKS):
        return await first_lesson.begin(chat)
    if words == [teach.TEACH_LINK]:
        return teach.show(chat, 1)
    if len(args) == 1 and homework_rules.is_code(args[0]):
        return await homework.open_(chat, args[0])
    return await presets.load(chat, args)


async def help_(chat: Chat, args: Sequence[str]) -> Reply:
    """/help [group]"""
    return greet(greeting_asked("help", args, in_group=chat.is_group) or "help", chat)


def greet(name: str, chat: Chat) -> Reply:
    """The greeting `name` (greeting_asked's) in `chat`."""
    return greeting(
        name,
        chat.t,
        is_operator=chat.is_operator,
        in_group=chat.is_group,
        bot_username=chat.bot_username,
    )


CHANGES, ADMIN, OPERATOR = Level.CHANGES_MODEL, Level.GROUP_ADMIN, Level.OPERATOR

# In the order of the command menu and /help.
COMMANDS: tuple[Command, ...] = (
    # /start <preset> loads one; /start help is /help; in a private chat /start opens the lesson
    Command(
        "start",
        start,
        with_arguments=CHANGES,
        plays=frozenset({HELP_LINK, teach.TEACH_LINK, *first_lesson.LINKS}),
        before_model=True,
        read_only=True,  # the lesson's first step reads the stored sessions while TF loads
    ),
    Command("help", help_, before_model=True, button=True),
    # The first lesson's buttons (/start opens it): not in the menu, which stays as it is.
    Command("lesson", first_lesson.lesson, menu=False, button=True),
    Command("convert", lesson.convert, read_only=True, button=True),
    Command("train", lesson.train, CHANGES, button=True),
    Command("stop", lesson.stop, CHANGES),
    Command("weights", lesson.weights, read_only=True, button=True),
    Command("plot", lesson.plot, read_only=True),
    Command("fit", lesson.fit, read_only=True, button=True),
    Command("data", lesson.data, with_arguments=CHANGES, read_only=True),
    Command("layers", lesson.layers, with_arguments=CHANGES),
    Command("normalize", normalize.normalize, with_arguments=CHANGES),
    Command("reset", lesson.reset, CHANGES),
    Command("export", lesson.export),
    Command("step", lesson.step, CHANGES, button=True),
    Command("animate", lesson.animate, button=True),
    Command("why", lesson.why),
    Command("landscape", landscape.landscape, with_arguments=CHANGES),  # compare races
    # Racing changes no model, but a locked class races when it is told to.
    Command("race", race.race, CHANGES),
    Command("lr", lesson.lr, with_arguments=CHANGES, button=True),
    Command("lang", chat_settings.lang, with_arguments=CHANGES),
    Command("challenge", challenge.challenge, CHANGES),  # a game starts when the class is told
    Command("guess", challenge.guess),
    Command("reveal", challenge.reveal),  # its starter or an admin: access.may_reveal
    Command("quiz", quiz.quiz, CHANGES),
    Command("score", scores.score, with_arguments=ADMIN),  # /score reset
    # Starting a game, ending it or keeping its line is the teacher's in a locked group; the
    # whole class steers.
    Command(
        "tune",
        tune.tune,
        CHANGES,
        plays=frozenset(MOVES) | RETIRED_MOVES,
        button=True,
        quick_button=True,
    ),
    Command("preset", presets.preset),
    # Homework: set in a group by its admins (in a private chat, for yourself), worked in private.
    Command("assign", homework.assign, ADMIN, button=True),
    Command("report", report.report, ADMIN),
    Command("followup", followup.followup, with_arguments=ADMIN),
    Command("teach", teach.teach, button=True),
    Command("lock", chat_settings.lock, ADMIN),
    Command("unlock", chat_settings.unlock, ADMIN),
    Command("forget", forget.forget, ADMIN, button=True),  # a group's state, for good
    Command("retrain", operator.retrain, OPERATOR, operator=True),
    Command("stats", operator.stats, OPERATOR, operator=True),
)
BY_NAME: dict[str, Command] = {command.name: command for command in COMMANDS}
NAMES = tuple(BY_NAME)
BUTTONS = frozenset(command.name for command in COMMANDS if command.button)


def menu(t: i18n.Catalogue, include_admin: bool = False) -> list[tuple[str, str]]:
    """(command, description) pairs for the command menu and /help."""
    return [
        (command.name, t(f"cmd-{command.name}"))
        for command in COMMANDS
        if command.menu and (include_admin or not command.operator)
    ]
