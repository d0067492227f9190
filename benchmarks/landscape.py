"""The loss landscape: how long /landscape's picture takes against the loss-curve PNG, and what
recording the path every epoch costs the compiled training."""

from __future__ import annotations

import numpy as np

from benchmarks.report import emit, median_seconds

MAX_RENDER_RATIO = 3.0
MAX_PATH_RATIO = 1.2


def landscape_render() -> None:
    """A 500-epoch path on the lesson's landscape, against a loss-curve PNG in the same run."""
    from bot.text import formatting, i18n
    from model import Dataset
    from model.plots import landscape_png, loss_curve_png

    t = np.linspace(0, 1, 501)[:, None]
    path = np.hstack([1.8 - 1.5 * np.exp(-20 * t), 29 * (1 - np.exp(-3 * t))])
    losses = np.geomspace(5000, 0.5, 500)
    labels = formatting.plot_labels(i18n.catalogue("en"))
    landscape_png(Dataset(), path, labels)  # fonts loaded, caches warm
    loss_curve_png(losses, labels)
    seconds = median_seconds(lambda: landscape_png(Dataset(), path, labels), 10)
    png = median_seconds(lambda: loss_curve_png(losses, labels), 10)
    emit(
        "landscape_png_render",
        seconds * 1000,
        "ms",
        png * 1000,
        seconds / png,
        f"ratio <= {MAX_RENDER_RATIO:g} (the loss-curve PNG)",
    )


def path_recording() -> None:
    """500 warm epochs of Dense(1) with the per-epoch path against the same without it."""
    from model import Architecture, Dataset
    from model.network import CompiledTrainer, initial_weights
    from model.session import Arrays

    x, y = Dataset().arrays()
    weights = initial_weights(Architecture(), 1)
    timings = {}
    for recorded in (True, False):
        trainer = CompiledTrainer(Architecture(), "adam", path=recorded)
        state = trainer.initial_optimizer_state()

        def run(trainer: CompiledTrainer = trainer, state: Arrays = state) -> None:
            trainer.train(weights, state, 0.1, x, y, 500)

        run()
        timings[recorded] = median_seconds(run, 50)
    emit(
        "train_500_epochs_with_path",
        timings[True] * 1000,
        "ms",
        timings[False] * 1000,
        timings[True] / timings[False],
        f"ratio <= {MAX_PATH_RATIO:g} (the same training without the path)",
    )


def main() -> None:
    """Both figures."""
    landscape_render()
    path_recording()


if __name__ == "__main__":
    main()
