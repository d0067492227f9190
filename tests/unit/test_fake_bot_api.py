"""The fake Bot API rejects what Telegram rejects: driven by python-telegram-bot's own HTTP stack
(what the bot sends) and by raw HTTP (what python-telegram-bot would not let through)."""

import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    MessageEntity,
    ReplyParameters,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken

from tests.fakes.bot_api import FakeBotApi, Fault

TOKEN = "123456789:UNIT-token-AbCdEfGhIjKlMnOpQrStUvWxYz"
CHAT = 42


@pytest.fixture
def api():
    server = FakeBotApi(TOKEN).start()
    server.open_private_chat(CHAT)  # the user has started the bot: it may write to them
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


def post_form(api, method, fields):
    """A raw form-encoded call, as python-telegram-bot sends them; the HTTP status."""
    url = api.base_url + f"{TOKEN}/{method}"
    request = urllib.request.Request(url, urllib.parse.urlencode(fields).encode())
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def last(api):
    return api.requests[-1]


def keyboard(**action):
    return {"inline_keyboard": [[{"text": "Go", **action}]]}


def image_bytes(kind="PNG", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def png_bytes():
    return image_bytes()


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
        ("setMyCommands", {"commands": [{"command": "t", "description": "d", "colour": "red"}]}),
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
        "object-unknown-field",
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


@pytest.mark.parametrize(
    ("reaction", "status"),
    [
        ([{"type": "emoji", "emoji": "👍"}], 200),
        ([], 200),  # clears the bot's reaction
        ([{"type": "emoji", "emoji": "🙂"}], 400),  # not one of Telegram's reaction emoji
        ([{"type": "emoji", "emoji": "👍"}, {"type": "emoji", "emoji": "🔥"}], 400),  # one only
        ([{"type": "paid"}], 400),
        ([{"type": "custom_emoji", "custom_emoji_id": "5"}], 400),
    ],
)
def test_a_bot_reacts_with_one_of_telegrams_emoji_on_a_message_that_exists(api, reaction, status):
    api.push_command(CHAT, "212")
    message = {"chat_id": CHAT, "message_id": api.last_pushed}
    assert post(api, "setMessageReaction", {**message, "reaction": reaction})[0] == status
    gone = {"chat_id": CHAT, "message_id": api.last_pushed + 99, "reaction": []}
    assert post(api, "setMessageReaction", gone)[0] == 400
    assert len(api.violations) == (1 if status == 200 else 2)


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
    api.open_private_chat(CHAT + 1)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("changed", CHAT, sent.message_id + 50)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("changed", CHAT + 1, sent.message_id)  # another chat
    assert [r.status for r in api.requests[-2:]] == [400, 400]
    assert not api.violations  # Telegram's answer: the message may have been deleted


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
    assert "message is too long" in request.violation  # though the fault answered it
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
    api.push_command(-9, "/convert@other_bot 100", 5, "supergroup")
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


async def test_more_valid_requests_of_each_kind_are_accepted_without_violation(api, bot):
    buttons = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
    gif = await bot.send_animation(CHAT, image_bytes("GIF"), caption="training")
    assert gif.animation.width == 64
    photo = await bot.send_photo(CHAT, png_bytes(), caption="loss")
    await bot.edit_message_caption(CHAT, photo.message_id, caption="loss, epoch 10")
    edited = await bot.edit_message_media(
        InputMediaPhoto(image_bytes(size=(80, 60)), caption="loss, final"), CHAT, photo.message_id
    )
    assert edited.photo[-1].width == 80 and edited.caption == "loss, final"
    await bot.edit_message_reply_markup(CHAT, photo.message_id, reply_markup=buttons)
    await bot.delete_message(CHAT, gif.message_id)
    await bot.set_my_description("x" * 512)
    await bot.set_my_short_description("x" * 120, language_code="de")
    await bot.set_my_commands([BotCommand("train", "train")], language_code="")
    assert [c.command for c in await bot.get_my_commands()] == ["train"]
    await bot.delete_my_commands()
    await bot.set_webhook("https://bot.example.com/hook", secret_token="s3cret-Token_1")
    info = await bot.get_webhook_info()
    assert info.url == "https://bot.example.com/hook" and info.pending_update_count == 0
    await bot.delete_webhook(drop_pending_updates=True)
    await bot.log_out()
    await bot.close()
    assert not api.violations
    assert all(r.ok for r in api.requests)


async def test_form_strings_stay_strings_and_objects_are_decoded(api, bot):
    api.push_command(CHAT, "/convert 100")
    (update,) = await bot.get_updates()
    await bot.send_message(CHAT, "100", reply_parameters=ReplyParameters(update.message.message_id))
    params = last(api).params
    assert params["text"] == "100" and params["chat_id"] == CHAT
    assert params["reply_parameters"] == {"message_id": update.message.message_id}
    assert not api.violations


async def test_string_chat_id_that_is_not_a_username_is_rejected(api, bot):
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message("class 7b", "x")
    assert "neither an id nor an @username" in api.violations[-1]


async def test_replying_to_a_message_that_is_gone_is_telegram_behaviour_not_a_violation(api, bot):
    with pytest.raises(BadRequest, match=r"(?i)replied not found"):
        await bot.send_message(CHAT, "x", reply_parameters=ReplyParameters(99999))
    assert last(api).status == 400 and last(api).violation is None
    gone = ReplyParameters(99999, allow_sending_without_reply=True)
    assert (await bot.send_message(CHAT, "x", reply_parameters=gone)).reply_to_message is None
    assert not api.violations


async def test_files_are_uploads_issued_file_ids_or_urls(api, bot):
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(CHAT, "not-a-file-id")
    sent = await bot.send_photo(CHAT, png_bytes())
    await bot.send_photo(CHAT, sent.photo[-1].file_id)
    await bot.send_photo(CHAT, "https://example.com/loss.png")
    attached = {"type": "photo", "media": "attach://plot"}  # no file part named plot
    payload = {"chat_id": CHAT, "message_id": sent.message_id, "media": attached}
    assert post(api, "editMessageMedia", payload)[0] == 400
    with pytest.raises(BadRequest, match=r"(?i)photo_invalid_dimensions"):
        await bot.send_photo(CHAT, image_bytes(size=(2100, 100)))  # ratio over 20
    assert len(api.violations) == 3


async def test_an_animation_is_a_gif_or_an_mp4(api, bot):
    sent = await bot.send_animation(CHAT, image_bytes("GIF"), filename="c2f.gif", caption="x")
    assert sent.animation is not None and not api.violations
    mp4 = b"\x00\x00\x00\x18ftypmp42" + bytes(32)
    await bot.send_animation(CHAT, mp4, filename="c2f.mp4")
    with pytest.raises(BadRequest, match=r"(?i)gif or an mp4"):
        await bot.send_animation(CHAT, png_bytes(), filename="c2f.png")
    assert len(api.violations) == 1


async def test_allowed_updates_withholds_other_kinds(api, bot):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(CHAT, "press", reply_markup=markup)
    _, query_id = api.push_callback_query(CHAT, sent.message_id, "go")
    api.push_command(CHAT, "/help")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.message.text for u in updates] == ["/help"]
    assert [u["callback_query"]["id"] for u in api.dropped_updates] == [query_id]
    with pytest.raises(BadRequest):
        await bot.answer_callback_query(query_id)  # Telegram never delivered it
    assert len(api.violations) == 1


async def test_pressing_a_button_that_is_not_there_is_a_test_bug_unless_forged(api, bot):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    sent = await bot.send_message(CHAT, "press", reply_markup=markup)
    with pytest.raises(AssertionError, match="no button"):
        api.push_callback_query(CHAT, sent.message_id, "stop")
    api.push_callback_query(CHAT, sent.message_id, "stop", forged=True)
    (update,) = await bot.get_updates()
    assert update.callback_query.data == "stop"
    assert update.callback_query.message.message_id == sent.message_id


async def test_poll_answers_of_non_anonymous_polls_reach_the_bot(api, bot):
    sent = await bot.send_poll(CHAT, "Best optimizer?", ["adam", "sgd"], is_anonymous=False)
    api.push_poll_answer(sent.poll.id, 5, [1])
    (update,) = await bot.get_updates()
    assert update.poll_answer.option_ids == (1,) and update.poll_answer.user.id == 5
    anonymous = await bot.send_poll(CHAT, "Best optimizer?", ["adam", "sgd"])
    with pytest.raises(AssertionError, match="non-anonymous"):
        api.push_poll_answer(anonymous.poll.id, 5, [0])
    closed = await bot.stop_poll(CHAT, sent.message_id)
    assert closed.is_closed and closed.options[1].voter_count == 1


async def test_deleting_or_stopping_what_is_gone_is_telegram_behaviour(api, bot):
    text = await bot.send_message(CHAT, "bye")
    poll = await bot.send_poll(CHAT, "Again?", ["yes", "no"])
    await bot.delete_message(CHAT, text.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(CHAT, text.message_id)
    await bot.stop_poll(CHAT, poll.message_id)
    with pytest.raises(BadRequest, match=r"(?i)already been closed"):
        await bot.stop_poll(CHAT, poll.message_id)
    assert not api.violations
    other = await bot.send_message(CHAT, "no poll here")
    with pytest.raises(BadRequest):
        await bot.stop_poll(CHAT, other.message_id)  # a bug: it never was a poll
    assert len(api.violations) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda bot: bot.set_my_description("x" * 513),
        lambda bot: bot.set_my_short_description("x" * 121),
        lambda bot: bot.send_chat_action(CHAT, "dancing"),
        lambda bot: bot.set_my_commands([BotCommand("t", "d")], language_code="eng"),
        lambda bot: bot.set_my_commands([BotCommand(f"c{i}", "d") for i in range(101)]),
        lambda bot: bot.get_updates(allowed_updates=["messages"]),
        lambda bot: bot.send_message(CHAT, "<b>bold", parse_mode="HTML"),
        lambda bot: bot.send_message(CHAT, "f = 1.8c + 32", parse_mode="MarkdownV2"),
        lambda bot: bot.send_message(CHAT, "hi", entities=[MessageEntity("bold", 0, 3)]),
    ],
    ids=[
        "description-513",
        "short-description-121",
        "unknown-chat-action",
        "three-letter-language-code",
        "101-commands",
        "unknown-update-type",
        "unclosed-html-tag",
        "unescaped-markdown-v2",
        "entity-past-the-text",
    ],
)
async def test_documented_limits_are_enforced(api, bot, call):
    with pytest.raises(BadRequest):
        await call(bot)
    assert len(api.violations) == 1


async def test_text_length_is_counted_after_parse_mode(api, bot):
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(CHAT, "f \\= 1\\.8c", parse_mode="MarkdownV2")
    assert not api.violations


def test_wait_reply_and_delivered_see_only_what_telegram_carried_out(api):
    api.inject(Fault("sendMessage", times=1, status=500))
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": "first"})[0] == 500
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": ""})[0] == 400
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": "third"})[0] == 200
    assert api.wait_reply(CHAT, 0, timeout=1).params["text"] == "third"
    assert [r.params["text"] for r in api.delivered(CHAT)] == ["third"]
    assert [r.status for r in api.sent_to(CHAT)] == [500, 400, 200]


def test_violations_since_a_mark_and_the_live_registry(api):
    assert api in FakeBotApi.live
    post(api, "sendMessage", {"chat_id": CHAT})
    mark = api.mark()
    assert api.violations_since(mark) == []
    post(api, "sendMessage", {"chat_id": CHAT, "text": "x", "colour": "red"})
    (violation,) = api.violations_since(mark)
    assert "colour" in violation and last(api).violation == violation
    other = FakeBotApi(TOKEN).start()
    assert other in FakeBotApi.live
    other.stop()
    other.stop()
    assert other not in FakeBotApi.live


def test_the_fakes_own_answers_and_updates_are_checked_against_the_spec(api, monkeypatch):
    monkeypatch.setattr(api, "_do_getMe", lambda params, commit: {"id": 1, "is_bot": True})
    status, answer = post(api, "getMe", {})
    assert status == 500 and "first_name" in answer["description"]
    assert "fake bug" in api.violations[-1]
    with pytest.raises(AssertionError, match="language_code"):
        api.push_command(CHAT, "/start", language_code=7)


def test_clear_faults_forgets_unused_faults(api):
    api.inject(Fault("sendMessage", times=3, status=502))
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": "x"})[0] == 502
    api.clear_faults()
    assert post(api, "sendMessage", {"chat_id": CHAT, "text": "x"})[0] == 200


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"disable_notification": "true"}, 200),
        ({"disable_notification": "1"}, 400),
        ({"message_thread_id": "1.5"}, 400),
        ({"reply_markup": "{not json"}, 400),
    ],
    ids=["boolean-true", "boolean-1", "integer-1.5", "markup-not-json"],
)
def test_form_values_must_be_literals_of_their_type(api, fields, status):
    assert post_form(api, "sendMessage", {"chat_id": CHAT, "text": "12", **fields}) == status
    assert last(api).params["text"] == "12"
    assert bool(api.violations) == (status == 400)


async def test_the_bot_cannot_write_first_to_a_user(api, bot):
    """Telegram: 403 until the user has started a private chat with the bot."""
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(CHAT + 1, "hello")
    api.push_command(CHAT + 1, "/start")
    assert (await bot.send_message(CHAT + 1, "hello")).chat.id == CHAT + 1
    assert api.violations == []  # a bot meets this in normal life: not a bug in the request
