"""The Prometheus endpoint (METRICS_PORT) during a real run: the counters move as the bot works,
and no label names a chat, a user or a text."""

import re
import urllib.request

import pytest

from bot.text import i18n
from tests.e2e.conftest import start_bot, stop_bot
from tests.fakes.bot_api import Fault

EN = i18n.catalogue("en")


def scrape(url):
    """{'name{labels}': value} of every sample the endpoint shows."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        text = answer.read().decode()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


@pytest.fixture
def metered(api, tmp_path):
    running = start_bot(api, tmp_path, METRICS_PORT="0")
    port = running.wait_log(r"Metrics on http://127\.0\.0\.1:(\d+)/metrics")[1]
    yield running, f"http://127.0.0.1:{port}/metrics"
    assert stop_bot(running) == 0


def test_the_counters_move_as_the_bot_works_and_name_no_one(metered):
    bot, url = metered
    chat, group, teacher, student = 501, -501, 51, 52
    bot.send(chat, "/weights")  # the model has loaded: the shared model's training is behind us
    before = scrape(url)
    for query in ("100", "hot"):  # inline queries: one answered, one it cannot read
        bot.api.push_inline_query(chat, query)
        assert bot.api.wait_inline_answer(bot.api.last_inline_query_id).ok
    bot.send(chat, "/convert 100")
    assert bot.send(chat, "/convert hot").params["text"] == EN("usage-not_a_number", word="hot")
    bot.send(chat, "/train 30")
    bot.api.chat_admins[group] = {teacher}
    bot.send(group, "/lock", teacher, "group")
    assert bot.send(group, "/train", student, "group").params["text"] == EN(
        "locked", command="train"
    )
    bot.api.inject(Fault("sendMessage", times=1, status=502))
    bot.send(chat, "/weights")  # answered on the second attempt
    after = scrape(url)

    def moved(sample):
        return after.get(sample, 0) - before.get(sample, 0)

    assert moved('c2f_updates_total{command="convert",outcome="answered"}') == 1
    assert moved('c2f_updates_total{command="convert",outcome="bad_input"}') == 1
    assert moved('c2f_updates_total{command="inline",outcome="answered"}') == 1
    assert moved('c2f_updates_total{command="inline",outcome="bad_input"}') == 1
    assert moved('c2f_reply_seconds_count{command="inline"}') == 2
    assert moved('c2f_updates_total{command="train",outcome="refused"}') == 1
    assert moved('c2f_reply_seconds_count{command="train"}') == 1
    assert moved('c2f_trainings_total{kind="train"}') == 1
    assert moved("c2f_epochs_trained_total") == 30
    assert moved("c2f_training_seconds_count") == 1
    assert moved('c2f_plot_render_seconds_count{kind="loss"}') == 1
    assert moved('c2f_bot_api_retries_total{method="sendMessage"}') == 1
    # The chat that trained has a session; the locked group has none (its lock is the class's).
    assert moved("c2f_sessions") == 1 and after["c2f_trainings_running"] == 0
    labels = " ".join(re.findall(r"\{[^}]*\}", " ".join(after)))
    for private in ("501", "-501", "51", "52", "hot", "Ada"):
        assert private not in labels
