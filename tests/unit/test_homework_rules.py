"""Homework's rules and texts without a model: due times, where a class stands, the menus, the
report's CSV (a byte-order mark, headings in the teacher's language, no formulas from names)."""

import csv
import io
import time

import pytest

from bot.features import pipeline, report
from bot.features.chat import Chat, Member
from bot.features.replies import Reply, Sent
from bot.text import i18n
from classroom import homework as rules
from classroom import presets
from classroom.errors import GameError
from classroom.homework import Assignment, Homework
from classroom.service import Classroom
from model.settings import Setup
from storage.classroom import ClassroomStore

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")


def test_due_times_scale_with_the_length_of_a_day():
    assert rules.due_seconds("30m") == 1800
    assert rules.due_seconds("2H") == 7200
    assert rules.due_seconds("3d", day_seconds=60) == 180  # a demo's day of a minute
    for bad in ("3", "0m", "soon", "-2h", f"{rules.MAX_DUE_DAYS + 1}d", "1.5h"):
        with pytest.raises(GameError) as error:
            rules.due_seconds(bad)
        assert error.value.key == "bad_due"


def test_codes_are_told_from_presets_and_forgeries_are_refused():
    code = rules.new_code()
    assert rules.is_code(code) and rules.check_code(code) == code
    assert not rules.is_code(presets.code(Setup()))  # a preset's code loads a preset
    for forged in ("hw", "hw' OR 1=1 --", code + "x", "hw" + "é" * 12):
        with pytest.raises(GameError):
            rules.check_code(forged)


def _work(user: int, opened: float, last: float, done: float | None = None, **counts) -> Homework:
    assignment = Assignment(1, "hwx", -1, "sgd", Setup(), "en", 0.0, due_at=100.0)
    return Homework(assignment, user, f"P{user}", opened, last, done, **counts)


def test_a_class_at_a_glance():
    now = 1000.0
    work = [
        _work(1, 10, 50, done=60, trainings=2, epochs=900),
        _work(2, 10, 200, done=210, trainings=4, epochs=3000),  # after the due time: late
        _work(3, 10, now - 10),  # working
        _work(4, 10, now - rules.STUCK_AFTER),  # stuck
    ]
    shown = rules.progress(work, students=6, now=now, stuck_after=rules.STUCK_AFTER)
    assert (shown.done, shown.late, shown.working, shown.stuck, shown.not_opened) == (2, 1, 1, 1, 2)
    assert (shown.median_trainings, shown.median_epochs) == (3, 1950)
    assert shown.stuck_names == ("P4",)
    assert rules.progress(work, students=0, now=now, stuck_after=1).students == 4


@pytest.fixture
async def games(tmp_path):
    room = Classroom(ClassroomStore(tmp_path / "c.sqlite3"))
    yield room
    room.close()


class Posts:
    def __init__(self) -> None:
        self.replies: list[Reply] = []

    async def post(self, reply: Reply) -> Sent:
        self.replies.append(reply)
        return Sent(len(self.replies))

    async def edit(self, message_id: int, reply: Reply) -> None:
        pass

    async def stop_poll(self, message_id: int) -> None:
        pass


@pytest.mark.parametrize("group", [True, False])
async def test_the_menu_has_a_button_for_every_task(games, group):
    chat = Chat(None, -5 if group else 5, is_group=group, classroom=games, language="zh")
    menu = await pipeline.run("assign", chat, [])
    assert [row[0].command for row in menu.buttons] == [f"/assign {t}" for t in rules.TASKS]
    assert menu.text.startswith(ZH("hw-menu-group" if group else "hw-menu-private"))
    assert (ZH("hw-mine-none") in menu.text) is not group


async def test_refusals_say_what_is_allowed(games):
    chat = Chat(None, -5, is_group=True, classroom=games)
    unknown = await pipeline.run("assign", chat, ["nap"])
    assert unknown.error and unknown.text == EN("game-no_task", tasks=" ".join(rules.TASKS))
    assert (await pipeline.run("report", Chat(None, 5, classroom=games), [])).text == EN(
        "game-report_group"
    )
    forged = await pipeline.run("start", Chat(None, 5, classroom=games), ["hw" + "a" * 12])
    assert forged.text == EN("game-no_assignment")


async def test_a_report_without_homework_lists_the_points_in_the_group(games):
    posts = Posts()
    await games.seen(-5, 7, '=HYPERLINK("x")')
    await games.seen(-5, 8, "李雷")
    games._store._add_points(-5, 8, "李雷", 2)
    chat = Chat(None, -5, is_group=True, classroom=games, outbox=posts, language="zh")
    chat.send_privately = _never_started
    shown = await pipeline.run("report", chat, [])
    assert shown.text.startswith(ZH("report-names-shown"))
    await shown.on_sent(Sent(1))
    (document,) = posts.replies
    assert document.document.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(document.document.decode("utf-8-sig"))))
    assert rows[0] == [ZH(column) for column in report.POINT_COLUMNS]
    assert rows[1:] == [["7", '\'=HYPERLINK("x")', "0", "0", "0"], ["8", "李雷", "2", "0", "0"]]


async def _never_started(replies) -> bool:
    return False


async def test_a_report_goes_to_the_teachers_private_chat_when_there_is_one(games):
    sent: list[Reply] = []

    async def privately(replies) -> bool:
        sent.extend(replies)
        return True

    await games.assign(-5, "deep", Setup(seed=1), "en", None, 86400.0)
    chat = Chat(None, -5, is_group=True, classroom=games, member=Member(3, "T"))
    chat.send_privately = privately
    assert (await pipeline.run("report", chat, [])).text == EN("report-sent")
    summary, document = sent
    assert summary.text.startswith(EN("report-head", count=1))
    assert document.filename.endswith(".csv") and time.strftime("%Y") in document.filename


async def test_a_class_of_two_hundred_with_fifty_assignments_fits_telegrams_limits(games):
    """10,000 rows: the CSV stays far below Telegram's 50 MB for a document and the summary
    within a message (4,096 characters), however many students are stuck."""
    store = games._store
    now = time.time()
    for _ in range(50):
        await games.assign(-5, "sgd", Setup(seed=1), "en", None, 86400.0)
    with store._lock, store._transaction():
        store._db.executemany(
            "INSERT INTO homework (assignment_id, user_id, name, opened_at, last_at) "
            "SELECT id, ?, ?, ?, ? FROM assignments WHERE chat_id = -5",
            [(1000 + i, f"学生{i}", now - 900, now - 900) for i in range(200)],
        )
    sent: list[Reply] = []

    async def privately(replies) -> bool:
        sent.extend(replies)
        return True

    chat = Chat(None, -5, is_group=True, classroom=games)
    chat.send_privately = privately
    await pipeline.run("report", chat, [])
    summary, document = sent
    assert len(summary.text) <= 4096 and EN("report-more", count=190) in summary.text
    rows = document.document.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 200 * 50 and len(document.document) < 50 * 2**20
