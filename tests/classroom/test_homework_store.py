"""Homework's tables: an assignment's code opens it (a made-up one doesn't), a student's work
is theirs per assignment, the limits hold, a follow-up is taken once, points split by where they
came from, and /forget and a group's move take what they say."""

import sqlite3
import time

import pytest

from classroom import presets
from classroom.errors import GameError
from classroom.homework import MAX_ASSIGNMENTS, MAX_OPEN, new_code
from model.settings import Setup
from storage.classroom import ClassroomStore
from storage.classroom_schema import SCHEMA

GROUP = -42
SETUP = presets.to_json(Setup(seed=3))


@pytest.fixture
def store(database):
    opened = database.classroom()
    yield opened
    opened.close()


def _assign(store, chat_id=GROUP, task="sgd", now=None, due=None):
    now = time.time() if now is None else now
    return store.homework.add_assignment(
        new_code(), chat_id, task, SETUP, "en", now, due, {1: now + 10, 7: now + 70}
    )


def test_a_code_opens_its_assignment_and_work_is_kept_per_student(store):
    assignment = _assign(store)
    assert assignment.setup == Setup(seed=3) and assignment.rules.name == "sgd"
    with pytest.raises(GameError) as made_up:
        store.homework.open_homework(new_code(), 5, "Ann", time.time(), {})
    assert made_up.value.key == "no_assignment"
    work = store.homework.open_homework(assignment.code, 5, "Ann", time.time(), {"since": 0})
    assert store.homework.current_homework(5) == work
    store.homework.save_homework(
        type(work)(**{**work.__dict__, "trainings": 2, "epochs": 900, "best": 0.5})
    )
    other = _assign(store, task="fast")
    store.homework.open_homework(other.code, 5, "Ann", time.time(), {})
    assert store.homework.current_homework(5).assignment == other  # the one the chat is set up for
    again = store.homework.open_homework(assignment.code, 5, "Ann", time.time(), {"since": 0})
    assert (again.trainings, again.epochs, again.best) == (2, 900, 0.5)  # counts since first
    assert [w.assignment.task for w in store.homework.homework_of(5)] == ["fast", "sgd"]
    assert store.homework.members(GROUP) == {5: "Ann"}  # a student of the group who opened it


def test_the_limits_of_a_public_bot(store):
    for _ in range(MAX_ASSIGNMENTS):
        _assign(store, chat_id=-7)
    with pytest.raises(GameError) as full:
        _assign(store, chat_id=-7)
    assert full.value.key == "too_many_assignments"
    for assignment in store.homework.assignments(-7)[:MAX_OPEN]:
        store.homework.open_homework(assignment.code, 9, "Bo", time.time(), {})
    with pytest.raises(GameError) as busy:
        store.homework.open_homework(
            store.homework.assignments(-7)[MAX_OPEN].code, 9, "Bo", time.time(), {}
        )
    assert busy.value.key == "too_much_homework"
    store.homework.open_homework(
        store.homework.assignments(-7)[0].code, 9, "Bo", time.time(), {}
    )  # one of his


def test_a_follow_up_is_taken_once_and_a_late_one_skips_the_earlier(store):
    assignment = _assign(store)
    assert len(store.homework.pending_followups()) == 2
    assert store.homework.claim_followup(
        assignment.id, 7, time.time()
    )  # the bot was down past day 7
    assert not store.homework.claim_followup(
        assignment.id, 1, time.time()
    )  # day 1 is skipped, not posted
    assert not store.homework.claim_followup(assignment.id, 7, time.time())  # and day 7 never twice
    assert store.homework.pending_followups() == []


def test_points_are_split_into_challenges_quizzes_and_follow_ups(store):
    assignment = _assign(store)
    store.homework.claim_followup(assignment.id, 1, time.time())
    store.add_quiz("f1", GROUP, 10, "loss", [0])
    store.homework.followup_posted(assignment.id, 1, "f1")
    store.add_quiz("q1", GROUP, 11, "bias", [1])
    assert store.answer_quiz("f1", 5, "Ann", [0]) is True
    assert store.answer_quiz("q1", 5, "Ann", [0]) is False  # wrong: counted, no point
    assert store.answer_quiz("q1", 6, "Ben", [1]) is True
    store._add_points(GROUP, 5, "Ann", 3)  # a challenge's
    assert store.homework.points(GROUP) == {5: ("Ann", 3, 1, 1), 6: ("Ben", 0, 1, 0)}


def test_forget_in_the_group_and_in_a_private_chat(store):
    assignment = _assign(store)
    store.homework.open_homework(assignment.code, 5, "Ann", time.time(), {})
    store.homework.open_homework(assignment.code, 6, "Ben", time.time(), {})
    mine = _assign(store, chat_id=6)  # Ben set himself one too
    store.homework.open_homework(mine.code, 6, "Ben", time.time(), {})
    gone = store.forget(6)
    assert (gone["assignments"], gone["homework"]) == (1, 2)
    assert [w.user_id for w in store.homework.homework_on(assignment)] == [5]
    gone = store.forget(GROUP)
    assert (gone["assignments"], gone["homework"], gone["class_members"]) == (1, 1, 2)
    assert store.homework.current_homework(5) is None and store.homework.pending_followups() == []


def test_a_group_that_becomes_a_supergroup_keeps_its_homework(store):
    assignment = _assign(store)
    store.homework.open_homework(assignment.code, 5, "Ann", time.time(), {})
    assert store.move(GROUP, -1000042)
    assert [a.id for a in store.homework.assignments(-1000042)] == [assignment.id]
    assert store.homework.members(-1000042) == {5: "Ann"} and store.homework.members(GROUP) == {}


def test_a_version_4_file_gains_the_homework_tables_and_keeps_its_scores(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for step in SCHEMA.steps[:4]:
        step(db)
    db.execute("CREATE TABLE classroom_schema (version INTEGER)")
    db.execute("INSERT INTO classroom_schema VALUES (4)")
    db.execute("INSERT INTO scores VALUES (-3, 5, 'Ann', 7)")
    db.commit()
    db.close()
    store = ClassroomStore(path)
    assert store.version == SCHEMA.version
    assert store.homework.points(-3) == {5: ("Ann", 7, 0, 0)}  # points from before: the challenges'
    store.close()
