"""Every homework task is solvable with the ordinary commands: each is played here through the
shared command table on the real model, as a student does in a private chat (and as console mode
does), and the bot says "done" on the command that met the goal — not before."""

import asyncio

import pytest

from bot.features import homework, pipeline
from bot.features.chat import Chat, Member
from bot.features.replies import Reply, Sent
from bot.features.timers import Timers
from bot.text import i18n
from classroom import homework as rules
from classroom.service import Classroom
from storage.classroom import ClassroomStore
from tests.classroom.test_tune_play import careful_move

EN = i18n.catalogue("en")
DONE = EN("hw-done", title="§").split("§")[0]  # "✅ Homework done: "


class Screen:
    """An Outbox that keeps what the bot posts outside replies (the homework's news)."""

    def __init__(self) -> None:
        self.posts: list[Reply] = []

    async def post(self, reply: Reply) -> Sent:
        self.posts.append(reply)
        return Sent(100 + len(self.posts), f"poll-{len(self.posts)}" if reply.poll else None)

    async def edit(self, message_id: int, reply: Reply) -> None:
        pass

    async def stop_poll(self, message_id: int) -> None:
        pass


class Student:
    """A student's private chat: commands through the command table; replies 'sent'."""

    def __init__(self, service, chat_id: int, classroom: Classroom) -> None:
        self.screen = Screen()
        self.sent = 0
        self.poll_id = ""
        self.chat = Chat(
            service, chat_id, member=Member(chat_id, "Ann"), classroom=classroom, outbox=self.screen
        )

    async def send(self, line: str) -> Reply:
        """The reply to `line`, sent (its on_sent runs, as the transports do)."""
        name, *args = line[1:].split()
        reply = await pipeline.run(name, self.chat, args)
        self.sent += 1
        if reply.poll is not None:
            self.poll_id = f"poll-{self.sent}"
        if reply.on_sent is not None and not reply.quiet:
            await reply.on_sent(Sent(self.sent, self.poll_id if reply.poll else None))
        return reply

    def news(self) -> list[str]:
        """Every "done" the bot has posted so far."""
        return [p.text for p in self.screen.posts if p.text.startswith(DONE)]

    async def work(self):
        return await self.chat.games.current_homework(self.chat.chat_id)


@pytest.fixture
async def classroom(tmp_path):
    room = Classroom(ClassroomStore(tmp_path / "c.sqlite3"))
    yield room
    room.close()


async def _assigned(service, chat_id, classroom, task: str) -> Student:
    student = Student(service, chat_id, classroom)
    opened = await student.send(f"/assign {task}")
    assert opened.text.startswith(EN("hw-opened-head", title=homework.title(EN, task)))
    return student


async def test_plain_sgd_needs_a_stable_rate(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "sgd")
    assert service.training_defaults(chat_id) == (0.1, "sgd")  # the lesson's rate: it diverges
    diverged = await student.send("/train 100")
    assert diverged.error and not student.news()
    await student.send("/train 300 lr=0.0015")
    assert not student.news()
    done = await student.send("/train 2000")
    (news,) = student.news()
    assert EN("hw-done-count", trainings=2, epochs=2300) in news
    assert service.answering_loss(chat_id) < rules.SGD_GOAL and done.image is not None
    work = await student.work()
    assert work.done_at is not None and work.best < rules.SGD_GOAL


async def test_another_optimizer_does_not_count_for_the_sgd_task(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "sgd")
    await student.send("/train 2000 optimizer=adam lr=0.5")  # a low loss, but not by SGD
    assert any(EN("hw-off-task", optimizer="adam", code="§").split("§")[0] in p.text
               for p in student.screen.posts)  # fmt: skip
    await student.send("/train 50 optimizer=sgd lr=0.001")
    assert not student.news() and service.answering_loss(chat_id) < rules.SGD_GOAL
    (work,) = await classroom.homework_of(chat_id)
    await student.send(f"/start {work.assignment.code}")  # set up again: a clean start
    await student.send("/train 2500 lr=0.0015")
    assert len(student.news()) == 1


async def test_exactly_212_with_one_dense_layer(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "212")
    await student.send("/train 10")
    assert not student.news()
    await student.send("/train 2000 lr=0.3")
    (answer,) = (await service.predict(chat_id, [100.0])).fahrenheit
    assert abs(answer - 212) <= rules.ANSWER_GOAL
    (news,) = student.news()
    assert "°F for 100 °C" in news


async def test_the_best_loss_within_the_epoch_budget(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "fast")
    await student.send("/train 5 lr=1")
    assert not student.news()
    await student.send("/train 250")
    (news,) = student.news()
    assert EN("hw-done-count", trainings=2, epochs=255) in news


async def test_the_budget_spent_says_how_to_start_again(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "fast")
    await student.send(f"/train {rules.FAST_EPOCHS + 1} lr=0.01")
    (work,) = await classroom.homework_of(chat_id)
    spent = EN("hw-spent", budget=rules.FAST_EPOCHS, code=work.assignment.code)
    assert [p.text for p in student.screen.posts] == [spent]
    await student.send("/train 500 lr=1")  # reaches the best loss, over the budget
    assert not student.news()


async def test_hidden_layers_beat_the_best_straight_line(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "deep")
    await student.send("/train 2000 lr=1")  # the best line: no better than itself
    assert not student.news()
    await student.send("/layers 16 tanh")
    assert not student.news()
    await student.send("/train 3000 lr=0.1 seed=5")
    (news,) = student.news()
    assert "16 tanh" in news or "Dense(16" in news


async def test_tune_won_within_the_press_budget(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "tune")
    await student.send("/tune")
    presses = 0
    while not student.news():
        game = await classroom.tune(chat_id)
        assert not game.over and presses < rules.TUNE_PRESSES, "a careful player wins in time"
        await student.send(f"/tune {careful_move(game)}")
        presses += 1
    game = await classroom.tune(chat_id)
    assert game.solved and game.presses == presses
    assert f"in {presses} presses" in student.news()[0]
    await student.chat.timers.close()


async def test_five_quiz_answers_right_in_a_row(service, chat_id, classroom):
    student = await _assigned(service, chat_id, classroom, "quiz")

    async def answer(right: bool) -> None:
        poll = (await student.send("/quiz")).poll
        poll_id = student.poll_id
        choice = poll.correct if right else (poll.correct + 1) % len(poll.options)
        counted = await classroom.answer_quiz(poll_id, chat_id, "Ann", [choice])
        await homework.quiz_answered(student.chat, await classroom.quiz_chat(poll_id), counted)

    for right in (True, True, False, True, True, True, True):
        await answer(right)
        assert not student.news()
    await answer(True)  # the fifth right in a row
    (news,) = student.news()
    assert EN("hw-what-quiz", value="5") in news


async def test_opening_homework_sets_the_chat_up_as_the_class_was(service, chat_id, classroom):
    teacher = Student(service, chat_id, classroom)
    await teacher.send("/layers 4 relu")
    await teacher.send("/data add 100 212")
    setup = service.setup(chat_id)
    await teacher.send("/assign 212")  # a line task: the layers go, the data stays
    mine = service.setup(chat_id)
    assert mine.architecture.hidden == () and mine.dataset == setup.dataset
    assert (await teacher.work()).assignment.setup == mine


class Group:
    """The group's side: every edit of its progress message."""

    def __init__(self) -> None:
        self.edits: list[tuple[int, Reply]] = []
        self.edited = asyncio.Event()

    async def post(self, reply: Reply) -> Sent:
        return Sent(77)

    async def edit(self, message_id: int, reply: Reply) -> None:
        self.edits.append((message_id, reply))
        self.edited.set()

    async def stop_poll(self, message_id: int) -> None:
        pass


async def test_thirty_students_opening_at_once_cost_the_group_two_edits(service, classroom):
    """A class of thirty opens the assignment in the same moment: the group's message is edited
    once at once and once more when its interval is over, showing all thirty."""
    group, timers = Group(), Timers()
    teacher = Chat(service, -900, is_group=True, classroom=classroom, timers=timers)
    posted = await pipeline.run("assign", teacher, ["212"])
    await posted.on_sent(Sent(77))
    (assignment,) = await classroom.assignments(-900)
    day = 600.0  # a day of ten minutes: the edits' minute is a second (its floor)
    students = [
        Chat(
            service,
            5000 + i,
            member=Member(5000 + i, f"S{i}"),
            classroom=classroom,
            outbox=Screen(),
            timers=timers,
            outbox_to=lambda chat_id: group,
            day_seconds=day,
        )
        for i in range(30)
    ]
    await asyncio.gather(*(pipeline.run("start", s, [assignment.code]) for s in students))
    shown = EN("hw-progress", done=0, students=30, working=30, stuck=0, not_opened=0)
    while not any(shown in reply.text for _, reply in group.edits):
        group.edited.clear()
        await group.edited.wait()
    assert len(group.edits) <= 2 and {m for m, _ in group.edits} == {77}
    await timers.close()
