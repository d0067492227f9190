"""Who administers a group, as Telegram says (getChatMember), remembered for a minute per (chat,
user): a busy locked group costs one Bot API call a member a minute, not one a command. A
promotion or demotion therefore takes effect within that minute."""

from __future__ import annotations

import logging
import time

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest

log = logging.getLogger(__name__)

REMEMBER = 60.0  # seconds
_ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


class ChatAdmins:
    """getChatMember's answers, kept for REMEMBER seconds."""

    def __init__(self, remember: float = REMEMBER) -> None:
        self._remember = remember
        self._known: dict[tuple[int, int], tuple[bool, float]] = {}

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """Whether `user_id` is the group's owner or an administrator."""
        now = time.monotonic()
        known = self._known.get((chat_id, user_id))
        if known is not None and known[1] > now:
            return known[0]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except BadRequest as error:  # e.g. the bot was removed, or the user left: not an admin
            log.warning("getChatMember refused (%s): treated as not an admin", error)
            return False
        admin = member.status in _ADMINS
        if len(self._known) > 10_000:  # forget the expired ones now and then
            self._known = {k: v for k, v in self._known.items() if v[1] > now}
        self._known[chat_id, user_id] = (admin, now + self._remember)
        return admin
