"""`c2f-bot migrate-to URL`, `migrate` and `check` against a real PostgreSQL: an SQLite state
copied whole and checked, an occupied database refused, the password never printed."""

from __future__ import annotations

import time

from classroom.challenge import Guess
from model.dataset import Dataset
from model.session import Session
from storage.classroom import ClassroomStore
from storage.sessions import DEFAULT_KEY, SessionStore
from tests import databases
from tests.e2e.test_operator_cli import facts, no_tensorflow, operator  # noqa: F401

pytestmark = databases.needs_postgres


def test_an_sqlite_state_moves_to_postgresql_whole_and_only_into_an_empty_one(
    api,
    tmp_path,
    no_tensorflow,  # noqa: F811
):
    data = tmp_path / "data"
    model = SessionStore(data)
    model.save(DEFAULT_KEY, Session(epochs=500))
    model.save(7, Session(dataset=Dataset().add(100.0, 212.0), epochs=300, seed=4))
    room = ClassroomStore(model.location)
    round_ = room.start_round(-5, 20.0, time.time() + 60, 1, "zh", True)
    room.add_guess(-5, Guess(2, "Ann", 68.0))
    room.close_round(round_.id, 68.0)
    room.close()
    model.close()
    url = databases.fresh_database()
    try:
        done = operator(api, tmp_path, no_tensorflow, "migrate-to", url, TELEGRAM_BOT_TOKEN="")
        assert done.returncode == 0, done.stderr
        assert "Copied 5 rows" in done.stdout and "checked every one" in done.stdout
        copied = SessionStore(url=url)
        assert copied.load(7).dataset == Dataset().add(100.0, 212.0)
        assert copied.load(7).epochs == 300 and copied.count() == 2
        there = ClassroomStore(url)
        assert [s.points for s in there.scores(-5)] == [3]
        again = there.start_round(-5, 30.0, time.time() + 60, 1, "en", True)
        assert again.id > round_.id  # the copy's ids go on from the SQLite file's
        there.close()
        copied.close()

        refused = operator(api, tmp_path, no_tensorflow, "migrate-to", url, TELEGRAM_BOT_TOKEN="")
        assert refused.returncode == 1 and "is not empty" in refused.stderr

        env = {"DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": ""}
        checked = operator(api, tmp_path, no_tensorflow, "check", **env)
        assert checked.returncode == 0, checked.stderr
        found = facts(checked.stdout)
        assert found["rows"] == "2" and found["writable"] == "yes"
        migrated = operator(api, tmp_path, no_tensorflow, "migrate", **env)
        assert migrated.returncode == 0 and "(up to date)" in migrated.stdout
        backup = operator(api, tmp_path, no_tensorflow, "backup", str(tmp_path / "b"), **env)
        assert backup.returncode == 1 and "pg_dump" in backup.stderr
    finally:
        databases.drop_database(url)


def test_a_database_url_password_is_never_printed(api, tmp_path, no_tensorflow):  # noqa: F811
    url = "postgresql://c2f:Sekr3t-pw@127.0.0.1:1/nowhere"
    done = operator(api, tmp_path, no_tensorflow, "check", DATABASE_URL=url, TELEGRAM_BOT_TOKEN="")
    assert (
        done.returncode == 1 and "cannot reach postgresql://c2f@127.0.0.1:1/nowhere" in done.stderr
    )
    assert "Sekr3t" not in done.stdout + done.stderr
