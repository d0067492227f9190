"""The catalogues: every language has every message with the same placeholders, every key the
code asks for exists (none is left unused), and every character can be drawn."""

import ast
import re
import unicodedata
from pathlib import Path

import matplotlib.font_manager
import pytest
from fluent.syntax import parse
from fontTools.ttLib import TTFont

from bot.features import (
    command_table,
    first_lesson,
    help,
    homework,
    report,
    sentences,
    tasks,
    teach,
    tune,
)
from bot.text import i18n
from classroom import errors as game_errors
from classroom import quiz
from model import OPTIMIZERS, errors, plots
from storage import errors as storage_errors
from tests.catalogue import messages, placeholders
from tests.conftest import ROOT

LANGUAGES = i18n.LANGUAGES


def test_one_catalogue_per_language_and_nothing_else():
    assert sorted(p.stem for p in i18n.LOCALES.glob("*.ftl")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_language_has_every_message_with_the_same_placeholders(language):
    english, other = messages("en"), messages(language)
    assert sorted(other) == sorted(english)
    for key, message in english.items():
        assert placeholders(other[key]) == placeholders(message), key


# --- every key the code uses exists ------------------------------------------------------------

# Keys built at run time from a prefix, and every key each prefix can make.
DYNAMIC = {
    "cmd-": {f"cmd-{name}" for name in command_table.NAMES},
    "error-": {f"error-{key}" for key in errors.KEYS},
    "lesson-title-": {f"lesson-title-{step}" for step in first_lesson.STEPS},
    "help-title-": {f"help-title-{group.key}" for group in help.SHOWN},
    "help-summary-": {f"help-summary-{group.key}" for group in help.SHOWN},
    "step-": {f"step-{name}" for name in OPTIMIZERS},
    "game-": {f"game-{key}" for key in game_errors.KEYS},
    "storage-": {f"storage-{key}" for key in storage_errors.KEYS},
    "quiz-": {f"quiz-{key}" for key in quiz.catalogue_keys()},
    "usage-": {
        f"usage-{typed or paged}"
        for path in (ROOT / "bot").rglob("*.py")
        for typed, paged in re.findall(
            r'UsageError\(\s*"(\w+)"|parse_page\(.*?"(\w+)"\)', path.read_text(encoding="utf-8")
        )
    },
}

# Tables of keys the code looks up by name.
TABLES = {
    "MOVE_TEXTS": tune.MOVE_TEXTS.values(),
    "STEP_TEXTS": teach.STEP_TEXTS,
    "STATE_TEXTS": homework.STATE_TEXTS.values(),
}
RECORDS = {"TASK_TEXTS": tasks.TASK_TEXTS.values()}  # tables of records of keys
LOOPS = {"column": report.COLUMNS}  # loop variables over a table of keys


def _strings(node: ast.expr) -> tuple[set[str], set[str]]:
    """Constant keys and f-string prefixes a key argument can evaluate to."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}, set()
    if isinstance(node, ast.Constant) and node.value is None:  # "no refusal"
        return set(), set()
    if isinstance(node, ast.Name) and node.id in LOOPS:
        return set(LOOPS[node.id]), set()
    if isinstance(node, ast.Name) and node.id in ("reason", "problem"):  # read apart
        return set(), set()
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) in TABLES:  # a table of keys
        return set(TABLES[ast.unparse(node.value)]), set()
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Subscript):
        records = RECORDS.get(ast.unparse(node.value.value))
        if records is not None:  # a field of a table of records
            return {getattr(record, node.attr) for record in records}, set()
    if isinstance(node, ast.IfExp):
        a, b = _strings(node.body), _strings(node.orelse)
        return a[0] | b[0], a[1] | b[1]
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        return set(), {node.values[0].value}
    raise AssertionError(f"a key the test cannot read: {ast.unparse(node)}")


def _is_catalogue_call(call: ast.Call) -> bool:
    func = call.func
    return (
        (isinstance(func, ast.Name) and func.id == "t")
        or (isinstance(func, ast.Attribute) and func.attr in ("t", "_t"))
        or isinstance(func, ast.Call)  # _catalogue(update, context)("key"), catalogue(x)("key")
    )


def keys_in_code() -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in sorted((ROOT / "bot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_catalogue_call(node) and node.args:
                found, dynamic = _strings(node.args[0])
                keys |= found
                prefixes |= dynamic
        if path.name == "access.py":  # refusals are returned as keys
            (refusal,) = [n for n in ast.walk(tree) if getattr(n, "name", "") == "refusal"]
            for node in ast.walk(refusal):
                if isinstance(node, ast.Return) and node.value is not None:
                    keys |= _strings(node.value)[0]
    return keys, prefixes


def test_every_key_the_code_asks_for_exists_and_every_message_is_used():
    keys, prefixes = keys_in_code()
    assert prefixes == set(DYNAMIC), "a new kind of built key: teach this test its keys"
    # The grammar hands back what it cannot read as a key (Unreadable.problem) to be shown.
    used = keys | set().union(*DYNAMIC.values()) | set(sentences.PROBLEMS)
    defined = set(messages("en"))
    assert used - defined == set(), "keys the code asks for but no catalogue has"
    assert defined - used == set(), "messages nothing uses"
    assert len(keys) > 60  # the scan sees the code's calls, not nothing


def sample_values(message) -> list[dict[str, object]]:
    """Arguments for every placeholder: as a number 1, as a number 5 and as a word."""
    names = placeholders(message)
    return [
        dict.fromkeys(names, 1),
        dict.fromkeys(names, 5),
        dict.fromkeys(names, "inf"),
        dict.fromkeys(names, "nan"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_formats_whole(language):
    t = i18n.catalogue(language)
    for key, message in messages(language).items():
        for values in sample_values(message):
            text = t(key, **values)
            assert text.strip() and "{" not in text and "$" not in text, (key, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_message_parsed_alone_is_the_message_of_the_whole_file(language):
    """The catalogue parses a message on first use, from its own lines."""
    source = (i18n.LOCALES / f"{language}.ftl").read_text(encoding="utf-8")
    alone = i18n.message_sources(source)
    assert list(alone) == list(messages(language)) == i18n.catalogue(language).keys()
    for key, message in messages(language).items():
        [entry] = parse(alone[key]).body
        assert entry.equals(message, ignored_fields=["span", "comment"]), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_key_or_value_is_an_error_not_a_bare_key(language):
    t = i18n.catalogue(language)
    with pytest.raises(i18n.MissingText):
        t("no-such-message")
    with pytest.raises(i18n.MissingText):
        t("conversion-line", celsius="1")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_menu_and_descriptions_fit_telegram(language):
    t = i18n.catalogue(language)
    for name, description in command_table.menu(t, include_admin=True):
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name) and 1 <= len(description) <= 256
    assert len(t("bot-description")) <= 512 and len(t("bot-short-description")) <= 120


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("zh", "zh"),
        ("zh-hans", "zh"),
        ("zh-CN", "zh"),
        ("zh-hant", "zh"),
        ("zh_TW.UTF-8", "zh"),
        ("en", "en"),
        ("en-US", "en"),
        ("ru", "en"),
        ("", "en"),
        (None, "en"),
        ("zhx", "en"),
        ("C.UTF-8", "en"),
    ],
)
def test_a_telegram_or_posix_language_code_picks_a_catalogue(code, language):
    assert i18n.language_of(code) == language


def test_a_chosen_language_wins_over_the_senders():
    assert i18n.resolve("en", "zh-hans") == "en"
    assert i18n.resolve("zh", "en") == "zh"
    assert i18n.resolve(None, "zh-hans") == "zh"
    assert i18n.resolve("xx", "zh") == "zh"  # a choice this release does not know


# --- every character can be drawn --------------------------------------------------------------


def characters(font: Path) -> set[str]:
    with TTFont(font, fontNumber=0) as loaded:
        return {chr(code) for code in loaded.getBestCmap()}


def test_every_character_of_the_catalogues_has_a_glyph():
    """Plot labels must be drawable whole; other texts too, but for emoji (Telegram draws them).
    When this fails after a catalogue change, rerun tools/subset_font.py."""
    dejavu = characters(Path(matplotlib.font_manager.findfont("DejaVu Sans")))
    drawable = dejavu | characters(plots.CJK_FONT_FILE)
    for language in LANGUAGES:
        for key, message in messages(language).items():
            t = i18n.catalogue(language)
            text = "".join(t(key, **values) for values in sample_values(message))
            missing = {c for c in text if c not in drawable and not c.isspace()}
            if not key.startswith("plot-"):
                missing = {c for c in missing if unicodedata.category(c) != "So"}
            assert not missing, (language, key, sorted(missing))
