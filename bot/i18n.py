"""The catalogues: one Fluent file per language, `bot/locales/<language>.ftl`, read at start-up.

Fluent rather than gettext: a message is looked up by a key (`error-busy`) with named
placeholders (`{ $epochs }`), plural forms live in the translation where a language needs them,
and the source files are read as they are — no compile step, nothing generated at install.
Numbers reach the catalogue already formatted by `bot.texts`, so every language shows them alike;
whole numbers stay numbers (without digit grouping) so that a language can pick plural forms.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

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
    """One language's messages: `catalogue("key", name=value)` is the text."""

    def __init__(self, language: str, source: str) -> None:
        self.language = language
        self._bundle = FluentBundle([language], use_isolating=False)
        self._bundle.add_resource(FluentResource(source))

    def __contains__(self, key: str) -> bool:
        return self._bundle.has_message(key)

    def __call__(self, key: str, **values: object) -> str:
        if not self._bundle.has_message(key):
            raise MissingText(f"{self.language}: no message {key!r}")
        message = self._bundle.get_message(key)
        arguments = {name: _argument(value) for name, value in values.items()}
        text, errors = self._bundle.format_pattern(message.value, arguments)
        if errors:
            raise MissingText(f"{self.language}: {key!r}: {errors}")
        return text


def _argument(value: object) -> object:
    """Whole numbers as Fluent numbers without grouping (10000, not 10,000); others as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return fluent_number(value, useGrouping=False)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@functools.cache
def catalogue(language: str) -> Catalogue:
    """The catalogue of `language` (one of LANGUAGES), read once."""
    if language not in LANGUAGES:
        raise MissingText(f"no catalogue for {language!r}")
    return Catalogue(language, (LOCALES / f"{language}.ftl").read_text(encoding="utf-8"))
