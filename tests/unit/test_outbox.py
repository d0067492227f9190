"""The bot behind a Telegram object: the Application's ExtBot, whose methods take the flood
budget's priority; a plain Bot (which would refuse `rate_limit_args`) is refused at once."""

import pytest
from telegram import Bot, Chat
from telegram.constants import ChatType
from telegram.ext import ExtBot

from bot.telegram.outbox import bot_of

TOKEN = "123456789:UNIT-token-AbCdEfGhIjKlMnOpQrStUvWxYz"


def test_bot_of_is_the_application_bot_a_chat_came_with():
    bot = ExtBot(TOKEN)
    chat = Chat(1, ChatType.PRIVATE)
    chat.set_bot(bot)
    assert bot_of(chat) is bot


def test_bot_of_refuses_a_plain_bot():
    chat = Chat(2, ChatType.PRIVATE)
    chat.set_bot(Bot(TOKEN))
    with pytest.raises(TypeError, match="not an ExtBot"):
        bot_of(chat)
