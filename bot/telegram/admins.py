"""Who administers a group, and who is in it, as Telegram says (getChatMember), remembered for a
minute per (chat, user): a busy locked group costs one Bot API call a member a minute, not one a
command. A promotion, a demotion or a departure therefore takes effect within that minute."""

from __future__ import annotations

import logging
import time

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest

log = logging.getLogger(__name__)

REMEMBER = 60.0  # seconds
_ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
_MEMBERS = (*_ADMINS, ChatMemberStatus.MEMBER)


class ChatAdmins:
    """getChatMember's answers, kept for REMEMBER seconds."""

    def __init__(self, remember: float = REMEMBER) -> None:
        self._remember = remember
        self._known: dict[tuple[int, int], tuple[bool, bool, float]] = {}

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """Whether `user_id` is the group's owner or an administrator."""
        return (await self._status(bot, chat_id, user_id))[0]

    async def is_member(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        """Whether `user_id` is in the group now (e.g. may score in its quiz)."""
        return (await self._status(bot, chat_id, user_id))[1]

    async def _status(self, bot: Bot, chat_id: int, user_id: int) -> tuple[bool, bool]:
        """(admin, member) for the user in the chat."""
        now = time.monotonic()
        known = self._known.get((chat_id, user_id))
        if known is not None and known[2] > now:
            return known[0], known[1]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except BadRequest as error:  # e.g. the bot was removed, or the user left: not an admin
            log.warning("getChatMember refused (%s): treated as not an admin, nor a member", error)
            return False, False
        admin = member.status in _ADMINS
        present = member.status in _MEMBERS or bool(getattr(member, "is_member", False))
        if len(self._known) > 10_000:  # forget the expired ones now and then
            self._known = {k: v for k, v in self._known.items() if v[2] > now}
        self._known[chat_id, user_id] = (admin, present, now + self._remember)
        return admin, present
