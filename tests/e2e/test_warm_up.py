"""After a restart, the commands that only read are answered from the stored state with numpy
while TensorFlow is still loading — the same answers as before the restart; the others wait,
and say so ("warming up…"), and are carried out once the model is ready."""

from bot.text import i18n
from tests.catalogue import shaped
from tests.e2e.conftest import gated, start_bot, stop_bot
from tests.images import decode_png

EN = i18n.catalogue("en")
READING = ("/convert 100 -40", "/weights", "/data", "/plot", "/fit")


def shown(reply):
    """What a reply shows: its text or caption (and that its picture decodes)."""
    if "photo" in reply.files:
        assert decode_png(reply.files["photo"])
    return reply.method, reply.params.get("text") or reply.params.get("caption")


def inline_results(api, user):
    """What `@bot 100` offers `user`: (title, the text it posts) of each result."""
    api.push_inline_query(user, "100")
    answer = api.wait_inline_answer(api.last_inline_query_id)
    assert answer.ok and answer.params["results"]
    return [
        (r["title"], r["input_message_content"]["message_text"]) for r in answer.params["results"]
    ]


def test_reads_are_answered_from_the_state_while_tensorflow_loads(api, tmp_path):
    own, shared = 601, 602
    first = start_bot(api, tmp_path)
    try:
        first.send(own, "/layers 3 tanh")
        first.send(own, "/data add 50 122")
        first.send(own, "/train 60 seed=4")
        before = {(chat, c): shown(first.send(chat, c)) for chat in (own, shared) for c in READING}
        offered = {chat: inline_results(api, chat) for chat in (own, shared)}
        lesson = shown(first.send(604, "/start"))  # the first lesson's first step
    finally:
        assert stop_bot(first) == 0

    with gated(tmp_path) as (gate, open_gate):
        again = start_bot(api, tmp_path, loaded=False, BOT_MODEL_GATE=str(gate))
        try:
            for (chat, command), expected in before.items():
                assert shown(again.send(chat, command)) == expected, command
            for chat, results in offered.items():  # inline mode too, from the stored state
                assert inline_results(api, chat) == results
            assert shown(again.send(603, "/start")) == lesson  # a newcomer is not kept waiting
            assert "Model service ready" not in again.log()  # nor TensorFlow imported

            mark = api.push_command(own, "/train 10")
            assert api.wait_reply(own, mark).params["text"] == EN("warming-up")
            open_gate()
            # TensorFlow loads and compiles only now: as long as the start-up's own wait.
            trained = api.wait_for(
                lambda r: r.ok and r.method == "sendPhoto" and r.chat_id == own, mark, timeout=120
            )
            head = trained.params["caption"].split("\n")[0]
            assert shaped(EN, "trained-head", epochs=10, optimizer="adam", lr="0.1").match(head)
        finally:
            open_gate()
            assert stop_bot(again) == 0
