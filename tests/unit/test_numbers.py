"""One number format across replies: a few significant digits, scientific only at the extremes."""

import math

import pytest

from bot.text import numbers


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (211.75, 2, "211.75"),
        (1.7979, 4, "1.7979"),
        (-751635.5625, 4, "-751636"),  # six digits in all, not -751635.5625
        (3.25845e-07, 4, "3.26e-07"),
        (1.602e16, 2, "1.6e+16"),
        (0.0015, 2, "0.0015"),  # too small for two decimals: its significant digits
        (-0.001, 2, "-0.001"),
        (0.0, 4, "0"),
        (-0.00001, 1, "-1e-05"),
        (math.nan, 2, "—"),
    ],
)
def test_fixed_keeps_decimals_for_ordinary_sizes_and_few_digits_elsewhere(value, digits, text):
    assert numbers.fixed(value, digits) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5693.2, "5693"),
        (123456.7, "123457"),  # not 1.235e+05
        (7.05, "7.05"),
        (0.0630459, "0.06305"),
        (-3.57628e-06, "-3.58e-06"),  # not -3.57628e-06
        (1.602e16, "1.6e+16"),
        (math.inf, "—"),
    ],
)
def test_significant_gives_four_figures_and_scientific_only_at_the_extremes(value, text):
    assert numbers.significant(value) == text
