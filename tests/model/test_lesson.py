"""`python -m model` (what `make run` starts until the bot lands) runs the whole lesson."""

import re
import subprocess
import sys

from tests import processes
from tests.conftest import ROOT
from tests.images import assert_loss_curve_png


def test_lesson_script_trains_prints_and_writes_the_plot(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "model", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=processes.exit_with_parent,
        check=True,
    )
    # The shared model's seed: the numbers the lesson prints.
    weight, bias = (
        float(v) for v in re.search(r"Weight ([\d.]+).*bias ([\d.]+)", done.stdout).groups()
    )
    f100 = float(re.search(r"100 °C → ([\d.]+) °F", done.stdout).group(1))
    first, last = (
        float(v) for v in re.search(r"Loss: ([\d.]+) at .* → ([\d.]+)", done.stdout).groups()
    )
    assert abs(weight - 1.82) <= 0.02 and abs(bias - 29.2) <= 0.3 and abs(f100 - 211.3) <= 0.3
    assert first > 1000 > 20 > last
    assert_loss_curve_png((tmp_path / "loss.png").read_bytes())
