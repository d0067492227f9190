"""The map in docs/architecture.md stays true: each package imports only what its room allows
(read from the code's own import statements), and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("bot", "model", "classroom", "storage", "benchmarks")
MAX_LINES = 400

# What a package (or a part of one) must never import, the first match of its path deciding.
_TRANSPORT = {"telegram", "tornado"}
_DATABASES = {"sqlite3", "psycopg", "psycopg_pool"}
_PLOTTING_AND_TRAINING = {"tensorflow", "keras", "matplotlib"}

# What a package (or a part of one) must never import; the longest matching path decides.
FORBIDDEN: list[tuple[str, frozenset[str]]] = [
    # The ML core: no state, no transport, no other room of the project.
    ("model", frozenset({"bot", "classroom", "storage", *_TRANSPORT, *_DATABASES})),
    # The games and homework: rules over the model's types, nothing beneath or above.
    ("classroom", frozenset({"bot", "storage", *_TRANSPORT, *_DATABASES, *_PLOTTING_AND_TRAINING})),
    # The state: below the bot, never its transport nor the model's heavy machinery.
    ("storage", frozenset({"bot", *_TRANSPORT, *_PLOTTING_AND_TRAINING})),
    # What the bot does, free of any transport (bot/telegram carries it to Telegram); the
    # library's URL helpers (deep links) are plain functions.
    ("bot/features", frozenset({"bot.telegram", "telegram.ext", "telegram._bot", "tornado"})),
]


def modules() -> list[Path]:
    """Every Python module of the project's packages."""
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    """The modules `path` imports (relative imports resolved), type-checking-only ones too."""
    tree = ast.parse(path.read_text(), str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def rule_for(path: Path) -> frozenset[str]:
    place = path.relative_to(ROOT).as_posix()
    for prefix, forbidden in sorted(FORBIDDEN, key=lambda rule: -len(rule[0])):
        if place.startswith(prefix + "/"):
            return forbidden
    return frozenset()


def breaks(names: set[str], forbidden: frozenset[str]) -> set[str]:
    return {name for name in names if any(name == f or name.startswith(f + ".") for f in forbidden)}


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_module_imports_only_what_its_room_allows(path: Path) -> None:
    assert not breaks(imported(path), rule_for(path))


def test_the_import_rule_sees_a_forbidden_import() -> None:
    # The rules themselves: a relative import is resolved, and a sub-module counts.
    model = ROOT / "model" / "example.py"
    assert breaks({"storage.sessions", "numpy"}, rule_for(model)) == {"storage.sessions"}
    assert rule_for(ROOT / "bot" / "features" / "x.py") != rule_for(ROOT / "bot" / "x.py")


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_every_module_is_on_the_map() -> None:
    """docs/architecture.md names every module of the packages (by its file name)."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    missing = [
        path.relative_to(ROOT).as_posix()
        for path in modules()
        if path.name != "__init__.py" and path.name not in text
    ]
    assert not missing
