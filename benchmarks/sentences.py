"""The reader of plain sentences alone: µs a sentence over the tests' table, against /convert's
own parsing (arguments.parse_convert) of as many numbers in the same run."""

from __future__ import annotations

from benchmarks.report import emit, median_seconds
from bot.features import arguments, numerals, sentences
from bot.features.readings import Temperatures
from tests.sentence_table import SENTENCES


def sentence_parse() -> None:
    """Every sentence of the table read once a pass (cn2an's cache emptied each pass, so the
    Chinese numerals are read anew), against parse_convert of each sentence's count of numbers."""
    texts = [text for text, _ in SENTENCES]
    readings = [sentences.read(text) for text in texts]  # cn2an imported, regexes warm
    counts = [len(r.values) if isinstance(r, Temperatures) else 1 for r in readings]
    convert_args = [[" ".join(["100"] * count)] for count in counts]

    def parse() -> None:
        numerals.clear_cache()
        for text in texts:
            sentences.read(text)

    def convert() -> None:
        for args in convert_args:
            arguments.parse_convert(args)

    seconds = median_seconds(parse, 30) / len(texts)
    baseline = median_seconds(convert, 30) / len(texts)
    emit(
        "sentence_parse",
        seconds * 1e6,
        "µs",
        baseline * 1e6,
        seconds / baseline,
        f"reported: µs a sentence over the {len(texts)} of the tests' table",
    )


def main() -> None:
    """The one figure."""
    sentence_parse()


if __name__ == "__main__":
    main()
