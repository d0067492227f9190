"""Talking to the bot over real HTTP: plain sentences in a private chat, a mention or a reply
in a group (under its lock and flood budget), and an anonymous admin who posts as the group."""

from __future__ import annotations

import pytest

from bot.text import i18n
from tests.e2e.conftest import new_group

pytestmark = pytest.mark.shared_bot  # one bot per test process (tests/e2e/conftest.py)

EN, ZH = i18n.catalogue("en"), i18n.catalogue("zh")


def test_an_anonymous_admin_is_an_admin_of_a_locked_group(bot):
    group, teacher, student = new_group(), 91, 92
    api = bot.api
    api.chat_admins[group] = {teacher}
    assert bot.send(group, "/lock", teacher, "supergroup").params["text"] == EN("locked-now")
    refused = bot.send(group, "/lr 0.01", student, "supergroup")
    assert refused.params["text"] == EN("locked", command="lr")
    mark = api.push_command(group, "/lr 0.01", student, "supergroup", anonymous_admin=True)
    reply = api.wait_reply(group, mark)
    assert reply.params["text"].startswith(EN("lr-set", lr="0.01", old="0.1").split("(")[0])
    calls = [r for r in api.requests[mark:] if r.method == "getChatMember"]
    assert not calls, "an anonymous admin needs no getChatMember: the message says who sent it"
