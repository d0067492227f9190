"""/report: the class's homework for its teacher — a summary per assignment (done, working,
stuck, not opened; the median trainings and epochs to done; who is stuck) and a CSV with one row
per student and assignment, their points beside. Sent to the teacher's private chat when they
have one with the bot, else to the group with a warning that names are shown."""

from __future__ import annotations

import csv
import datetime
import io
import time
from collections.abc import Sequence

from bot.features import arguments
from bot.features.chat import Chat
from bot.features.homework import NAMES_SHOWN, progress_line, stuck_after
from bot.features.replies import Reply, Sent
from bot.features.tasks import goal_number, title
from bot.text import formatting
from bot.text.i18n import Catalogue
from classroom import homework as rules
from classroom.errors import GameError
from classroom.homework import Assignment, Homework

BOM = "\ufeff"  # spreadsheet programs read the file as UTF-8 (Chinese names) only with it
COLUMNS = (
    "report-col-user",
    "report-col-name",
    "report-col-assignment",
    "report-col-opened",
    "report-col-done",
    "report-col-late",
    "report-col-trainings",
    "report-col-epochs",
    "report-col-best",
    "report-col-goal",
    "report-col-challenge",
    "report-col-quiz",
    "report-col-followup",
)
POINT_COLUMNS = (
    "report-col-user",
    "report-col-name",
    "report-col-challenge",
    "report-col-quiz",
    "report-col-followup",
)


async def report(chat: Chat, args: Sequence[str]) -> Reply:
    """/report (the group's admins)."""
    arguments.parse_no_args(args)
    if not chat.is_group:
        raise GameError("report_group")
    t, games = chat.t, chat.games
    assignments = await games.assignments(chat.chat_id)
    members = await games.members(chat.chat_id)
    points = await games.points(chat.chat_id)
    work = {a.id: await games.homework_on(a) for a in assignments}
    now = time.time()
    header: tuple[str, ...]
    if assignments:
        summary = _summary(t, assignments, work, members, now, chat.day_seconds)
        table = _rows(t, assignments, work, members, points, now, chat.day_seconds)
        header = COLUMNS
    else:
        summary = _points_summary(t, points, members)
        table = _point_rows(points, members)
        header = POINT_COLUMNS
    stamp = datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y%m%d-%H%M")
    document = Reply(
        t("report-file", rows=len(table)),
        document=_csv([t(column) for column in header], table),
        filename=f"c2f-report-{stamp}.csv",
    )
    text = formatting.clip(summary, formatting.MAX_MESSAGE)
    if await chat.send_privately([Reply(text), document]):
        return Reply(t("report-sent"))

    async def then_the_file(sent: Sent) -> None:
        await chat.out.post(document)

    shown = formatting.clip(f"{t('report-names-shown')}\n{summary}", formatting.MAX_MESSAGE)
    return Reply(shown, on_sent=then_the_file)


def _when(moment: float | None) -> str:
    if moment is None:
        return ""
    stamp = datetime.datetime.fromtimestamp(moment, datetime.timezone.utc)
    return stamp.strftime("%Y-%m-%d %H:%M:%S")


def _students(members: dict[int, str], work: list[Homework]) -> dict[int, str]:
    everyone = dict(members)
    everyone.update({w.user_id: w.name for w in work})
    return everyone


def _summary(
    t: Catalogue,
    assignments: list[Assignment],
    work: dict[int, list[Homework]],
    members: dict[int, str],
    now: float,
    day_seconds: float,
) -> str:
    lines = [t("report-head", count=len(assignments))]
    for assignment in reversed(assignments):  # the latest first: a long report is clipped
        done = work[assignment.id]
        students = len(_students(members, done))
        progress = rules.progress(done, students, now, stuck_after(day_seconds))
        lines.append("")
        lines.append(
            t(
                "report-assignment",
                title=title(t, assignment.task),
                set=_when(assignment.set_at)[:16],
                code=assignment.code,
            )
        )
        lines.append(progress_line(t, progress))
        if progress.median_trainings is not None:
            lines.append(
                t(
                    "report-median",
                    trainings=progress.median_trainings,
                    epochs=progress.median_epochs,
                )
            )
        if progress.stuck_names:
            shown = [formatting.person(name) for name in progress.stuck_names[:NAMES_SHOWN]]
            more = len(progress.stuck_names) - len(shown)
            names = ", ".join(shown) + (" " + t("report-more", count=more) if more else "")
            lines.append(t("report-stuck", names=names))
    return "\n".join(lines)


def _rows(
    t: Catalogue,
    assignments: list[Assignment],
    work: dict[int, list[Homework]],
    members: dict[int, str],
    points: dict[int, tuple[str, int, int, int]],
    now: float,
    day_seconds: float,
) -> list[list[object]]:
    rows: list[list[object]] = []
    statuses = {
        "working": t("report-status-working"),
        "stuck": t("report-status-stuck"),
    }
    for assignment in assignments:
        by_user = {w.user_id: w for w in work[assignment.id]}
        label = f"{assignment.task} ({_when(assignment.set_at)[:16]})"
        goal = _goal(assignment)
        for user, name in sorted(_students(members, work[assignment.id]).items()):
            h = by_user.get(user)
            _, challenge, quiz, followup = points.get(user, ("", 0, 0, 0))
            if h is None:
                opened, done, late, trainings, epochs, best = (
                    "",
                    t("report-status-none"),
                    "",
                    0,
                    0,
                    "",
                )
            else:
                status = h.status(now, stuck_after(day_seconds))
                opened = _when(h.opened_at)
                done = _when(h.done_at) if h.done_at is not None else statuses[status]
                late = t("report-yes") if h.late else t("report-no")
                trainings, epochs = h.trainings, h.epochs
                best = "" if h.best is None else f"{h.best:.6g}"
            rows.append(
                [user, name, label, opened, done, late, trainings, epochs, best, goal, challenge,
                 quiz, followup]
            )  # fmt: skip
    return rows


def _goal(assignment: Assignment) -> str:
    sign = ">=" if not assignment.rules.lower else ("<=" if assignment.task == "tune" else "<")
    return f"{sign} {goal_number(assignment.rules, assignment.goal)}"


def _points_summary(
    t: Catalogue, points: dict[int, tuple[str, int, int, int]], members: dict[int, str]
) -> str:
    lines = [t("report-no-homework")]
    ranked = sorted(points.items(), key=lambda item: -(item[1][1] + item[1][2]))
    for user, (name, challenge, quiz, _) in ranked:
        lines.append(
            t(
                "report-points-line",
                name=formatting.person(name or members.get(user, str(user))),
                challenge=challenge,
                quiz=quiz,
            )
        )
    return "\n".join(lines)


def _point_rows(
    points: dict[int, tuple[str, int, int, int]], members: dict[int, str]
) -> list[list[object]]:
    everyone = {**members, **{u: p[0] or members.get(u, "") for u, p in points.items()}}
    rows = []
    for user, name in sorted(everyone.items()):
        _, challenge, quiz, followup = points.get(user, ("", 0, 0, 0))
        rows.append([user, name, challenge, quiz, followup])
    return rows


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark; names that would start a formula are kept as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a name like "=HYPERLINK(...)" must not run in the teacher's sheet
    return value
