"""One JSON object per line: name, value, unit, baseline, ratio (and the target it is held to)."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable


def emit(name: str, value: float, unit: str, baseline: float, ratio: float, target: str) -> None:
    """Print one figure."""
    line = {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": round(baseline, 4),
        "ratio": round(ratio, 2),
        "target": target,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def medians_in_turns(
    ours: Callable[[], float], baseline: Callable[[], float], rounds: int, warm_up: int = 5
) -> tuple[float, float]:
    """The median of each of two measurements (each call returns its own seconds), taken in
    turns so that both meet the same machine; `warm_up` rounds of each first, not counted."""
    for _ in range(warm_up):
        ours()
        baseline()
    ours_times, baseline_times = [], []
    for _ in range(rounds):
        ours_times.append(ours())
        baseline_times.append(baseline())
    return statistics.median(ours_times), statistics.median(baseline_times)
