"""/assign sets homework; /start <code> opens it in a student's private chat, set up as the
teacher's group was; after every command that could meet its goal the bot checks it and says so
the moment it is met. The group sees one progress message per assignment, edited at most once a
minute. (The tasks and their goals: classroom/homework.py.)"""

from __future__ import annotations

import dataclasses
import datetime
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from telegram.helpers import create_deep_linked_url

from bot.features import followup, presets
from bot.features.arguments import UsageError, words_of
from bot.features.chat import Chat, is_group
from bot.features.replies import Button, Reply, Sent
from bot.features.tasks import TASK_TEXTS, goal_number, goal_text, task_goal, title
from bot.text import formatting, i18n
from bot.text.i18n import Catalogue
from classroom import homework as rules
from classroom.homework import Assignment, Homework, Standing
from classroom.service import Classroom
from model import ModelError
from model.limits import MAX_SEED
from storage.errors import StorageError

PROGRESS_EVERY = 60.0  # seconds (of a real day) between edits of a group's progress message
NAMES_SHOWN = 10  # stuck students named in a summary line
_QUIET = frozenset({"start", "help", "assign", "report", "forget"})  # no activity to count


def _scale(chat: Chat) -> float:
    return chat.day_seconds / 86400.0


def stuck_after(day_seconds: float) -> float:
    """Seconds without a command after which a student who opened homework is stuck."""
    return rules.STUCK_AFTER * day_seconds / 86400.0


async def assign(chat: Chat, args: Sequence[str]) -> Reply:
    """/assign: the tasks (and in a private chat, your homework); /assign <task> [due]."""
    words = words_of(args)
    if not words:
        return await _menu(chat)
    if len(words) > 2:
        raise UsageError("assign_usage", tasks=" ".join(rules.TASKS))
    task = rules.task(words[0])
    due_in = rules.due_seconds(words[1], chat.day_seconds) if len(words) == 2 else None
    setup = chat.service.setup(chat.chat_id)
    if setup.seed is None:  # every student starts from the same weights
        setup = dataclasses.replace(setup, seed=random.randint(0, MAX_SEED))
    setup = task.prepare(setup)
    assignment = await chat.games.assign(
        chat.chat_id, task.name, setup, chat.language, due_in, chat.day_seconds
    )
    followup.schedule(chat, assignment)
    if not chat.is_group:
        return await open_(chat, assignment.code)

    async def posted(sent: Sent) -> None:
        await chat.games.assignment_posted(assignment, sent.message_id)

    view = await progress_view(chat.games, assignment, chat.day_seconds, chat.bot_username)
    return dataclasses.replace(view, on_sent=posted)


async def _menu(chat: Chat) -> Reply:
    t = chat.t
    lines = [t("hw-menu-group" if chat.is_group else "hw-menu-private")]
    lines += [
        t("hw-menu-line", name=name, title=title(t, name), goal=goal_text(t, task, task_goal(task)))
        for name, task in rules.TASKS.items()
    ]
    if not chat.is_group:
        mine = await chat.games.homework_of(chat.chat_id)
        lines.append("")
        lines.append(t("hw-mine-head") if mine else t("hw-mine-none"))
        now = time.time()
        for work in mine:
            lines.append(_mine_line(t, work, now, chat.day_seconds))
    buttons = tuple((Button(title(t, name), f"/assign {name}"),) for name in rules.TASKS)
    return Reply(formatting.clip("\n".join(lines), formatting.MAX_MESSAGE), buttons=buttons)


STATE_TEXTS = {"done": "hw-state-done", "working": "hw-state-working", "stuck": "hw-state-stuck"}


def _when(t: Catalogue, moment: float) -> str:
    stamp = datetime.datetime.fromtimestamp(moment, datetime.timezone.utc)
    return t("hw-when", when=stamp.strftime("%Y-%m-%d %H:%M"))


def _mine_line(t: Catalogue, work: Homework, now: float, day_seconds: float) -> str:
    assignment = work.assignment
    status = work.status(now, stuck_after(day_seconds))
    state = t(
        "hw-state-late" if work.late else STATE_TEXTS[status],
        trainings=work.trainings,
        epochs=work.epochs,
    )
    return t("hw-mine-line", title=title(t, assignment.task), code=assignment.code, state=state)


async def progress_view(
    games: Classroom, assignment: Assignment, day_seconds: float, bot_username: str | None
) -> Reply:
    """The group's message of an assignment: the task, how to open it, the class's progress —
    in the language the group had when it was set."""
    t = i18n.catalogue(assignment.language)
    members = await games.members(assignment.chat_id)
    work = await games.homework_on(assignment)
    students = len(set(members) | {w.user_id for w in work})
    progress = rules.progress(work, students, time.time(), stuck_after(day_seconds))
    due = (
        t("hw-due", when=_when(t, assignment.due_at))
        if assignment.due_at is not None
        else t("hw-no-due")
    )
    link = create_deep_linked_url(bot_username, assignment.code) if bot_username else None
    lines = [
        t("hw-posted-head", title=title(t, assignment.task)),
        goal_text(t, assignment.rules, assignment.goal),
        due,
        t("hw-posted-open", code=assignment.code),
        progress_line(t, progress),
    ]
    buttons = ((Button(t("hw-button-open"), url=link),),) if link else ()
    return Reply("\n".join(lines), buttons=buttons)


def progress_line(t: Catalogue, progress: rules.Progress) -> str:
    """ "12 of 30 done · 5 working · 2 stuck · 11 not opened"."""
    line = t(
        "hw-progress",
        done=progress.done,
        students=progress.students,
        working=progress.working,
        stuck=progress.stuck,
        not_opened=progress.not_opened,
    )
    if progress.late:
        line += " " + t("hw-progress-late", late=progress.late)
    return line


def refresh(chat: Chat, assignment: Assignment) -> None:
    """Edit the group's progress message of `assignment` now, or once PROGRESS_EVERY (a
    minute of the group's ~20 messages) has passed since its last edit."""
    if not is_group(assignment.chat_id) or chat.outbox_to is None:
        return
    outbox_to, games, day, username = (
        chat.outbox_to,
        chat.games,
        chat.day_seconds,
        chat.bot_username,
    )

    async def edit() -> None:
        latest = await games.assignment(assignment.id)
        if latest is None or latest.message_id is None:
            return
        view = await progress_view(games, latest, day, username)
        await outbox_to(latest.chat_id).edit(latest.message_id, view)

    every = max(1.0, PROGRESS_EVERY * _scale(chat))
    chat.timers.soon(("homework", assignment.id), every, edit)


def _fresh_state() -> dict:
    return {"opened": time.time(), "since": 0, "clean": True, "streak": 0}


async def open_(chat: Chat, code: str) -> Reply:
    """/start <code>: the assignment, and this private chat set up for it."""
    t = chat.t
    code = rules.check_code(code)
    if chat.is_group:
        link = create_deep_linked_url(chat.bot_username, code) if chat.bot_username else None
        buttons = ((Button(t("hw-button-open"), url=link),),) if link else ()
        return Reply(t("hw-open-in-private", code=code), buttons=buttons)
    work = await chat.games.open_homework(code, chat.chat_id, chat.member.name, _fresh_state())
    assignment = work.assignment
    await chat.service.apply_setup(chat.chat_id, assignment.setup)
    refresh(chat, assignment)
    _watch_stuck(chat, work)
    lines = [
        t("hw-opened-head", title=title(t, assignment.task)),
        goal_text(t, assignment.rules, assignment.goal),
        t("hw-opened-setup", summary=presets.summary(t, assignment.setup)),
        t(TASK_TEXTS[assignment.task].hint),
    ]
    if assignment.due_at is not None:
        lines.append(t("hw-due", when=_when(t, assignment.due_at)))
    if work.done_at is not None:
        lines.append(t("hw-opened-again"))
    return Reply("\n".join(lines))


def resume(chat: Chat, unfinished: list[Homework]) -> None:
    """At start-up: the progress messages of assignments students are still working on are
    brought up to date, and each student's quiet spell is watched again. (`chat`: any Chat with
    the bot's timers and outboxes; the messages go to each assignment's group.)"""
    for assignment in {work.assignment.id: work.assignment for work in unfinished}.values():
        refresh(chat, assignment)
    for work in unfinished:
        _watch_stuck(chat, work)


def _watch_stuck(chat: Chat, work: Homework) -> None:
    """Show the student as stuck in the group's message once they have been quiet long enough."""
    assignment = work.assignment
    if not is_group(assignment.chat_id):
        return

    async def now_stuck() -> None:
        refresh(chat, assignment)

    when = work.last_at + stuck_after(chat.day_seconds) + 0.001
    chat.timers.at(("homework-stuck", assignment.id, work.user_id), when, now_stuck)


@dataclass(frozen=True)
class Watch:
    """A private chat's homework before a command, and its epochs then."""

    work: Homework
    epochs: int


async def watch(chat: Chat, name: str) -> Watch | None:
    """The homework a command in this private chat may work on (None: nothing to check)."""
    if chat.is_group or name in _QUIET:
        return None
    try:
        work = await chat.games.current_homework(chat.chat_id)
    except StorageError:  # the command itself says what is wrong with the store
        return None
    if work is None:
        return None
    return Watch(work, chat.service.epochs_trained(chat.chat_id))


async def checked(chat: Chat, name: str, before: Watch, reply: Reply) -> Reply:
    """After the command `name`: count the student's work and check the goal; the reply, with
    the news that it is met (or off the task) posted right after it."""
    work, service, chat_id = before.work, chat.service, chat.chat_id
    task, data = work.assignment.rules, work.assignment.setup.dataset
    now = time.time()
    after = service.epochs_trained(chat_id)
    ran = after - before.epochs if after >= before.epochs else after
    trained = name in rules.TRAININGS and ran > 0
    state = {**work.state, "since": work.state.get("since", 0) + max(ran, 0)}
    notice = None
    if trained and task.optimizer is not None:
        used = service.training_defaults(chat_id)[1]
        if used != task.optimizer and state.get("clean", True):
            state["clean"] = False
            notice = chat.t("hw-off-task", optimizer=used, code=work.assignment.code)
    work = dataclasses.replace(
        work,
        name=chat.member.name,
        last_at=now,
        trainings=work.trainings + int(trained),
        epochs=work.epochs + max(ran, 0),
        state=state,
    )
    if work.done_at is None and name in task.checked_after:
        standing = await _standing(chat, work)
        value = None if standing is None else task.measure(standing, data)
        work = dataclasses.replace(work, best=task.better(value, work.best))
        if task.met(value, data):
            work = dataclasses.replace(work, done_at=now)
            notice = done_text(chat.t, work, value, standing)
        elif task.name == "fast" and state["since"] > rules.FAST_EPOCHS and not state.get("told"):
            state["told"] = True
            notice = chat.t("hw-spent", budget=rules.FAST_EPOCHS, code=work.assignment.code)
    if not await chat.games.save_homework(work):
        return reply
    refresh(chat, work.assignment)
    _watch_stuck(chat, work)
    return await _then(chat, reply, notice)


async def _then(chat: Chat, reply: Reply, notice: str | None) -> Reply:
    """`reply`, followed by the homework's `notice` as a message of its own (before it, when
    the reply is only a button's short answer)."""
    if notice is None:
        return reply
    if reply.quiet or reply.reaction is not None:
        await chat.out.post(Reply(notice))
        return reply
    earlier = reply.on_sent

    async def sent(message: Sent) -> None:
        if earlier is not None:
            await earlier(message)
        await chat.out.post(Reply(notice))

    return dataclasses.replace(reply, on_sent=sent)


async def _standing(chat: Chat, work: Homework) -> Standing | None:
    service, chat_id = chat.service, chat.chat_id
    try:
        report = service.weights(chat_id)
    except ModelError:
        return None
    loss = answer = None
    if not report.shared:
        try:
            loss = service.answering_loss(chat_id)
            (answer,) = await service.predict_with(report, [100.0])
        except ModelError:
            pass
    presses = None
    if work.assignment.task == "tune":
        game = await chat.games.tune(chat_id)
        opened = work.state.get("opened", work.opened_at)
        if game is not None and game.over and game.solved and game.started_at >= opened:
            presses = game.presses
    return Standing(
        dataset=service.dataset(chat_id),
        architecture=service.architecture(chat_id),
        optimizer=service.training_defaults(chat_id)[1],
        loss=loss,
        answer100=None if answer is None else float(answer),
        only_task_optimizer=work.state.get("clean", True),
        epochs=work.state.get("since", 0),
        tune_presses=presses,
        streak=work.state.get("streak", 0),
    )


def done_text(t: Catalogue, work: Homework, value: float | None, standing: Standing | None) -> str:
    """The news that the goal is met: what the student did, in how many trainings and epochs."""
    assignment = work.assignment
    values = {
        "value": formatting.loss(value) if value is not None else "—",
        "goal": goal_number(assignment.rules, assignment.goal),
        "lr": "",
        "answer": "",
        "layers": "",
        "epochs": work.state.get("since", 0),
        "budget": rules.FAST_EPOCHS,
    }
    if standing is not None:
        values["layers"] = standing.architecture.describe()
        if standing.answer100 is not None:
            values["answer"] = formatting.number(standing.answer100, 2)
            if assignment.task == "212":
                values["value"] = formatting.number(value or 0.0, 2)
    if assignment.task in ("tune", "quiz"):
        values["value"] = f"{value:g}" if value is not None else "—"
    lines = [
        t("hw-done", title=title(t, assignment.task)),
        t(TASK_TEXTS[assignment.task].what, **values),
        t("hw-done-count", trainings=work.trainings, epochs=work.epochs),
    ]
    if work.late:
        lines.append(t("hw-done-late"))
    return "\n".join(lines)


async def quiz_answered(chat: Chat, quiz_chat: int | None, right: bool | None) -> None:
    """A quiz answer in the student's private chat `chat`: their streak for the quiz task, and
    the news once it reaches the goal."""
    if right is None or quiz_chat != chat.chat_id or chat.is_group:
        return
    work = await chat.games.current_homework(chat.chat_id)
    if work is None or work.assignment.task != "quiz" or work.done_at is not None:
        return
    streak = work.state.get("streak", 0) + 1 if right else 0
    now = time.time()
    task, data = work.assignment.rules, work.assignment.setup.dataset
    work = dataclasses.replace(
        work,
        last_at=now,
        state={**work.state, "streak": streak},
        best=task.better(float(streak), work.best),
    )
    done = task.met(float(streak), data)
    if done:
        work = dataclasses.replace(work, done_at=now)
    if not await chat.games.save_homework(work):
        return
    refresh(chat, work.assignment)
    _watch_stuck(chat, work)
    if done:
        await chat.out.post(Reply(done_text(chat.t, work, float(streak), None)))
