"""Who asks, where: read once from an update, the first step of every request's path
(bot/telegram/pipeline.py), and the Chat its command runs in."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Chat as TelegramChat
from telegram import Update, User

from bot.features.chat import Chat, Member, is_group
from bot.telegram.chats import chat_of
from bot.telegram.context import Context, Services
from bot.telegram.flood.limiter import Priority
from bot.telegram.status import TrainingStatus
from bot.text import i18n
from storage.errors import StorageError

if TYPE_CHECKING:
    from model.answers import StoredAnswers
    from model.service import ModelService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Asker:
    """The update's sender (`user`, None for a channel's post) in its chat, the chat's language
    (its /lang choice, else the sender's app language) and the services that answer them."""

    update: Update
    context: Context
    chat: TelegramChat
    user: User | None
    sender_language: str
    language: str

    @property
    def services(self) -> Services:
        return self.context.bot_data.services

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def in_group(self) -> bool:
        return is_group(self.chat.id)

    @property
    def t(self) -> i18n.Catalogue:
        """The catalogue of the chat's language."""
        return i18n.catalogue(self.language)

    @property
    def is_operator(self) -> bool:
        """Whether the sender is one of the bot's operators (ADMIN_IDS)."""
        return self.user is not None and self.user.id in self.services.settings.admin_ids

    @property
    def as_the_chat(self) -> bool:
        """Whether the message was sent on behalf of the group itself: by an anonymous admin
        (`sender_chat` the group, `from` Telegram's GroupAnonymousBot). Only its admins can."""
        message = self.update.message
        sender = message.sender_chat if message is not None else None
        return sender is not None and sender.id == self.chat.id

    @property
    def member(self) -> Member:
        """The sender as the class sees them (a channel's post, an anonymous admin: the chat)."""
        if self.user is None or self.as_the_chat:
            return Member(self.chat.id, self.chat.effective_name or "")
        return Member(self.user.id, self.user.full_name)

    async def is_chat_admin(self) -> bool:
        """Whether the sender administers this chat: an anonymous admin does; others as
        Telegram answers (remembered a minute)."""
        if self.as_the_chat:
            return True
        if self.user is None:
            return False
        return await self.services.admins.is_admin(self.context.bot, self.chat.id, self.user.id)

    async def is_teacher(self) -> bool:
        """Whose messages go first: in a group its admins and operators; in a private chat,
        anyone."""
        if not self.in_group or self.is_operator:
            return True
        return await self.is_chat_admin()

    async def seen(self, teacher: bool) -> None:
        """A student in a group is one of its class: the report lists them (teachers it doesn't).
        Recording them never stops their command: with the disk full or the data folder gone
        they are recorded at their next command, and the command says what it can't store."""
        user = self.user
        if teacher or user is None or user.is_bot or not self.in_group:
            return
        try:
            await self.services.classroom.seen(self.chat.id, user.id, user.full_name)
        except StorageError as error:
            log.warning("Could not record member %d of %d: %s", user.id, self.chat.id, error)

    def chat_for(self, service: ModelService | StoredAnswers | None, teacher: bool = True) -> Chat:
        """The Chat a command runs in: with the model service (or the stored answers, while it
        loads, for a command that only reads)."""
        services, query = self.services, self.update.callback_query
        pressed = query.message.message_id if query is not None and query.message else None
        progress = TrainingStatus(
            self.update,
            services.settings.status_after,
            self.t,
            services.classroom,
            Priority.TEACHER if teacher else Priority.MEMBER,
        )
        return chat_of(
            services,
            self.context.bot,
            self.chat.id,
            service,
            sender_language=self.sender_language,
            member=self.member,
            is_operator=self.is_operator,
            is_chat_admin=self.is_chat_admin,
            progress=progress,
            message_id=pressed,
            title=self.chat.title or "",
        )


def sender_language(user: User | None) -> str:
    """The language of the sender's Telegram app (the default if it says none we speak)."""
    return i18n.language_of(user.language_code if user is not None else None)


def asker_of(update: Update, context: Context) -> Asker | None:
    """Who asks, where; None for an update that comes from no chat."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    sender = sender_language(user)
    chosen = context.bot_data.services.classroom.language(chat.id)
    return Asker(update, context, chat, user, sender, i18n.resolve(chosen, sender))
