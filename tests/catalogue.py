"""Matching the bot's texts against the catalogue, whatever numbers they carry."""

from __future__ import annotations

import functools
import re

from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

from bot.text import i18n

NUMBER = r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


@functools.cache
def messages(language: str) -> dict[str, ast.Message]:
    """The messages of a catalogue, parsed (the syntax tree, not the text)."""
    resource = parse((i18n.LOCALES / f"{language}.ftl").read_text(encoding="utf-8"))
    junk = [entry.content[:80] for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{language}.ftl does not parse: {junk}"
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def placeholders(message: ast.Message) -> set[str]:
    """The names of a message's `{ $placeholders }`."""
    found: set[str] = set()

    class Placeholders(Visitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            found.add(node.id.name)

    Placeholders().visit(message)
    return found


def shaped(t: i18n.Catalogue, key: str, **values: object) -> re.Pattern[str]:
    """The message `key` filled with `values`, and any number where a value is not given."""
    missing = placeholders(messages(t.language)[key]) - set(values)
    marked = {**values, **{name: f"NUMBER{name}" for name in missing}}
    pattern = re.escape(t(key, **marked))
    for name in sorted(missing, key=len, reverse=True):  # weight_step before weight
        pattern = pattern.replace(f"NUMBER{name}", NUMBER)
    return re.compile(pattern)


def captured(t: i18n.Catalogue, key: str, text: str, **values: object) -> dict[str, float]:
    """The numbers in `text`, by placeholder, where it is message `key` filled with `values`
    (and a number for each placeholder not given); AssertionError if it is not."""
    missing = placeholders(messages(t.language)[key]) - set(values)
    marked = {**values, **{name: f"NUMBER{name}" for name in missing}}
    pattern = re.escape(t(key, **marked))
    for name in sorted(missing, key=len, reverse=True):  # weight_step before weight
        first, *again = pattern.split(f"NUMBER{name}")
        pattern = first + f"(?P<{name}>{NUMBER})" + f"(?P={name})".join(again) if again else first
    found = re.fullmatch(pattern, text)
    assert found is not None, f"{text!r} is not {key}"
    return {name: float(value) for name, value in found.groupdict().items()}
