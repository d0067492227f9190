"""Which epochs a training records for its animation: a light module (numpy only), since the
training records them and the pictures are drawn elsewhere (model/animation.py)."""

from __future__ import annotations

import numpy as np


def frame_epochs(total: int, frames: int = 40) -> np.ndarray:
    """Which epochs to show for a `total`-epoch training: 0, then spaced geometrically so the
    early epochs, where the picture changes most, get most frames; unique ints, ascending,
    ending at total; at most `frames` values (every epoch when there are no more than that)."""
    if total < 0 or frames < 2:
        raise ValueError(f"cannot pick {frames} frames of {total} epochs")
    if total < frames:
        return np.arange(total + 1)
    # Epochs 1..total at geometric steps, each at least one past the one before: the early ones
    # crowd onto consecutive epochs, and since the steps grow, the last lands on `total`.
    ideal = np.rint(np.geomspace(1, total, frames - 1)).astype(np.int64)
    ideal[-1] = total  # geomspace of one value gives its start
    epochs = [0]
    for epoch in ideal:
        epochs.append(max(int(epoch), epochs[-1] + 1))
    return np.array(epochs, np.int64)
