"""`python -m model` (what `make run` starts until the bot lands) runs the whole lesson."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_lesson_script_trains_prints_and_writes_the_plot(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "model", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "100 °C →" in done.stdout and "Weight 1.8" in done.stdout
    assert (tmp_path / "loss.png").read_bytes().startswith(b"\x89PNG")
