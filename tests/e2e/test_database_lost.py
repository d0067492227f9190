"""A worker whose PostgreSQL database goes away (stopped, as an outage would): every command is
answered at once, in plain words, that the database is out of reach; the log says so in a
line, without tracebacks; once it is back the bot carries on; SIGTERM stops it. The database
is a cluster of the test's own (tools/test_postgres.py): stopping it would stop the others'."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from bot.text import i18n
from tests.conftest import ROOT
from tests.e2e.conftest import RunningBot, start_bot, stop_bot

_spec = importlib.util.spec_from_file_location("test_postgres", ROOT / "tools" / "test_postgres.py")
assert _spec is not None and _spec.loader is not None
test_postgres = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(test_postgres)

PROGRAMS = test_postgres.server_programs()
pytestmark = pytest.mark.skipif(PROGRAMS is None, reason="no PostgreSQL server programs here")
EN = i18n.catalogue("en")


@pytest.fixture
def cluster() -> Iterator[object]:
    """A PostgreSQL cluster of this test's own, removed afterwards."""
    made = test_postgres.Cluster(PROGRAMS)
    try:
        yield made.start()
    finally:
        made.remove()


def answered(bot: RunningBot, chat: int, command: str) -> str:
    """The answer to `command` once the database is back: until each pool has reconnected
    (psycopg's back-off), the answers say it is out of reach, and nothing else."""
    for _ in range(20):
        text = bot.send(chat, command).params["text"]
        if text != EN("storage-unreachable"):
            return text
    raise AssertionError(f"{command}: the bot never reached its database again")


def test_a_worker_that_loses_its_database_says_so_and_still_stops(own_api, tmp_path, cluster):
    bot = start_bot(own_api, tmp_path, DATABASE_URL=cluster.url)
    try:
        chat = 881
        assert bot.send(chat, "/train 30 seed=1").method == "sendPhoto"
        assert "°F" in bot.send(chat, "/convert 10").params["text"]
        cluster.stop()
        for command in ("/convert 20", "/train 20", "/data add 1 2"):
            reply = bot.send(chat, command)
            assert reply.params["text"] == EN("storage-unreachable"), command
        cluster.start_again()  # back: commands go through again, no restart needed
        assert "°F" in answered(bot, chat, "/convert 20")
        assert answered(bot, chat, "/data add 1 2").startswith("Added 1")
    finally:
        code = stop_bot(bot)  # fails if the bot is still running 60 s after SIGTERM
    assert code == 0
    log = bot.log()
    assert "Traceback" not in log, log[log.find("Traceback") - 500 :][:3000]
    assert "the database is out of reach" in log
