"""Homework end to end over HTTP: a teacher assigns a task in a group of three students; one
finishes it in a private chat (the news comes on the command that met the goal), one opens it
and stalls, one never opens it. The group's one progress message shows it; /report delivers a
summary and a CSV whose rows match; follow-up quizzes come after one (scaled) day and after the
seventh, posted once even across a restart while one fell due; /forget removes what it says."""

import csv
import io
import re
import time

from bot.text import i18n
from tests.chats import new_chat
from tests.e2e.conftest import start_bot, stop_bot

EN = i18n.catalogue("en")
DAY = 3.0  # BOT_DAY_SECONDS: a follow-up a "day" after, the next a "week"; stuck after 10 ms
TEACHER = 9100


def _text(request) -> str:
    """A message's text without the marks that keep names apart from it."""
    shown = str(request.params.get("text") or request.params.get("caption") or "")
    return shown.replace("\u2068", "").replace("\u2069", "")


def _polls(api, group: int, day: int) -> list:
    head = EN("followup-head", day=day, title=EN("hw-title-fast"))
    return [
        r
        for r in api.sent_to(group)
        if r.ok and r.method == "sendPoll" and str(r.params["question"]).startswith(head)
    ]


def _progress(api, group: int, message_id: int) -> str:
    return _text_of(api.message(group, message_id))


def _text_of(message: dict | None) -> str:
    return "" if message is None else str(message.get("text", ""))


def test_a_class_does_homework_and_the_teacher_gets_the_report(own_api, group, tmp_path):
    api = own_api
    api.chat_admins[group] = {TEACHER}
    env = {"BOT_DAY_SECONDS": str(DAY), "BOT_TRAINING_PAUSE_SECONDS": "0"}
    bot = start_bot(api, tmp_path, **env)
    students = {name: new_chat() for name in ("Ann", "Ben", "Cy")}
    for i, (name, user) in enumerate(students.items()):  # the bot knows who acts in the group
        bot.send(group, f"/convert {i}", user, "group", first_name=name)
    bot.send(group, "/train 10 seed=3", TEACHER, "group", first_name="Teacher")
    bot.send(group, "/followup on", TEACHER, "group", first_name="Teacher")
    posted = bot.send(group, "/assign fast 1m", TEACHER, "group", first_name="Teacher")
    set_at = time.time()
    text = _text(posted)
    assert text.startswith(EN("hw-posted-head", title=EN("hw-title-fast")))
    (code,) = re.findall(r"/start (hw[\w-]{12})", text)
    assert posted.params["reply_markup"]["inline_keyboard"][0][0]["url"].endswith(f"start={code}")
    message_id = posted.result["message_id"]
    assert "0 of 3 done" in text

    # Ann works it in her private chat and meets the goal with one training.
    ann, ben = students["Ann"], students["Ben"]
    opened = bot.send(ann, f"/start {code}", first_name="Ann")
    assert _text(opened).startswith(EN("hw-opened-head", title=EN("hw-title-fast")))
    mark = api.push_command(ann, "/train 300 lr=1", first_name="Ann")
    trained = api.wait_for(lambda r: r.chat_id == ann and r.method == "sendPhoto", mark, 60)
    done = api.wait_for(
        lambda r: r.chat_id == ann and _text(r).startswith(EN("hw-done", title="")[:10]), mark
    )
    assert api.requests.index(trained) < api.requests.index(done)
    assert EN("hw-done-count", trainings=1, epochs=300) in _text(done)
    assert EN("hw-done-late") in _text(done)  # due a scaled minute after it was set: late
    # Ben opens it and stalls; Cy never opens it.
    bot.send(ben, f"/start {code}", first_name="Ben")
    shown = EN("hw-progress", done=1, students=3, working=0, stuck=1, not_opened=1)
    api.wait_for(lambda r: shown in _progress(api, group, message_id), timeout=30)
    edits = [
        r
        for r in api.sent_to(group)
        if r.method == "editMessageText" and r.params["message_id"] == message_id
    ]
    assert len(edits) <= 4  # Ann opened, Ann done, Ben opened, Ben stuck: at most one edit each

    # The teacher has no private chat with the bot: the report comes to the group, with a warning.
    mark = api.push_command(group, "/report", TEACHER, "group", first_name="Teacher")
    summary = api.wait_reply(group, mark)
    assert _text(summary).startswith(EN("report-names-shown"))
    assert "Stuck: Ben" in _text(summary) and "1 of 3 done" in _text(summary)
    document = api.wait_for(lambda r: r.chat_id == group and r.method == "sendDocument", mark)
    raw = document.files["document"]
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == [
        EN("report-col-user"),
        EN("report-col-name"),
        EN("report-col-assignment"),
    ]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Ann", "Ben", "Cy"}
    assert by_name["Ann"][5:8] == [EN("report-yes"), "1", "300"]
    done_at = time.mktime(time.strptime(by_name["Ann"][4], "%Y-%m-%d %H:%M:%S")) - time.timezone
    assert set_at - 60 < done_at < time.time()
    assert by_name["Ben"][4] == EN("report-status-stuck") and by_name["Ben"][6:8] == ["0", "0"]
    assert by_name["Cy"][3:5] == ["", EN("report-status-none")]
    assert float(by_name["Ann"][8]) < float(by_name["Ann"][9].split()[-1])

    # Once the teacher has started a private chat, the report goes there.
    bot.send(TEACHER, "/start", first_name="Teacher")
    mark = api.push_command(group, "/report", TEACHER, "group", first_name="Teacher")
    assert _text(api.wait_reply(group, mark)) == EN("report-sent")
    api.wait_for(lambda r: r.chat_id == TEACHER and r.method == "sendDocument", mark)

    # A day later: one follow-up quiz on what the task practised.
    api.wait_for(lambda r: bool(_polls(api, group, 1)), timeout=30)
    (poll,) = _polls(api, group, 1)
    assert poll.params["type"] == "quiz" and not poll.params.get("is_anonymous", True)
    api.push_poll_answer(poll.result["poll"]["id"], ann, poll.params["correct_option_ids"])
    for _ in range(3):  # each /score is answered after the updates before it were taken up
        board = _text(bot.send(group, "/score", TEACHER, "group", first_name="Teacher"))
        if "Ann" in board:
            break
    assert re.search(r"Ann\W+1\b", board), board  # the follow-up's point
    assert stop_bot(bot) == 0
    while time.time() < set_at + 7 * DAY:  # the seventh day passes while the bot is down
        time.sleep(0.1)
    mark = len(api.requests)
    bot = start_bot(api, tmp_path, **env)
    api.wait_for(lambda r: bool(_polls(api, group, 7)), mark, timeout=30)
    bot.send(group, "/score", TEACHER, "group", first_name="Teacher")  # a round trip after it
    assert len(_polls(api, group, 1)) == 1 and len(_polls(api, group, 7)) == 1

    # Ben forgets his work: the report shows him as not opened; the group forgets it all.
    bot.send(ben, "/forget yes", first_name="Ben")
    mark = api.push_command(group, "/report", TEACHER, "group", first_name="Teacher")
    api.wait_reply(group, mark)
    document = api.wait_for(lambda r: r.chat_id == TEACHER and r.method == "sendDocument", mark)
    rows = list(csv.reader(io.StringIO(document.files["document"].decode("utf-8-sig"))))
    assert {row[1]: row[4] for row in rows[1:]}["Ben"] == EN("report-status-none")
    assert {row[1]: row[10:] for row in rows[1:]}["Ann"] == ["0", "1", "1"]  # a follow-up right
    forgot = bot.send(group, "/forget yes", TEACHER, "group", first_name="Teacher")
    assert EN("forget-homework", assignments=1, homework=1, members=3) in _text(forgot)
    assert EN("hw-mine-none") in _text(bot.send(ann, "/assign", first_name="Ann"))
    assert bot.send(ann, f"/start {code}", first_name="Ann").params["text"] == EN(
        "game-no_assignment"
    )
    assert stop_bot(bot) == 0
