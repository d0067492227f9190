"""Numbers in a plain sentence, however they are written, made ASCII digits (pure).

`canonical` rewrites a sentence so that every number in it is in digits: full-width digits and
signs (NFKC), the Unicode minus, Chinese numerals (`三十七点五`, `零下十`, `负四十`: through
`cn2an`, imported only when a sentence has them), a few English number words (`a hundred`,
`forty`, `minus 40`); `numbers` then finds them (`36,6` is 36.6; `0, 37` is two values).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from bot.features.readings import Unreadable
from model.limits import MAX_ABS_VALUE

# Before NFKC: Chinese list commas separate (NFKC would make `，` a decimal comma), and the
# look-alikes of the degree sign (NFKC makes `º` an "o").
_BEFORE = str.maketrans({"，": ", ", "、": ", ", "º": "°", "˚": "°", "\u2212": "-"})

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = frozenset(_CN_DIGITS + "十百千万亿负")  # 负: a sign before digits too
_CN_RUN = re.compile(rf"[{_CN_DIGITS}十百千万亿]+(?:点[{_CN_DIGITS}]+)?")
_CN_BELOW_ZERO = re.compile(rf"零下\s*(?=[0-9.{_CN_DIGITS}十])")
_CN_NEGATIVE = re.compile(r"负\s*(?=[0-9.])")
# `一` where it is a word, not a number: 一下 (a bit), 一点 (a little), 一次 (once), 第一 (first).
_CN_WORD_AFTER_ONE = frozenset("下点些起遍次会样直般定切共旦边块同致律向再")
_CN_WORD_BEFORE_ONE = frozenset("第统唯万之")
# 三十七度五 (37.5 degrees, as a thermometer is read aloud).
_CN_DEGREES_TENTHS = re.compile(r"(\d+)度(\d)(?![\d.])")

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
_TEENS += ["seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {
    **{word: (n, "unit") for n, word in enumerate(_UNITS)},
    **{word: (10 + n, "teen") for n, word in enumerate(_TEENS)},
    **{word: (20 + 10 * n, "ten") for n, word in enumerate(_TENS)},
    "hundred": (100, "hundred"),
    "thousand": (1000, "thousand"),
}
_WORD = "(?:" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + ")"
_DIGIT_WORD = "(?:" + "|".join(_UNITS) + ")"
_EN_NUMBER = re.compile(
    rf"\b(?:a\s+(?=hundred|thousand))?{_WORD}"
    rf"(?:(?:(?:(?<=hundred)|(?<=thousand))\s+and\s+|[\s-]+){_WORD})*"
    rf"(?:\s+point(?:\s+{_DIGIT_WORD})+)?\b"
)
# A cheap first look: does the sentence have a number word at all?
_EN_HINT = re.compile(
    r"zero|one|two|th[ir]|fo(?:ur|rty)|fi(?:ve|f)|six|seven|eight|nine|ten|ele|twe|hundred|thousand"
)
# "one" that is a pronoun: `this one`, `which one`.
_PRONOUN_ONE = re.compile(r"\b(?:this|that|which|the|every|any|no|each|some|another|other)\s+$")
_SIGN_WORD = re.compile(r"\b(?:minus|negative)\s*(?=\.?\d)")
_BELOW_ZERO = re.compile(  # `40 below zero`
    r"(?<![\d.])(\d+(?:\.\d+)?)(\s*(?:degrees?|°)?)\s+below(?:\s+(?:zero|0))?(?![\d.])"
)

NUMBER = re.compile(
    r"(?<![a-z0-9_.])"
    r"(?P<sign>[+-])?"
    r"(?:(?P<grouped>[1-9]\d{0,2}(?:,\d{3})+(?!\d)(?:\.\d+)?)"  # 1,000 and 12,500.5
    r"|(?P<plain>\d+(?:[.,]\d+)?|\.\d+))"  # 36.6, 36,6 (a comma without a space), .5
    r"(?P<exponent>e[+-]?\d+)?"
)


class Number(NamedTuple):
    """A number found in a canonical sentence: its value (maybe not finite) and where it is."""

    value: float
    start: int
    end: int
    text: str


def canonical(text: str) -> str:
    """`text` lower-cased, with every number it spells in ASCII digits (`负四十` → `-40`)."""
    text = unicodedata.normalize("NFKC", text.translate(_BEFORE)).lower()
    if not _CN_CHARS.isdisjoint(text):
        text = _chinese_numerals(text)
    if _EN_HINT.search(text):
        text = _EN_NUMBER.sub(_english_number, text)
    if "minus" in text or "negative" in text:
        text = _SIGN_WORD.sub("-", text)
    if "below" in text:
        text = _BELOW_ZERO.sub(r"-\1\2", text)
    return text


def numbers(text: str) -> list[Number]:
    """The numbers of a canonical sentence, in order."""
    return [Number(_value(m), m.start(), m.end(), m.group()) for m in NUMBER.finditer(text)]


def _value(match: re.Match[str]) -> float:
    text = match.group()
    if "," in text:  # 1,000 or 36,6
        text = text.replace(",", "" if match["grouped"] else ".")
    return float(text) + 0.0  # -0 is 0


def is_finite(number: Number) -> bool:
    """Whether the number is one the model could take (not `1e309`)."""
    return math.isfinite(number.value)


def not_finite(value: str) -> Unreadable:
    """`1e309`, `NaN`: not a number the model takes (its range named: ±MAX_ABS_VALUE)."""
    return Unreadable("sentence-not-finite", (("value", value[:20]), ("max", int(MAX_ABS_VALUE))))


def as_argument(value: float) -> str:
    """A number as a command's argument takes it: `1000`, `0.01`, `1e-05`."""
    return _digits(value)


def _chinese_numerals(text: str) -> str:
    text = _CN_BELOW_ZERO.sub("-", text)
    text = _CN_RUN.sub(_chinese_run, text)
    if "负" in text:
        text = _CN_NEGATIVE.sub("-", text)
    if "度" in text:
        text = _CN_DEGREES_TENTHS.sub(r"\1.\2度", text)
    return text


def _chinese_run(match: re.Match[str]) -> str:
    run, text, start, end = match.group(), match.string, match.start(), match.end()
    if run == "一" and (
        text[end : end + 1] in _CN_WORD_AFTER_ONE or text[start - 1 : start] in _CN_WORD_BEFORE_ONE
    ):
        return run
    return _chinese_value(run)


@lru_cache(maxsize=1024)
def _chinese_value(run: str) -> str:
    """A run of Chinese numerals in digits (cn2an's reading), or the run as it was."""
    import cn2an  # type: ignore[import-untyped]  # 0.4 s: only for sentences that need it

    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return run
    if isinstance(value, int):  # exact, however long: beyond a float, it reads as not finite
        return str(value)
    return _digits(float(value))


def clear_cache() -> None:
    """Forget the Chinese numerals read so far (for a benchmark that reads them anew)."""
    _chinese_value.cache_clear()


def _digits(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _english_number(match: re.Match[str]) -> str:
    phrase = " ".join(match.group().split())
    if phrase == "one" and _PRONOUN_ONE.search(match.string, 0, match.start()):
        return phrase
    whole, _, decimals = phrase.partition(" point ")
    values = _english_values(re.split(r"[\s-]+", whole.replace(" and ", " ")))
    text = " ".join(str(v) for v in values)
    if decimals:
        text += "." + "".join(str(_WORD_VALUES[w][0]) for w in decimals.split())
    return text


def _english_values(words: list[str]) -> list[int]:
    """`forty two` → [42]; `zero one hundred` → [0, 100]: a word that cannot continue the
    number before it starts the next."""
    values: list[int] = []
    total, current, last = 0, 0, ""
    for word in words:
        if word == "a":
            continue
        value, kind = _WORD_VALUES[word]
        small = kind in ("unit", "teen", "ten")
        if small and (last in ("unit", "teen") or (last == "ten" and kind != "unit")):
            values.append(total + current)
            total, current = 0, 0
        if small:
            current += value
        elif kind == "hundred":
            if current >= 100:  # `nine hundred hundred`: not one number
                values.append(total + current)
                total, current = 0, 0
            current = (current or 1) * 100
        else:
            total, current = total + (current or 1) * 1000, 0
        last = kind
    values.append(total + current)
    return values
