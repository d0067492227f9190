"""A chat's own settings: /lock and /unlock (a group's admins), /lang en|zh|auto."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.features import arguments
from bot.features.arguments import UsageError, normalize, shown, words_of
from bot.features.chat import Chat
from bot.features.replies import Reply
from bot.text import i18n


async def lock(chat: Chat, args: Sequence[str]) -> Reply:
    """/lock (group admins)."""
    return await _set_lock(chat, args, True)


async def unlock(chat: Chat, args: Sequence[str]) -> Reply:
    """/unlock (group admins)."""
    return await _set_lock(chat, args, False)


async def _set_lock(chat: Chat, args: Sequence[str], locked: bool) -> Reply:
    arguments.parse_no_args(args)
    if not chat.is_group:
        return Reply(chat.t("lock-private"))
    await chat.games.set_locked(chat.chat_id, locked)
    return Reply(chat.t("locked-now" if locked else "unlocked-now"))


async def lang(chat: Chat, args: Sequence[str]) -> Reply:
    """/lang [en|zh|auto]: the chat's language, or choose it (auto: each sender's own)."""
    choice = parse_lang(args)
    if choice is None:
        chosen = chat.games.language(chat.chat_id) in i18n.LANGUAGES
        current = chat.t("lang-current-chosen" if chosen else "lang-current-auto")
        return Reply(f"{current}\n{chat.t('lang-how')}")
    language = None if choice == AUTO else choice
    await chat.games.set_language(chat.chat_id, language)
    t = i18n.catalogue(i18n.resolve(language, chat.sender_language))  # said in the new one
    return Reply(t("lang-set-auto" if language is None else "lang-set"))


AUTO = "auto"  # /lang auto: each sender's own language


_LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
    "zh": "zh",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "简体中文": "zh",
    AUTO: AUTO,
}


def parse_lang(args: Sequence[str]) -> str | None:
    """/lang (show: None), /lang en|zh|auto; also `english`, `中文`, `zh-CN`, `zh_hans`."""
    words = words_of(args)
    if not words:
        return None
    word = normalize(words[0])
    choice = _LANGUAGE_NAMES.get(word) or _LANGUAGE_NAMES.get(re.split(r"[-_]", word)[0])
    if choice is None or len(words) > 1:
        raise UsageError("lang_usage", word=shown(" ".join(words)))
    return choice
