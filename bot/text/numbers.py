"""How a number reads in a reply, one rule for every reply and both languages: a few significant
digits, fixed-point for ordinary sizes, scientific only for the very small or very large."""

from __future__ import annotations

import math

LARGE = 1e6  # from here on: 1.6e+16
SMALL = 1e-4  # below this: 3.26e-07
SCIENTIFIC_FIGURES = 3
MOST_FIGURES = 6  # fixed-point never shows more digits than this: 751636, not 751635.5625


def _special(value: float) -> str | None:
    """The text of a number no ordinary rule fits: none, zero, or very large or small."""
    if not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    if abs(value) >= LARGE or abs(value) < SMALL:
        return f"{value:.{SCIENTIFIC_FIGURES}g}"
    return None


def significant(value: float, figures: int = 4) -> str:
    """`figures` significant digits (a loss, a gradient): 5693, 7.05, 0.06305, 123457."""
    special = _special(value)
    if special is not None:
        return special
    if abs(value) >= 10 ** (figures - 1):
        return f"{value:.0f}"
    return f"{value:.{figures}g}"


def fixed(value: float, digits: int = 2) -> str:
    """`digits` decimals (a temperature, a weight): 211.75, 1.7979; fewer for large values
    (at most MOST_FIGURES digits in all), significant ones for values too small to show."""
    special = _special(value)
    if special is not None:
        return special
    if abs(value) < 10**-digits:
        return significant(value, SCIENTIFIC_FIGURES)
    whole = len(str(int(abs(value))))
    text = f"{value:.{min(digits, max(0, MOST_FIGURES - whole))}f}"
    return "0" if text.strip("-0.") == "" else text
