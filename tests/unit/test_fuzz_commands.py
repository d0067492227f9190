"""Hostile input: thousands of generated argument lists never crash a parser, and every refusal
renders as a short reply within Telegram's 4096-character limit."""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.commands import (
    UsageError,
    parse_convert,
    parse_data,
    parse_layers,
    parse_no_args,
    parse_train,
)
from model import ModelError

PARSERS = (parse_convert, parse_train, parse_data, parse_layers, parse_no_args)

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
        numbers,
    ),
    st.sampled_from(["add", "remove", "reset", "none", "relu", "tanh", "°C", "C", ",", "="]),
)
arguments = st.one_of(st.lists(words, max_size=30), st.lists(numbers, min_size=500, max_size=3000))


def check(parser, args):
    try:
        result = parser(args)
    except (UsageError, ModelError) as problem:
        reply = texts.error(problem)
        assert 0 < len(reply) <= texts.MAX_MESSAGE
        assert "Traceback" not in reply
        return
    if parser is parse_convert:
        assert 1 <= len(result) <= 20 and all(math.isfinite(v) and abs(v) <= 1e6 for v in result)


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(arguments)
def test_no_argument_list_crashes_any_parser(args):
    for parser in PARSERS:
        check(parser, args)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=4096))
def test_a_whole_message_as_one_argument_never_crashes(text):
    for parser in PARSERS:
        check(parser, text.split())
