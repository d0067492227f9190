"""The classroom's tables: one open round a chat, each member's latest guess, points awarded
once, quiz answers counted once, presets deduplicated — beside the model's sessions in one file,
and still there when the file is opened again."""

import asyncio
import json
import time

import pytest

from classroom import presets
from classroom.challenge import Guess
from classroom.errors import GameError
from classroom.service import Classroom
from classroom.settings import ChatSettings
from classroom.tune import new_game
from model.dataset import Dataset
from model.session import Session
from model.settings import Setup
from storage.classroom import ClassroomStore
from storage.classroom_schema import SCHEMA, SCHEMA_VERSION
from storage.coordination.schema import SCHEMA as COORDINATION_SCHEMA
from storage.migrations import has_table
from storage.sessions import SessionStore, encode


@pytest.fixture
def files(database):
    """The model's store and the classroom's, on SQLite and on PostgreSQL."""
    model = database.store()
    store = database.classroom()
    yield model, store
    store.close()
    model.close()


def test_the_classroom_has_its_own_tables_and_version_in_the_models_database(files, database):
    model, store = files
    model.save(1, Session())
    assert store.version == SCHEMA_VERSION and model.version >= 1
    again = database.classroom()  # a second start migrates nothing
    for table in ("sessions", "challenges", "guesses", "scores", "quizzes", "presets", "tunes"):
        assert has_table(again._db, table)
    assert not has_table(again._db, "no_such_table")
    again.close()


def test_a_chat_has_one_open_round_and_a_members_latest_guess_counts(files):
    _, store = files
    round_ = store.start_round(-5, 25.0, time.time() + 60, 1, "en", True)
    with pytest.raises(GameError, match="challenge_open"):
        store.start_round(-5, 30.0, time.time() + 60, 2, "en", True)
    store.set_round_message(round_.id, 77)
    store.add_guess(-5, Guess(2, "Ann", 70.0))
    store.add_guess(-5, Guess(2, "Ann", 75.0))
    store.add_guess(-5, Guess(3, "Ben", 80.0), reply_to=77)
    with pytest.raises(GameError, match="round_over"):
        store.add_guess(-5, Guess(3, "Ben", 80.0), reply_to=76)  # a reply to another message
    assert store.is_challenge_message(-5, 77) and not store.is_challenge_message(-6, 77)
    placed = store.close_round(round_.id, 74.8)
    assert [(p.guess.name, p.guess.fahrenheit, p.points) for p in placed] == [
        ("Ann", 75.0, 3),
        ("Ben", 80.0, 2),
    ]
    assert store.close_round(round_.id, 74.8) is None  # /reveal and the timer: points once
    assert {s.name: s.points for s in store.scores(-5)} == {"Ann": 3, "Ben": 2}
    with pytest.raises(GameError, match="round_over"):
        store.add_guess(-5, Guess(2, "Ann", 75.0))
    with pytest.raises(GameError, match="no_challenge"):
        store.add_guess(-9, Guess(2, "Ann", 75.0))
    assert store.open_round(-5) is None


def test_rounds_guesses_and_scores_are_still_there_after_a_restart(database):
    model = database.store()
    store = database.classroom()
    round_ = store.start_round(7, 25.0, 123.0, 7, "zh", False)
    store.add_guess(7, Guess(7, "Ada", 77.0))
    store._db.close()  # as a crash would leave it: no clean close
    model._db.close()

    again = database.classroom()
    assert again.open_rounds() == [round_]
    assert [p.guess.name for p in again.close_round(round_.id, None)] == ["Ada"]
    assert again.scores(7) == []  # no answer (a diverged model): nobody scores
    again.close()


def test_a_quiz_answer_scores_once_and_only_when_right(files):
    _, store = files
    store.add_quiz("p1", -5, 10, "bias", [2])
    assert store.answer_quiz("p1", 1, "Ann", [2]) is True
    assert store.answer_quiz("p1", 1, "Ann", [2]) is None  # a repeated update: not counted
    assert store.answer_quiz("p1", 2, "Ben", [0]) is False
    assert store.answer_quiz("p1", 3, "Cy", []) is None  # a retracted vote
    assert store.answer_quiz("other-bots-poll", 4, "Di", [0]) is None
    assert {s.name: s.points for s in store.scores(-5)} == {"Ann": 1}
    assert store.last_quiz(-5) == ("p1", 10, "bias", False)
    store.close_quiz("p1")
    assert store.last_quiz(-5)[3] is True
    assert store.answer_quiz("p1", 5, "Eve", [2]) is None  # arrived after the poll closed
    assert store.answer_quiz("p1", 6, "Fay", [2], arrived=time.time() - 60) is True  # before
    assert store.reset_scores(-5) == 2 and store.scores(-5) == []


async def test_presets_are_stored_once_and_found_by_their_code(files):
    model, store = files
    classroom = Classroom(store)
    setup = Setup(seed=3)
    code = await classroom.share(setup, 1)
    assert await classroom.share(setup, 2) == code
    assert await classroom.preset(code, 3) == setup
    with pytest.raises(GameError, match="no_preset"):
        await classroom.preset(presets.code(Setup(seed=4)), 3)
    classroom.close()
    other = ClassroomStore(model.location)
    assert other._db.execute("SELECT count(*) FROM presets").fetchone()[0] == 1
    other.close()


async def test_concurrent_presses_are_all_counted(files):
    _, store = files
    classroom = Classroom(store)
    await classroom.update_tune(1, lambda old: new_game(Dataset(), (1.0, 2.0)))
    await asyncio.gather(
        *(classroom.update_tune(1, lambda g, i=i: g.press("w+", f"p{i}")) for i in range(20))
    )
    assert (await classroom.tune(1)).presses == 20
    classroom.close()
    reopened = ClassroomStore(store.location)
    assert reopened.tune(1)["presses"] == 20
    reopened.close()


async def test_a_quiz_on_its_way_is_waited_for_by_the_next_quiz_and_by_its_answers(files):
    # Telegram's sendPoll answer and the updates after it come on different connections: the
    # next /quiz or an answer can reach the bot before the poll is recorded.
    _, store = files
    classroom = Classroom(store)
    last, finished = await classroom.begin_quiz(-5)
    assert last is None
    answered = asyncio.create_task(classroom.answer_quiz("p1", 1, "Ann", [2]))
    second = asyncio.create_task(classroom.begin_quiz(-5))
    await asyncio.sleep(0)  # one turn of the loop: both are waiting now
    assert not answered.done() and not second.done()
    await classroom.add_quiz("p1", -5, 10, "bias", 2)
    finished()
    assert await answered is True
    last, finished_second = await second
    assert last == ("p1", 10, "bias", False)  # the next /quiz knows the poll to close
    finished_second()
    assert [(s.name, s.points) for s in await classroom.scoreboard(-5)] == [("Ann", 1)]
    classroom.close()


async def test_closing_a_quiz_counts_the_answers_that_came_before_it_first(files):
    _, store = files
    classroom = Classroom(store)
    await classroom.add_quiz("p2", -6, 11, "bias", 1)
    checked = asyncio.Event()
    asked = asyncio.Event()

    async def is_member(chat_id: int) -> bool:  # getChatMember, on its way
        asked.set()
        await checked.wait()
        return True

    answered = asyncio.create_task(classroom.answer_quiz("p2", 1, "Ann", [1], is_member))
    await asked.wait()
    closed = asyncio.create_task(classroom.close_quiz("p2"))  # the next /quiz stops the poll
    await asyncio.sleep(0)
    assert await classroom.scoreboard(-6) == []  # a trip through the store: a close is done
    for _ in range(3):
        await asyncio.sleep(0)
    assert not closed.done()  # it waits for Ann's answer to be counted
    checked.set()
    assert await answered is True
    await closed
    assert [(s.name, s.points) for s in await classroom.scoreboard(-6)] == [("Ann", 1)]
    classroom.close()


def test_a_chat_moved_to_its_supergroup_keeps_its_rows_once(files):
    model, store = files
    old, new = -5, -1_000_000_000_005
    model.save(old, Session(epochs=300))
    store.chats.save_chat_settings(old, ChatSettings(locked=True))
    round_ = store.start_round(old, 20.0, time.time() + 60, 1, "en", True)
    store.add_guess(old, Guess(2, "Ann", 68.0))
    store.add_quiz("p1", old, 10, "q", [1])
    store.answer_quiz("p1", 2, "Ann", [1])  # Ann: 1 point in the old group
    store.answer_quiz("p1", 3, "Ben", [1])
    store.answer_quiz("p0", 3, "Ben", [1])  # not a known poll: nothing
    store._add_points(new, 3, "Ben", 2)  # Ben scored in the supergroup already
    store.start_round(new, 99.0, time.time() + 60, 3, "en", True)  # and opened a round there

    assert model.move(old, new) and store.move(old, new)
    assert not model.move(old, new) and not store.move(old, new)  # twice is once
    assert model.load(old) is None and model.load(new).epochs == 300
    assert store.chats.chat_settings() == {new: ChatSettings(locked=True)}
    assert store.open_round(old) is None and store.open_round(new).id == round_.id
    assert {s.name: s.points for s in store.scores(new)} == {"Ann": 1, "Ben": 3}
    assert store.scores(old) == [] and store.last_quiz(new)[3]  # the old poll is closed
    assert [p.guess.name for p in store.close_round(round_.id, 68.0)] == ["Ann"]


async def test_a_chats_lock_and_language_survive_a_restart_a_reset_and_a_move(database):
    model = database.store()
    classroom = Classroom(database.classroom())
    await classroom.set_language(-8, "zh")
    await classroom.set_locked(-8, True)
    await classroom.set_locked(-9, True)
    await classroom.set_locked(-9, False)  # back to the defaults: no row kept
    await classroom.set_admins_play(-10, True)
    assert (classroom.language(-8), classroom.locked(-8)) == ("zh", True)
    assert classroom.language(-9) is None and not classroom.admins_play(-8)
    classroom.close()
    again_store = database.classroom()
    assert again_store.chats.chat_settings() == {
        -8: ChatSettings(True, "zh"),
        -10: ChatSettings(admins_play=True),
    }
    again = Classroom(again_store)
    assert again.language(-8) == "zh" and again.locked(-8)
    assert await again.move(-8, -1008)
    assert (again.language(-1008), again.locked(-1008), again.locked(-8)) == ("zh", True, False)
    await again.set_language(-1008, None)
    assert again.language(-1008) is None and again.locked(-1008)
    await again.forget(-1008)
    assert not again.locked(-1008) and list(again_store.chats.chat_settings()) == [-10]
    again.close()
    model.close()


def test_locks_and_languages_kept_in_the_models_sessions_move_to_the_classroom(tmp_path):
    """A file from before chat settings were the classroom's (classroom schema 2)."""
    model = SessionStore(tmp_path)
    meta, _ = encode(Session())
    rows = {
        "-5": {"locked": True, "language": "zh"},
        "6": {"locked": False, "language": "en"},
        "-7": {"locked": True},  # written before languages existed
        "8": {"locked": False, "language": None},  # nothing chosen: no row
        "default": {"locked": False, "language": "zh"},  # the shared model is no chat
    }
    for key, settings in rows.items():
        model.save(key if key == "default" else int(key), Session())
        model._db.execute(
            "UPDATE sessions SET meta = ? WHERE key = ?",
            (json.dumps(json.loads(meta) | settings), key),
        )
    for step in SCHEMA.steps[:2]:  # the classroom's tables as version 2 had them
        step(model._db)
    model._db.executescript(
        "CREATE TABLE classroom_schema (version INTEGER); INSERT INTO classroom_schema VALUES (2);"
    )
    assert SCHEMA.steps[2].__name__ == "_add_chat_settings_v3"  # the step that moves them
    store = ClassroomStore(model.path)
    assert store.version == SCHEMA_VERSION == 8
    assert store.chats.chat_settings() == {
        -5: ChatSettings(True, "zh"),
        6: ChatSettings(False, "en"),
        -7: ChatSettings(True, None),
    }
    store.close()
    model.close()


async def test_how_far_a_chat_got_in_its_first_lesson_is_kept_beside_its_other_settings(database):
    model = database.store()
    classroom = Classroom(database.classroom())
    await classroom.set_language(21, "zh")
    await classroom.set_lesson_step(21, 3)
    await classroom.set_lesson_step(22, 5)
    await classroom.set_lesson_step(23, 2)
    await classroom.set_lesson_step(23, 0)  # back to the defaults: no row kept
    assert (classroom.lesson_step(21), classroom.lesson_step(24)) == (3, 0)
    classroom.close()
    again_store = database.classroom()
    assert again_store.chats.chat_settings() == {
        21: ChatSettings(language="zh", lesson_step=3),
        22: ChatSettings(lesson_step=5),
    }
    assert again_store.chats.chat_setting(22) == ChatSettings(lesson_step=5)
    again = Classroom(again_store)
    assert again.lesson_step(21) == 3 and again.language(21) == "zh"
    await again.forget(21)
    assert again.lesson_step(21) == 0
    again.close()
    model.close()


def test_a_version_7_database_keeps_its_chats_settings_and_learns_the_lesson_step(database):
    """A database the release before the first lesson wrote (classroom schema 7) opens with
    every chat's settings as they were, each at the lesson's beginning."""
    model = database.store()
    db = model._db
    db.execute("BEGIN IMMEDIATE")
    for step in SCHEMA.steps[:5]:
        step(db)
    for statement in _V6_V7:
        db.execute(statement)
    db.execute("CREATE TABLE classroom_schema (version INTEGER)")
    db.execute("INSERT INTO classroom_schema VALUES (7)")
    db.execute(
        "INSERT INTO chat_settings (chat_id, locked, language, admins_play, followups) "
        "VALUES (-5, 1, 'zh', 1, 1)"
    )
    db.execute("COMMIT")
    store = ClassroomStore(database.url or model.path)
    assert store.version == SCHEMA_VERSION == 8
    assert store.chats.chat_settings() == {-5: ChatSettings(True, "zh", True, True, 0)}
    store.chats.save_chat_settings(-5, ChatSettings(True, "zh", True, True, 4))
    store.close()
    again = ClassroomStore(database.url or model.path)
    assert again.chats.chat_setting(-5).lesson_step == 4
    again.close()
    model.close()


# The coordination's tables as the classroom schema's versions 6 and 7 made them, before they had
# a history of their own (storage/coordination/schema.py): the DDL of that release, verbatim.
_V6_V7 = (
    "CREATE TABLE processed_updates (update_id INTEGER PRIMARY KEY, at REAL NOT NULL)",
    "CREATE INDEX processed_updates_by_age ON processed_updates (at)",
    "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until REAL NOT NULL)",
    "ALTER TABLE training_statuses ADD COLUMN worker TEXT",
    "CREATE TABLE flood_places (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "window_key INTEGER NOT NULL, began REAL NOT NULL, done REAL)",
    "CREATE INDEX flood_places_by_window ON flood_places (window_key)",
)


def test_a_version_7_database_opens_and_its_coordination_tables_get_their_own_history(database):
    """A state the release before the storage package wrote (classroom schema 7, the
    coordination's tables in it, with rows) opens: the rows stay, the tables are the coordination
    schema's version 1, and opening it again changes nothing."""
    model = database.store()
    db = model._db
    db.execute("BEGIN IMMEDIATE")
    for step in SCHEMA.steps[:5]:  # the classroom's own tables up to version 5, unchanged since
        step(db)
    for statement in _V6_V7:
        db.execute(statement)
    db.execute("CREATE TABLE classroom_schema (version INTEGER)")
    db.execute("INSERT INTO classroom_schema VALUES (7)")
    db.execute("INSERT INTO leases VALUES ('worker:old', 'old', 1e12)")
    db.execute("INSERT INTO flood_places (window_key, began) VALUES (-5, 1.0)")
    db.execute("INSERT INTO processed_updates VALUES (41, 1.0)")
    db.execute("COMMIT")
    assert not has_table(db, "coordination_schema")

    for _ in range(2):  # upgraded once, then opened as it is
        store = ClassroomStore(database.url or model.path)
        assert store.version == SCHEMA_VERSION
        store.close()
    assert COORDINATION_SCHEMA.read_version(db) == COORDINATION_SCHEMA.version == 1
    assert db.execute("SELECT holder FROM leases").fetchall() == [("old",)]
    assert db.execute("SELECT window_key FROM flood_places").fetchall() == [(-5,)]
    db.execute("INSERT INTO processed_updates VALUES (42, 2.0)")  # the table takes new rows
    assert len(db.execute("SELECT * FROM processed_updates").fetchall()) == 2
    model.close()


def test_a_new_database_has_the_coordination_tables_at_their_first_version(database):
    model = database.store()
    ClassroomStore(database.url or model.path).close()
    db = model._db
    assert COORDINATION_SCHEMA.read_version(db) == 1
    assert all(has_table(db, t) for t in ("processed_updates", "leases", "flood_places"))
    model.close()
