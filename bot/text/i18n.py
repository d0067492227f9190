"""The catalogues: one Fluent file per language, `bot/text/locales/<language>.ftl`, read at
start-up.

Fluent rather than gettext: a message is looked up by a key (`error-busy`) with named
placeholders (`{ $epochs }`), plural forms live in the translation where a language needs them,
and the source files are read as they are — no compile step, nothing generated at install.
Numbers reach the catalogue already formatted by `bot.text.formatting`, so every language shows
them alike; whole numbers stay numbers (without digit grouping) so that a language can pick
plural forms.
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.resolver import Message
from fluent.runtime.types import fluent_number

from bot.text import numbers

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"


class MissingText(LookupError):
    """A key the catalogue lacks or a placeholder left empty: a bug, never shown half-done."""


def language_of(code: str | None) -> str:
    """The catalogue for a Telegram `language_code` or a POSIX locale: Chinese for any `zh`
    (`zh-hans`, `zh-CN`, `zh_TW.UTF-8`…), else English."""
    if code and code.strip().lower().replace("_", "-").split("-")[0] == "zh":
        return "zh"
    return DEFAULT_LANGUAGE


def resolve(chosen: str | None, sender_code: str | None) -> str:
    """The language a chat speaks: the one it chose with /lang, else its sender's."""
    return chosen if chosen in LANGUAGES else language_of(sender_code)


class Catalogue:
    """One language's messages: `catalogue("key", name=value)` is the text.

    A message is parsed the first time it is asked for: Fluent's parser takes tens of
    milliseconds for a whole catalogue, and a bot that has just started needs a handful."""

    def __init__(self, language: str, source: str) -> None:
        self.language = language
        self._sources = message_sources(source)
        self._bundle = FluentBundle([language], use_isolating=False)
        self._parsing = threading.Lock()

    def __contains__(self, key: str) -> bool:
        return key in self._sources

    def keys(self) -> list[str]:
        """Every message's key, in the file's order."""
        return list(self._sources)

    def message(self, key: str) -> Message:
        """The message `key`, parsed (MissingText if the catalogue has none)."""
        if not self._bundle.has_message(key):
            if key not in self._sources:
                raise MissingText(f"{self.language}: no message {key!r}")
            with self._parsing:
                self._bundle.add_resource(FluentResource(self._sources[key]))
            if not self._bundle.has_message(key):
                raise MissingText(f"{self.language}: message {key!r} does not parse")
        return self._bundle.get_message(key)

    def __call__(self, key: str, **values: object) -> str:
        message = self.message(key)
        arguments = {name: _argument(value) for name, value in values.items()}
        if message.value is None:
            raise MissingText(f"{self.language}: message {key!r} has no value")
        text, errors = self._bundle.format_pattern(message.value, arguments)
        if errors or not isinstance(text, str):
            raise MissingText(f"{self.language}: {key!r}: {errors or text}")
        return text


_MESSAGE_START = re.compile(r"(?P<key>[a-zA-Z][a-zA-Z0-9_-]*) *=")


def message_sources(source: str) -> dict[str, str]:
    """Each message's own lines, by key. A message starts with `key =` at the start of a line
    and goes on until the next line that starts with anything but a space (another message, a
    comment): its continuation lines are indented, and blank lines in between stay with it."""
    sources: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in source.splitlines(keepends=True):
        if line[:1] in (" ", "\t", "\n", "\r", ""):
            if current is not None:
                current.append(line)
            continue
        start = _MESSAGE_START.match(line)
        current = sources.setdefault(start["key"], []) if start else None
        if current is not None:
            current.append(line)
    return {key: "".join(lines) for key, lines in sources.items()}


def _argument(value: object) -> object:
    """Whole numbers as Fluent numbers without grouping (10000, not 10,000); others as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return fluent_number(value, useGrouping=False)
    if isinstance(value, float):
        return numbers.significant(value, 6)
    return str(value)


@functools.cache
def catalogue(language: str) -> Catalogue:
    """The catalogue of `language` (one of LANGUAGES), read once."""
    if language not in LANGUAGES:
        raise MissingText(f"no catalogue for {language!r}")
    return Catalogue(language, (LOCALES / f"{language}.ftl").read_text(encoding="utf-8"))
