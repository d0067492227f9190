"""The fake Bot API rejects what Telegram rejects: driven by python-telegram-bot's own HTTP stack
(what the bot sends) and by raw HTTP (what python-telegram-bot would not let through)."""

import io
import json
import urllib.error
import urllib.request

import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, Conflict, InvalidToken

from tests.fakes.bot_api import FakeBotApi, Fault

TOKEN = "123456789:UNIT-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
CHAT = 42


@pytest.fixture
def api():
    server = FakeBotApi(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
async def bot(api):
    async with Bot(TOKEN, base_url=api.base_url) as client:
        yield client


def post(api, method, payload, token=TOKEN):
    """A raw JSON call; (HTTP status, answer)."""
    url = api.base_url.removesuffix("/bot") + f"/bot{token}/{method}"
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def last(api):
    return api.requests[-1]


def keyboard(**action):
    return {"inline_keyboard": [[{"text": "Go", **action}]]}


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, "PNG")
    return buffer.getvalue()


async def test_valid_requests_of_each_kind_are_accepted_without_violation(api, bot):
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Train", callback_data="train:500")]])
    sent = await bot.send_message(CHAT, "Hello 😀", reply_markup=buttons)
    await bot.edit_message_text("Hello again", CHAT, sent.message_id, reply_markup=buttons)
    await bot.send_photo(CHAT, png_bytes(), caption="loss")
    await bot.send_document(CHAT, b"PK\x03\x04data", filename="c2f.keras", caption="model")
    await bot.send_chat_action(CHAT, "upload_photo")
    await bot.set_my_commands([BotCommand("train", "train the model")])
    await bot.set_my_commands([BotCommand("train", "训练模型")], language_code="zh")
    poll = await bot.send_poll(
        CHAT,
        "What is 100 °C?",
        ["212 °F", "180 °F", "100 °F"],
        is_anonymous=False,
        type="quiz",
        correct_option_ids=[0],
        explanation="f = 1.8·c + 32",
    )
    await bot.stop_poll(CHAT, poll.message_id)
    api.push_command(-100, "/help", 5, "group")  # Telegram knows a group once it has spoken
    assert (await bot.get_chat_member(-100, 5)).status == "member"
    assert not api.violations
    assert all(r.ok for r in api.requests)


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("x" * 64, True), ("x" * 65, False), ("é" * 32, True), ("é" * 33, False), ("", False)],
    ids=["64-bytes", "65-bytes", "32-two-byte-chars", "33-two-byte-chars", "empty"],
)
async def test_callback_data_is_1_to_64_bytes(api, bot, data, accepted):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data=data)]])
    if accepted:
        await bot.send_message(CHAT, "press", reply_markup=markup)
        assert not api.violations
    else:
        with pytest.raises(BadRequest):
            await bot.send_message(CHAT, "press", reply_markup=markup)
        assert "callback_data" in api.violations[-1]


@pytest.mark.parametrize(
    "markup",
    [
        keyboard(),  # no action
        keyboard(callback_data="a", url="https://example.com"),  # two actions
        {"inline_keyboard": [[{"callback_data": "a"}]]},  # no text
        {"inline_keyboard": [{"text": "Go", "callback_data": "a"}]},  # a row that is no array
        {"buttons": [[{"text": "Go", "callback_data": "a"}]]},  # not a markup at all
        "[[1, 2]]",
    ],
    ids=["no-action", "two-actions", "no-text", "row-not-array", "not-a-markup", "a-string"],
)
def test_reply_markup_must_be_a_markup_of_buttons_with_one_action(api, markup):
    status, answer = post(
        api, "sendMessage", {"chat_id": CHAT, "text": "x", "reply_markup": markup}
    )
    assert status == 400 and not answer["ok"]
    assert last(api).violation and not last(api).ok


@pytest.mark.parametrize(
    ("method", "payload"),
    [
        ("sendMessage", {"chat_id": "abc", "text": "x"}),  # neither an id nor @username
        ("sendMessage", {"chat_id": CHAT, "text": 100}),  # a number where a String goes
        ("sendMessage", {"chat_id": True, "text": "x"}),  # a Boolean is no Integer
        ("getChatMember", {"chat_id": -1, "user_id": "5"}),  # Integer only
        ("sendMessage", {"chat_id": CHAT, "text": "x", "disable_notification": "yes"}),
        ("sendMessage", {"chat_id": CHAT, "text": "x", "colour": "red"}),  # unknown field
        ("sendMessage", {"chat_id": CHAT}),  # a required field missing
        ("setMyCommands", {"commands": [{"command": "train"}]}),  # BotCommand lacks description
        ("setMyCommands", {"commands": [{"command": "t", "description": "d"}], "scope": {}}),
        ("setMyCommands", {"commands": [], "scope": {"type": "everyone"}}),  # no such subtype
    ],
    ids=[
        "chat-id-text",
        "text-number",
        "chat-id-bool",
        "user-id-string",
        "bool-as-text",
        "unknown-field",
        "missing-field",
        "object-missing-field",
        "abstract-no-type",
        "abstract-unknown-type",
    ],
)
def test_parameters_are_checked_against_the_spec_types_recursively(api, method, payload):
    status, _ = post(api, method, payload)
    assert status == 400
    assert last(api).violation


def test_abstract_types_accept_their_subtypes(api):
    for scope in ({"type": "default"}, {"type": "chat", "chat_id": -5}):
        status, _ = post(api, "setMyCommands", {"commands": [], "scope": scope})
        assert status == 200
    assert not api.violations


async def test_text_length_counts_utf16_units(api, bot):
    await bot.send_message(CHAT, "😀" * 2048)  # 4096 UTF-16 units
    with pytest.raises(BadRequest):
        await bot.send_message(CHAT, "😀" * 2049)  # 2049 characters, 4098 units
    with pytest.raises(BadRequest):
        await bot.send_photo(CHAT, png_bytes(), caption="😀" * 513)  # 1026 units
    assert len(api.violations) == 2


@pytest.mark.parametrize("text", ["", " ", "\n\t "])
def test_empty_or_whitespace_text_is_rejected(api, text):
    status, answer = post(api, "sendMessage", {"chat_id": CHAT, "text": text})
    assert status == 400 and "text" in answer["description"]


@pytest.mark.parametrize(
    "command",
    [
        BotCommand("Train", "d"),
        BotCommand("x" * 33, "d"),
        BotCommand("t-1", "d"),
        BotCommand("t", "d" * 257),
    ],
    ids=["upper-case", "33-chars", "hyphen", "long-description"],
)
async def test_bot_commands_are_1_to_32_of_a_z_0_9_underscore_with_short_descriptions(
    api, bot, command
):
    with pytest.raises(BadRequest):
        await bot.set_my_commands([command])
    assert api.violations


@pytest.mark.parametrize(
    "change",
    [
        {"explanation": "x" * 201},
        {"explanation": "a\nb\nc\nd"},
        {"question": "x" * 301},
        {"options": [{"text": str(i)} for i in range(13)]},
        {"correct_option_ids": [5]},
    ],
    ids=[
        "explanation-201",
        "explanation-3-line-feeds",
        "question-301",
        "13-options",
        "no-such-option",
    ],
)
def test_quiz_polls_keep_telegrams_limits(api, change):
    quiz = {
        "chat_id": CHAT,
        "question": "100 °C?",
        "options": [{"text": "212"}, {"text": "180"}],
        "type": "quiz",
        "is_anonymous": False,
        "correct_option_ids": [0],
        "explanation": "f = 1.8·c + 32",
    }
    assert post(api, "sendPoll", quiz)[0] == 200
    assert post(api, "sendPoll", {**quiz, **change})[0] == 400
    assert len(api.violations) == 1


async def test_answer_callback_query_needs_a_delivered_unanswered_query(api, bot):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(CHAT, "press", reply_markup=markup)
    with pytest.raises(BadRequest):
        await bot.answer_callback_query("q-made-up")
    _, query_id = api.push_callback_query(CHAT, sent.message_id, "go")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id)  # not fetched by the bot yet
    (update,) = await bot.get_updates()
    assert update.callback_query.data == "go"
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="Training…")
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id)  # answered already
    assert len(api.violations) == 4


async def test_editing_a_message_never_sent_gets_message_to_edit_not_found(api, bot):
    sent = await bot.send_message(CHAT, "mine")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("changed", CHAT, sent.message_id + 50)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("changed", CHAT + 1, sent.message_id)  # another chat
    assert [r.status for r in api.requests[-2:]] == [400, 400]


async def test_identical_edit_gets_message_is_not_modified_and_is_no_violation(api, bot):
    sent = await bot.send_message(CHAT, "Training… 1000 of 2000")
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("Training… 1000 of 2000", CHAT, sent.message_id)
    await bot.edit_message_text("Training ended", CHAT, sent.message_id)
    assert api.message(CHAT, sent.message_id)["text"] == "Training ended"
    assert not api.violations  # Telegram's answer, not a malformed request


async def test_faulted_requests_are_validated_and_recorded(api, bot):
    api.inject(Fault("sendMessage", times=1, status=502))
    with pytest.raises(Exception, match=r"Bad Gateway|Injected"):
        await bot.send_message(CHAT, "😀" * 2049)
    request = last(api)
    assert request.fault is not None and request.status == 502 and not request.ok
    assert request.violation  # too long, even though the fault answered it
    await bot.send_message(CHAT, "fine")
    assert [r.ok for r in api.requests if r.method == "sendMessage"] == [False, True]


async def test_a_wrong_token_or_path_is_a_violation(api):
    with pytest.raises(InvalidToken):
        async with Bot("987654321:someone-elses-token", base_url=api.base_url):
            pass
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": "x"}, token=TOKEN + "x")[0] == 401
    assert post(api, "sendMesage", {"chat_id": CHAT, "text": "x"})[0] == 404
    assert len(api.violations) == 3


async def test_get_updates_while_a_webhook_is_set_gets_409(api, bot):
    await bot.set_webhook("https://bot.example.com/hook")
    with pytest.raises(Conflict):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()
    assert len(api.violations) == 1


async def test_the_groups_creator_is_reported_as_creator(api, bot):
    api.push_command(-7, "/lock", 70, "group")
    api.chat_owners[-7] = 70
    api.chat_admins[-7] = {71}
    owner = await bot.get_chat_member(-7, 70)
    assert isinstance(owner, ChatMemberOwner) and owner.status == "creator"
    assert (await bot.get_chat_member(-7, 71)).status == "administrator"
    assert (await bot.get_chat_member(-7, 72)).status == "member"


async def test_privacy_mode_delivers_only_commands_mentions_and_replies_in_groups(api, bot):
    api.push_command(-9, "/challenge", 5, "supergroup")
    (first,) = await bot.get_updates()
    sent = await bot.send_message(-9, "Guess the model's answer")
    api.push_command(-9, "just chatting", 5, "supergroup")
    api.push_command(-9, "/help", 5, "supergroup")
    api.push_command(-9, "hey @c2f_test_bot", 5, "supergroup")
    api.push_command(-9, "212", 5, "supergroup", reply_to_message_id=sent.message_id)
    api.push_command(5, "just chatting")  # private chats get everything
    updates = await bot.get_updates(offset=first.update_id + 1)
    assert [u.message.text for u in updates] == [
        "/help",
        "hey @c2f_test_bot",
        "212",
        "just chatting",
    ]
