"""The training animation: how long a lesson's GIF takes to draw, how big it is, how many frames."""

from __future__ import annotations

import numpy as np

from benchmarks.report import emit, median_seconds

MAX_SECONDS = 3.0
MAX_KB = 2000.0  # 2 MB: a GIF a phone downloads without a wait
MIN_FRAMES = 10


def animation_render() -> None:
    """A 500-epoch lesson as a 40-frame GIF, against one loss-curve PNG drawn in the same run."""
    from bot.text import formatting, i18n
    from model import Dataset
    from model.animation import AnimationFrames, animation_gif
    from model.dataset import line_range
    from model.frames import frame_epochs
    from model.plots import loss_curve_png

    # A fake training, no TensorFlow: the line w·c + b goes from (0.5, 0) towards (1.8, 32)
    # while the loss falls by decades.
    total = 500
    dataset = Dataset()
    grid = line_range(dataset, 64)
    epochs = frame_epochs(total, 40)
    progress = 1 - np.geomspace(1, 1e-4, total + 1)[epochs]
    w, b = 0.5 + 1.3 * progress, 32 * progress
    losses = np.geomspace(5000, 0.5, total)
    frames = AnimationFrames(grid, epochs, w[:, None] * grid + b[:, None], losses)
    t = i18n.catalogue("en")
    labels = formatting.plot_labels(t)
    counters = [t("animate-counter", epoch=int(e), total=total) for e in epochs]

    gif = animation_gif(dataset, frames, labels, counters)  # fonts loaded, caches warm
    loss_curve_png(losses, labels)
    seconds = median_seconds(lambda: animation_gif(dataset, frames, labels, counters), 5)
    png = median_seconds(lambda: loss_curve_png(losses, labels), 10)
    emit(
        "animation_gif_render_500_epochs",
        seconds,
        "s",
        png,
        seconds / png,
        f"value <= {MAX_SECONDS:g} s",
    )
    kb = len(gif) / 1000
    emit("animation_gif_size", kb, "KB", MAX_KB, kb / MAX_KB, f"value <= {MAX_KB:g} KB")
    emit(
        "animation_gif_frames",
        len(epochs),
        "count",
        MIN_FRAMES,
        len(epochs) / MIN_FRAMES,
        f">= {MIN_FRAMES}",
    )


if __name__ == "__main__":
    animation_render()
