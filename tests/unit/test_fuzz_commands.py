"""Hostile input: thousands of generated argument lists never crash a parser; each either parses
into values within the limits or is refused with one of the parser's own reasons, quoting the
offending word shortened, in a short reply."""

import math
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.features.arguments import (
    MAX_WORD_SHOWN,
    UsageError,
    normalize,
    parse_convert,
    parse_data,
    parse_layers,
    parse_no_args,
    parse_train,
)
from bot.features.chat_settings import parse_lang
from bot.features.first_lesson import STEPS, parse_step
from bot.features.race import parse_race
from bot.features.teach import STEP_TEXTS, parse_teach
from bot.text import formatting, i18n
from model import ModelError
from model.limits import MAX_ABS_VALUE, MAX_EPOCHS, MAX_HIDDEN_LAYERS, MAX_UNITS

SHORT_REPLY = 300  # every refusal fits in a few lines

NUMBER_REASONS = {"not_a_number", "value_range"}
REASONS = {
    parse_convert: {"convert_usage"} | NUMBER_REASONS,
    parse_train: {
        "train_usage",
        "unknown_option",
        "repeated_option",
        "missing_value",
        "not_a_number",
        "not_whole",
        "epochs_range",
        "lr_range",
        "unknown_optimizer",
        "seed_range",
        "momentum_range",
        "momentum_sgd_only",
        "nesterov_needs_momentum",
        "yes_or_no",
        "batch_range",
    },
    parse_data: {"data_usage"} | NUMBER_REASONS,
    parse_layers: {
        "layers_usage",
        "unknown_activation",
        "too_many_layers",
        "not_a_number",
        "not_whole",
        "units_range",
    },
    parse_no_args: {"no_arguments"},
    parse_lang: {"lang_usage"},
    parse_race: {"race_usage", "not_a_number", "not_whole"},
    parse_step: {"lesson_usage"},
    parse_teach: {"teach_usage"},
}
CATALOGUES = [i18n.catalogue(language) for language in i18n.LANGUAGES]
PARSERS = tuple(REASONS)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "-inf", "Infinity", "1e309", "0x1F", "１２", "−5", "1_0", "٣", "⁵"]),
)
words = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=4000, max_size=4096),
    st.text(alphabet=st.characters(max_codepoint=31), max_size=20),  # control characters
    numbers,
    st.builds(
        lambda k, v: f"{k}={v}",
        st.sampled_from(["epochs", "lr", "optimizer", "seed", "x", ""]),
        st.one_of(numbers, st.text(max_size=5000)),
    ),
    st.sampled_from(["add", "remove", "reset", "none", "relu", "tanh", "°C", "C", ",", "="]),
)
arguments = st.one_of(st.lists(words, max_size=30), st.lists(numbers, min_size=21, max_size=600))


def printable(text):
    return "".join(c if c.isprintable() else "?" for c in text)


def quotes_the_input(quoted, args):
    """A quoted word is (the start of) one of the user's words, made printable."""
    assert len(quoted) <= MAX_WORD_SHOWN
    stem = quoted.removesuffix("…")
    whole = " ".join(args)
    return stem in printable(whole) or stem in printable(normalize(whole))


def celsius_oracle(word):
    """What /convert must read from one word, worked out independently of the parser."""
    text = unicodedata.normalize("NFKC", word).replace("\u2212", "-").strip().lower()
    for suffix in ("°c", "℃", "°", "c"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return float(text)


def check(parser, args):
    try:
        result = parser(args)
    except (UsageError, ModelError) as problem:
        assert problem.key in REASONS[parser], (parser.__name__, problem.key)
        quoted = problem.values.get("word", problem.values.get("name"))
        for t in CATALOGUES:
            reply = formatting.error(t, problem)
            assert 0 < len(reply) <= SHORT_REPLY, reply
            if problem.key in ("not_a_number", "not_whole", "unknown_option", "unknown_optimizer"):
                assert quotes_the_input(quoted, args), (quoted, args)
                assert quoted in reply
        return
    if parser is parse_convert:
        assert len(result) >= 1  # how many the model takes is its own check
        assert all(math.isfinite(v) and abs(v) <= MAX_ABS_VALUE for v in result)
        meant = [w for a in args for w in a.replace(",", " ").replace(";", " ").split()]
        meant = [w for w in meant if normalize(w) not in ("°c", "℃", "°", "c")]
        assert result == [celsius_oracle(w) for w in meant]
    elif parser is parse_train:
        assert 1 <= result.epochs <= MAX_EPOCHS and 0 < result.learning_rate <= 1
    elif parser is parse_data:
        assert result.action in ("show", "add", "remove", "reset")
        assert abs(result.celsius) <= MAX_ABS_VALUE and abs(result.fahrenheit) <= MAX_ABS_VALUE
    elif parser is parse_layers and result is not None:
        assert len(result.hidden) <= MAX_HIDDEN_LAYERS
        assert all(1 <= units <= MAX_UNITS for units in result.hidden)
    elif parser is parse_no_args:
        assert not "".join(args).replace(",", "").replace(";", "").split()
    elif parser is parse_lang:
        assert result in (None, "en", "zh", "auto")
    elif parser is parse_race:
        assert result.runners and all(math.isfinite(r.learning_rate) for r in result.runners)
    elif parser is parse_step:
        assert 1 <= result <= len(STEPS)
    elif parser is parse_teach:
        assert 1 <= result <= len(STEP_TEXTS)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(arguments)
def test_no_argument_list_crashes_any_parser(args):
    for parser in PARSERS:
        check(parser, args)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=4096))
def test_a_whole_message_as_one_argument_never_crashes(text):
    for parser in PARSERS:
        check(parser, text.split())


def test_refusals_quote_the_offending_word_shortened():
    long_word = "x" * 5000
    for parser, args, key in [
        (parse_convert, ["12", long_word], "not_a_number"),
        (parse_train, [f"optimizer={long_word}"], "unknown_optimizer"),
        (parse_layers, ["4", long_word], "unknown_activation"),
    ]:
        try:
            parser(args)
        except (UsageError, ModelError) as problem:
            assert problem.key == key
            for t in CATALOGUES:
                reply = formatting.error(t, problem)
                assert "x" * (MAX_WORD_SHOWN - 1) + "…" in reply and len(reply) < SHORT_REPLY
        else:
            raise AssertionError(f"{parser.__name__} accepted {args[-1][:10]}…")


def test_a_steps_number_is_read_in_any_decimal_script_and_never_crashes():
    for parser in (parse_step, parse_teach):
        assert parser(["٣"]) == parser(["3"]) == 3  # Arabic-Indic digits are digits
        for word in ("²", "⁵", "½", "1" * 4000):  # digits to Python, but no int() reads them
            check(parser, [word])
