"""Two workers on one PostgreSQL database, in webhook mode behind a load balancer: the fake Bot
API delivers updates as Telegram's webhooks do, to whichever worker, and the bot behaves as
one — a chat trained through one answers through the other, one chat trains once, a round
reveals once, a duplicated update is answered once, /retrain and /stop reach every worker, and
a worker killed mid-training leaves its chats to the other."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.text import i18n
from tests import databases
from tests.classes import busiest_minute
from tests.e2e.conftest import OPERATOR_ID, RunningBot, start_bot, stop_bot, wait_for_status
from tests.fakes.bot_api import FakeBotApi, Request
from tests.fakes.webhooks import WebhookDelivery

pytestmark = databases.needs_postgres

EN = i18n.catalogue("en")
SECRET = "workers-secret-4Rk9"
HOOK = "https://bot.example.com/c2f-hook"
SWEPT = "Swept for other workers' timers"  # bot/telegram/sweep.py logs it at DEBUG


@dataclass
class Workers:
    """The workers (by index), the fake Bot API and the delivery in front of them."""

    api: FakeBotApi
    bots: list[RunningBot]
    delivery: WebhookDelivery
    url: str
    folder: Path

    def send(self, worker: int, chat: int, text: str, **options: object) -> Request:
        """`text` from `chat`, delivered to `worker`; the bot's reply."""
        self.delivery.via(chat, worker)
        return self.bots[worker].send(chat, text, **options)

    def push(self, worker: int, chat: int, text: str, **options: object) -> int:
        """Queue `text` from `chat` for `worker`; the mark to wait from."""
        self.delivery.via(chat, worker)
        return self.api.push_command(chat, text, **options)

    def start(self, index: int) -> RunningBot:
        """(Re)start worker `index` on the shared database; its port joins the delivery."""
        folder = self.folder / f"worker{index}"
        folder.mkdir(exist_ok=True)
        bot = start_bot(
            self.api,
            folder,
            ready="setWebhook",
            DATABASE_URL=self.url,
            WEBHOOK_URL=HOOK,
            WEBHOOK_PORT="0",
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_SECRET=SECRET,
        )
        port = int(bot.wait_log(r"Webhook listener on 127\.0\.0\.1:(\d+)").group(1))
        if index < len(self.bots):
            self.bots[index], self.delivery.ports[index] = bot, port
        else:
            self.bots.append(bot)
            self.delivery.ports.append(port)
        return bot


@pytest.fixture(scope="module")
def workers(tmp_path_factory) -> Iterator[Workers]:
    url = databases.fresh_database()
    api = FakeBotApi("123456789:TEST-token-AbCdEfGhIjKlMnOpQrStUvWxYz").start()
    delivery = WebhookDelivery(api, []).start()
    pair = Workers(api, [], delivery, url, tmp_path_factory.mktemp("workers"))
    try:
        pair.start(0)
        pair.start(1)
        yield pair
    finally:
        for bot in pair.bots:
            if bot.process.poll() is None:
                assert stop_bot(bot) == 0
        delivery.stop()
        api.stop()
        databases.drop_database(url)
    assert not api.violations, api.violations


def test_a_chat_trained_through_one_worker_answers_through_the_other(workers):
    chat = 5101
    untrained = workers.send(1, chat, "/weights").params["text"]
    workers.send(0, chat, "/train 200 seed=3")
    through_first = workers.send(0, chat, "/weights").params["text"]
    through_second = workers.send(1, chat, "/weights").params["text"]
    assert through_second == through_first != untrained
    assert (
        workers.send(1, chat, "/convert 100").params["text"]
        == (workers.send(0, chat, "/convert 100").params["text"])
    )
    workers.send(1, chat, "/data add 100 212")  # a change through the second…
    shown = workers.send(0, chat, "/data").params["text"]  # …seen by the first
    assert "100" in shown and "212" in shown


def test_one_chat_trains_on_one_worker_at_a_time_and_stop_reaches_it(workers):
    api, chat = workers.api, 5102
    mark = workers.push(0, chat, "/train 10000")
    wait_for_status(api, chat, mark, done=1000)  # it pauses there (BOT_TRAINING_PAUSE_SECONDS)
    assert workers.send(1, chat, "/train 10").params["text"] == EN("error-busy")
    assert workers.send(1, chat, "/layers 3").params["text"] == EN("error-busy")
    assert workers.send(1, chat, "/stop").params["text"] == EN("stopping")
    stopped = api.wait_for(lambda r: r.method == "sendPhoto" and r.chat_id == chat, mark).params[
        "caption"
    ]  # the worker that trained it stopped it: the result, as a /train's
    assert stopped.startswith("Stopped after 1000 of 10000 epochs")
    assert workers.send(1, chat, "/stop").params["text"] == EN("nothing-to-stop")


def stats(workers: Workers, worker: int) -> list[int]:
    """/stats through `worker`: sessions, trained, trainings, running, workers."""
    text = workers.send(worker, OPERATOR_ID, "/stats").params["text"]
    counts = re.search(r"Sessions: (\d+) \((\d+) trained\)\nTrainings: (\d+) \((\d+) running", text)
    alive = re.search(r"Workers: (\d+) on the shared PostgreSQL database", text)
    assert counts and alive, text
    return [int(n) for n in (*counts.groups(), alive.group(1))]


def test_stats_on_any_worker_counts_every_workers_chats_and_trainings(workers):
    api, chat = workers.api, 5108
    sessions, trained, trainings, running, alive = stats(workers, 1)
    assert alive == 2
    mark = workers.push(0, chat, "/train 10000")
    wait_for_status(api, chat, mark, done=1000)  # it pauses there, on the first worker
    assert stats(workers, 1)[3] == running + 1  # running there, counted here
    assert workers.send(1, chat, "/stop").params["text"] == EN("stopping")
    api.wait_for(lambda r: r.method == "sendPhoto" and r.chat_id == chat, mark)
    assert stats(workers, 1) == [sessions + 1, trained + 1, trainings + 1, running, 2]


def test_a_duplicated_update_is_answered_once(workers):
    api, chat = workers.api, 5103
    mark = workers.push(0, chat, "/lr x0.1")
    api.wait_reply(chat, mark)
    update_id = api.last_update_id
    first = [r for r in api.requests[mark:] if r.chat_id == chat and r.method == "sendMessage"]
    again = {  # Telegram redelivers the same update (the first answer was slow): to the other
        "update_id": update_id,
        "message": {
            "message_id": api.last_pushed,
            "date": 0,
            "chat": {"id": chat, "type": "private", "first_name": "Ada"},
            "from": {"id": chat, "is_bot": False, "first_name": "Ada"},
            "text": "/lr x0.1",
            "entities": [{"type": "bot_command", "offset": 0, "length": 3}],
        },
    }
    assert workers.delivery.post(1, again, api.webhook) == 200
    workers.bots[1].wait_log(f"Update {update_id} came again")
    now = workers.send(1, chat, "/lr").params["text"]
    assert now == EN("lr-current", lr="0.01", optimizer="adam")  # ×0.1 once, not twice
    replies = [r for r in api.requests[mark:] if r.chat_id == chat and r.method == "sendMessage"]
    assert len(replies) == len(first) + 1  # the /lr that asked, nothing for the copy


def test_retrain_on_one_worker_reaches_the_shared_model_on_the_other(workers):
    fresh, operator = 5104, OPERATOR_ID
    before = workers.send(1, fresh, "/weights").params["text"]
    workers.send(0, operator, "/retrain 100 seed=11")
    after_first = workers.send(0, fresh, "/weights").params["text"]
    after_second = workers.send(1, fresh, "/weights").params["text"]
    assert after_second == after_first != before


def guess(workers: Workers, worker: int, group: int, fahrenheit: int, user: int) -> Request:
    """A member's guess through `worker`; the bot's answer to it (a reaction, or a message)."""
    api = workers.api
    mark = workers.push(worker, group, f"/guess {fahrenheit}", user_id=user, chat_type="group")
    guessed = api.last_pushed
    return api.wait_for(
        lambda r: (
            r.ok
            and r.chat_id == group
            and (
                (r.method == "setMessageReaction" and r.params["message_id"] == guessed)
                or r.method == "sendMessage"
            )
        ),
        mark,
    )


def wait_for_more(bot: RunningBot, text: str, timeout: float = 60.0) -> None:
    """Until `text` is in the bot's log once more than now (a file has no event to wait on)."""
    seen = bot.log().count(text)
    deadline = time.monotonic() + timeout
    while bot.log().count(text) <= seen:
        assert time.monotonic() < deadline, f"no further {text!r} in the log"
        time.sleep(0.05)


def test_a_round_reveals_once_however_many_workers_see_it_due(workers):
    api, group, teacher = workers.api, -5105, 51050
    api.chat_admins[group] = {teacher}
    ask = workers.send(0, group, "/challenge 20 10s", user_id=teacher, chat_type="group")
    assert "20 °C" in ask.params["text"]
    assert guess(workers, 1, group, 68, 51051).ok
    assert guess(workers, 0, group, 70, 51052).ok
    result = api.wait_for(
        lambda r: r.chat_id == group and "Round over" in str(r.params.get("text", "")),
        ask.index,
        timeout=60,
    )
    for bot in workers.bots:  # both have swept for due work since the result came
        wait_for_more(bot, SWEPT)
    results = [
        r
        for r in api.requests[ask.index :]
        if r.chat_id == group and "Round over" in str(r.params.get("text", ""))
    ]
    assert results == [result]
    shown = result.params["text"]
    assert "68" in shown and "70" in shown  # a guess through either worker counts


def wait_until_stored(url: str, query: str, parameters: tuple, expected: object) -> None:
    """Until `query` gives `expected` (the status is recorded just after it is posted)."""
    import psycopg

    deadline = time.monotonic() + 30
    with psycopg.connect(url, autocommit=True) as db:
        while db.execute(query, parameters).fetchone()[0] != expected:
            assert time.monotonic() < deadline, f"{query} never gave {expected}"
            time.sleep(0.05)  # a table has no event to wait on here


def test_two_workers_send_a_group_its_twenty_a_minute_together_not_each(workers):
    """Telegram's 20 messages a minute in a group are the bot's: a class's commands spread over
    both workers get 16 answers at once (4 are the teacher's reserve), the teacher's answer
    still goes at once, and the rest wait for the minute to pass, not for a 429."""
    api, group, teacher = workers.api, -5106, 51060
    api.chat_admins[group] = {teacher}
    students = range(51061, 51085)  # 24: each worker alone would let 16 through, 32 in all
    workers.delivery.via(group, None)  # round robin: every other update to each worker
    mark, violations, before = len(api.requests), api.mark(), api.last_update_id

    def answer(r: Request) -> bool:
        return r.ok and r.chat_id == group and r.method == "sendMessage"

    for value, student in enumerate(students, 1):  # distinct answers: none is given once
        api.push_command(group, f"/convert {value}", user_id=student, chat_type="group")
    api.wait_count(answer, 16, mark)
    served = {d.worker for d in workers.delivery.deliveries if d.update_id > before}
    assert served == {0, 1}
    ask = api.push_command(group, "/convert 37", user_id=teacher, chat_type="group")
    teachers = api.wait_for(lambda r: answer(r) and "37 °C" in r.params["text"], ask)
    assert len([r for r in api.requests[mark : teachers.index] if answer(r)]) == 16
    api.wait_count(answer, len(students) + 1, mark, 120)  # the other 8, a minute on
    assert busiest_minute(api.delivered(group, mark)) <= 20
    assert not api.violations_since(violations)  # no 429 on the way


def test_a_worker_killed_mid_training_leaves_its_chats_to_the_other(workers):
    api, chat = workers.api, 5106
    workers.send(0, chat, "/train 50 seed=2")
    kept = workers.send(1, chat, "/weights").params["text"]
    mark = workers.push(0, chat, "/train 10000")
    status = wait_for_status(api, chat, mark, done=1000)
    message = status.result["message_id"]
    wait_until_stored(workers.url, "SELECT count(*) FROM training_statuses WHERE message_id = %s",
                      (message,), 1)  # fmt: skip
    workers.bots[0].kill()
    assert workers.send(1, chat, "/weights").params["text"] == kept  # only that training lost
    trained = workers.send(1, chat, "/train 20").params["caption"]  # the lock went with the worker
    assert trained.startswith("Trained 20 epochs")
    # The dead worker's status message is marked interrupted once its lease runs out.
    api.wait_for(
        lambda r: (
            r.method == "editMessageText"
            and r.params.get("message_id") == message
            and r.params.get("text") == EN("progress-interrupted")
        ),
        mark,
        timeout=60,
    )
    other = 5107  # every other chat goes on through the survivor, whichever worker it was on
    workers.delivery.via(other, None)
    assert "100 °C" in workers.bots[1].send(other, "/convert 100").params["text"]
    workers.start(0)  # and a worker joins again
    assert (
        workers.send(0, chat, "/weights").params["text"]
        == (workers.send(1, chat, "/weights").params["text"])
    )


def test_a_burst_of_trainings_through_one_worker_all_finish(workers):
    """More trainings queued at once than the worker has connections for its changes: each
    holds its chat's training lock while it waits for a slot, and every one still finishes."""
    api, chats = workers.api, list(range(5200, 5216))  # twice the changes' connections
    mark = len(api.requests)
    for chat in chats:
        workers.delivery.via(chat, 0)
        api.push_command(chat, "/train 100")
    photos = api.wait_count(
        lambda r: r.method == "sendPhoto" and r.chat_id in chats, len(chats), mark, 300
    )
    assert {p.chat_id for p in photos} == set(chats)
