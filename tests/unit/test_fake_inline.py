"""The fake Bot API's inline mode refuses what Telegram refuses: inline queries as Telegram sends
them (only when inline mode is on and allowed_updates lets them through) and answerInlineQuery's
rules, driven by python-telegram-bot's own HTTP stack and by raw JSON."""

import json
import urllib.error
import urllib.request

import pytest
from telegram import (
    Bot,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from telegram.error import BadRequest

from tests.fakes.bot_api import FakeBotApi

TOKEN = "123456789:UNIT-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
USER = 42


@pytest.fixture
def api():
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
async def bot(api):
    async with Bot(TOKEN, base_url=api.base_url) as client:
        yield client


def post(api, method, payload):
    """A raw JSON call; (HTTP status, answer)."""
    url = api.base_url + f"{TOKEN}/{method}"
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def article(result_id="1", text="100 °C → 211.3 °F", **extra):
    return {
        "type": "article",
        "id": result_id,
        "title": "100 °C → 211.3 °F",
        "input_message_content": {"message_text": text, **extra},
    }


def answer(api, query_id=None, results=None, **params):
    """Answer the query pushed last (or `query_id`) with raw JSON; (status, answer)."""
    payload = {
        "inline_query_id": query_id or api.last_inline_query_id,
        "results": [article()] if results is None else results,
        **params,
    }
    return post(api, "answerInlineQuery", payload)


def pushed(api, query="100", **options):
    api.push_inline_query(USER, query, **options)
    return api.last_inline_query_id


async def test_an_inline_query_arrives_as_telegram_sends_it_and_its_answer_is_read(api, bot):
    mark = api.push_inline_query(USER, "100摄氏度", language_code="zh-hans")
    (update,) = await bot.get_updates(allowed_updates=["message", "inline_query"])
    query = update.inline_query
    assert (query.query, query.from_user.id, query.from_user.language_code) == (
        "100摄氏度",
        USER,
        "zh-hans",
    )
    assert query.offset == "" and query.chat_type == "sender"
    await bot.answer_inline_query(
        query.id,
        [
            InlineQueryResultArticle(
                "c0", "100 °C → 211.3 °F", InputTextMessageContent("100 °C → 211.3 °F")
            )
        ],
        cache_time=10,
        is_personal=True,
        button=InlineQueryResultsButton("Train your own", start_parameter="inline"),
    )
    by_mark, by_id = api.wait_inline_answer(mark), api.wait_inline_answer(query.id)
    assert by_mark is by_id and by_mark.ok
    assert by_mark.params["results"][0]["input_message_content"]["message_text"].startswith("100")
    assert by_mark.params["button"] == {"text": "Train your own", "start_parameter": "inline"}
    assert by_mark.params["is_personal"] is True and by_mark.params["cache_time"] == 10
    assert api.inline_answered(query.id)
    assert not api.violations


async def test_inline_queries_are_withheld_unless_allowed_updates_names_them(api, bot):
    api.push_inline_query(USER, "100")
    assert await bot.get_updates(allowed_updates=["message", "callback_query"]) == ()
    assert [u["inline_query"]["query"] for u in api.dropped_updates] == ["100"]
    api.push_inline_query(USER, "212F")
    (update,) = await bot.get_updates(allowed_updates=["message", "inline_query"])
    assert update.inline_query.query == "212F"


async def test_get_me_says_whether_inline_mode_is_on(api, bot):
    assert (await bot.get_me()).supports_inline_queries is True
    api.inline_mode = False
    assert (await bot.get_me()).supports_inline_queries is False
    with pytest.raises(AssertionError, match="setinline"):
        api.push_inline_query(USER, "100")


def test_a_query_is_at_most_256_characters(api):
    api.push_inline_query(USER, "1" * 256)
    with pytest.raises(AssertionError, match="256"):
        api.push_inline_query(USER, "1" * 257)


def test_an_unknown_or_answered_query_is_refused(api):
    assert answer(api, query_id="12345")[0] == 400  # never sent
    query_id = pushed(api)
    assert answer(api, query_id)[0] == 200
    status, body = answer(api, query_id)  # a second answer to the same query
    assert status == 400 and "query is too old" in body["description"]
    assert len(api.violations) == 2


@pytest.mark.parametrize(("count", "accepted"), [(0, True), (50, True), (51, False)])
def test_at_most_50_results(api, count, accepted):
    results = [article(f"r{i}") for i in range(count)]
    status, body = answer(api, pushed(api), results)
    assert (status == 200) is accepted, body
    assert bool(api.violations) is not accepted


@pytest.mark.parametrize(
    ("result_id", "accepted"),
    [("x" * 64, True), ("x" * 65, False), ("é" * 32, True), ("é" * 33, False), ("", False)],
    ids=["64-bytes", "65-bytes", "32-two-byte-chars", "33-two-byte-chars", "empty"],
)
def test_result_ids_are_1_to_64_bytes(api, result_id, accepted):
    status, _ = answer(api, pushed(api), [article(result_id)])
    assert (status == 200) is accepted
    assert bool(api.violations) is not accepted


def test_result_ids_are_unique_within_an_answer(api):
    status, body = answer(api, pushed(api), [article("c0"), article("c0")])
    assert status == 400 and "RESULT_ID_DUPLICATE" in body["description"]
    assert answer(api, api.last_inline_query_id, [article("c0"), article("c1")])[0] == 200


@pytest.mark.parametrize(
    ("text", "extra", "accepted"),
    [
        ("😀" * 2048, {}, True),  # 4,096 UTF-16 units
        ("x" * 4097, {}, False),
        ("😀" * 2049, {}, False),  # 2,049 characters, 4,098 units
        ("", {}, False),
        ("<b>" + "x" * 4096 + "</b>", {"parse_mode": "HTML"}, True),  # counted once parsed
        ("<b>" + "x" * 4097 + "</b>", {"parse_mode": "HTML"}, False),
        ("<b>unclosed", {"parse_mode": "HTML"}, False),
    ],
    ids=["4096-units", "4097", "4098-units", "empty", "html-4096", "html-4097", "bad-html"],
)
def test_the_posted_text_is_1_to_4096_characters_once_parsed(api, text, extra, accepted):
    status, body = answer(api, pushed(api), [article(text=text, **extra)])
    assert (status == 200) is accepted, body
    assert bool(api.violations) is not accepted


@pytest.mark.parametrize(
    ("button", "accepted"),
    [
        ({"text": "Train", "start_parameter": "inline"}, True),
        ({"text": "Train", "start_parameter": "a-Z_9" * 12 + "abcd"}, True),  # 64
        ({"text": "Train", "start_parameter": "x" * 65}, False),
        ({"text": "Train", "start_parameter": ""}, False),
        ({"text": "Train", "start_parameter": "train me"}, False),
        ({"text": "Train", "start_parameter": "训练"}, False),
        ({"text": "Train", "web_app": {"url": "https://example.com/app"}}, True),
        ({"text": "Train", "web_app": {"url": "http://example.com/app"}}, False),
        ({"text": "Train"}, False),
        ({"text": "Train", "start_parameter": "x", "web_app": {"url": "https://e.com"}}, False),
        ({"start_parameter": "inline"}, False),
    ],
    ids=[
        "start",
        "64-chars",
        "65-chars",
        "empty",
        "space",
        "not-ascii",
        "web-app",
        "web-app-http",
        "neither",
        "both",
        "no-text",
    ],
)
def test_the_button_opens_the_bot_with_a_valid_start_parameter_or_a_web_app(api, button, accepted):
    status, body = answer(api, pushed(api), [], button=button)
    assert (status == 200) is accepted, body
    assert bool(api.violations) is not accepted


@pytest.mark.parametrize(("offset", "accepted"), [("9" * 64, True), ("9" * 65, False)])
def test_next_offset_is_at_most_64_bytes(api, offset, accepted):
    status, _ = answer(api, pushed(api), next_offset=offset)
    assert (status == 200) is accepted


@pytest.mark.parametrize(
    "results",
    [
        [{"type": "article", "id": "1", "title": "t"}],  # no input_message_content
        [{**article(), "type": "articles"}],  # no such result type
        [{**article(), "colour": "red"}],  # no such field
        [article(text=100)],  # a number where the text goes
        [{**article(), "input_message_content": {}}],  # content of no kind
    ],
    ids=["no-content", "bad-type", "unknown-field", "text-number", "empty-content"],
)
def test_results_are_checked_against_the_spec_types(api, results):
    status, _ = answer(api, pushed(api), results)
    assert status == 400 and api.violations


async def test_python_telegram_bot_answers_pass_and_a_rejected_one_raises(api, bot):
    query_id = pushed(api)
    with pytest.raises(BadRequest, match=r"(?i)result_id_duplicate"):
        await bot.answer_inline_query(
            query_id,
            [InlineQueryResultArticle("a", "t", InputTextMessageContent("x"))] * 2,
        )
    assert not api.inline_answered(query_id)  # a refused answer leaves it open
    await bot.answer_inline_query(query_id, [], cache_time=10)
    assert api.inline_answered(query_id)
