"""Check that this Python environment holds exactly what the lock file pins, and exit 1 if not.

    python tools/check_venv.py [requirements.lock]

Every distribution the lock pins for this interpreter and platform (its markers evaluated here)
must be installed at that version, and nothing else may be installed but the project itself and
pip (the installer, as the Python that made the venv ships it). `make install` runs this after
building `.venv` from the lock, and `make test` before every run.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "c2f-bot"
NOT_LOCKED = {"pip", PROJECT}


def locked(lock: Path) -> dict[str, str]:
    """Name → version of the lock's pins that apply here (hash lines and comments skipped)."""
    pins: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        if not line or line[0] in " #-":
            continue
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        (specifier,) = requirement.specifier  # a lock pins each name with one ==
        if specifier.operator != "==":
            raise SystemExit(f"{lock}: {line!r} is not pinned with ==")
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def installed() -> dict[str, str]:
    """Name → version of every distribution this interpreter can import from."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def differences(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    """What keeps `have` from being exactly `pins`, one line each; empty when it is."""
    problems = []
    for name in sorted(pins.keys() | have.keys()):
        want, got = pins.get(name), have.get(name)
        if name in NOT_LOCKED or want == got:
            continue
        if got is None:
            problems.append(f"missing: {name}=={want}")
        elif want is None:
            problems.append(f"not in the lock: {name}=={got}")
        else:
            problems.append(f"{name}: {got} installed, the lock pins {want}")
    return problems


def main() -> int:
    lock = Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")
    problems = differences(locked(lock), installed())
    if problems:
        print(f"{sys.prefix} does not match {lock}:", *problems, sep="\n  ", file=sys.stderr)
        print(
            "Rebuild it with `make clean install`; after changing pyproject.toml's "
            "dependencies, `make lock` first.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
