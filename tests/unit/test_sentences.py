"""The reader of plain sentences: the table of English and Chinese sentences and their readings,
the limits it names, and, over arbitrary text, that it never raises and never reads a NaN."""

import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features import sentences
from bot.features.readings import Intent, Temperature, Temperatures, Unreadable
from bot.text import i18n
from bot.text.i18n import LANGUAGES
from model.limits import MAX_PREDICT_VALUES
from tests.conftest import ROOT
from tests.sentence_table import CHINESE, ENGLISH


def test_the_table_has_sixty_sentences_in_each_language():
    assert len(ENGLISH) >= 60 and len(CHINESE) >= 60


@pytest.mark.parametrize(("sentence", "reading"), ENGLISH, ids=lambda s: str(s)[:40])
def test_an_english_sentence_reads_as_the_table_says(sentence, reading):
    assert sentences.read(sentence) == reading


@pytest.mark.parametrize(("sentence", "reading"), CHINESE, ids=lambda s: str(s)[:40])
def test_a_chinese_sentence_reads_as_the_table_says(sentence, reading):
    assert sentences.read(sentence) == reading


def test_each_problem_is_in_the_table_and_in_every_catalogue():
    problems = {r.problem for _, r in ENGLISH + CHINESE if isinstance(r, Unreadable) and r.problem}
    assert problems == set(sentences.PROBLEMS)
    for language in LANGUAGES:
        t = i18n.catalogue(language)
        for _, reading in ENGLISH + CHINESE:
            if isinstance(reading, Unreadable) and reading.problem:
                text = t(reading.problem, **dict(reading.values))
                assert len(text.splitlines()) <= 2 and str(reading.values[-1][1]) in text


def test_the_limits_are_the_models_and_the_sentences():
    at_most = " ".join(["1"] * MAX_PREDICT_VALUES)
    assert len(sentences.read(at_most).values) == MAX_PREDICT_VALUES  # type: ignore[union-attr]
    assert sentences.read(at_most + " 1").problem == "sentence-too-many"  # type: ignore[union-attr]
    longest = "1" + " " * (sentences.MAX_SENTENCE_CHARS - 1)
    assert isinstance(sentences.read(longest), Temperatures)
    assert sentences.read(longest + " ") == Unreadable(
        "sentence-too-long", (("max", sentences.MAX_SENTENCE_CHARS),)
    )


def test_a_value_beyond_the_models_range_is_read_as_it_is():
    # The model checks ±1e6 itself, as /convert does; the reader only refuses what is not finite.
    assert sentences.read("1e300 F") == Temperatures((Temperature(1e300, "F"),))


def test_cn2an_is_imported_only_for_a_sentence_with_chinese_numerals():
    script = (
        "import sys; from bot.features import sentences; sentences.read('what is 100 in f');"
        "assert 'cn2an' not in sys.modules; sentences.read('一百'); assert 'cn2an' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


ALPHABET = st.sampled_from(
    [
        *"0123456789０１２３.,，、 -−+eE°℃℉cfCF度一二两三十百千万亿零点负下",
        *["minus ", "forty ", "hundred ", " and ", "nan", "inf", "in celsius", "是多少华氏度"],
        *["train ", "epochs", "lr ", "step ", "轮", "学习率", "why", "华氏", "摄氏"],
    ]
)


def _check(reading):
    assert isinstance(reading, Temperatures | Intent | Unreadable)
    if isinstance(reading, Temperatures):
        assert 1 <= len(reading.values) <= MAX_PREDICT_VALUES
        assert all(math.isfinite(t.value) and t.unit in ("C", "F") for t in reading.values)
    if isinstance(reading, Intent):
        for argument in reading.args:
            value = argument.partition("=")[2] or argument
            assert value.lower() not in ("nan", "inf", "-inf"), reading
    if isinstance(reading, Unreadable):
        assert all(not (isinstance(v, float) and math.isnan(v)) for _, v in reading.values)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_read_without_raising_or_a_nan(text):
    _check(sentences.read(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_sentence_of_numbers_and_units_is_read_without_raising_or_a_nan(text):
    _check(sentences.read(text))
