"""The deterministic reader of plain sentences, English and Chinese (pure: no Telegram, no model).

`read("what is 212 F in celsius")` → Temperatures((212 °F,)); `read("train 1000 more epochs with
lr 0.01")` → Intent("train", ("epochs=1000", "lr=0.01")); `read("hello")` → Unreadable().
Intents are matched first (intents.py), then temperatures: a value's own unit (`212F`, `华氏212度`,
`100摄氏度`) wins; a unit after a list is the list's (`32, 50 and 212 °F`); a named target (`in
celsius`, `是多少摄氏度`) makes the value the other unit; a unit named alone (`from fahrenheit`)
is the sentence's; a bare number is °C.
"""

from __future__ import annotations

import re

from bot.features import intents, numerals
from bot.features.readings import Reading, Temperature, Temperatures, Unit, Unreadable
from model.limits import MAX_PREDICT_VALUES

MAX_SENTENCE_CHARS = 300  # longer is not a sentence to read (4,000 digits are never parsed)
PROBLEMS = ("sentence-too-long", "sentence-not-finite", "sentence-too-many")
"""The catalogue keys an Unreadable's `problem` can be (its `values` fill the text in)."""

_C = r"°?c(?![a-z])|celsius|centigrade|摄氏度?"
_F = r"°?f(?![a-z])|fahrenheit|华氏度?"
_OWN = re.compile(rf"\s*(?:degrees?\s*|deg\s*|度\s*|°\s*)?(?:(?P<C>{_C})|(?P<F>{_F}))")
_PREFIX = re.compile(r"(?:(?P<C>摄氏)|(?P<F>华氏))\s*度?\s*$")
_TARGET = re.compile(  # the unit asked for: the value is the other one
    r"(?:(?<![a-z])(?:in|into|to|as|for|in terms of|how many)\s+|(?:->|→|=>|=)\s*(?:\?\s*)?)"
    r"(?:degrees?\s+)?(?:the\s+)?(?:(?P<C>°?c|celsius|centigrade)|(?P<F>°?f|fahrenheit))(?![a-z])"
    r"|(?<![a-z])(?:(?P<C1>celsius|centigrade)|(?P<F1>fahrenheit))\s+(?:of|for|equivalent|value)"
    r"(?![a-z])|(?:多少|(?:换算|转换|转|换|变|折合|改)(?:成|为|到)?)\s*(?:度\s*)?"
    r"(?:(?P<C2>摄氏|°c|c(?![a-z]))|(?P<F2>华氏|°f|f(?![a-z])))"
    r"|(?:(?P<C3>摄氏)|(?P<F3>华氏))\s*度?\s*(?:是|为|等于)?\s*多少"
)
_FREE = re.compile(
    r"(?<![a-z])(?:(?P<C>°c|celsius|centigrade)|(?P<F>°f|fahrenheit))(?![a-z])"
    r"|(?P<C2>摄氏)|(?P<F2>华氏)"
)
_LIST = re.compile(r"\s*(?:degrees?|deg|度|°)?\s*(?:,|;|/|&|and|or|和|与|及|或|跟)?\s*")
_NOT_FINITE = re.compile(r"(?<![a-z])(?:nan|inf|infinity|infinite)(?![a-z])|∞|无穷|无限")
_COUNT = re.compile(r"\s*(?:个|(?:values?|temperatures?|numbers?)(?![a-z]))")  # `3 values: …`
_OTHER: dict[Unit, Unit] = {"C": "F", "F": "C"}


def read(text: str) -> Reading:
    """What a plain sentence asks: temperatures, a command of the table, or nothing readable."""
    if len(text) > MAX_SENTENCE_CHARS:
        return Unreadable("sentence-too-long", (("max", MAX_SENTENCE_CHARS),))
    canonical = numerals.canonical(text)
    found = intents.intent(canonical)
    if found is not None:
        return found
    if word := _NOT_FINITE.search(canonical):
        return numerals.not_finite(word.group())
    values = [n for n in numerals.numbers(canonical) if not _COUNT.match(canonical, n.end)]
    if not values:
        return Unreadable()
    for number in values:
        if not numerals.is_finite(number):
            return numerals.not_finite(number.text)
    if len(values) > MAX_PREDICT_VALUES:
        return Unreadable("sentence-too-many", (("max", MAX_PREDICT_VALUES),))
    units = _units(canonical, values)
    return Temperatures(tuple(Temperature(n.value, unit) for n, unit in zip(values, units)))


def _unit_of(match: re.Match[str] | None) -> Unit | None:
    if match is None:
        return None
    groups = match.groupdict()
    if any(groups[name] for name in groups if name.startswith("C")):
        return "C"
    return "F" if any(groups[name] for name in groups if name.startswith("F")) else None


def _units(text: str, values: list[numerals.Number]) -> list[Unit]:
    """Each value's unit: its own, its list's, the other of the target, the sentence's, °C."""
    cn = "氏" in text  # 摄氏, 华氏: a unit before its number
    own: list[Unit | None] = []
    before: list[Unit | None] = []
    attached: list[tuple[int, int]] = []
    for number in values:
        suffix = _OWN.match(text, number.end)
        prefix = _PREFIX.search(text, max(0, number.start - 6), number.start) if cn else None
        own.append(_unit_of(suffix) or _unit_of(prefix))
        before.append(_unit_of(prefix))
        attached += [m.span() for m in (suffix, prefix) if m and _unit_of(m)]
    _spread_over_lists(text, values, own, before)
    named = list(_TARGET.finditer(text))
    targets = {u for m in named if (u := _unit_of(m))}
    rest = _without(text, attached + [m.span() for m in named])
    free = {u for m in _FREE.finditer(rest) if (u := _unit_of(m))}
    default: Unit = "C"
    if len(targets) == 1:
        default = _OTHER[targets.pop()]
    elif len(free) == 1:
        default = free.pop()
    return [unit or default for unit in own]


def _spread_over_lists(
    text: str, values: list[numerals.Number], own: list[Unit | None], before: list[Unit | None]
) -> None:
    """`32, 50 and 212 °F`: a unit after a list is the list's; `华氏 32、212`: one before it too."""
    for i in range(len(values) - 2, -1, -1):  # a unit after the list, read backwards
        if own[i] is None and own[i + 1] and _listed(text, values[i], values[i + 1]):
            own[i] = own[i + 1]
    for i in range(1, len(values)):
        if own[i] is None and before[i - 1] and _listed(text, values[i - 1], values[i]):
            own[i] = before[i] = before[i - 1]


def _listed(text: str, first: numerals.Number, second: numerals.Number) -> bool:
    """Whether only a list's separator (and the first value's unit) stands between them."""
    between = _OWN.match(text, first.end)
    start = between.end() if between and _unit_of(between) else first.end
    return _LIST.fullmatch(text, start, second.start) is not None


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the spans blanked out (positions kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
