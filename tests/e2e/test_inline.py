"""Inline mode over real HTTP: `@bot 100` typed in any chat is answered with answerInlineQuery —
the model's answer beside the formula's, in the sender's language, their own model's if they
trained one — and a query it cannot read still gets an answer (the button, no results)."""

import numpy as np
import pytest

from bot.text import i18n
from model.session import Session
from tests.catalogue import captured
from tests.e2e.conftest import new_chat
from tests.states import v_shape_session

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")
OWN_MODEL_USER = 8_901  # stored before the bot starts: f = 2·c + 30, its own Dense(1)
V_NETWORK_USER = 8_902  # stored too: a 1-2-1 ReLU network, f = relu(c) + relu(−c) = |c|
STORED_SESSIONS = {
    OWN_MODEL_USER: Session(
        weights=[np.array([[2.0]], np.float32), np.array([30.0], np.float32)],
        seed=0,
        trainings=1,
        epochs_trained=500,
    ),
    V_NETWORK_USER: v_shape_session(),
}


def ask(bot, user: int, query: str, language_code: str | None = "en"):
    """Type `@bot query` as `user`; the bot's answer (accepted by Telegram)."""
    bot.api.push_inline_query(user, query, language_code=language_code)
    answer = bot.api.wait_inline_answer(bot.api.last_inline_query_id)
    assert answer.ok, answer.description
    assert answer.params["is_personal"] is True  # answers differ by language: never shared
    assert answer.params["cache_time"] == 10
    assert answer.params["button"]["start_parameter"] == "inline"
    return answer


def articles(answer) -> list[tuple[str, str, str]]:
    """(title, description, the text it posts) of each result."""
    return [
        (r["title"], r["description"], r["input_message_content"]["message_text"])
        for r in answer.params["results"]
    ]


def shared_fahrenheit(bot, celsius: str) -> str:
    """The shared model's °F for `celsius`, as /convert prints it in a chat that never trained."""
    line = bot.send(new_chat(), f"/convert {celsius}").params["text"].split("\n")[0]
    found = captured(EN, "conversion-line", line, celsius=celsius)
    return f"{found['model']:.2f}"


def test_a_number_is_answered_by_the_shared_model_as_convert_answers_it(bot):
    model = shared_fahrenheit(bot, "100")
    answer = ask(bot, new_chat(), "100")
    values = {"celsius": "100", "model": model, "formula": "212.00"}
    error = f"{float(model) - 212:.2f}"
    assert articles(answer) == [
        (
            EN("inline-title", **values),
            EN("inline-description-shared", **values, error=error),
            EN("inline-message-shared", **values),
        )
    ]
    assert answer.params["button"]["text"] == EN("inline-button-train")


def test_a_chinese_user_gets_the_answer_in_chinese(bot):
    model = shared_fahrenheit(bot, "100")
    answer = ask(bot, new_chat(), "100摄氏度", language_code="zh-hans")
    values = {"celsius": "100", "model": model, "formula": "212.00"}
    ((title, description, text),) = articles(answer)
    assert title == ZH("inline-title", **values)
    assert description.startswith("公式：212.00 °F") and "共享模型" in description
    assert text == ZH("inline-message-shared", **values)
    assert answer.params["button"]["text"] == ZH("inline-button-train")


def test_a_user_with_their_own_model_gets_its_numbers_personally(bot):
    answer = ask(bot, OWN_MODEL_USER, "100")
    values = {"celsius": "100", "model": "230.00", "formula": "212.00"}  # 2·100 + 30
    assert articles(answer) == [
        (
            EN("inline-title", **values),
            EN("inline-description-own", **values, error="18.00"),
            EN("inline-message-own", **values),
        )
    ]
    assert answer.params["button"]["text"] == EN("inline-button-own")


@pytest.mark.parametrize("query", ["", "hello", "train it", "NaN", "1e309"])
def test_a_query_it_cannot_read_gets_the_button_and_no_results(bot, query):
    answer = ask(bot, new_chat(), query)
    assert answer.params["results"] == []
    assert answer.params["button"]["text"] == EN("inline-button-hint")


def test_more_values_than_convert_takes_get_the_button_naming_the_limit(bot):
    answer = ask(bot, new_chat(), " ".join(str(n) for n in range(21)), language_code="zh")
    assert answer.params["results"] == []
    assert answer.params["button"]["text"] == ZH("inline-button-too-many", max=20)


def test_a_sentence_with_several_values_and_units_gets_one_result_each(bot):
    answer = ask(bot, OWN_MODEL_USER, "what is 0, 37 and 100 celsius in fahrenheit? and 212F")
    titles = [title for title, _, _ in articles(answer)]
    assert titles == [
        EN("inline-title", celsius="0", model="30.00"),  # f = 2·c + 30
        EN("inline-title", celsius="37", model="104.00"),
        EN("inline-title", celsius="100", model="230.00"),
        EN("inline-title-f", fahrenheit="212", model="91.00"),
    ]
    assert len({r["id"] for r in answer.params["results"]}) == 4


def test_a_chinese_sentence_asking_for_celsius_inverts_the_model(bot):
    answer = ask(bot, OWN_MODEL_USER, "华氏212度是多少摄氏度", language_code="zh-hans")
    ((title, _, _),) = articles(answer)
    assert title == ZH("inline-title-f", fahrenheit="212", model="91.00")


def test_fahrenheit_is_answered_by_inverting_the_shared_model(bot):
    answer = ask(bot, new_chat(), "212F")
    ((title, description, text),) = articles(answer)
    celsius = captured(EN, "inline-title-f", title, fahrenheit="212")["model"]
    values = {"fahrenheit": "212", "model": f"{celsius:.2f}", "formula": "100.00"}
    assert description == EN("inline-description-f-shared", **values)
    assert text == EN("inline-message-f-shared", **values)
    # The shared model, asked the way it learned, gives 212 °F back for that °C.
    assert abs(float(shared_fahrenheit(bot, f"{celsius:.2f}")) - 212) <= 0.01


def test_fahrenheit_in_chinese_with_the_users_own_line_inverted_exactly(bot):
    answer = ask(bot, OWN_MODEL_USER, "212华氏度", language_code="zh")
    values = {"fahrenheit": "212", "model": "91.00", "formula": "100.00"}  # (212 − 30) / 2
    assert articles(answer) == [
        (
            ZH("inline-title-f", **values),
            ZH("inline-description-f-own", **values),
            ZH("inline-message-f-own", **values),
        )
    ]
    assert answer.params["button"]["text"] == ZH("inline-button-own")


def test_a_network_that_meets_a_value_twice_or_never_says_so(bot):
    twice = ask(bot, V_NETWORK_USER, "10F")  # f = |c|: c = −10 and c = 10
    ((title, description, _),) = articles(twice)
    values = {"fahrenheit": "10", "model": "-10.00 / 10.00", "formula": "-12.22"}
    assert title == EN("inline-title-f", **values)
    several = EN("inline-several", count=2)
    assert description == f"{several} · " + EN("inline-description-f-own", **values)
    never = ask(bot, V_NETWORK_USER, "-5F")  # |c| is never below 0
    ((title, _, text),) = articles(never)
    values = {"fahrenheit": "-5", "formula": "-20.56"}
    assert title == EN("inline-title-f-none", **values)
    assert text == EN("inline-message-f-none-own", **values)


def test_the_button_opens_the_first_lesson(bot):
    user = new_chat()
    start = ask(bot, user, "100").params["button"]["start_parameter"]
    # The client sends /start <parameter> in the user's private chat with the bot.
    opened = bot.send(user, f"/start {start}")
    assert opened.params["text"] == bot.send(new_chat(), "/start").params["text"]
